"""Stage 2: synthetic textbooks and CodeExercises, validated, deduplicated, with a held-out benchmark.

Paper (section 2.2): GPT-3.5 wrote <1B tokens of synthetic textbooks (diverse through constrained
topics and target audiences) and ~180M tokens of CodeExercises, 879.5K function-completion exercises
(signature + docstring -> body; diverse mainly through constrained function names). This module runs
that recipe with any `Teacher` (`phi1lib.teacher.prompts` builds the requests):

1. **Requests** are drawn per *stream* ("textbook", "train", "heldout_family"), request `i` of a stream
   being a pure function of (seed, stream, i), so the data does not depend on batching or on where a
   run was interrupted.
2. **Answers** are parsed (`protocol.parse_exercise`, `protocol.parse_textbook`) and **validated in the
   sandbox** (`phi1lib.eval.sandbox`): an exercise's prompt + solution must pass its own tests, a textbook's
   code blocks must run in order. Exercises whose tests are plain calls of the entry point on literal
   arguments are checked the way the evaluation stage checks a benchmark (tests in the trusted checker,
   through `phi1lib.eval.benchmarks.Exercises`); the others (classes, generators, functions passed as
   arguments) run their asserts inside the sandboxed program, which must then reach its last line.
   That second mode checks a teacher's mistakes, not a hostile author: the teacher is not one.
3. **Deduplication**, in request order: exact (normalized text) and near-duplicates (MinHash LSH over
   token 5-grams, `datasketch`; `phi1lib.data.dedup.Deduplicator`), shared by all streams, so no held-out
   problem is a near-copy of a training one.
4. **Held-out benchmark**: whole concept families (drawn among the function families, never seen in
   training data, textbooks included) and a random share of the in-distribution instances, restricted
   to exercises the checker can grade. Saved as JSONL for `phi1lib.eval.benchmarks.Exercises`.
5. **Resumable**: each chunk of requests is written (atomically) with its parsed and validated records
   under ``work/``; a rerun loads finished chunks and redoes only the rest. With the OpenAI teacher its
   on-disk cache means no answered request is ever sent twice. A chunk in which a request failed for
   good (after the client's retries) is not saved, so the next run retries those requests; in the run
   where they failed they count as rejections (a run with lasting endpoint failures therefore differs
   from one without; the funnel table shows them as teacher errors).
6. **No idle teacher between chunks**: a teacher with `submit` (`OpenAITeacher`) gets the next chunk's
   requests before the current chunk is parsed and validated, so its slots go from one chunk's last
   stragglers straight to the next chunk's requests (`Synthesizer._submit_ahead`); which chunks exist
   and what they hold does not change.
7. **Sharded** (`phi1lib.synth.shards`, `synth.tasks` > 1): each stream's first `target x
   synth.request_budget` requests are fixed in advance and cut into chunks of `chunk_size`; task i of
   N asks, parses and validates chunks i, i + N, ... of every stream and writes them under ``work/``
   (`Synthesizer.run_task`), resuming on its own like the whole run does. `Synthesizer.merge` then
   reads the streams in order through the one deduplication, so the datasets are the one-process
   run's (a request's record does not depend on which process made it); a chunk the merge needs
   that no task wrote is done by the merge itself. Tasks sharing an OpenAI teacher share its cache.
8. **Progress** (`phi1lib.core.progress`; off with ``PHI1_PROGRESS=0`` or ``progress_bars=False``): per
   stream, samples kept against its target, with the requests made and how many the teacher's cache
   answered, after each chunk. The number of requests a stream needs is not known in advance (it
   stops at its target), so the kept samples are what the bar and its ETA count.

Diversity statistics follow the paper's concerns: distinct function names, distinct AST shapes of the
solutions, distinct n-grams, concept coverage.
"""

from __future__ import annotations

import ast
import builtins
import functools
import hashlib
import json
import math
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phi1lib.core.config import StudyConfig, TeacherConfig
from phi1lib.core.paths import PACKAGE_DIR
from phi1lib.core.progress import is_enabled, progress_bar
from phi1lib.data.dedup import Deduplicator
from phi1lib.data.text import code_tokens
from phi1lib.eval.benchmarks import Exercises
from phi1lib.eval.sandbox import Job, Sandbox
from phi1lib.teacher import prompts
from phi1lib.teacher.adequacy import PASSED, adequacy_program
from phi1lib.teacher.offline import OfflineTeacher
from phi1lib.teacher.offline.pipelines import STREAM as PIPELINES
from phi1lib.teacher.protocol import ParseError, Teacher, TeacherRequest, parse_exercise, parse_textbook

STREAMS = ("textbook", "train", "heldout_family")
# Requests handed to a teacher that has `submit` ahead of the chunk being processed: at least two
# chunks and AHEAD_PER_SLOT per concurrency slot. The current chunk's slowest request (a chain of
# retries, a hang waiting to be hedged) can take several answer times, and the slots stay busy only
# while the queue behind it lasts longer (measured, benchmarks/bench_teacher_client.py, C = 64 and
# 512-request chunks: one chunk ahead still left slots idle behind such stragglers).
MIN_CHUNKS_AHEAD = 2
AHEAD_PER_SLOT = 16


def chunks_ahead(concurrency: int, chunk_size: int) -> int:
    """How many chunks the stage hands a teacher with `submit` ahead of the one it processes."""
    return max(MIN_CHUNKS_AHEAD, math.ceil(AHEAD_PER_SLOT * concurrency / chunk_size))


