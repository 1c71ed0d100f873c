"""The headless study: execute each stage's notebook with papermill, render it, skip what is unchanged.

`run_all.sh` calls `phi1 run`, which calls `run_study`. For each selected stage it
1. computes a cache key from the resolved config, the notebook, the library's source and the outputs
   of every earlier stage; an unchanged key with untouched outputs means the stage is skipped;
2. runs ``papermill -k <kernel> --cwd notebooks -p profile <profile>`` under a wall-clock limit that
   kills the whole process tree (papermill and its kernel) when it expires;
3. writes the executed notebook to ``outputs/<profile>/notebooks/`` and an HTML report with the code
   hidden to ``outputs/<profile>/reports/``, also when the notebook failed, so the failure can be read.
A failure stops the run with `StageFailed`, whose message names the notebook and the failing cell.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import psutil

from phi1lib.core.config import StudyConfig, load_config
from phi1lib.core.manifest import hash_path
from phi1lib.core.paths import PACKAGE_DIR, RESOURCES_DIR, notebooks_dir, outputs_root
from phi1lib.study.stages import STAGES, notebook_name, present_stages, select_stages
from phi1lib.study.summary import refresh


class StageFailed(RuntimeError):
    """A notebook raised or ran out of time; the message says which notebook and which cell."""


@dataclass
class RunOptions:
    profile: str = "tiny"
    only: str | None = None
    start: str | None = None
    force: bool = False
    kernel: str = "phi1-study"
    timeout_s: float | None = None  # None: the profile's `stage_timeout_s`
    notebooks: Path = field(default_factory=notebooks_dir)
    outputs: Path = field(default_factory=outputs_root)
    # Dotted settings over the profile's (`phi1 run --set/--config`); a run with any writes to its own
    # folder, outputs/<profile>-<hash> or outputs/<name>.
    overrides: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    echo: bool = True  # stream each notebook's printed lines to the terminal as they come

    def config(self) -> StudyConfig:
        overrides = dict(self.overrides)
        if self.name:
            overrides["run_name"] = self.name
        return load_config(self.profile, overrides)


@dataclass
class StageResult:
    stage: str
    status: str  # "ran" | "skipped" | "failed"
    wall_time_s: float
    notebook: Path
    report: Path | None


def library_digest() -> str:
    """Hash of phi1lib's source and the data it ships (MBPP, the emergence probes): a change to
    either can change any stage's results."""
    digest = hashlib.sha256()
    files = [*PACKAGE_DIR.rglob("*.py"), *(p for p in RESOURCES_DIR.rglob("*") if p.is_file())]
    for path in sorted(set(files)):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def stage_key(config_digest: str, notebook: Path, upstream: dict[str, str], library: str) -> str:
    payload = {"config": config_digest, "notebook": hash_path(notebook), "upstream": upstream,
               "library": library}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def _kill_tree(pid: int) -> None:
    """Kill a process and every descendant (papermill starts the kernel as a separate session)."""
    try:
        parent = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    procs = parent.children(recursive=True) + [parent]
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


def describe_failure(executed: Path) -> str:
    """Name the first cell with an error in an executed notebook: its number, first line and error."""
    import nbformat

    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception as exc:  # a notebook killed mid-write may not parse
        return f"(could not read the partial notebook: {exc})"
    # Count cells as the source notebook has them: papermill's injected cells are not the author's.
    injected = {"papermill-error-cell-tag", "injected-parameters"}
    index = 0
    last_done = None
    for cell in nb.cells:
        if injected & set(cell.metadata.get("tags", [])):
            continue
        index += 1
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
                return (f"cell {index} (In [{cell.get('execution_count')}], `{first_line.strip()[:80]}`): "
                        f"{output.get('ename')}: {output.get('evalue')}")
        if cell.get("execution_count") is not None:
            last_done = index
    return f"no cell raised; the last cell that ran was cell {last_done}"


REPORT_TEMPLATE = RESOURCES_DIR / "report.html.j2"


