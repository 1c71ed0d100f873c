"""quality.py: labels, classifiers, held-out metrics over seeds, learning curve, scoring, the
same-token sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from phi1lib.filter.quality import (
    CLASSIFIERS,
    heldout_metrics,
    heldout_scores,
    keep_mask,
    labels_from_scores,
    learning_curve,
    make_classifier,
    matched_token_sample,
    predict_scores,
    split_indices,
    summarize_metrics,
    train_classifier,
)


def _data(n: int = 300, noise: float = 0.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs 4 sd apart in 8 dimensions (separable), labels flipped with prob `noise`."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(np.int64)
    X = rng.normal(size=(n, 8)) + 4.0 * y[:, None] * np.eye(8)[0]
    flip = rng.random(n) < noise
    return X.astype(np.float32), np.where(flip, 1 - y, y)


def test_labels_from_scores():
    assert labels_from_scores([0, 2, 3, 5]).tolist() == [0, 0, 1, 1]
    assert labels_from_scores([3, 4], positive_score=4).tolist() == [0, 1]
    with pytest.raises(ValueError, match="drop"):
        labels_from_scores([1, None])


def test_make_classifier():
    from sklearn.ensemble import RandomForestClassifier

    forest = make_classifier("random_forest", seed=3, n_estimators=7, n_jobs=2)
    assert isinstance(forest, RandomForestClassifier)
    assert (forest.n_estimators, forest.random_state, forest.n_jobs) == (7, 3, 2)
    assert make_classifier("logistic").steps[-1][0] == "logisticregression"
    with pytest.raises(ValueError, match="random_forest"):
        make_classifier("svm")


def test_split_indices_is_stratified_disjoint_and_seeded():
    _, y = _data(200)
    train, test = split_indices(y, 0.25, seed=1)
    assert len(test) == 50 and len(np.intersect1d(train, test)) == 0
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(200))
    assert abs(y[test].mean() - y.mean()) < 0.03
    assert np.array_equal(split_indices(y, 0.25, 1)[1], test)
    assert not np.array_equal(split_indices(y, 0.25, 2)[1], test)


def test_heldout_metrics_on_separable_and_on_random_labels():
    X, y = _data(300)
    metrics = heldout_metrics(X, y, seeds=[0, 1, 2], n_estimators=20)
    assert len(metrics) == 3 * len(CLASSIFIERS) and set(metrics["classifier"]) == set(CLASSIFIERS)
    assert (metrics["accuracy"] > 0.95).all() and (metrics["roc_auc"] > 0.98).all()
    assert (metrics["n_test"] == 60).all() and (metrics["n_train"] == 240).all()
    assert metrics["majority_accuracy"].between(0.5, 0.7).all()
    rng = np.random.default_rng(0)
    noise = heldout_metrics(X, rng.integers(0, 2, len(y)), seeds=[0, 1, 2, 3], n_estimators=20)
    assert noise["roc_auc"].mean() < 0.65


def test_summarize_metrics_is_mean_and_sd_over_seeds():
    frame = pd.DataFrame({"classifier": ["a", "a", "a", "b"], "seed": [0, 1, 2, 0],
                          "accuracy": [0.5, 0.7, 0.9, 0.6], "roc_auc": [0.6, 0.6, 0.9, 0.8],
                          "majority_accuracy": [0.5] * 4})
    summary = summarize_metrics(frame).set_index("classifier")
    assert summary.loc["a", "accuracy_mean"] == pytest.approx(0.7)
    assert summary.loc["a", "accuracy_std"] == pytest.approx(np.std([0.5, 0.7, 0.9], ddof=1))
    assert summary.loc["a", "roc_auc_mean"] == pytest.approx(0.7) and summary.loc["a", "seeds"] == 3
    assert np.isnan(summary.loc["b", "accuracy_std"])  # one seed: no spread to report
    assert list(summary.index) == ["a", "b"] and summary.loc["b", "majority_accuracy"] == 0.5


def test_learning_curve_improves_with_more_annotations():
    X, y = _data(600, noise=0.1)
    curve = learning_curve(X, y, fractions=[0.005, 0.05, 1.0], seeds=[0, 1], n_estimators=20, min_train=20)
    assert set(curve["n_annotations"]) == {24, 480}  # 0.005 * 480 = 2 rows: too few, skipped
    assert len(curve) == 2 * 2 * len(CLASSIFIERS)
    summary = summarize_metrics(curve)
    assert "n_annotations" in summary
    forest = summary[summary["classifier"] == "random_forest"].set_index("n_annotations")
    assert forest.loc[480, "accuracy_mean"] >= forest.loc[24, "accuracy_mean"] - 0.02
    assert forest.loc[480, "accuracy_mean"] > 0.8
    assert list(learning_curve(X, y, fractions=[0.0], seeds=[0]).columns)[:3] == ["classifier", "seed",
                                                                                   "n_annotations"]


def test_learning_curve_reuses_the_heldout_fits_at_full_size(monkeypatch):
    from phi1lib.filter import quality

    X, y = _data(200, noise=0.1)
    known = heldout_metrics(X, y, seeds=[0, 1], n_estimators=10)
    fresh = learning_curve(X, y, fractions=[0.5, 1.0], seeds=[0, 1], n_estimators=10)
    fits = []
    real = quality._fit_score
    monkeypatch.setattr(quality, "_fit_score", lambda *a, **k: fits.append(a[0]) or real(*a, **k))
    reused = learning_curve(X, y, fractions=[0.5, 1.0], seeds=[0, 1], n_estimators=10, known=known)
    pd.testing.assert_frame_equal(fresh, reused)  # the copied points are what a refit gives
    assert len(fits) == 2 * len(CLASSIFIERS)  # only the half-size points were fitted


def test_heldout_scores_are_the_test_part_scored_by_a_model_that_never_saw_it():
    X, y = _data(200, noise=0.2)
    test, scores = heldout_scores(X, y, "random_forest", seed=3, test_fraction=0.25, n_estimators=20)
    assert np.array_equal(test, split_indices(y, 0.25, 3)[1]) and scores.shape == test.shape
    metrics = heldout_metrics(X, y, seeds=[3], kinds=["random_forest"], test_fraction=0.25, n_estimators=20)
    assert metrics["accuracy"].iloc[0] == pytest.approx(((scores >= 0.5) == y[test]).mean())
    train_scores = predict_scores(train_classifier(X, y, n_estimators=20), X)
    assert ((train_scores >= 0.5) == y).mean() > ((scores >= 0.5) == y[test]).mean()  # labels leak in-sample


def test_train_predict_and_keep():
    X, y = _data(200)
    model = train_classifier(X, y, "random_forest", seed=0, n_estimators=20)
    scores = predict_scores(model, X)
    assert scores.dtype == np.float32 and scores.shape == (200,) and ((0 <= scores) & (scores <= 1)).all()
    assert np.array_equal(predict_scores(model, X, batch=7), scores)
    assert ((scores >= 0.5) == y).mean() > 0.95
    assert keep_mask(np.array([0.2, 0.5, 0.9]), 0.5).tolist() == [False, True, True]
    assert predict_scores(model, X[:0]).shape == (0,)


def test_matched_token_sample_hits_the_target():
    rng = np.random.default_rng(0)
    tokens = rng.integers(10, 500, size=1000)
    rows = matched_token_sample(tokens, 20_000, seed=1)
    assert abs(int(tokens[rows].sum()) - 20_000) <= tokens.max() // 2 + 1
    assert np.array_equal(rows, np.unique(rows)) and np.array_equal(rows, matched_token_sample(tokens, 20_000, seed=1))
    pool = np.arange(0, 1000, 2)
    assert np.isin(matched_token_sample(tokens, 5000, seed=0, candidates=pool), pool).all()
    assert len(matched_token_sample(tokens, 10**9)) == 1000  # the pool is short: everything
    assert len(matched_token_sample(tokens, 0)) == 0
