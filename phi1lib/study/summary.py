"""The study's headline figures in one file, ``outputs/<profile>/summary.json``, and its report index.

`build_summary` reads what the stages wrote and never computes a result itself: each stage's section
is a copy of the ``headline`` of its ``manifest.json`` (every stage hands its headline figures over the
same way: a function of the stage's module returns them and ``write_manifest(headline=...)`` stores
them), and ``sources`` names that manifest, which records the config, the git commit and the inputs of
the run that made it.
`results_markdown` renders the headline tables for the README from a summary, so the README's
numbers are a copy of a summary.json, not typed by hand. `write_index` is the HTML page that links
the seven reports with the key figures inline.

Wall times live under ``timings`` (they differ between two runs of the same seed; nothing else does).
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

from phi1lib.core.report import json_safe, with_interval
from phi1lib.core.jsonio import read_json
from phi1lib.study.stages import STAGES, notebook_name

SUMMARY = "summary.json"
# Figures the index shows inline, by stage: each of them that the stage wrote.
KEY_FIGURES = {
    "filter": ["learning_curve.png"],
    "synthesize": ["shape_growth.png", "coverage_by_theme.png"],
    "pretrain": ["loss_curves.png"],
    "finetune": ["loss_curves.png"],
    "evaluate": ["figure_2_1.png", "figure_2_1_heldout_instance.png", "capability.png"],
    "emergence": ["categories.png"],
    "contamination": ["table3.png", "closest_pairs.png"],
}


def build_summary(base: Path | str) -> dict[str, Any]:
    """Every stage's headline figures under ``outputs/<profile>/`` (`base`), with their sources.
    Stages that have not run are listed under ``missing``."""
    base = Path(base)
    summary: dict[str, Any] = {"profile": base.name, "sources": {}, "missing": [], "timings": {}}
    for stage in STAGES:
        path = base / stage / "manifest.json"
        manifest = read_json(path)
        if not manifest:
            summary["missing"].append(stage)
            continue
        summary["sources"][stage] = {"manifest": f"{stage}/manifest.json", "git": manifest.get("git"),
                                     "created": manifest.get("created"),
                                     "config_profile": manifest.get("config", {}).get("profile")}
        summary["timings"][stage] = manifest.get("wall_time_s")
        summary[stage] = manifest.get("headline", {})
    done = [t for t in summary["timings"].values() if t is not None]
    summary["timings"]["total"] = round(sum(done), 1) if done else None
    summary["stale"] = stale_stages(summary["sources"])
    return json_safe(summary)


def stale_stages(sources: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Stages that ran before an earlier stage ran again (a notebook executed by hand, say): their
    results were made from inputs that are gone. ``{stage: [the earlier stages newer than it]}``;
    `phi1 run` redoes them, as their cache keys include the earlier stages' outputs."""
    stale: dict[str, list[str]] = {}
    for i, stage in enumerate(STAGES):
        created = (sources.get(stage) or {}).get("created")
        if not created:
            continue
        newer = [s for s in STAGES[:i] if ((sources.get(s) or {}).get("created") or "") > created]
        if newer:
            stale[stage] = newer
    return stale


def refresh(base: Path | str, statuses: dict[str, str] | None = None) -> Path:
    """``summary.json`` and ``reports/index.html`` again from what the stages wrote: the runner calls it
    after its stages, and each notebook after its own, so a notebook run by hand leaves them current."""
    write_summary(base)
    return write_index(base, statuses)


