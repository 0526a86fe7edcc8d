"""Event location as its own step (frontwatch.eval.location, ``frontwatch eval location``)
on made-up sentences, and the CI gate on the checking 30% of event_location_dev.jsonl."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.eval.location import _matches, _whole_words, evaluate_event_locations, split_of
from tests.conftest import SHARED, need_shared

LOCATION_DEV = SHARED / "dev" / "event_location_dev.jsonl"
# Recorded in BENCHMARKS.md (checking 30%, records whose spans lie on word boundaries);
# a drop of more than 0.03 fails.
LOCATION_CHECKING_RECORDED = 0.772


def _record(text: str, verb: str, places: list[str]) -> dict:
    start = text.index(verb)
    spans = [[text.index(p), text.index(p) + len(p)] for p in places]
    return {"text": text, "verb": verb, "verb_span": [start, start + len(verb)],
            "locations": places, "location_spans": spans}


# Made-up sentences of the shapes the step must get right.
RECORDS = [
    # a name no gazetteer knows, in the clause's place phrase: that name
    _record("Gunmen shot dead five traders in the Nabi Yunis area of Mosul on Saturday.",
            "shot", ["Nabi Yunis"]),
    # the clause's own place, not the origin of a participant
    _record("A cab driver from Abidjan was shot dead by police at a checkpoint in Bouake.",
            "shot", ["Bouake"]),
    # the place an attack is aimed at
    _record("Rebels shelled the town of Kidal on Monday, officials said.", "shelled", ["Kidal"]),
    # the regional capital named after a comma
    _record("A policeman was shot dead outside the regional capital, Grozny, on Friday.",
            "shot", ["Grozny"]),
    # no place of the event in the sentence: a name reached through "for" is none
    _record("Hundreds demonstrated on Sunday to demand autonomy for Tibet.", "demonstrated", []),
]


def test_split_is_a_fixed_hash_of_the_text():
    assert split_of("A bomb exploded.") == split_of("A bomb exploded.")
    records = [json.dumps(r) for r in RECORDS] + [f"sentence {i}" for i in range(200)]
    share = sum(split_of(t) == "checking" for t in records) / len(records)
    assert 0.2 < share < 0.4


def test_spans_off_their_words_are_left_out_of_the_headline():
    good = _record("Troops patrolled Kabul.", "patrolled", ["Kabul"])
    shifted = dict(good, location_spans=[[1, 4]], locations=["roo"])
    assert _whole_words(good) and not _whole_words(shifted)
    assert _matches(good, (16, 21)) and not _matches(good, (0, 6))


@pytest.mark.slow
def test_made_up_sentences_get_their_places(pipeline, tmp_path):
    path = tmp_path / "locations.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = evaluate_event_locations(str(path), pipeline, "all")
    assert result["with_place"] == 4 and result["scorable"] == 4
    assert result["accuracy"] == 1.0
    assert result["no_place_right"] == 1.0


@pytest.mark.slow
def test_cli_prints_the_scores(pipeline, tmp_path):
    path = tmp_path / "locations.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS[:2]), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "location", str(path), "--split", "all", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accuracy"] == 1.0
    bad = CliRunner().invoke(app, ["eval", "location", str(path), "--split", "dev"])
    assert bad.exit_code == 2


def test_a_record_without_spans_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "A bomb exploded."}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="record 1"):
        evaluate_event_locations(str(path), pipeline=None)


@pytest.mark.slow
def test_gate_on_the_checking_part(pipeline):
    need_shared(LOCATION_DEV)
    result = evaluate_event_locations(str(LOCATION_DEV), pipeline, "checking")
    assert result["accuracy"] >= LOCATION_CHECKING_RECORDED - 0.03, result
