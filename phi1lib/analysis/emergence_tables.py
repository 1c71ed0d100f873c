"""Tables and verdict of the emergence analysis, from its per-problem rows (`emergence.evaluate_emergence`).

- `pass_table`: pass@1 and the reference solutions' bits per character by category x group (base /
  finetuned) x shape, and with shapes pooled. Intervals: percentile bootstrap over problems
  (`core.stats.bootstrap_ci` for pass@1, each problem's value first averaged over seeds, never narrower than
  Wilson's interval, `passk.pass_interval`), and beside them
  the standard deviation across seeds, as notebook 05 reports seeds.
- `delta_table`: differences A - B with 95% intervals from a **two-level bootstrap**, resampling the
  problems and the models (seeds) together: finetuned - base (units: base/finetuned pairs of the same
  shape and seed, so each finetuned model is compared with its own starting point), the larger shape
  - the smaller (finetuned), the larger shape's finetuning gain - the smaller's, and the gain on
  held-out families - the gain on held-out instances (different problems, the same models);
  `core.stats.two_level_interval`. A
  bootstrap over problems alone calls seed-to-seed noise significant: with untrained random
  weights of two shapes it found "significant" gains that change sign between seeds. With three
  seeds the seed level is coarse, and with one it is absent; the verdict says which.
- `verdict`: sentences computed from those tables; `headline`: the numbers for the manifest.

Bits per character are character-weighted (sum of bits over sum of characters), as
`loglik.summarize_loglik`; lower is better, so a negative difference favours A. Rows and
comparisons with shapes pooled count every model (or pair) once, so a shape trained with more seeds
weighs more there; the per-shape rows are beside them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from phi1lib.analysis.emergence_probes import CATEGORIES
from phi1lib.core.stats import bits as to_bits, bootstrap_ci, two_level_interval
from phi1lib.eval.passk import pass_interval

BASE, FINETUNED = "base", "finetuned"
POOLED = "all shapes"


def _bits(rows: pd.DataFrame) -> pd.Series:
    return to_bits(rows["sum_logprob"])


def categories_in(rows: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(rows["category"]))
    return [c for c in CATEGORIES if c in present] + [c for c in present if c not in CATEGORIES]


def shapes_by_size(rows: pd.DataFrame) -> list[str]:
    """The model shapes of `rows`, smallest (fewest parameters) first."""
    sizes = rows.groupby("shape")["params"].max().fillna(0)
    return sorted(sizes.index, key=lambda s: (sizes[s], s))


def _cells(rows: pd.DataFrame):
    """(category, group, shape, rows) cells, shapes by size, then shapes pooled when several."""
    shapes = shapes_by_size(rows)
    for category in categories_in(rows):
        for group in (BASE, FINETUNED):
            part = rows[(rows["category"] == category) & (rows["group"] == group)]
            for shape in shapes:
                cell = part[part["shape"] == shape]
                if len(cell):
                    yield category, group, shape, cell
            if len(shapes) > 1 and len(part):
                yield category, group, POOLED, part


def _seed_sd(values: pd.Series) -> float:
    values = values.dropna()
    return float(values.std(ddof=1)) if len(values) > 1 else float("nan")


@dataclass
class _Side:
    """One side of a comparison: per unit (a model, or a base/finetuned pair) and problem, the
    reference's bits and the pass rate (generated problems only)."""

    units: list[str]
    bits: pd.DataFrame  # units x scored problems
    chars: pd.Series  # scored problems -> characters of the reference
    passed: pd.DataFrame  # units x generated problems

    @classmethod
    def of(cls, rows: pd.DataFrame) -> _Side:
        rows = rows.assign(unit=rows["shape"].astype(str) + " s" + rows["seed"].astype(str), bits=_bits(rows))
        bits = rows.pivot_table(index="unit", columns="task_id", values="bits", aggfunc="mean").dropna(axis=1)
        passed = rows.pivot_table(index="unit", columns="task_id", values="passed", aggfunc="mean")
        passed = passed.reindex(bits.index).dropna(axis=1) if len(passed) else passed
        chars = rows.groupby("task_id")["n_chars"].first().reindex(bits.columns).astype(float)
        return cls(list(bits.index), bits, chars, passed)

    def restrict(self, bits_tasks, pass_tasks) -> _Side:
        return _Side(self.units, self.bits[bits_tasks], self.chars[bits_tasks],
                     self.passed[pass_tasks] if len(self.passed.columns) else self.passed)

    def minus(self, other: _Side) -> _Side | None:
        """Unit by unit difference (a gain), when both sides have the same units; None otherwise."""
        if sorted(self.units) != sorted(other.units):
            return None
        a, b = _align(self, other)
        return _Side(a.units, a.bits - b.bits.loc[a.units].to_numpy(), a.chars,
                     a.passed - b.passed.loc[a.units].to_numpy() if len(a.passed.columns) else a.passed)

    def bpc(self) -> float:
        return float(self.bits.to_numpy().sum(axis=1).mean() / self.chars.sum()) if self.bits.size else np.nan

    def pass_rate(self) -> float:
        return float(self.passed.to_numpy().mean()) if self.passed.size else np.nan


