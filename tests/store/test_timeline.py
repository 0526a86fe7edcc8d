"""Resolving control claims into timelines: recency, attestation, disputes (plain dicts, no model)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.records import ControlClaim, controller_key, place_key
from frontwatch.store.timeline import control_on, periods, timelines

TOWN = {"text": "Kafr Town", "name": "Kafr Town", "geonameid": 101, "country": "SY", "admin1": "Province",
        "lat": 35.0, "lon": 36.0, "feature": "place"}
ROAD = {"text": "the M9 highway", "name": "M9", "geonameid": None, "country": "SY", "admin1": None,
        "lat": None, "lon": None, "feature": "road"}
ARMY = {"text": "the army", "name": "Military Forces of Syria", "country": "SYR", "sectors": ["MIL"]}
GOVT = {"text": "government forces", "name": "Government of Syria", "country": "SYR", "sectors": ["GOV"]}
REBELS = {"text": "rebels", "name": "Rebel Groups (Syria)", "country": "SYR", "sectors": ["REB"]}


def claim(controller, day, article="a1", confidence=0.6, place=TOWN, kind="statement", at=0):
    return ControlClaim(
        article_id=article, kind=kind, place=place, controller=controller, date=dt.date.fromisoformat(day),
        evidence={"sentence": f"{controller['text']} hold it ({article})", "char_start": at, "char_end": at + 10},
        confidence=confidence, source=article.upper(), published=dt.date.fromisoformat(day),
    ).to_dict()


def test_a_later_claim_starts_a_new_period_and_closes_the_old():
    result = periods([claim(REBELS, "2020-01-01"), claim(ARMY, "2020-02-08", article="a2")])
    assert [(p["controller_key"], p["since"], p["until"]) for p in result] == [
        ("SYR:opposition", "2020-01-01", "2020-02-08"),
        ("SYR:government", "2020-02-08", None),
    ]


def test_claims_for_the_same_side_extend_one_period():
    result = periods([claim(ARMY, "2020-02-01"), claim(GOVT, "2020-02-05", article="a2")])
    assert len(result) == 1 and len(result[0]["evidence"]) == 2
    assert result[0]["confidence"] == pytest.approx(1 - 0.4 * 0.4)


def test_same_day_disagreement_goes_to_the_better_attested_and_stays_visible():
    day = "2020-02-08"
    result = periods([claim(REBELS, day, "a1", 0.7), claim(ARMY, day, "a2", 0.6), claim(GOVT, day, "a3", 0.6)])
    assert [p["controller_key"] for p in result] == ["SYR:government"]  # 0.84 beats 0.7
    assert [d["source"] for d in result[0]["disputed"]] == ["A1"]


def test_one_article_counts_once():
    day = "2020-02-08"
    same_article = [claim(REBELS, day, "a1", 0.6, at=i) for i in range(3)]
    result = periods([*same_article, claim(ARMY, day, "a2", 0.7)])
    assert result[0]["controller_key"] == "SYR:government"


def test_control_on_uses_only_what_was_known_by_that_day():
    claims = [claim(REBELS, "2020-01-01"), claim(ARMY, "2020-02-08", article="a2")]
    assert control_on(claims, dt.date(2019, 12, 31)) == []
    assert control_on(claims, dt.date(2020, 2, 7))[0]["controller_key"] == "SYR:opposition"
    latest = control_on(claims, dt.date(2020, 3, 1))[0]
    assert latest["controller_key"] == "SYR:government" and latest["until"] is None


def test_unresolved_roads_are_places_by_name_and_country():
    result = timelines([claim(ARMY, "2020-02-07", place=ROAD), claim(REBELS, "2020-02-07", place=TOWN, article="a2")])
    assert [t["place"]["name"] for t in result] == ["Kafr Town", "M9"]
    assert place_key(ROAD) == "road:m9:sy" and place_key(TOWN) == "gn:101"


def test_a_change_claim_wins_a_tie():
    day = "2020-02-08"
    result = periods([claim(REBELS, day, "a1", 0.6), claim(ARMY, day, "a2", 0.6, kind="change")])
    assert result[0]["controller_key"] == "SYR:government"


@pytest.mark.parametrize(
    ("actor", "key"),
    [(ARMY, "SYR:government"), (REBELS, "SYR:opposition"), ({"country": None, "sectors": ["CVL"]}, "?:other")],
)
def test_controller_keys(actor, key):
    assert controller_key(actor) == key


def test_change_events_become_claims_dated_by_the_event():
    record = {"event_id": "e1", "article_id": "a1", "date": "2020-02-08", "published": "2020-02-09",
              "confidence": 0.8, "source": "AGENCY", "evidence": {"sentence": "s", "char_start": 0, "char_end": 1},
              "control_change": {"place": TOWN, "new_controller": ARMY, "previous_controller": REBELS}}
    made = ControlClaim.from_change(record)
    assert (made.kind, made.date, made.event_id, made.confidence) == ("change", dt.date(2020, 2, 8), "e1", 0.8)
    record["control_change"]["new_controller"] = None  # "withdrew from" with nobody named
    assert ControlClaim.from_change(record) is None


def test_claim_ids_are_stable_and_kinds_checked():
    assert claim(ARMY, "2020-02-08")["claim_id"] == claim(ARMY, "2020-02-08")["claim_id"]
    with pytest.raises(ValueError, match="kind 'rumour'"):
        ControlClaim("a", "rumour", TOWN, ARMY, None, {})
