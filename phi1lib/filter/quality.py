"""The quality classifier: learn the annotations from embeddings, measure it, score and select the corpus.

Paper: a random forest on CodeGen embeddings, trained on ~100k GPT-4 annotations, predicts the
educational value of every file of The Stack + StackOverflow; the files it scores highly (~6B of 35B
tokens) are kept. The paper gives no hyperparameters, no held-out accuracy, and not the threshold.
Ours: annotations >= `positive_score` (3 of 5) are the positive class; a random forest (scikit-learn,
`n_estimators` trees, otherwise its defaults) and, as a baseline, a standardised logistic regression;
a file is kept when the forest's probability of "educational" is >= `threshold` (0.5).

- `heldout_metrics`: for each seed a stratified split of the annotations (`test_fraction` held out),
  both classifiers fitted on the rest; accuracy and ROC-AUC on the held-out part, beside the
  majority-class accuracy. `summarize_metrics` gives their mean and standard deviation over seeds.
- `learning_curve`: the same on the same held-out part, training on growing prefixes of a seeded
  shuffle of the training part: how much do more annotations buy?
- `heldout_scores`: one seed's held-out files and their scores, to plot against the labels.
- `train_classifier` on all annotations, `predict_scores` on the whole corpus, `keep_mask`.
- `matched_token_sample`: the ablation's "unfiltered" set, a seeded random sample of the
  (deduplicated) corpus with the same number of tokens as the filtered set.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

CLASSIFIERS = ("random_forest", "logistic")


def labels_from_scores(scores: Sequence[int | None], positive_score: int = 3) -> np.ndarray:
    """1 where an annotation is >= `positive_score`, else 0 (missing scores must be dropped first)."""
    values = np.asarray(scores, dtype=float)
    if np.isnan(values).any():
        raise ValueError("labels_from_scores: drop annotations without a score first")
    return (values >= positive_score).astype(np.int64)


def make_classifier(kind: str, seed: int = 0, n_estimators: int = 100, n_jobs: int | None = None) -> Any:
    """An unfitted scikit-learn classifier: "random_forest" (the paper's) or "logistic" (baseline)."""
    if kind == "random_forest":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=n_estimators, random_state=seed, n_jobs=n_jobs)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        # liblinear: the same fit as lbfgs here in a tenth of the time (7 iterations against 90).
        return make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", max_iter=1000,
                                                                  random_state=seed))
    raise ValueError(f"classifier must be one of {CLASSIFIERS}, not {kind!r}")