def check_task(task_id: int, n_tasks: int) -> None:
    """ValueError unless `task_id` is one of the `n_tasks` tasks of a sharded run (0 .. n_tasks - 1);
    TypeError when either is not an int."""
    for name, value in (("n_tasks", n_tasks), ("task_id", task_id)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, not {value!r}")
    if n_tasks < 1:
        raise ValueError(f"n_tasks must be at least 1, not {n_tasks}")
    if not 0 <= task_id < n_tasks:
        raise ValueError(f"task_id must be in 0..{n_tasks - 1} (n_tasks = {n_tasks}), not {task_id}")


_SENTINEL = "__phi1_reached_end__"


# --------------------------------------------------------------------------------------------------
# Teachers


def make_teacher(cfg: TeacherConfig, cache_dir: Path | str, **kwargs: Any) -> Teacher:
    """The configured teacher: `OfflineTeacher` for kind "offline", `OpenAITeacher` for "openai"."""
    if cfg.kind == "offline":
        return OfflineTeacher()
    if cfg.kind == "openai":
        # lazy: pulls openai, which an offline run does not need
        from phi1lib.teacher.openai_client import OpenAITeacher

        return OpenAITeacher(cfg, cache_dir, **kwargs)
    raise ValueError(f"teacher.kind must be 'offline' or 'openai', not {cfg.kind!r}")


def choose_heldout_families(concepts: Sequence[prompts.Concept], n: int, seed: int) -> list[str]:
    """`n` concept keys held out whole, drawn with `seed` among the function (not class) concepts."""
    candidates = sorted(c.key for c in concepts
                        if all(prompts.entry_kind(name) == "function" for _, _, names in c.variants for name in names))
    n = min(n, max(len(candidates) - 1, 0))
    return sorted(random.Random(f"heldout/{seed}").sample(candidates, n))


# --------------------------------------------------------------------------------------------------
# Validation in the sandbox


def checker_compatible(tests: str, entry_point: str) -> bool:
    """True when `tests` only call `entry_point` on literal arguments and compare plain results, so they
    can run in the sandbox's trusted checker (no objects, lambdas or generators cross the boundary)."""
    try:
        tree = ast.parse(tests)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, (ast.Lambda, ast.Attribute, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr,
                             ast.FunctionDef, ast.ClassDef, ast.Starred, ast.Import, ast.ImportFrom)):
            return False
        if isinstance(node, ast.Name) and node.id != entry_point and not hasattr(builtins, node.id):
            return False
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id != entry_point:
            inner = list(node.args) + [k.value for k in node.keywords]
            if any(isinstance(a, ast.Call) and isinstance(a.func, ast.Name) and a.func.id == entry_point
                   for a in inner):
                return False  # list(gen(...)), len(obj(...)): the result may be a handle
    return True


@dataclass
class Validator:
    """Runs exercises and textbook code in `phi1lib.eval.sandbox.Sandbox` (one process per sample)."""

    timeout_s: float = 5.0
    workers: int = 0  # 0: one per CPU core
    _sandbox: Any = field(default=None, init=False, repr=False)

    @property
    def sandbox(self):
        if self._sandbox is None:
            self._sandbox = Sandbox(timeout_s=self.timeout_s, workers=self.workers)
        return self._sandbox

    def close(self) -> None:
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None

    def __enter__(self) -> Validator:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _to_end(program: str) -> tuple[str, str]:
        """(program, test) that pass only when `program` runs to its last line."""
        nonce = random.SystemRandom().getrandbits(62)
        return program.rstrip() + f"\n\n{_SENTINEL} = {nonce}\n", f"assert {_SENTINEL} == {nonce}\n"

    def exercise_job(self, ex: dict[str, Any]):
        if ex["checker_ok"]:
            bench = Exercises([{"prompt": ex["prompt"], "answer": ex["solution"], "test": ex["tests"],
                                "entry_point": ex["entry_point"]}])
            problem = bench.problems()[0]
            return bench.job(problem, bench.reference_completion(problem), timeout_s=self.timeout_s)
        program, test = self._to_end(ex["prompt"] + ex["solution"] + "\n\n" + ex["tests"])
        return Job(program=program, test=test, remote=[_SENTINEL], timeout_s=self.timeout_s)

    def adequacy_job(self, ex: dict[str, Any]):
        """A job that passes when no trivial answer (`teacher.adequacy`: an argument returned unchanged,
        a constant) passes the exercise's tests; None for an exercise it cannot grade or with no trivial
        answer to try (a class)."""
        program = ex["checker_ok"] and adequacy_program(ex["prompt"], ex["entry_point"], ex["tests"])
        if not program:
            return None
        return Job(program=program, test=f"assert {PASSED} == [], {PASSED}", remote=[PASSED],
                   timeout_s=self.timeout_s)

    def textbook_job(self, program: str):
        program, test = self._to_end(program)
        return Job(program=program, test=test, remote=[_SENTINEL], timeout_s=self.timeout_s)

    def run(self, jobs: list) -> list[tuple[bool, str]]:
        """(passed, reason) per job, in order."""
        if not jobs:
            return []
        return [(v.passed, "" if v.passed else f"{v.status}: {v.reason}"[:300]) for v in self.sandbox.run(jobs)]


# --------------------------------------------------------------------------------------------------
# Diversity