def render_html(executed: Path, report: Path) -> Path:
    """HTML with the code hidden: the report a reader opens. Self-contained and offline (figures
    embedded, no script from a network: `REPORT_TEMPLATE`)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            template_file=str(REPORT_TEMPLATE))
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(body, encoding="utf-8")
    return report


def finish_run(base: Path, results: list[StageResult]) -> Path:
    """After the stages (or a failure): ``summary.json`` from what the stages wrote, then the HTML
    index linking the reports (`phi1lib.study.summary`). Returns the index."""
    return refresh(base, {r.stage: r.status for r in results})


# papermill's own chatter around each cell, which the terminal does not need; and the kernel's reply
# to the SIGINT jupyter_client always sends before shutting a finished kernel down (it reads as an
# error, but the notebook has ended and its last cell succeeded).
_PAPERMILL_NOISE = ("Executing Cell", "Ending Cell", "Input Notebook:", "Output Notebook:",
                    "Executing notebook with kernel", "[IPKernelApp] WARNING", "Working directory:",
                    "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel")
# A displayed object without a text form (a figure from a library): nothing to read in a log.
_DISPLAY_REPR = re.compile(r"<(IPython\.core\.display\.\w+|Figure size [^>]*) object>|<Figure size [^>]*>")


def stream_lines(stream, stage: str, log: Callable[[str], None] | None, keep: list[str]) -> None:
    """Read papermill's ``--log-output`` (every output a cell prints, as it is printed) line by line:
    echo each as ``[stage] text`` and keep them all for a failure's message. A progress bar's
    carriage-return updates arrive as separate chunks; only the latest state of each is shown."""
    for raw in stream:
        text = raw.rstrip("\n").rsplit("\r", 1)[-1].rstrip()
        if not text.strip():
            continue
        keep.append(text)
        if log is not None and not text.startswith(_PAPERMILL_NOISE) and not _DISPLAY_REPR.fullmatch(text):
            log(f"  [{stage}] {text}")


def papermill_command(source: Path, executed: Path, opts: RunOptions, cfg: StudyConfig) -> list[str]:
    """The papermill call for one notebook: the profile, the overrides and the run's name as
    parameters (every notebook's parameters cell takes them), outputs streamed as they come."""
    params = {"profile": opts.profile, "config_overrides": dict(opts.overrides),
              "run_name": cfg.run_name or None}
    return [sys.executable, "-m", "papermill", str(source), str(executed),
            "-k", opts.kernel, "--cwd", str(opts.notebooks), "-y", json.dumps(params),
            "--log-output", "--no-progress-bar"]


def execute_notebook(source: Path, executed: Path, opts: RunOptions, timeout_s: float,
                     cfg: StudyConfig | None = None, log: Callable[[str], None] | None = None) -> None:
    """Run one notebook with papermill; raise StageFailed naming the notebook and the failing cell."""
    import threading

    cfg = cfg if cfg is not None else opts.config()
    executed.parent.mkdir(parents=True, exist_ok=True)
    cmd = papermill_command(source, executed, opts, cfg)
    # The notebook finds its output folders through this variable, so both sides agree on them.
    env = {**os.environ, "PHI1_OUTPUTS_DIR": str(Path(opts.outputs).resolve()), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            bufsize=1)
    lines: list[str] = []
    stage = source.stem.split("_", 1)[-1]
    reader = threading.Thread(target=stream_lines, args=(proc.stdout, stage, log if opts.echo else None, lines),
                              daemon=True)
    reader.start()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_tree(proc.pid)
        proc.wait()
        reader.join(timeout=10)
        raise StageFailed(f"{source.name}: exceeded its wall-clock limit of {timeout_s:.0f} s; "
                          f"{describe_failure(executed)}; partial notebook: {executed}") from None
    reader.join(timeout=10)
    if proc.returncode != 0:
        where = describe_failure(executed) if executed.exists() else "papermill did not start it"
        tail = "\n".join(lines[-15:])
        raise StageFailed(f"{source.name} failed in {where}; partial notebook: {executed}\n"
                          f"--- papermill output (last lines) ---\n{tail}")


def run_study(opts: RunOptions, log: Callable[[str], None] = print) -> list[StageResult]:
    cfg = opts.config()
    timeout_s = opts.timeout_s if opts.timeout_s is not None else cfg.stage_timeout_s
    present = present_stages(opts.notebooks)
    if not present:
        raise StageFailed(f"no stage notebooks found in {opts.notebooks}")
    selected = select_stages(present, opts.only, opts.start)
    base = opts.outputs / cfg.outputs_name
    if cfg.outputs_name != opts.profile:
        log(f"[info] settings differ from profile {opts.profile!r}: this run's outputs go to {base}")
    cache_dir = base / ".cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    library = library_digest()
    results: list[StageResult] = []
    for stage in selected:
        source = opts.notebooks / notebook_name(stage)
        executed = base / "notebooks" / source.name
        report = base / "reports" / source.with_suffix(".html").name
        earlier = STAGES[: STAGES.index(stage)]
        upstream = {s: hash_path(base / s, content=False) for s in earlier if s in present}
        key = stage_key(cfg.digest(), source, upstream, library)
        cache_file = cache_dir / f"{stage}.json"
        cached = json.loads(cache_file.read_text()) if cache_file.exists() else {}
        unchanged = (cached.get("key") == key
                     and cached.get("outputs") == hash_path(base / stage, content=False)
                     and executed.exists())
        if unchanged and not opts.force:
            log(f"[skip] {source.name}: inputs and config unchanged (key {key})")
            results.append(StageResult(stage, "skipped", 0.0, executed, report if report.exists() else None))
            continue
        log(f"[run ] {source.name} (profile {opts.profile}, limit {timeout_s:.0f} s)")
        cache_file.unlink(missing_ok=True)
        start = time.perf_counter()
        try:
            execute_notebook(source, executed, opts, timeout_s, cfg, log)
        except StageFailed:
            if executed.exists():
                try:
                    render_html(executed, report)
                except Exception:  # a half-written notebook may not render; the error still stands
                    pass
            results.append(StageResult(stage, "failed", time.perf_counter() - start, executed,
                                       report if report.exists() else None))
            finish_run(base, results)
            raise
        wall = time.perf_counter() - start
        render_html(executed, report)
        cache_file.write_text(json.dumps({"key": key, "outputs": hash_path(base / stage, content=False),
                                          "wall_time_s": round(wall, 1)}, indent=2))
        log(f"[done] {source.name} in {wall:.1f} s -> {report}")
        results.append(StageResult(stage, "ran", wall, executed, report))
    finish_run(base, results)
    return results