def split_indices(y: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(train, test)`` row indices: a stratified split, the same for the same seed."""
    from sklearn.model_selection import train_test_split

    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=test_fraction, random_state=seed, stratify=y)
    return np.sort(train), np.sort(test)


def _fit_score(kind: str, X: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray, seed: int,
               n_estimators: int, n_jobs: int | None) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, roc_auc_score

    model = make_classifier(kind, seed, n_estimators, n_jobs).fit(X[train], y[train])
    prob = model.predict_proba(X[test])[:, 1]
    return {"accuracy": float(accuracy_score(y[test], prob >= 0.5)),
            "roc_auc": float(roc_auc_score(y[test], prob)) if len(set(y[test])) == 2 else float("nan")}


def heldout_metrics(X: np.ndarray, y: np.ndarray, seeds: Sequence[int], kinds: Sequence[str] = CLASSIFIERS,
                    test_fraction: float = 0.2, n_estimators: int = 100,
                    n_jobs: int | None = None) -> pd.DataFrame:
    """One row per (classifier, seed): held-out accuracy and ROC-AUC, the majority-class accuracy,
    the sizes and the positive rate."""
    rows = []
    for seed in seeds:
        train, test = split_indices(y, test_fraction, seed)
        majority = max(y[test].mean(), 1 - y[test].mean())
        for kind in kinds:
            rows.append({"classifier": kind, "seed": seed, "n_train": len(train), "n_test": len(test),
                         "positive_rate": float(y.mean()), "majority_accuracy": float(majority),
                         **_fit_score(kind, X, y, train, test, seed, n_estimators, n_jobs)})
    return pd.DataFrame(rows)


def summarize_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation (ddof 1) over seeds, per classifier (and per size when present)."""
    keys = ["classifier"] + (["n_annotations"] if "n_annotations" in metrics else [])
    grouped = metrics.groupby(keys, sort=False)
    out = grouped[["accuracy", "roc_auc"]].agg(["mean", "std"])
    out.columns = [f"{metric}_{stat}" for metric, stat in out.columns]
    out["seeds"] = grouped.size()
    if "majority_accuracy" in metrics:
        out["majority_accuracy"] = grouped["majority_accuracy"].mean()
    return out.reset_index()


def learning_curve(X: np.ndarray, y: np.ndarray, fractions: Sequence[float], seeds: Sequence[int],
                   kinds: Sequence[str] = CLASSIFIERS, test_fraction: float = 0.2, n_estimators: int = 100,
                   n_jobs: int | None = None, min_train: int = 20,
                   known: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (classifier, seed, size): held-out metrics after training on the first
    ``fraction * n_train`` annotations of a seeded shuffle of the training part (a size whose subset
    has one class only, or fewer than `min_train` rows, is skipped).

    `known`: `heldout_metrics` of the same X, y, test_fraction and n_estimators; the full-size point
    (fraction 1.0) of a seed found there is copied rather than fitted again (same split, same training
    rows, same seed: the same model)."""
    done = {} if known is None else {(r.classifier, r.seed): r for r in known.itertuples()}
    rows = []
    for seed in seeds:
        train, test = split_indices(y, test_fraction, seed)
        order = np.random.default_rng(seed).permutation(train)
        for fraction in fractions:
            n = round(fraction * len(order))
            subset = np.sort(order[:n])
            if n < min_train or len(set(y[subset])) < 2:
                continue
            for kind in kinds:
                if n == len(order) and (kind, seed) in done:
                    scores = {"accuracy": done[kind, seed].accuracy, "roc_auc": done[kind, seed].roc_auc}
                else:
                    scores = _fit_score(kind, X, y, subset, test, seed, n_estimators, n_jobs)
                rows.append({"classifier": kind, "seed": seed, "n_annotations": n, "fraction": fraction,
                             **scores})
    return pd.DataFrame(rows, columns=["classifier", "seed", "n_annotations", "fraction", "accuracy", "roc_auc"])


def heldout_scores(X: np.ndarray, y: np.ndarray, kind: str = "random_forest", seed: int = 0,
                   test_fraction: float = 0.2, n_estimators: int = 100,
                   n_jobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(test rows, scores)``: the classifier fitted on one seed's training part scores its held-out
    part, the honest view of how scores relate to labels (the final model has seen every label)."""
    train, test = split_indices(y, test_fraction, seed)
    model = make_classifier(kind, seed, n_estimators, n_jobs).fit(X[train], y[train])
    return test, predict_scores(model, X[test])


def train_classifier(X: np.ndarray, y: np.ndarray, kind: str = "random_forest", seed: int = 0,
                     n_estimators: int = 100, n_jobs: int | None = None) -> Any:
    """`make_classifier` fitted on every annotation."""
    return make_classifier(kind, seed, n_estimators, n_jobs).fit(X, y)


def predict_scores(model: Any, X: np.ndarray, batch: int = 65_536) -> np.ndarray:
    """The probability of the positive class ("educational"), float32, in batches of rows."""
    parts = [model.predict_proba(X[i:i + batch])[:, 1] for i in range(0, len(X), batch)]
    return np.concatenate(parts).astype(np.float32) if parts else np.empty(0, dtype=np.float32)


def keep_mask(scores: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """True where a file's score passes the threshold (>=)."""
    return np.asarray(scores) >= threshold


def matched_token_sample(tokens: np.ndarray, target: int, seed: int = 0,
                         candidates: np.ndarray | None = None) -> np.ndarray:
    """Sorted indices of a seeded random sample of `candidates` (default: all) whose `tokens` add up to
    as close to `target` as taking whole files in a random order allows: files are taken until the sum
    reaches `target`, the last one kept only if that lands closer. Everything when the pool is short."""
    tokens = np.asarray(tokens, dtype=np.int64)
    if target <= 0:
        return np.empty(0, dtype=np.int64)
    pool = np.arange(len(tokens)) if candidates is None else np.asarray(candidates)
    order = np.random.default_rng(seed).permutation(pool)
    cumulative = np.cumsum(tokens[order])
    n = int(np.searchsorted(cumulative, target, side="left")) + 1  # first prefix reaching the target
    if n > len(order):
        return np.sort(order)
    if n > 1 and abs(int(cumulative[n - 2]) - target) < abs(int(cumulative[n - 1]) - target):
        n -= 1
    return np.sort(order[:n])