def _align(a: _Side, b: _Side) -> tuple[_Side, _Side]:
    bits = [t for t in a.bits.columns if t in set(b.bits.columns)]
    passed = [t for t in a.passed.columns if t in set(b.passed.columns)]
    return a.restrict(bits, passed), b.restrict(bits, passed)


def _compare(a: _Side, b: _Side, *, paired_problems: bool = True, paired_units: bool = False,
             n_boot: int, seed: int) -> dict[str, Any]:
    """S(a) - S(b) for pass@1 and bits/char, point values and two-level bootstrap intervals."""
    if paired_problems:
        a, b = _align(a, b)
    out: dict[str, Any] = {"models A": len(a.units), "models B": len(b.units)}
    n_gen = (len(a.passed.columns), len(b.passed.columns))
    n_scored = (len(a.bits.columns), len(b.bits.columns))
    out["problems generated"] = n_gen[0] if paired_problems else f"{n_gen[0]} / {n_gen[1]}"
    out["pass@1 A"], out["pass@1 B"] = a.pass_rate(), b.pass_rate()
    out["pass@1 diff"] = out["pass@1 A"] - out["pass@1 B"]
    kwargs = {"paired_problems": paired_problems, "paired_units": paired_units, "n_boot": n_boot, "seed": seed}
    pa, pb = a.passed.to_numpy(float), b.passed.to_numpy(float)
    out["pass@1 lo"], out["pass@1 hi"] = two_level_interval(pa, np.ones(pa.shape[1]), pb,
                                                            np.ones(pb.shape[1]), **kwargs)
    out["problems scored"] = n_scored[0] if paired_problems else f"{n_scored[0]} / {n_scored[1]}"
    out["bits/char A"], out["bits/char B"] = a.bpc(), b.bpc()
    out["bits/char diff"] = out["bits/char A"] - out["bits/char B"]
    out["bits/char lo"], out["bits/char hi"] = two_level_interval(a.bits.to_numpy(float), a.chars.to_numpy(),
                                                                  b.bits.to_numpy(float), b.chars.to_numpy(),
                                                                  **kwargs)
    return out


def _compare_pairs(ft: _Side, base: _Side, n_boot: int, seed: int) -> dict[str, Any]:
    """finetuned - base: resampling base/finetuned pairs (same shape and seed) when every model has
    its partner, the two groups' models independently otherwise; the range over pairs."""
    ft, base = _align(ft, base)
    out = _compare(ft, base, n_boot=n_boot, seed=seed)
    gain = ft.minus(base)
    if gain is None:
        out["seed pairs"] = 0
        return out
    for metric, side in (("pass@1", gain.passed), ("bits/char", gain.bits)):
        x = side.to_numpy(float)
        w = np.ones(x.shape[1]) if metric == "pass@1" else gain.chars.to_numpy()
        out[f"{metric} lo"], out[f"{metric} hi"] = two_level_interval(x, w, n_boot=n_boot, seed=seed)
        per_pair = x.sum(axis=1) / w.sum() if x.size else np.array([])
        out[f"{metric} diff min"] = float(per_pair.min()) if per_pair.size else np.nan
        out[f"{metric} diff max"] = float(per_pair.max()) if per_pair.size else np.nan
    out["seed pairs"] = len(gain.units)
    return out