def write_summary(base: Path | str) -> Path:
    base = Path(base)
    path = base / SUMMARY
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(build_summary(base), indent=2, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _interval(row: dict[str, Any], key: str, scale: float = 1.0, digits: int = 3) -> str:
    return with_interval(row.get(key), row.get(f"{key}_lo"), row.get(f"{key}_hi"), scale, digits)


def results_markdown(summary: dict[str, Any],
                     benchmarks: tuple[str, ...] = ("humaneval", "mbpp", "heldout_instance", "heldout_family")) -> str:
    """The README's results block: the ablation (Figure 2.1's numbers) and the paper's claims checked,
    rendered from a summary.json, with where each number comes from."""
    lines = [f"Profile `{summary.get('profile')}`; every number below is in `summary.json` "
             f"(`evaluate.ablation`, `evaluate.direction_checks`), made by the run its "
             f"`evaluate/manifest.json` describes.", ""]
    rows = [r for r in summary.get("evaluate", {}).get("ablation", []) if r.get("benchmark") in benchmarks]
    if rows:
        lines += ["| benchmark | data | shape | seeds | problems | pass@1 % [95% CI] | bits/char [95% CI] |",
                  "|---|---|---|---:|---:|---|---|"]
        for r in rows:
            lines.append(f"| {r['benchmark']} | {r['data']} | {r['shape']} | {r.get('seeds')} | {r.get('n_tasks')} | "
                         f"{_interval(r, 'pass@1', 100, 1)} | {_interval(r, 'bits_per_char')} |")
        lines.append("")
    checks = [r for r in summary.get("evaluate", {}).get("direction_checks", []) if r.get("benchmark") in benchmarks]
    if checks:
        lines += ["| the paper's claim | within | benchmark | bits/char gain [95% CI] | verdict (bits/char) | "
                  "verdict (pass@1) |", "|---|---|---|---|---|---|"]
        for r in checks:
            gain = _interval(r, "bits_per_char_gain")
            lines.append(f"| {r['claim (paper)']} | {r['within']} | {r['benchmark']} | {gain} | "
                         f"{r.get('bits/char verdict')} | {r.get('pass@1 verdict')} |")
        lines.append("")
    lines += _solved_markdown(summary.get("evaluate", {}).get("solved", []))
    lines += _exposure_markdown(summary.get("evaluate", {}).get("exposure", []))
    lines += _emergence_markdown(summary.get("emergence", {}))
    lines += _contamination_markdown(summary.get("contamination", {}))
    return "\n".join(lines)


def _solved_markdown(solved: list[dict[str, Any]]) -> list[str]:
    """Benchmark problems some model solves (`evaluate.solved`), each with the models and the AST match
    rate of its nearest finetuning exercise (`evaluate/solved.md` shows the code)."""
    by_problem: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in solved:
        by_problem.setdefault((r["benchmark"], str(r["task_id"])), []).append(r)
    lines = ["Solved benchmark problems (`evaluate.solved`; `evaluate/solved.md` has each completion beside its "
             "nearest finetuning exercise):", ""]
    if not by_problem:
        return lines + ["No model solves a HumanEval or MBPP problem.", ""]
    counts = {b: sum(1 for (bench, _) in by_problem if bench == b) for b in dict.fromkeys(k[0] for k in by_problem)}
    lines += [", ".join(f"{b}: {n} problem{'s' if n != 1 else ''}" for b, n in counts.items()) + ".", "",
              "| benchmark | problem | solved by | nearest exercise, AST match rate |", "|---|---|---|---:|"]
    for (bench, task), rows in by_problem.items():
        models = ", ".join(sorted({r["model"] for r in rows}))
        match = max((r.get("ast match") for r in rows if r.get("ast match") is not None), default=None)
        lines.append(f"| {bench} | {task} | {models} | {_fmt(match, 2)} |")
    return lines + [""]


def _exposure_markdown(rows: list[dict[str, Any]]) -> list[str]:
    """Held-out pass@1 per bin of exercises of the problem's family seen (`evaluate.exposure`): one
    row per bin, one column per finetuned model."""
    if not rows:
        return []
    models = list(dict.fromkeys(r["model"] for r in rows))
    bins = list(dict.fromkeys(r["exercises seen"] for r in sorted(rows, key=lambda r: (r["low"], r["high"]))))
    cell = {(r["exercises seen"], r["model"]): r for r in rows}
    lines = ["Held-out pass@1 by the finetuning exercises of the problem's concept family (`evaluate.exposure`; "
             "0: the held-out families), % [95% Wilson CI]:", "",
             "| exercises of the family seen | problems | " + " | ".join(models) + " |",
             "|---|---:|" + "---|" * len(models)]
    for label in bins:
        n = max(cell[(label, m)]["problems"] for m in models if (label, m) in cell)
        values = [_interval(cell[(label, m)], "pass@1", 100, 1) if (label, m) in cell else "" for m in models]
        lines.append(f"| {label} | {n} | " + " | ".join(values) + " |")
    return lines + [""]


def _ci(pair: Any, digits: int = 3, scale: float = 1.0) -> str:
    if not pair or any(v is None for v in pair):
        return ""
    return f"[{pair[0] * scale:.{digits}f}, {pair[1] * scale:.{digits}f}]"


def _emergence_markdown(section: dict[str, Any]) -> list[str]:
    """Emergence (`emergence.differences`): finetuned minus base per probe category, all shapes."""
    diffs = section.get("differences", {}).get("finetuned - base", {})
    by_category = section.get("by_category", {})
    rows = [(key.split(" / ")[0], value) for key, value in diffs.items() if key.endswith(" / all shapes")]
    if not rows:
        return []
    lines = ["Emergence (`emergence.differences`, `emergence.by_category`): finetuned minus base, all shapes "
             "and seeds, on abilities the exercises do not contain:", "",
             "| probe category | pass@1 % finetuned [95% CI] | bits/char base | bits/char finetuned | "
             "difference [95% CI] |", "|---|---|---|---|---|"]
    for category, d in rows:
        cells = by_category.get(category, {})
        base, fine = cells.get("base / all shapes", {}), cells.get("finetuned / all shapes", {})
        lines.append(f"| {category} | {_fmt(100 * fine['pass@1'], 1) if fine.get('pass@1') is not None else ''} "
                     f"{_ci(fine.get('pass@1_ci'), 1, 100)} | {_fmt(base.get('bits_per_char'))} | "
                     f"{_fmt(fine.get('bits_per_char'))} | {_fmt(d.get('bits_per_char_diff'))} "
                     f"{_ci(d.get('bits_per_char_ci'))} |")
    return lines + [""]


def _contamination_markdown(section: dict[str, Any]) -> list[str]:
    """Contamination (`contamination.pruning`, `contamination.similar_problems`): per tau, exercises
    removed and HumanEval problems similar to some exercise, beside the paper's."""
    pruning = {r["tau"]: r for r in section.get("pruning", [])}
    similar = {r["tau"]: r for r in section.get("similar_problems", []) if r.get("benchmark") == "humaneval"}
    if not pruning:
        return []
    lines = ["Contamination (`contamination.pruning`, `contamination.similar_problems`): AST match rate >= tau "
             "between exercises and benchmark solutions; the paper's numbers are reported, not measured:", "",
             "| tau | exercises removed | removed % | removed %, paper | HumanEval problems similar | similar, paper |",
             "|---|---:|---:|---:|---:|---:|"]
    for tau in sorted(pruning, reverse=True):
        r, sim = pruning[tau], similar.get(tau, {})
        lines.append(f"| {tau} | {r.get('removed')} of {r.get('exercises')} | {_fmt(r.get('removed (%)'), 2)} | "
                     f"{_fmt(r.get('removed (%), reported by the paper'), 2)} | "
                     f"{sim.get('similar', '')} of {sim.get('problems', '')} | "
                     f"{_fmt(sim.get('similar, reported by the paper'), 0)} of 164 |")
    return lines + [""]


INDEX_CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.6em; }
.stage { border-top: 1px solid #ddd; padding: 0.6em 0; }
.stage a.report { font-size: 1.1em; font-weight: 600; text-decoration: none; }
.status { color: #666; font-size: 0.9em; margin-left: 0.5em; }
.failed { color: #b00020; }
img { max-width: 100%; height: auto; display: block; margin: 0.5em 0; border: 1px solid #eee; }
table { border-collapse: collapse; font-size: 13px; margin: 0.6em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
code { background: #f4f4f4; padding: 0 3px; }
"""


def write_index(base: Path | str, statuses: dict[str, str] | None = None) -> Path:
    """``reports/index.html``: the seven reports in order with their status, each stage's key figures
    and the headline results. Self-contained: the figures and ``summary.json`` are copied under
    ``reports/`` and every link is relative, so the folder still works when copied or zipped."""
    import shutil

    from nbconvert.filters.markdown import markdown2html

    base = Path(base)
    reports = base / "reports"
    figures = reports / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    summary = read_json(base / SUMMARY)
    if (base / SUMMARY).exists():
        shutil.copyfile(base / SUMMARY, reports / SUMMARY)
    timings = summary.get("timings", {})
    items = []
    for stage in STAGES:
        name = Path(notebook_name(stage)).stem
        report = reports / f"{name}.html"
        status = (statuses or {}).get(stage, "")
        wall = timings.get(stage)
        notes = [status] if status else []
        if wall:
            notes.append(f"{wall:.0f} s")
        warn = status == "failed" or stage in summary.get("stale", {})
        if stage in summary.get("stale", {}):
            notes.append(f"stale: {', '.join(summary['stale'][stage])} ran again after it; phi1 run redoes it")
        note = (f"<span class='status{' failed' if warn else ''}'>({html.escape(', '.join(notes))})"
                f"</span>") if notes else ""
        link = (f"<a class='report' href='{report.name}'>{html.escape(name)}</a>" if report.exists()
                else f"<b>{html.escape(name)}</b> <span class='status'>(no report)</span>")
        imgs = []
        for figure in KEY_FIGURES.get(stage, []):
            source = base / stage / figure
            if source.exists():
                copy = figures / f"{stage}_{figure}"
                shutil.copyfile(source, copy)
                imgs.append(f"<img src='figures/{copy.name}' alt='{html.escape(stage)}: {html.escape(figure)}'>")
        items.append(f"<div class='stage'>{link}{note}{''.join(imgs)}</div>")
    total = timings.get("total")
    foot = (f"<p>Stage wall times add up to {total:.0f} s. Every headline figure, with the manifest it came "
            f"from: <a href='{SUMMARY}'>{SUMMARY}</a>.</p>") if total else ""
    results = ""
    if summary.get("evaluate"):
        results = "<h2>Headline results</h2>\n" + markdown2html(results_markdown(summary))
    index = reports / "index.html"
    index.write_text("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>phi1-study reports: "
                     f"{html.escape(base.name)}</title><style>{INDEX_CSS}</style></head><body>"
                     f"<h1>phi1-study: {html.escape(base.name)}</h1>"
                     f"<p>The study's seven stages in order; each link opens the stage's report (its narrative, "
                     f"tables and figures, code hidden).</p>\n" + "\n".join(items)
                     + f"\n{foot}{results}</body></html>\n")
    return index


# Small files only: what a reader needs to check a number (tables, figures, manifests, summary), not
# datasets, checkpoints or HTML reports with their embedded images.
REFERENCE_SUFFIXES = (".csv", ".md", ".png", ".svg", ".json")
REFERENCE_MAX_BYTES = 400_000
README_BEGIN = "<!-- results:begin (phi1 reference writes this block from outputs/reference/summary.json) -->"
README_END = "<!-- results:end -->"


def export_reference(base: Path | str, dest: Path | str) -> list[Path]:
    """Copy a finished run's small files (`REFERENCE_SUFFIXES`, at most `REFERENCE_MAX_BYTES` each)
    from each stage folder of `base`, and its summary.json, into `dest` (emptied first). Per-problem
    and per-run detail (``per_problem/``, model folders, datasets) stays behind."""
    import shutil

    base, dest = Path(base), Path(dest)
    if not (base / SUMMARY).is_file():
        raise FileNotFoundError(f"{base / SUMMARY}: run the study first (phi1 run --profile {base.name})")
    if dest.exists():
        shutil.rmtree(dest)
    copied = []
    for stage in STAGES:
        folder = base / stage
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):  # top level only: subfolders hold data, not tables
            if path.is_file() and path.suffix in REFERENCE_SUFFIXES and path.stat().st_size <= REFERENCE_MAX_BYTES:
                target = dest / stage / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
                copied.append(target)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(base / SUMMARY, dest / SUMMARY)
    copied.append(dest / SUMMARY)
    return copied


def update_readme(readme: Path | str, summary: dict[str, Any]) -> bool:
    """Replace the README's results block (between `README_BEGIN` and `README_END`) with
    `results_markdown` of `summary`; True when the file changed."""
    readme = Path(readme)
    text = readme.read_text()
    if README_BEGIN not in text or README_END not in text:
        raise ValueError(f"{readme}: no results block ({README_BEGIN!r} ... {README_END!r})")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    new = f"{head}{README_BEGIN}\n{results_markdown(summary)}\n{README_END}{tail}"
    if new != text:
        readme.write_text(new)
    return new != text


def readme_block(readme: Path | str) -> str:
    """The README's current results block (what `update_readme` would replace)."""
    text = Path(readme).read_text()
    return text.split(README_BEGIN, 1)[1].split(README_END, 1)[0].strip("\n")
