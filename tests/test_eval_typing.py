"""Scoring event typing against coders' labels (frontwatch.eval.typing)."""

from __future__ import annotations

import json

import pytest

from frontwatch.eval.typing import (
    NOT_ACLED,
    evaluate_case2021,
    evaluate_cameo,
    reliability,
    split_of,
    weighted_f1,
)


def test_weighted_f1_weights_classes_by_support():
    gold = ["A", "A", "A", "B"]
    assert weighted_f1(gold, gold) == 1.0
    # A: p=1, r=2/3 -> 0.8 (weight 3); B: p=1/2, r=1 -> 2/3 (weight 1)
    assert weighted_f1(gold, ["A", "A", "B", "B"]) == pytest.approx((0.8 * 3 + 2 / 3) / 4)


def test_split_is_stable_and_covers_both_halves():
    ids = [str(i) for i in range(200)]
    halves = [split_of(i) for i in ids]
    assert halves == [split_of(i) for i in ids]
    assert 40 < halves.count("test") < 80


def test_reliability_bins_count_right_events():
    bins = reliability([(0.35, True), (0.55, False), (0.58, True), (0.9, True)])
    by_band = {b.as_dict()["confidence"]: (b.events, b.right) for b in bins}
    assert by_band["0.3-0.4"] == (1, 1)
    assert by_band["0.5-0.6"] == (2, 1)


def test_case2021_scores_snippets_end_to_end(pipeline, tmp_path):
    corpus = tmp_path / "case.jsonl"
    rows = [
        {"id": "a", "text": "A Russian air strike killed 12 civilians in Idlib on Monday.",
         "sub_event_type_code": "AIR_STRIKE", "acled_event_type": "Explosions/Remote violence"},
        {"id": "b", "text": "The Turkish foreign minister met his Russian counterpart in Moscow.",
         "sub_event_type_code": "DIPLO", "acled_event_type": NOT_ACLED},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = evaluate_case2021(corpus, pipeline)
    assert result["records"] == 2
    assert result["sub_event_weighted_f1"] == 1.0


def test_cameo_penta_of_most_confident_event(pipeline, tmp_path):
    corpus = tmp_path / "cameo.jsonl"
    rows = [
        {"id": "a", "text": "Syrian troops attacked rebels in Idlib on Monday.", "penta_label": 4},
        {"id": "b", "text": "The weather was mild in Damascus.", "penta_label": 0},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert evaluate_cameo(corpus, pipeline)["penta_accuracy"] == 1.0


def test_confidence_fit_recovers_a_feature_that_predicts_rightness():
    import numpy as np

    from frontwatch.eval.calibrate import fit

    x = np.array([[1.0, 0.0]] * 40 + [[0.0, 1.0]] * 40 + [[0.0, 0.0]] * 20)
    y = np.array([1.0] * 36 + [0.0] * 4 + [1.0] * 8 + [0.0] * 32 + [1.0] * 10 + [0.0] * 10)
    _intercept, weights = fit(x, y)
    assert weights[0] > 0 > weights[1]


def test_packaged_confidence_weights_cover_every_feature(pipeline):
    from frontwatch.stages.merge import _weights, confidence_features
    from frontwatch.read import read_text

    result = next(iter(pipeline.run([read_text("Syrian troops attacked rebels in Idlib on Monday.", origin="t")])))
    event = result.events[0]
    assert set(confidence_features(event, result.document.frames[event])) <= set(_weights()) - {"intercept"}
    assert 0.05 <= result.events[0].confidence <= 0.95