# --------------------------------------------------------------------------------------------------
# Tables


def pass_table(rows: pd.DataFrame, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """pass@1 and reference bits per character by category x group x shape (and shapes pooled):
    means, 95% bootstrap intervals over problems (values averaged over seeds first), standard
    deviation across seeds; for the stdlib categories also the share of completions that used the
    module, and the share that passed while using it."""
    out = []
    for category, group, shape, cell in _cells(rows):
        cell = cell.assign(bits=_bits(cell))
        tasks = cell.groupby("task_id", sort=False).agg(passed=("passed", "mean"), bits=("bits", "mean"),
                                                        n_chars=("n_chars", "first"))
        gen, scored = tasks.dropna(subset=["passed"]), tasks.dropna(subset=["bits", "n_chars"])
        row = {"category": category, "group": group, "shape": shape, "models": cell["model"].nunique(),
               "problems generated": len(gen), "pass@1": gen["passed"].mean() if len(gen) else np.nan}
        row["pass@1 lo"], row["pass@1 hi"] = (
            pass_interval(*bootstrap_ci(gen["passed"].to_numpy(), n_boot, seed=seed), row["pass@1"], len(gen))
            if len(gen) else (np.nan, np.nan))
        row["pass@1 seed sd"] = _seed_sd(cell.groupby("model")["passed"].mean())
        if category.startswith("stdlib"):
            used = cell.dropna(subset=["used"])
            row["module use"] = used["used"].mean() if len(used) else np.nan
            row["pass and use"] = (used["used"] * used["passed"]).mean() if len(used) else np.nan
        row["problems scored"] = len(scored)
        bits, chars = scored["bits"].to_numpy(float), scored["n_chars"].to_numpy(float)
        row["bits/char"] = bits.sum() / chars.sum() if len(scored) else np.nan
        row["bits/char lo"], row["bits/char hi"] = two_level_interval(bits[None, :], chars, n_boot=n_boot,
                                                                      seed=seed)
        sums = cell.dropna(subset=["bits"]).groupby("model")[["bits", "n_chars"]].sum()
        row["bits/char seed sd"] = _seed_sd(sums["bits"] / sums["n_chars"])
        out.append(row)
    return pd.DataFrame(out)


def delta_table(rows: pd.DataFrame, n_boot: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Comparisons A - B with two-level bootstrap intervals (module docstring), per category:
    "finetuned - base" per shape and pooled; "large - small (finetuned)" and "gain: large - small"
    with two shapes or more; "gain: held-out families - instances" per shape and pooled."""
    out: list[dict[str, Any]] = []
    if rows.empty:
        return pd.DataFrame(out)
    shapes = shapes_by_size(rows)
    scopes = [(s, rows[rows["shape"] == s]) for s in shapes] + ([(POOLED, rows)] if len(shapes) > 1 else [])
    gains: dict[tuple[str, str], _Side | None] = {}
    for category in categories_in(rows):
        for shape, part in scopes:
            part = part[part["category"] == category]
            ft, base = (part[part["group"] == g] for g in (FINETUNED, BASE))
            if len(ft) and len(base):
                sides = _align(_Side.of(ft), _Side.of(base))
                out.append({"comparison": "finetuned - base", "category": category, "shape": shape,
                            "A": FINETUNED, "B": BASE, **_compare_pairs(*sides, n_boot, seed)})
                gains[(category, shape)] = sides[0].minus(sides[1])
        if len(shapes) > 1:
            small, large = shapes[0], shapes[-1]
            part = rows[(rows["category"] == category) & (rows["group"] == FINETUNED)]
            a, b = part[part["shape"] == large], part[part["shape"] == small]
            if len(a) and len(b):
                out.append({"comparison": "large - small (finetuned)", "category": category,
                            "shape": f"{large} vs {small}", "A": large, "B": small,
                            **_compare(_Side.of(a), _Side.of(b), n_boot=n_boot, seed=seed)})
            ga, gb = gains.get((category, large)), gains.get((category, small))
            if ga is not None and gb is not None:
                out.append({"comparison": "gain: large - small", "category": category,
                            "shape": f"{large} vs {small}", "A": f"gain of {large}", "B": f"gain of {small}",
                            **_compare(ga, gb, n_boot=n_boot, seed=seed)})
    for shape, _ in scopes:
        ga, gb = gains.get(("heldout_family", shape)), gains.get(("heldout_instance", shape))
        if ga is not None and gb is not None:
            same_units = ga.units == gb.units
            out.append({"comparison": "gain: held-out families - instances", "category": "heldout",
                        "shape": shape, "A": "gain on families", "B": "gain on instances",
                        **_compare(ga, gb, paired_problems=False, paired_units=same_units,
                                   n_boot=n_boot, seed=seed)})
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------------------
# Verdict and headline


def _nan(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _significance(lo: float, hi: float) -> str:
    if _nan(lo) or _nan(hi):
        return "no interval"
    return "significant" if lo > 0 or hi < 0 else "not significant"


def _cap(category: str) -> str:
    label = CATEGORIES.get(category, category)
    return label[:1].upper() + label[1:]


def _pct(x: float) -> str:
    return "n/a" if _nan(x) else f"{100 * x:.1f}%"


def _pp(x: float) -> str:
    return "n/a" if _nan(x) else f"{100 * x:+.1f} pp"


def _ci(r, metric: str, fmt) -> str:
    return f"95% CI [{fmt(r[f'{metric} lo'])}, {fmt(r[f'{metric} hi'])}]"


def _num(x: float) -> str:
    return "n/a" if _nan(x) else f"{x:.3f}"


def _bits_fmt(x: float) -> str:
    return "n/a" if _nan(x) else f"{x:+.3f}"


def _listed(items: Sequence[str]) -> str:
    if not items:
        return "no category"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sign_word(diff: float, sig: str, lower: str, higher: str, neither: str) -> str:
    return neither if sig != "significant" else (lower if diff < 0 else higher)


def verdict(deltas: pd.DataFrame, table: pd.DataFrame | None = None) -> list[str]:
    """Plain sentences from `delta_table` (and `pass_table` for module use): per category whether
    finetuning changed pass@1 and the reference's bits per character, how much seeds disagree,
    whether the larger shape gained more, held-out families against held-out instances, and a
    summary of what does and does not emerge."""
    if deltas is None or deltas.empty or "comparison" not in deltas:
        return ["No base/finetuned pair of models was evaluated, so nothing can be said about emergence."]
    out: list[str] = []
    better_pass: list[str] = []
    better_bpc: list[str] = []
    worse_bpc: list[str] = []
    neither: list[str] = []
    min_pairs = 10**9
    ft = deltas[deltas["comparison"] == "finetuned - base"]
    for category in dict.fromkeys(ft["category"]):
        part = ft[ft["category"] == category]
        r = part[part["shape"] == POOLED].iloc[0] if (part["shape"] == POOLED).any() else part.iloc[0]
        scope = "" if r["shape"] == POOLED else f" ({r['shape']})"
        pass_sig = _significance(r["pass@1 lo"], r["pass@1 hi"])
        if _nan(r["pass@1 A"]):
            pass_part = "no completions were generated"
        elif r["pass@1 A"] == 0 and r["pass@1 B"] == 0:
            pass_part = (f"no model passes any of the {r['problems generated']} problems generated, so pass@1 "
                         "cannot show an ability emerging here")
        else:
            verb = _sign_word(-r["pass@1 diff"], pass_sig, "finetuned beats base", "finetuned falls below base",
                              "finetuned and base do not differ significantly")
            pass_part = (f"{verb} on pass@1, {_pct(r['pass@1 A'])} vs {_pct(r['pass@1 B'])} (difference "
                         f"{_pp(r['pass@1 diff'])}, {_ci(r, 'pass@1', _pp)}, {r['problems generated']} problems)")
        bpc_sig = _significance(r["bits/char lo"], r["bits/char hi"])
        verb = _sign_word(r["bits/char diff"], bpc_sig, "finetuning lowers", "finetuning raises",
                          "finetuning does not significantly change")
        bpc_part = (f"{verb} the bits per character of the reference solutions, {_num(r['bits/char A'])} vs "
                    f"{_num(r['bits/char B'])} (difference {_bits_fmt(r['bits/char diff'])}, "
                    f"{_ci(r, 'bits/char', _bits_fmt)}, {r['problems scored']} problems)")
        pairs = int(r.get("seed pairs", 0) or 0)
        if pairs > 1:
            lo, hi = r["bits/char diff min"], r["bits/char diff max"]
            noise = (f" Over {pairs} base/finetuned pairs the bits-per-character difference ranges from "
                     f"{lo:+.3f} to {hi:+.3f}" + (" (the same sign in every pair)." if lo * hi > 0 else
                                                  " (its sign changes from one seed to another)."))
        else:
            noise = " One base/finetuned pair only: the interval covers the choice of problems, not training noise."
        out.append(f"{_cap(category)}{scope}: {pass_part}; {bpc_part}.{noise}")
        label = CATEGORIES.get(category, category)
        if pass_sig == "significant" and r["pass@1 diff"] > 0:
            better_pass.append(label)
        if bpc_sig == "significant" and r["bits/char diff"] < 0:
            better_bpc.append(label)
        if bpc_sig == "significant" and r["bits/char diff"] > 0:
            worse_bpc.append(label)
        if label not in better_pass + better_bpc + worse_bpc:
            neither.append(label)
        min_pairs = min(min_pairs, pairs)
    if table is not None and not table.empty and "module use" in table:
        use = table[table["category"].str.startswith("stdlib") & table["module use"].notna()]
        use = use[use["shape"] == POOLED] if (use["shape"] == POOLED).any() else use
        for category in dict.fromkeys(use["category"]):
            part = use[use["category"] == category].groupby("group")[["module use", "pass and use"]].mean()
            if {BASE, FINETUNED} <= set(part.index):
                out.append(f"{_cap(category)}: finetuned completions use the probe's module in "
                           f"{_pct(part.loc[FINETUNED, 'module use'])} of cases vs "
                           f"{_pct(part.loc[BASE, 'module use'])} for base (checked by execution), and pass "
                           f"while using it in {_pct(part.loc[FINETUNED, 'pass and use'])} vs "
                           f"{_pct(part.loc[BASE, 'pass and use'])}.")
    for _, r in deltas[deltas["comparison"] == "gain: large - small"].iterrows():
        sig = _significance(r["bits/char lo"], r["bits/char hi"])
        large, small = r["A"].removeprefix("gain of "), r["B"].removeprefix("gain of ")
        head = _sign_word(r["bits/char diff"], sig, f"the larger shape ({large}) gains more from finetuning",
                          f"the larger shape ({large}) gains less from finetuning",
                          f"no significant difference between the finetuning gains of {large} and {small}")
        single = [name for name, n in ((large, r["models A"]), (small, r["models B"])) if n < 2]
        caveat = (f" One seed only for {_listed(single)}: its training noise is not in the interval."
                  if single else "")
        out.append(f"{_cap(r['category'])}: {head} in bits per character (gain of {large} minus gain of "
                   f"{small}: {_bits_fmt(r['bits/char diff'])}, {_ci(r, 'bits/char', _bits_fmt)}); in pass@1 "
                   f"the difference of gains is {_pp(r['pass@1 diff'])} "
                   f"({_significance(r['pass@1 lo'], r['pass@1 hi'])}).{caveat}")
    fam = deltas[deltas["comparison"] == "gain: held-out families - instances"]
    if len(fam):
        r = fam[fam["shape"] == POOLED].iloc[0] if (fam["shape"] == POOLED).any() else fam.iloc[0]
        sig = _significance(r["bits/char lo"], r["bits/char hi"])
        head = _sign_word(r["bits/char diff"], sig,
                          "finetuning lowers bits per character more on held-out concept families than on "
                          "unseen instances of seen families",
                          "finetuning lowers bits per character less on held-out concept families than on "
                          "unseen instances of seen families: it helps most on what the exercises contain",
                          "no difference is established between finetuning's effect on held-out concept "
                          "families and on unseen instances of seen families")
        out.append(f"Transfer: {head} (difference of gains {_bits_fmt(r['bits/char diff'])}, "
                   f"{_ci(r, 'bits/char', _bits_fmt)}).")
    if better_pass or better_bpc:
        summary = (f"In sum, at this scale finetuning significantly improves pass@1 on "
                   f"{_listed(better_pass)} and lowers the reference solutions' bits per character on "
                   f"{_listed(better_bpc)}")
        summary += f"; it raises them on {_listed(worse_bpc)}" if worse_bpc else ""
        summary += f"; nothing significant on {_listed(neither)}" if neither else ""
    else:
        summary = "In sum, no ability measured here is significantly improved by finetuning at this scale"
    if min_pairs <= 1:
        summary += " (one base/finetuned pair per comparison: training noise is not measured)"
    out.append(summary + ".")
    return out


def headline(table: pd.DataFrame, deltas: pd.DataFrame, sentences: Sequence[str], *,
             models: Sequence[tuple[Any, str]] = (), rows: dict[str, Sequence[Any]] | None = None,
             modules: pd.DataFrame | None = None, harness_ok: bool | None = None) -> dict[str, Any]:
    """Stage 06's headline figures (its manifest's ``headline``, summary.json's ``emergence``): per
    category, group and shape, pass@1, bits/char and module use; every difference with its interval;
    the verdict; the models compared (``(spec, group)`` pairs), the problems per category (`rows`, as
    `load_categories` gives them), the stdlib modules absent from and present in the exercises
    (`modules`, its ``module_table``), and whether every reference passed the harness check."""
    def num(x):
        return None if _nan(x) else round(float(x), 4)

    cells: dict[str, Any] = {}
    for _, r in table.iterrows():
        entry = {"pass@1": num(r["pass@1"]), "pass@1_ci": [num(r["pass@1 lo"]), num(r["pass@1 hi"])],
                 "bits_per_char": num(r["bits/char"]),
                 "bits_per_char_ci": [num(r["bits/char lo"]), num(r["bits/char hi"])],
                 "models": int(r["models"]), "problems_generated": int(r["problems generated"]),
                 "problems_scored": int(r["problems scored"])}
        if not _nan(r.get("module use")):
            entry["module_use"] = num(r["module use"])
        cells.setdefault(r["category"], {})[f"{r['group']} / {r['shape']}"] = entry
    diffs: dict[str, Any] = {}
    for _, r in deltas.iterrows():
        diffs.setdefault(r["comparison"], {})[f"{r['category']} / {r['shape']}"] = {
            "pass@1_diff": num(r["pass@1 diff"]), "pass@1_ci": [num(r["pass@1 lo"]), num(r["pass@1 hi"])],
            "bits_per_char_diff": num(r["bits/char diff"]),
            "bits_per_char_ci": [num(r["bits/char lo"]), num(r["bits/char hi"])]}
    def listed(status: str) -> list[str]:
        if modules is None or not len(modules):
            return []
        return sorted(modules.loc[modules["status"] == status, "module"])

    return {"by_category": cells, "differences": diffs, "verdict": list(sentences),
            "models": {spec.name: group for spec, group in models},
            "categories": {key: len(r) for key, r in (rows or {}).items()},
            "absent_modules": listed("absent"), "present_modules": listed("present"),
            "harness_ok": harness_ok}
