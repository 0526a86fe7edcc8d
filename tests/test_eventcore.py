"""The learned event core: its file, its stage, and figurative senses that must lose."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from frontwatch.eventcore import (
    HEADS, NONE, PLOVER_TYPES, RULE_FEATURES, EventCore, load_core, packaged_core_path, rule_features,
)
from frontwatch.learned import Head
from frontwatch.read import read_text
from frontwatch.settings import load_settings

LEARNED = importlib.util.find_spec("sentence_transformers") is not None
needs_learned = pytest.mark.skipif(not LEARNED, reason="the learned extra (sentence-transformers) is not installed")

# Made-up sentences of the shapes of issue 13's class 2: a conflict word used of
# trade, law or politics, with no violence and no armed actor.
FIGURATIVE = [
    "The commerce ministry vowed to fight back against the new tariffs on steel.",
    "Economists warned of a clash between the two trade plans before the summit.",
    "Prosecutors seek to seize the assets of the former mayor.",
    # what a verb of command governs is ordered, not done (frames.toml order_verbs)
    "Election officials ordered the party to disband after the court ruling.",
]
VIOLENT_OR_ACLED = {"ASSAULT", "MOBILIZE", "COERCE"}


def _events(pipeline, text: str):
    return next(iter(pipeline.run([read_text(text, origin="<test>", detect_head=False)]))).events


def _core(classes_by_head: dict[str, tuple[str, ...]]) -> EventCore:
    dims = 384 + len(RULE_FEATURES)
    heads = {
        name: Head(classes=classes, coef=np.eye(len(classes), dims), intercept=np.zeros(len(classes)),
                   model="m", fitted_on="hand")
        for name, classes in classes_by_head.items()
    }
    return EventCore(heads=heads, thresholds={"ASSAULT": 0.6}, reject=0.8, acled_min=0.5, fitted_on="hand", model="m")


def test_rule_features_mark_the_rules_types_and_cues():
    vector = rule_features(["ASSAULT", "PROTEST", "NOT_A_TYPE"], acled_coded=True, cued=False)
    assert vector.shape == (len(RULE_FEATURES),)
    on = {RULE_FEATURES[k] for k in np.flatnonzero(vector)}
    assert on == {"ASSAULT", "PROTEST", "acled_coded"}


def test_an_event_core_survives_a_round_trip(tmp_path):
    core = _core({"plover": (NONE, *PLOVER_TYPES[:3]), "acled": ("NOT_ACLED", "ARMED_CLASH"),
                  "root": (NONE, "18"), "penta": ("0", "4")})
    core.save(tmp_path / "core.npz")
    again = EventCore.load(tmp_path / "core.npz")
    assert again.thresholds == {"ASSAULT": 0.6} and again.reject == 0.8 and again.model == "m"
    x = np.zeros((2, 384 + len(RULE_FEATURES)), dtype=np.float32)
    x[0, 1] = 5.0
    readings = again.read(x)
    assert set(HEADS) == {"plover", "acled", "root", "penta"}
    assert readings[0].best("plover")[0] == PLOVER_TYPES[0]
    assert abs(sum(readings[1].plover.values()) - 1.0) < 1e-5


def test_the_core_off_or_missing_leaves_the_rules_alone(caplog):
    from frontwatch.pipeline import load_pipeline

    assert load_core(load_settings(typing_model="")) is None
    assert load_core(load_settings(event_core="/no/such/core.npz")) is None
    assert "no event core there" in caplog.text
    assert "learned_events" not in load_pipeline(load_settings(typing_model="")).stage_names


@needs_learned
def test_the_core_is_off_unless_asked_for():
    assert load_settings().event_core == "off"
    assert load_core(load_settings()) is None


def test_the_packaged_core_knows_every_plover_type():
    core = EventCore.load(packaged_core_path())
    assert set(core.heads["plover"].classes) == {NONE, *PLOVER_TYPES}
    assert core.heads["plover"].coef.shape[1] == 384 + len(RULE_FEATURES)
    assert all(0.0 < t <= 1.01 for t in core.thresholds.values()) and 0.5 <= core.reject <= 1.01
    assert packaged_core_path().stat().st_size < 200_000


@pytest.fixture(scope="module")
def core_pipeline():
    if not LEARNED:
        pytest.skip("the learned extra (sentence-transformers) is not installed")
    from frontwatch.pipeline import load_pipeline

    pipeline = load_pipeline(load_settings(event_core=""))  # the packaged core, switched on
    assert "learned_events" in pipeline.stage_names
    return pipeline


@pytest.mark.parametrize("sentence", FIGURATIVE)
def test_figurative_conflict_words_make_no_violent_event(core_pipeline, sentence):
    found = [(e.event_type, e.acled_sub_event_type) for e in _events(core_pipeline, sentence)]
    assert not [f for f in found if f[0] in VIOLENT_OR_ACLED or f[1]], found


@pytest.mark.xfail(reason="the rules read these; the packaged core neither rejects nor retypes them yet",
                   strict=False)
@pytest.mark.parametrize("sentence, wrong", [
    ("The new governor promised to attack the housing shortage head on.", "ASSAULT"),
])
def test_known_figurative_misses(core_pipeline, sentence, wrong):
    assert wrong not in [e.event_type for e in _events(core_pipeline, sentence)]


@pytest.mark.parametrize("sentence, event_type", [
    ("Government troops clashed with rebels near the border town on Sunday, killing five fighters.", "ASSAULT"),
    ("Thousands of people marched through the capital to demand the release of political prisoners.", "PROTEST"),
    ("Police arrested three opposition activists at their homes on Tuesday.", "COERCE"),
])
def test_real_happenings_keep_their_type_beside_the_core(core_pipeline, sentence, event_type):
    assert event_type in [e.event_type for e in _events(core_pipeline, sentence)]
