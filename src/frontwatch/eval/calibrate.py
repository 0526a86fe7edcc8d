"""Fitting the confidence model: a logistic regression of "this event's ACLED sub-event
type is right" on its evidence features, over the DEV half of the CASE 2021 snippets only
(the test half stays held out).

    python -m frontwatch.eval.calibrate shared/dev/case2021_dev.jsonl > confidence.toml

Every event of a snippet is one example (right when its CASE code is the snippet's);
the weights it prints are the reviewable table in ``data/ontology/confidence.toml``.
"""

from __future__ import annotations

import sys

import numpy as np

from frontwatch.eval import read_reference
from frontwatch.eval.typing import case_label, results_of, select
from frontwatch.learned import label_of
from frontwatch.stages.merge import confidence_features

# L2 penalty and steps of the fit; the data are a few hundred events, so a light penalty
# keeps rare features (bare nouns, headlines) from taking extreme weights.
L2 = 1.0
STEPS = 5000
LEARNING_RATE = 0.1


def examples(path: str, pipeline) -> tuple[list[str], np.ndarray, np.ndarray]:
    records = select(read_reference(path), "dev")
    rows, labels = [], []
    for record, result in zip(records, results_of(pipeline, ((r["id"], r["text"]) for r in records))):
        gold = label_of(record)
        for position, event in enumerate(result.events if result else []):
            rows.append(confidence_features(event, result.document.frames[event], lead=position == 0))
            labels.append(float(case_label(event)[0] == gold))
    names = sorted(rows[0]) if rows else []
    return names, np.array([[r[n] for n in names] for r in rows]), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Intercept and weights by gradient descent on the penalised log loss."""
    weights, intercept = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ weights + intercept)))
        error = p - y
        weights -= LEARNING_RATE * (x.T @ error / len(y) + L2 * weights / len(y))
        intercept -= LEARNING_RATE * error.mean()
    return intercept, weights


def main(path: str) -> None:
    from frontwatch.pipeline import load_pipeline

    names, x, y = examples(path, load_pipeline())
    intercept, weights = fit(x, y)
    print(f"# fitted on {len(y)} events of the dev half of {path.rsplit('/', 1)[-1]} ({int(y.sum())} right)")
    print("[weights]")
    print(f"intercept = {intercept:.3f}")
    for name, weight in zip(names, weights):
        print(f"{name} = {weight:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