# Notebook 02 reads each solution's shape and each prompt's phrasing in several tables (totals, per
# family, growth, levers): both are pure functions of the text, so each text is parsed once.
@functools.lru_cache(maxsize=1 << 20)
def ast_shape(code: str) -> str:
    """A hash of the code's AST with identifiers, attributes and constants blanked: two solutions with
    the same shape differ only in names and literals."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "unparsable"
    for node in ast.walk(tree):
        for attr in ("id", "arg", "attr", "name"):
            if isinstance(getattr(node, attr, None), str):
                setattr(node, attr, "_")
        if isinstance(node, ast.Constant):
            node.value = type(node.value).__name__
    return hashlib.sha1(ast.dump(tree, annotate_fields=False).encode()).hexdigest()[:16]


def distinct_ngrams(texts: Iterable[str], n: int) -> tuple[int, int]:
    """(distinct n-grams, all n-grams) of word/punctuation tokens over `texts` (distinct-n = ratio)."""
    seen: set[tuple[str, ...]] = set()
    total = 0
    for text in texts:
        toks = code_tokens(text, lower="tokens")
        for i in range(len(toks) - n + 1):
            seen.add(tuple(toks[i:i + n]))
            total += 1
    return len(seen), total


# How a docstring is phrased, read back from its text so any teacher's exercises can be counted (the
# offline teacher phrases each instance in one of these; an LLM's fall where their openings put them).
DOC_STYLES = ("imperative", "descriptive", "example_led", "rules", "google")
_EXAMPLE_LED = re.compile(r"^(For example|Examples?|Some examples)\s*:|^>>>")
_GOOGLE = re.compile(r"^\s*Args:\s*$", re.M)
_RULES = re.compile(r"^\s*(Rules|Notes|Details|Requirements|Constraints):\s*$", re.M)
_DESCRIPTIVE = re.compile(r"^(This (function|class)|Given |The class |\w+\(.*?\) \w+s\b|\w+ is (a|an) )")


@functools.lru_cache(maxsize=1 << 20)
def docstring_style(prompt: str) -> str:
    """The phrasing of the last docstring in `prompt`: one of `DOC_STYLES` ("none" without one)."""
    try:
        tree = ast.parse(prompt + "\n    pass\n")
    except SyntaxError:
        try:
            tree = ast.parse(prompt)
        except SyntaxError:
            return "none"
    docs = [ast.get_docstring(n) for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    doc = next((d for d in reversed(docs) if d), None)
    if not doc:
        return "none"
    if _EXAMPLE_LED.match(doc):
        return "example_led"
    if _GOOGLE.search(doc):
        return "google"
    if _RULES.search(doc):
        return "rules"
    if _DESCRIPTIVE.match(doc):
        return "descriptive"
    return "imperative"


def family_diversity(rows: Sequence[dict[str, Any]]) -> Any:
    """Per concept family: exercises, distinct function names, distinct solution AST shapes and
    docstring phrasings (`docstring_style`), as a DataFrame sorted by family."""
    import pandas as pd

    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["concept"], []).append(r)
    out = [{"concept": c, "exercises": len(rs), "function names": len({r["entry_point"] for r in rs}),
            "solution AST shapes": len({ast_shape(_dedent_body(r["solution"])) for r in rs}),
            "docstring phrasings": len({docstring_style(r["prompt"]) for r in rs})}
           for c, rs in sorted(groups.items())]
    return pd.DataFrame(out, columns=["concept", "exercises", "function names", "solution AST shapes",
                                      "docstring phrasings"])


def shape_growth(rows: Sequence[dict[str, Any]], points: int = 12, at: Sequence[int] = ()) -> Any:
    """Distinct solution AST shapes among the first k exercises, for `points` values of k up to all of
    them and for each k of `at` within them (e.g. another teacher's size, to compare at the same
    number of exercises): how fast new exercises stop adding new solutions (a DataFrame: exercises,
    shapes)."""
    import pandas as pd

    seen: set[str] = set()
    marks = sorted({max(1, round(len(rows) * (i + 1) / points)) for i in range(points)}
                   | {k for k in at if 1 <= k <= len(rows)}) if rows else []
    out = []
    for i, r in enumerate(rows, 1):
        seen.add(ast_shape(_dedent_body(r["solution"])))
        if marks and i == marks[0]:
            out.append({"exercises": i, "distinct solution AST shapes": len(seen)})
            marks.pop(0)
    return pd.DataFrame(out, columns=["exercises", "distinct solution AST shapes"])


# The offline teacher before its families were widened and varied (the reference run of 2026-11-24,
# outputs/reference of commit a5673fb): a recorded measurement, for the comparison in notebook 02.
PREVIOUS_OFFLINE_TEACHER = {"exercises": 6000, "concept families": 79, "distinct solution AST shapes": 302,
                            "docstring phrasings": 1}


def exercise_diversity(rows: Sequence[dict[str, Any]], n_concepts: int) -> dict[str, Any]:
    """Distinct names, AST shapes, n-grams and concept coverage of exercises (dicts with prompt,
    solution, entry_point, concept, spec)."""
    n = len(rows)
    names = {r["entry_point"] for r in rows}
    shapes = {ast_shape(_dedent_body(r["solution"])) for r in rows}
    texts = [r["prompt"] + r["solution"] for r in rows]
    out: dict[str, Any] = {"exercises": n, "distinct function names": len(names),
                           "distinct solution AST shapes": len(shapes)}
    for k in (1, 2, 3, 4):
        d, t = distinct_ngrams(texts, k)
        out[f"distinct {k}-grams"] = d
        out[f"distinct-{k} (share)"] = round(d / t, 4) if t else 0.0
    counts = Counter(r["concept"] for r in rows)
    out["concepts covered"] = f"{len(counts)}/{n_concepts}"
    variants = {(r["concept"], _spec(r).get("variant")) for r in rows}
    out["concept variants covered"] = len(variants)
    styles = Counter(docstring_style(r["prompt"]) for r in rows)
    out["docstring phrasings"] = len([k for k in styles if k != "none"])
    per_family = family_diversity(rows) if rows else None
    if per_family is not None:
        out["solution AST shapes per family (mean)"] = round(float(per_family["solution AST shapes"].mean()), 2)
        out["docstring phrasings per family (mean)"] = round(float(per_family["docstring phrasings"].mean()), 2)
    out["concept entropy (bits)"] = round(-sum(c / n * math.log2(c / n) for c in counts.values()), 3) if n else 0.0
    return out


def textbook_diversity(rows: Sequence[dict[str, Any]], n_concepts: int) -> dict[str, Any]:
    n = len(rows)
    out: dict[str, Any] = {"sections": n, "distinct titles": len({r["title"] for r in rows})}
    for k in (1, 2, 3, 4):
        d, t = distinct_ngrams((r["text"] for r in rows), k)
        out[f"distinct {k}-grams"] = d
        out[f"distinct-{k} (share)"] = round(d / t, 4) if t else 0.0
    out["concepts covered"] = f"{len({r['concept'] for r in rows})}/{n_concepts}"
    out["audiences covered"] = len({r["audience"] for r in rows})
    out["styles covered"] = len({r["style"] for r in rows})
    out["audience x style covered"] = len({(r["audience"], r["style"]) for r in rows})
    return out


def _dedent_body(body: str) -> str:
    lines = [line for line in body.splitlines() if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    return "\n".join(line[indent:] for line in body.splitlines())


def _spec(row: dict[str, Any]) -> dict[str, Any]:
    spec = row.get("spec", {})
    return json.loads(spec) if isinstance(spec, str) else spec


# --------------------------------------------------------------------------------------------------
# The run


@dataclass
class StreamPlan:
    name: str
    kind: str  # "exercise" | "textbook"
    concepts: list[prompts.Concept]
    target: int  # survivors wanted
    accept: Callable[[dict[str, Any]], bool] = lambda record: True


@dataclass
class SynthesisResult:
    textbooks: list[dict[str, Any]]
    exercises: list[dict[str, Any]]
    heldout: list[dict[str, Any]]
    heldout_families: list[str]
    funnel: list[dict[str, Any]]  # per stream: requested, answered, parsed, validated, duplicates, kept
    rejections: Counter
    accounting: list[dict[str, Any]]
    teacher_summary: dict[str, Any]
    wall_s: float
    timings: dict[str, float]  # teacher_s, parse_s, validate_s, and validated (samples run in the sandbox)


def source_digest() -> str:
    """Hash of the code that decides what a request is and how an answer is judged (chunk keys)."""
    digest = hashlib.sha256()
    files = [PACKAGE_DIR / "teacher" / "prompts.py", PACKAGE_DIR / "teacher" / "adequacy.py",
             PACKAGE_DIR / "synth" / "synthesize.py",
             PACKAGE_DIR / "data" / "text.py",  # the offline teacher's token counts
             *sorted((PACKAGE_DIR / "teacher" / "offline").glob("*.py"))]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _atomic_write(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_suffix(path.suffix + f".tmp{os.getpid()}")
    with open(tmp, "w") as handle:
        handle.writelines(line + "\n" for line in lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class Synthesizer:
    """Runs the streams of one synthesis: ``Synthesizer(cfg, out_dir).run()``; see the module docstring."""

    def __init__(self, cfg: StudyConfig, out_dir: Path | str, teacher: Teacher | None = None, *,
                 heldout_families: int | None = None, chunk_size: int | None = None,
                 dedup_threshold: float | None = None, timeout_s: float | None = None, workers: int = 0,
                 progress: Callable[[str], None] | None = None, progress_bars: bool | None = None):
        # progress: a message per chunk; progress_bars: the per-stream bars (None: PHI1_PROGRESS)
        # keyword arguments override the config's `synth` section (tests use small values)
        heldout_families = cfg.synth.heldout_families if heldout_families is None else heldout_families
        chunk_size = cfg.synth.chunk_size if chunk_size is None else chunk_size
        dedup_threshold = cfg.synth.dedup_threshold if dedup_threshold is None else dedup_threshold
        timeout_s = cfg.synth.validate_timeout_s if timeout_s is None else timeout_s
        self.cfg, self.out_dir = cfg, Path(out_dir)
        self.work = self.out_dir / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        self.teacher = teacher or make_teacher(cfg.teacher, self.out_dir / "teacher_cache")
        self.chunk_size = chunk_size
        self.validator = Validator(timeout_s=timeout_s, workers=workers)
        self.dedup = Deduplicator(threshold=dedup_threshold, seed=cfg.synth.seed)
        self.progress = progress or (lambda message: None)
        self.progress_bars = is_enabled(progress_bars)
        self.concepts = prompts.curriculum()
        self.heldout_families = choose_heldout_families(self.concepts, heldout_families, cfg.synth.seed)
        self.timings: Counter = Counter()
        self._touched: set[str] = set()  # chunk files of this run; others are stale (see `run`)
        self._ahead: dict[tuple[str, int, int], Any] = {}  # (stream, start, stop) -> future responses
        self.rejections: Counter = Counter()
        self.merged: Counter = Counter()  # a merge's chunks: "loaded" (a task wrote them), "done here"
        self.key_base = {"model": self.teacher.model, "seed": cfg.synth.seed, "source": source_digest(),
                         "heldout_families": self.heldout_families, "temperature": cfg.teacher.temperature,
                         "timeout_s": timeout_s}

    # -- one chunk ---------------------------------------------------------------------------------
    def _requests(self, plan: StreamPlan, start: int, stop: int) -> list[TeacherRequest]:
        t = self.cfg.teacher.temperature
        if plan.kind == "textbook":
            return [prompts.textbook_request(prompts.textbook_spec(plan.concepts, self.cfg.synth.seed, i, plan.name), t)
                    for i in range(start, stop)]
        return [prompts.exercise_request(prompts.exercise_spec(plan.concepts, self.cfg.synth.seed, i, plan.name), t)
                for i in range(start, stop)]

    def _process(self, plan: StreamPlan, start: int, stop: int) -> list[dict[str, Any]]:
        t0 = time.perf_counter()
        requests = self._requests(plan, start, stop)
        ahead = self._ahead.pop((plan.name, start, stop), None)
        responses = ahead.result() if ahead is not None else self.teacher.generate(requests)
        self.timings["teacher_s"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        records, jobs, job_of = [], [], []
        for req, resp in zip(requests, responses):
            rec: dict[str, Any] = {"index": req.spec["index"], "spec": req.spec, "status": "ok",
                                   "prompt_tokens": resp.prompt_tokens, "completion_tokens": resp.completion_tokens,
                                   "cached": bool(resp.cached)}
            records.append(rec)
            if resp.error:
                rec["status"] = f"teacher error: {resp.error}"[:200]
                continue
            try:
                if plan.kind == "textbook":
                    parsed = parse_textbook(resp.text)
                    rec.update(title=parsed.title, text=parsed.text, n_code_blocks=len(parsed.code_blocks))
                    jobs.append(self.validator.textbook_job(parsed.program))
                else:
                    parsed = parse_exercise(resp.text, req.spec["function_name"])
                    rec.update(parsed.to_dict(), checker_ok=checker_compatible(parsed.tests, parsed.entry_point))
                    jobs.append(self.validator.exercise_job(rec))
                job_of.append(rec)
            except ParseError as exc:
                rec["status"] = f"parse: {exc}"
                rec["raw"] = resp.text[:2000]
        self.timings["parse_s"] += time.perf_counter() - t0
        t0 = time.perf_counter()
        # an exercise whose tests a trivial answer passes cannot tell a right completion from a wrong one
        weak_jobs = {i: self.validator.adequacy_job(rec) for i, rec in enumerate(job_of) if plan.kind != "textbook"}
        weak_jobs = {i: job for i, job in weak_jobs.items() if job is not None}
        self.timings["validated"] += len(jobs) + len(weak_jobs)
        verdicts = self.validator.run(jobs + list(weak_jobs.values()))
        for rec, (ok, reason) in zip(job_of, verdicts):
            if not ok:
                rec["status"] = f"invalid: {reason}"
        for i, (ok, reason) in zip(weak_jobs, verdicts[len(jobs):]):
            if not ok and job_of[i]["status"] == "ok":
                passed = re.findall(r"[\[ ]['\"](return .*?)['\"][,\]]", reason) or ["(the check failed)"]
                job_of[i]["status"] = f"weak tests: {passed[0]} passes them"
        self.timings["validate_s"] += time.perf_counter() - t0
        return records

    def _chunk_file(self, plan: StreamPlan, start: int, stop: int) -> tuple[Path, str, bool]:
        """(path, key, whether the file there is this chunk's: its first line holds the key)."""
        path = self.work / _chunk_name(plan, start, stop)
        key = hashlib.sha256(json.dumps({**self.key_base, "stream": plan.name, "start": start, "stop": stop},
                                        sort_keys=True).encode()).hexdigest()[:16]
        if path.exists():
            with path.open() as f:
                first = f.readline()
            if first.strip() and json.loads(first).get("key") == key:
                return path, key, True
        return path, key, False

    def _submit_ahead(self, plan: StreamPlan, stop: int, need_after: int, limit: int) -> None:
        """Hand the teacher the next chunks' requests now, while this chunk is parsed and validated,
        so that its slots never sit idle between chunks (`OpenAITeacher.submit`). Only chunks that
        are sure to come next with these bounds: `need_after` is what the target would still need if
        every record up to `stop` were kept, and a chunk is sure to be whole while that is at least
        `chunk_size` / 1.15 (`run_stream`'s rule). Bounds and results are as without it."""
        if not hasattr(self.teacher, "submit"):
            return
        for _ in range(chunks_ahead(self.cfg.teacher.concurrency, self.chunk_size)):
            start, stop = stop, stop + self.chunk_size
            if math.ceil(need_after * 1.15) < self.chunk_size or start >= limit:
                return
            need_after -= self.chunk_size
            if (plan.name, start, stop) in self._ahead or self._chunk_file(plan, start, stop)[2]:
                continue
            self._ahead[(plan.name, start, stop)] = self.teacher.submit(self._requests(plan, start, stop))

    def _chunk(self, plan: StreamPlan, start: int, stop: int) -> list[dict[str, Any]]:
        path, key, saved = self._chunk_file(plan, start, stop)
        self._touched.add(path.name)
        if saved:
            self.progress(f"{plan.name} [{start}, {stop}): loaded")
            return [json.loads(line) for line in path.read_text().splitlines()[1:]]
        records = self._process(plan, start, stop)
        failed = sum(r["status"].startswith("teacher error") for r in records)
        if not failed:  # a chunk with requests that failed for good is redone by the next run
            _atomic_write(path, [json.dumps({"key": key})] + [json.dumps(r) for r in records])
        ok = sum(r["status"] == "ok" for r in records)
        self.progress(f"{plan.name} [{start}, {stop}): {ok}/{len(records)} valid"
                      + (f", {failed} teacher errors (not saved: a rerun retries them)" if failed else ""))
        return records

    # -- one stream --------------------------------------------------------------------------------
    def run_stream(self, plan: StreamPlan, grid: bool = False) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The first `plan.target` records of the stream that are valid, accepted and not duplicates.
        `grid`: read the stream in the sharded run's fixed chunks (`grid`) rather than sizing each
        chunk to what is still missing; the records, and so the result, are the same."""
        kept: list[dict[str, Any]] = []
        funnel = Counter()
        tokens = Counter()
        limit = self.limit(plan)
        bar = progress_bar(plan.target, f"synthesize {plan.name}", "kept", enabled=self.progress_bars)
        try:
            self._fill(plan, kept, funnel, tokens, limit, bar, grid)
        finally:
            bar.close()
        funnel["kept"] = len(kept)
        return kept, {"stream": plan.name, **funnel, "prompt_tokens": tokens["prompt"],
                      "completion_tokens": tokens["completion"], "cached_answers": tokens["cached"]}

    def _fill(self, plan: StreamPlan, kept: list[dict[str, Any]], funnel: Counter, tokens: Counter,
              limit: int, bar, grid: bool = False) -> None:
        """`run_stream`'s loop: chunk after chunk until `kept` holds `plan.target` records."""
        start = 0
        while len(kept) < plan.target:
            if start >= limit:
                raise RuntimeError(f"stream {plan.name}: only {len(kept)} of {plan.target} after {start} requests "
                                   f"(rejections: {dict(self.rejections.most_common(5))})")
            need = plan.target - len(kept)
            stop = start + (self.chunk_size if grid else min(self.chunk_size, max(16, math.ceil(need * 1.15))))
            self._submit_ahead(plan, stop, need - (stop - start), limit)
            if grid:
                self.merged["loaded" if self._chunk_file(plan, start, stop)[2] else "done here"] += 1
            for rec in self._chunk(plan, start, stop):
                if len(kept) >= plan.target:
                    break  # past the target: not part of this dataset (its chunk stays cached)
                funnel["requested"] += 1
                tokens["prompt"] += rec["prompt_tokens"]
                tokens["completion"] += rec["completion_tokens"]
                tokens["cached"] += rec["cached"]
                status = rec["status"]
                if status != "ok":
                    reason = re.sub(r"\d+", "N", status.split(" (at:")[0])[:90]
                    self.rejections[(plan.name, reason)] += 1
                    funnel["teacher errors" if status.startswith("teacher") else
                           "unparsable" if status.startswith("parse") else
                           "weak tests" if status.startswith("weak tests") else "failed validation"] += 1
                    continue
                if not plan.accept(rec):
                    funnel["not checker-gradable"] += 1
                    continue
                text = rec["text"] if plan.kind == "textbook" else rec["prompt"] + rec["solution"]
                dup = self.dedup.check(f"{plan.name}/{rec['index']}", text)
                if dup:
                    funnel["exact duplicates" if dup.startswith("exact") else "near duplicates"] += 1
                    continue
                kept.append(rec)
            start = stop
            bar.set_postfix_str(f"{funnel['requested']:,} requests, {tokens['cached']:,} answered from the "
                                "cache", refresh=False)
            bar.update(len(kept) - bar.n)

    @property
    def n_heldout(self) -> int:
        """Held-out problems of each kind (instances, families): `heldout_fraction` of the exercises,
        at least a few so that small profiles still have a benchmark."""
        s = self.cfg.synth
        return max(min(10, s.n_exercises // 4), round(s.n_exercises * s.heldout_fraction))

    @property
    def train_concepts(self) -> list[prompts.Concept]:
        return [c for c in self.concepts if c.key not in self.heldout_families]

    def plans(self) -> list[StreamPlan]:
        """The streams, in the order they run (deduplication is shared, so the order matters)."""
        s = self.cfg.synth
        held = [c for c in self.concepts if c.key in self.heldout_families]
        plans = [StreamPlan("textbook", "textbook", self.train_concepts, s.n_textbook_sections),
                 StreamPlan("train", "exercise", self.train_concepts, s.n_exercises + self.n_heldout)]
        if held:
            plans.append(StreamPlan("heldout_family", "exercise", held, self.n_heldout,
                                    accept=lambda rec: rec["checker_ok"]))
        if s.n_pipeline_exercises:  # last: the streams above deduplicate as they would without it
            plans.append(StreamPlan(PIPELINES, "exercise", prompts.curriculum(PIPELINES),
                                    s.n_pipeline_exercises))
        return plans

    # -- a sharded run (phi1lib.synth.shards) ----------------------------------------------------
    def limit(self, plan: StreamPlan) -> int:
        """Requests after which a stream that has not reached its target gives up."""
        return max(64, plan.target * 4)

    def grid(self, plan: StreamPlan) -> list[tuple[int, int]]:
        """The chunks a sharded run asks for in advance: the stream's first `target x request_budget`
        requests (within `limit`), in whole chunks of `chunk_size`. Chunk k is [k C, (k + 1) C), so the
        one-process run, whose chunks are the same while a whole chunk is still needed, shares files."""
        budget = min(self.limit(plan), math.ceil(plan.target * self.cfg.synth.request_budget))
        return [(k * self.chunk_size, (k + 1) * self.chunk_size)
                for k in range(math.ceil(budget / self.chunk_size))]

    def run_task(self, task_id: int, n_tasks: int | None = None) -> dict[str, int]:
        """Task `task_id` of `n_tasks` (default `synth.tasks`): ask, parse and validate its chunks of
        every stream (chunk k of a stream's `grid` belongs to task k mod n_tasks) and write them under
        ``work/``. Rerun, it does only those it has not written. Deduplication and the held-out split
        wait for `merge`, which reads the streams in order. Returns counts of chunks: "done", "loaded"
        (written before). A chunk with requests that failed for good is not written, and the task then
        raises after its other chunks, so that an executor sees it failed and reruns it."""
        n_tasks = self.cfg.synth.tasks if n_tasks is None else n_tasks
        check_task(task_id, n_tasks)
        report = Counter(done=0, loaded=0, failed=0)
        ahead = chunks_ahead(self.cfg.teacher.concurrency, self.chunk_size)
        try:
            for plan in self.plans():
                mine = [c for c in self.grid(plan)[task_id::n_tasks] if not self._chunk_file(plan, *c)[2]]
                report["loaded"] += len(self.grid(plan)[task_id::n_tasks]) - len(mine)
                for j, (start, stop) in enumerate(mine):
                    if hasattr(self.teacher, "submit"):  # keep the teacher's slots busy (see _submit_ahead)
                        for c in mine[j + 1:j + 1 + ahead]:
                            if (plan.name, *c) not in self._ahead:
                                self._ahead[(plan.name, *c)] = self.teacher.submit(self._requests(plan, *c))
                    self._chunk(plan, start, stop)
                    report["done" if self._chunk_file(plan, start, stop)[2] else "failed"] += 1
        finally:
            self._close()
        if report["failed"]:
            raise RuntimeError(f"synthesis task {task_id} of {n_tasks}: {report['failed']} chunk(s) had requests "
                               "that failed for good and were not saved; rerun the task to retry them")
        return dict(report)

    def merge(self) -> SynthesisResult:
        """The datasets of a sharded run, from the chunks its tasks wrote: the streams read in order
        through the same deduplication as `run`, so the result is the one-process run's. A chunk the
        merge needs and no task wrote (a task that has not run, or a target the budget fell short of)
        is done here, in this process; `merged` counts both kinds."""
        return self._assemble(grid=True)

    # -- the whole run ---------------------------------------------------------------------------------
    def run(self) -> SynthesisResult:
        """All streams in this process (`synth.tasks` = 1), or the merge of a sharded run (> 1)."""
        return self._assemble(grid=self.cfg.synth.tasks > 1)

    def _close(self) -> None:
        for future in self._ahead.values():  # only on an error: ahead means surely needed
            future.cancel()
        self._ahead.clear()
        self.validator.close()

    def _assemble(self, grid: bool) -> SynthesisResult:
        t_start = time.perf_counter()
        s = self.cfg.synth
        n_inst = self.n_heldout
        kept, funnel = {}, []
        try:
            plans = self.plans()
            for plan in plans:
                kept[plan.name], row = self.run_stream(plan, grid)
                funnel.append(row)
        finally:
            self._close()
        # chunks of an earlier config or library version; a sharded run's unread chunks are not stale
        keep = self._touched | ({_chunk_name(p, *c) for p in plans for c in self.grid(p)} if grid else set())
        for stale in self.work.glob("*.jsonl"):
            if stale.name not in keep:
                stale.unlink()
        model = self.teacher.model
        textbooks = [_textbook_row(r, model) for r in kept["textbook"]]
        train = [_exercise_row(r, model, "train") for r in kept["train"]]
        gradable = [i for i, r in enumerate(train) if r["checker_ok"]]
        held_idx = set(random.Random(f"instances/{s.seed}").sample(gradable, min(n_inst, len(gradable))))
        exercises = [r for i, r in enumerate(train) if i not in held_idx]
        exercises += [_exercise_row(r, model, "train") for r in kept.get(PIPELINES, [])]
        heldout = ([_heldout_row(r, "instance") for i, r in enumerate(train) if i in held_idx]
                   + [_heldout_row(_exercise_row(r, model, "heldout"), "family")
                      for r in kept.get("heldout_family", [])])
        summary = self.teacher.summary() if hasattr(self.teacher, "summary") else {"model": model}
        accounting = [{"stream": row["stream"], "requests": row["requested"], "cached answers": row["cached_answers"],
                       "prompt tokens": row["prompt_tokens"], "completion tokens": row["completion_tokens"]}
                      for row in funnel]
        return SynthesisResult(textbooks=textbooks, exercises=exercises, heldout=heldout,
                               heldout_families=self.heldout_families, funnel=funnel, rejections=self.rejections,
                               accounting=accounting, teacher_summary=summary,
                               wall_s=time.perf_counter() - t_start, timings=dict(self.timings))


def _chunk_name(plan: StreamPlan, start: int, stop: int) -> str:
    return f"{plan.name}-{start:08d}-{stop:08d}.jsonl"


def _exercise_row(rec: dict[str, Any], model: str, split: str) -> dict[str, Any]:
    spec = rec["spec"]
    return {"task_id": f"{split}/{spec['stream']}/{rec['index']}", "prompt": rec["prompt"],
            "solution": rec["solution"], "tests": rec["tests"], "entry_point": rec["entry_point"],
            "concept": spec["concept"], "theme": spec["theme"], "variant": spec["variant"], "kind": rec["kind"],
            "checker_ok": rec["checker_ok"], "spec": json.dumps(spec, sort_keys=True), "model": model}


def _textbook_row(rec: dict[str, Any], model: str) -> dict[str, Any]:
    spec = rec["spec"]
    return {"id": f"textbook/{rec['index']}", "title": rec["title"], "text": rec["text"],
            "concept": spec["concept"], "theme": spec["theme"], "audience": spec["audience"],
            "style": spec["style"], "n_code_blocks": rec["n_code_blocks"], "spec": json.dumps(spec, sort_keys=True),
            "model": model}


def _heldout_row(row: dict[str, Any], split: str) -> dict[str, Any]:
    """A row of the held-out benchmark, in the format `phi1lib.eval.benchmarks.Exercises` reads."""
    return {"task_id": row["task_id"].replace("train/", "heldout/", 1), "prompt": row["prompt"],
            "answer": row["solution"], "test": row["tests"], "entry_point": row["entry_point"],
            "concept": row["concept"], "split": split, "spec": row["spec"]}


# --------------------------------------------------------------------------------------------------
# Saving


def save_outputs(result: SynthesisResult, out_dir: Path | str) -> dict[str, Path]:
    """The two `datasets` on disk and the held-out benchmark JSONL; returns their paths."""
    import datasets

    out_dir = Path(out_dir)
    paths = {"synthetic_textbooks": out_dir / "synthetic_textbooks", "code_exercises": out_dir / "code_exercises",
             "heldout_benchmark": out_dir / "heldout_benchmark.jsonl"}
    datasets.Dataset.from_list(result.textbooks).save_to_disk(str(paths["synthetic_textbooks"]))
    datasets.Dataset.from_list(result.exercises).save_to_disk(str(paths["code_exercises"]))
    _atomic_write(paths["heldout_benchmark"], (json.dumps(r, sort_keys=True) for r in result.heldout))
    return paths


def render_samples(result: SynthesisResult, n_textbooks: int = 2, n_exercises: int = 3, seed: int = 0) -> str:
    """Markdown with a few samples of each output, their specs on top."""
    rng = random.Random(seed)
    parts = ["# Synthetic data: samples", ""]
    for row in rng.sample(result.textbooks, min(n_textbooks, len(result.textbooks))):
        parts += [f"## Textbook section `{row['id']}`", "", f"*spec: {row['spec']}*", "", row["text"], ""]
    for row in rng.sample(result.exercises, min(n_exercises, len(result.exercises))):
        parts += [f"## Exercise `{row['task_id']}` ({row['concept']})", "", f"*spec: {row['spec']}*", "",
                  "```python", row["prompt"] + row["solution"].rstrip(), "```", "", "Tests:", "", "```python",
                  row["tests"].rstrip(), "```", ""]
    for row in result.heldout[:1] + [r for r in result.heldout if r["split"] == "family"][:1]:
        parts += [f"## Held-out ({row['split']}) `{row['task_id']}`", "", "```python", row["prompt"].rstrip(),
                  "```", ""]
    return "\n".join(parts)


def synthesize(cfg: StudyConfig, out_dir: Path | str, teacher: Teacher | None = None, **kwargs: Any
               ) -> SynthesisResult:
    """Run stage 2 into `out_dir` (work files, datasets, held-out benchmark). See `Synthesizer`."""
    result = Synthesizer(cfg, out_dir, teacher, **kwargs).run()
    save_outputs(result, out_dir)
    return result


# --------------------------------------------------------------------------------------------------
# Tables and figures for the notebook


def result_tables(result: SynthesisResult, concepts: Sequence[prompts.Concept] | None = None) -> dict[str, Any]:
    """The stage's tables as pandas DataFrames: funnel, rejections, diversity, concept coverage,
    accounting and the held-out benchmark's make-up."""
    import pandas as pd

    concepts = list(concepts if concepts is not None else prompts.curriculum())
    # the pipeline families' stream (`synth.n_pipeline_exercises`) is asked for on top of the curriculum
    asked = {r["concept"] for r in result.exercises}
    concepts += [c for c in prompts.curriculum(PIPELINES) if c.key in asked and c not in concepts]
    n_train = len([c for c in concepts if c.key not in result.heldout_families])
    funnel = pd.DataFrame(result.funnel).fillna(0)
    counts = [c for c in funnel.columns if c not in ("stream", "prompt_tokens", "completion_tokens", "cached_answers")]
    funnel = funnel[["stream", *counts]]
    funnel[counts[1:]] = funnel[counts[1:]].astype(int)
    rejections = pd.DataFrame([{"stream": stream, "reason": reason, "count": n}
                               for (stream, reason), n in result.rejections.most_common()],
                              columns=["stream", "reason", "count"])
    ex = exercise_diversity(result.exercises, n_train)
    tb = textbook_diversity(result.textbooks, n_train)
    keys = list(dict.fromkeys(list(ex) + list(tb)))
    diversity = pd.DataFrame({"metric": keys, "code_exercises": [ex.get(k, "") for k in keys],
                              "synthetic_textbooks": [tb.get(k, "") for k in keys]})
    ex_counts = Counter(r["concept"] for r in result.exercises)
    tb_counts = Counter(r["concept"] for r in result.textbooks)
    held_counts = Counter(r["concept"] for r in result.heldout)
    coverage = pd.DataFrame([{"concept": c.key, "theme": c.theme, "title": c.title, "variants": len(c.variants),
                              "exercises": ex_counts[c.key], "textbook sections": tb_counts[c.key],
                              "held out": held_counts[c.key],
                              "held-out family": c.key in result.heldout_families} for c in concepts])
    accounting = pd.DataFrame(result.accounting)
    heldout = (pd.DataFrame(result.heldout, columns=["split", "concept"]).groupby("split")
               .agg(problems=("concept", "size"), concepts=("concept", "nunique")).reset_index())
    return {"funnel": funnel, "rejections": rejections, "diversity": diversity, "concept_coverage": coverage,
            "accounting": accounting, "heldout": heldout}


def headline(cfg: StudyConfig, teacher: Teacher, result: SynthesisResult, diversity: Any) -> dict[str, Any]:
    """The stage's headline figures (its manifest's ``headline``, summary.json's ``synthesize``): the
    teacher, the held-out families, and per diversity metric (a `result_tables` diversity frame) its
    value for each dataset that has it."""
    return {"teacher": {"kind": cfg.teacher.kind, "model": teacher.model},
            "heldout_families": list(result.heldout_families),
            "diversity": {row["metric"]: {k: v for k, v in row.items() if k != "metric" and v != ""}
                          for row in diversity.to_dict("records")}}


def plot_coverage(coverage: Any, title: str = "Concept coverage"):
    """Bar chart of exercises and textbook sections per theme (a `result_tables` coverage frame)."""
    import matplotlib.pyplot as plt

    by_theme = coverage.groupby("theme")[["exercises", "textbook sections", "held out"]].sum()
    by_theme = by_theme.sort_values("exercises")
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(by_theme) + 1.2))
    by_theme.plot.barh(ax=ax, width=0.8)
    ax.set_xlabel("samples")
    ax.set_ylabel("")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_shape_growth(growth: Any, previous: dict[str, Any] | None = None, title: str = ""):
    """Distinct solution AST shapes against exercises written (`shape_growth`), with the previous
    offline teacher's count at its size as a marker when given. Returns the Figure."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    ax.plot(growth["exercises"], growth["distinct solution AST shapes"], marker="o", ms=3, label="this run")
    if previous:
        ax.scatter([previous["exercises"]], [previous["distinct solution AST shapes"]], color="tab:red", zorder=3,
                   label=f"offline teacher before ({previous['concept families']} families)")
    ax.set_xlabel("exercises (in the order they were written)")
    ax.set_ylabel("distinct solution AST shapes")
    ax.set_ylim(0, None)
    ax.legend(fontsize=8)
    ax.set_title(title or "Do new exercises still bring new solutions?")
    fig.tight_layout()
    return fig


def diversity_levers(cfg: StudyConfig, result: SynthesisResult) -> Any:
    """The paper's diversity recipe beside what this run used, lever by lever (a DataFrame)."""
    import pandas as pd

    ex = result.exercises
    rows = [
        ("exercises: function names", "constrained per prompt (the main lever for CodeExercises)",
         f"{len({r['entry_point'] for r in ex})} distinct names from the families' pools"),
        ("exercises: topics", "not published", f"{len({r['concept'] for r in ex})} concept families, "
         f"{len({(r['concept'], _spec(r).get('variant')) for r in ex})} variants"),
        ("exercises: solution forms", "whatever GPT-3.5 wrote",
         f"{len({ast_shape(_dedent_body(r['solution'])) for r in ex})} distinct solution AST shapes"),
        ("exercises: docstring phrasing", "whatever GPT-3.5 wrote",
         f"{len({docstring_style(r['prompt']) for r in ex} - {'none'})} of {len(DOC_STYLES)} styles"),
        ("textbooks: topics", "constrained per prompt",
         f"{len({r['concept'] for r in result.textbooks})} concept families"),
        ("textbooks: audiences", "constrained per prompt", f"{len({r['audience'] for r in result.textbooks})} audiences"),
        ("textbooks: styles", "not published", f"{len({r['style'] for r in result.textbooks})} styles"),
        ("teacher", "GPT-3.5", f"{cfg.teacher.kind} ({result.teacher_summary.get('model', '')})"),
    ]
    return pd.DataFrame(rows, columns=["lever", "paper", "this run"])

