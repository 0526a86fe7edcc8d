"""The control stage (control changes and statements) on short articles through the whole
pipeline (the real model and gazetteer)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.records import Article

pytestmark = pytest.mark.slow
PUBLISHED = dt.date(2021, 3, 10)  # a Wednesday
LEAD = "Shelling hit the city of Homs in Syria. "  # names the place where the recogniser is sure of it


def claims_of(pipeline, text: str) -> list[dict]:
    result = pipeline.process(Article(text=text, source="Agency", published=PUBLISHED))
    return [c.to_dict() for c in result.document.control_claims]


def one(claims: list[dict], name: str) -> dict:
    found = [c for c in claims if c["place"]["name"] == name]
    assert len(found) == 1, f"{name}: {[(c['place']['name'], c['kind']) for c in claims]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "place", "side"),
    [
        (LEAD + "Government forces were in control of Homs, a monitor said.", "Homs", "government"),
        (LEAD + "Homs is controlled by rebels.", "Homs", "opposition"),
        (LEAD + "Homs is held by rebels, residents said.", "Homs", "opposition"),
        (LEAD + "The Syrian army exercises full control over the city of Homs.", "Homs", "government"),
        (LEAD + "Rebel fighters control the town of Homs.", "Homs", "opposition"),
    ],
)
def test_statements_name_the_place_and_its_holder(pipeline, text, place, side):
    claim = one(claims_of(pipeline, text), place)
    assert claim["kind"] == "statement"
    assert claim["controller_key"] == f"SYR:{side}"
    assert claim["evidence"]["sentence"] in text and claim["date"] == PUBLISHED.isoformat()


def test_a_governing_time_expression_dates_the_statement(pipeline):
    text = LEAD + "A monitor said on Monday that government forces were in control of Homs."
    assert one(claims_of(pipeline, text), "Homs")["date"] == "2021-03-08"


def test_hedged_and_negated_statements_are_not_claims(pipeline):
    text = (LEAD + "Government forces were not in control of Homs. "
            "Rebels could control Homs soon.")
    assert claims_of(pipeline, text) == []


def test_qualified_statements_are_partial_and_less_confident(pipeline):
    whole = one(claims_of(pipeline, LEAD + "Homs is controlled by rebels."), "Homs")
    part = one(claims_of(pipeline, LEAD + "Homs is largely controlled by rebels."), "Homs")
    assert part["extent"] == "partial" and part["confidence"] < whole["confidence"]


def test_roads_are_places_even_unresolved(pipeline):
    text = LEAD + "Government forces were in control of the whole M5 highway."
    claim = one(claims_of(pipeline, text), "M5")
    assert claim["place"]["feature"] == "road" and claim["place"]["lat"] is None
    assert claim["extent"] == "whole"


def test_reporters_are_not_holders(pipeline):
    text = LEAD + "Homs is controlled by state television, the report said."
    assert [c for c in claims_of(pipeline, text) if c["controller"]["name"].startswith("Media")] == []


def test_a_change_told_by_a_merged_mention_reaches_the_event_and_its_claim(pipeline):
    text = ("Rebel fighters captured a town in Syria on Tuesday, a monitor said. "
            "The rebels captured the city of Homs on Tuesday.")
    doc = pipeline.process(Article(text=text, source="Agency", published=PUBLISHED)).document
    (event,) = [e for e in doc.events if e.control_change]
    # the kept mention names only the country, too coarse for a change; the merged one names the city
    assert [m.location["name"] for m in doc.frames[event].mentions] == ["Syria", "Homs"]
    assert event.control_change["place"]["name"] == "Homs"
    claim = one([c.to_dict() for c in doc.control_claims], "Homs")
    assert claim["kind"] == "change" and claim["event_id"] == event.event_id
    assert claim["controller_key"] == "SYR:opposition"


def test_a_capture_by_nobody_named_changes_no_holder(pipeline):
    """An implied perpetrator (ACLED's convention) is nobody the text says took the place."""
    doc = pipeline.process(Article(text=LEAD + "Talbiseh was captured on Tuesday.", source="Agency",
                                   published=PUBLISHED)).document
    (capture,) = [e for e in doc.events if e.trigger["text"] == "captured"]
    assert capture.actor1 is not None and capture.actor1.kind == "implied"
    assert capture.control_change is None and doc.control_claims == []
