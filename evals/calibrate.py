"""Fit the answer/decline decision on the eval set and write steunwijzer/answering/calibration.json.

A logistic regression over the `Evidence` features (class-balanced, lightly regularised),
with a cross-validated accuracy printed so the fit is not judged on its own training data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from evals.corpus import prepared_assistant
from evals.metrics import load_questions
from evals.run import history_of
from steunwijzer.answering.evidence import Evidence
from steunwijzer.composing.compose import SCHOOL_KINDS

TARGET = Path(__file__).resolve().parent.parent / "steunwijzer" / "answering" / "calibration.json"
FOLDS = 5
# Fitted features. The passage's dense similarity is left out (weight 0): it says nearly what
# the best sentence's similarity says, and fitted beside it its weight came out negative
# (a closer passage making an answer less likely), which no unseen document should obey.
FITTED = ("sentence", "coverage", "missing", "type_mismatch")


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 5000) -> np.ndarray:
    """Weights (bias first) of a class-balanced logistic regression, by gradient descent."""
    features = np.hstack([np.ones((len(x), 1)), x])
    balance = np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    w = np.zeros(features.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-features @ w))
        grad = features.T @ (balance * (p - y)) / len(y) + l2 * np.r_[0, w[1:]]
        w -= 0.5 * grad
    return w


def standardize(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    return (x - mean) / std, mean, std


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    questions = load_questions()  # the dev part: the test part is never fitted on
    assistant = prepared_assistant()
    rows, labels, unknown = [], [], []
    pipeline = assistant.pipeline
    for q in questions:
        prepared = pipeline.prepare(q.question, history_of(q))
        kind = pipeline.kind(prepared)
        named = pipeline.composer.schools(prepared.search)
        if pipeline.school_by_school(prepared) or (kind in SCHOOL_KINDS and named):
            continue  # answered from the SOPs school by school: the decision does not apply
        assessment = pipeline.assess(prepared, assistant.settings.top_k)
        rows.append(assessment.evidence.as_list())
        labels.append(1.0 if q.answerable else 0.0)
        unknown.append(bool(assessment.unknown))
    names = list(Evidence.__dataclass_fields__)
    columns = [names.index(name) for name in FITTED]
    x, y = np.array(rows)[:, columns], np.array(labels)
    z, mean, std = standardize(x)

    order = np.random.default_rng(0).permutation(len(y))
    correct = 0
    for fold in range(FOLDS):
        test = order[fold::FOLDS]
        train = np.setdiff1d(order, test)
        w = fit(z[train], y[train])
        answered = (predict(w, z[test]) >= 0.5) & ~np.array(unknown)[test]
        correct += int((answered == (y[test] == 1)).sum())
    w = fit(z, y)
    answered = (predict(w, z) >= 0.5) & ~np.array(unknown)
    # Fold the standardisation into the weights so the runtime model reads raw features.
    weights = np.zeros(len(names))
    weights[columns] = w[1:] / std
    bias = w[0] - float((w[1:] * mean / std).sum())
    TARGET.write_text(
        json.dumps(
            {
                "features": names,
                "weights": [round(float(v), 6) for v in weights],
                "bias": round(float(bias), 6),
                "threshold": 0.5,
                "fitted_on": f"dev part: {len(y)} questions, {int(y.sum())} answerable",
            },
            indent=2,
        )
        + "\n"
    )
    print(
        f"abstention accuracy: {(answered == (y == 1)).mean():.3f} on the fitted set, "
        f"{correct / len(y):.3f} in {FOLDS}-fold cross-validation"
    )
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
