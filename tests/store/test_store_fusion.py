"""Fusion rules, without a database: matching criteria, components, merged fields."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.store.fusion import ReportKey, components, fuse, haversine_km, match, tolerance_km


def key(id_="a", article="A", **overrides) -> ReportKey:
    fields = dict(id=id_, article_id=article, event_type="ASSAULT", date_lo=dt.date(2020, 2, 8),
                  date_hi=dt.date(2020, 2, 8), latitude=35.0, longitude=36.0, geo_precision=1,
                  actor1_country="SYR", time_precision=1)
    fields.update(overrides)
    return ReportKey(**fields)


def test_haversine_one_degree_of_latitude():
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.2, abs=0.2)


@pytest.mark.parametrize("precisions, km", [((1, 1), 10), ((1, 2), 50), ((3, 1), 150), ((None, 1), 150)])
def test_tolerance_follows_the_coarser_place(precisions, km):
    assert tolerance_km(*precisions) == km


@pytest.mark.parametrize(
    "other, matches",
    [
        ({}, True),
        ({"article_id": "A"}, False),  # never within one article
        ({"event_type": "PROTEST"}, False),
        ({"actor1_country": None}, True),
        ({"actor1_country": "TUR"}, False),
        ({"latitude": 35.08}, True),  # ~9 km
        ({"latitude": 35.1}, False),  # ~11 km
        ({"latitude": 35.4, "geo_precision": 2}, True),  # ~44 km within 50
        ({"date_lo": dt.date(2020, 2, 9), "date_hi": dt.date(2020, 2, 9)}, True),
        ({"date_lo": dt.date(2020, 2, 10), "date_hi": dt.date(2020, 2, 10)}, False),
        ({"date_lo": dt.date(2020, 2, 1), "date_hi": dt.date(2020, 2, 14), "time_precision": 2}, True),
        ({"date_lo": dt.date(2019, 12, 1), "date_hi": dt.date(2020, 2, 9), "time_precision": 3}, False),
        ({"latitude": None}, False),
        ({"date_lo": None, "date_hi": None}, False),
    ],
)
def test_match_criteria(other, matches):
    b = key("b", "B", **other)
    assert (match(key(), b) is not None) is matches
    assert (match(b, key()) is not None) is matches  # symmetric


def test_match_explains_itself():
    edge = match(key("z"), key("b", "B", latitude=35.05, actor1_country=None))
    assert edge["a"] == "b" and edge["b"] == "z"  # canonical order
    assert edge["actor1_country"] == "one unknown (SYR)" and edge["date_gap_days"] == 0
    assert 5 < edge["distance_km"] < 6 and edge["tolerance_km"] == 10


def test_components_are_order_free():
    links = [("c", "d"), ("a", "b"), ("d", "e")]
    assert components("edcba", links) == components("abcde", reversed(links)) == [["a", "b"], ["c", "d", "e"]]


def _record(event_id, article, **fields):
    record = {"event_id": event_id, "article_id": article, "event_type": "ASSAULT", "confidence": 0.5,
              "source": article.upper(), "published": "2020-02-09", "evidence": {"sentence": event_id},
              "date": "2020-02-08", "date_start": "2020-02-08", "date_end": "2020-02-08", "time_precision": 1,
              "quantities": []}
    record.update(fields)
    return record


def test_fuse_takes_conservative_and_precise_fields_with_provenance():
    reports = [
        _record("r2", "b", fatalities=30, location={"lat": 1, "lon": 1, "geo_precision": 2}, confidence=0.9,
                quantities=[{"kind": "killed", "value": 30, "text": "30"}]),
        _record("r1", "a", fatalities=25, location={"lat": 1.01, "lon": 1, "geo_precision": 1},
                quantities=[{"kind": "killed", "value": 25, "text": "25"}], time_precision=2,
                date=None, date_start="2020-02-03", date_end="2020-02-09"),
        _record("r3", "c", fatalities=None, source="A"),
    ]
    record, fusion = fuse(reports, [])
    assert record["event_id"] == "r1" and fusion["members"] == ["r1", "r2", "r3"]
    assert record["fatalities"] == 25 and fusion["provenance"]["fatalities"]["event_id"] == "r1"
    assert record["location"]["geo_precision"] == 1
    assert record["date"] == "2020-02-08" and record["time_precision"] == 1  # r2/r3 are more precise than r1
    assert record["evidence"] == {"sentence": "r2"}  # the most confident report leads
    assert record["quantities"] == [{"kind": "killed", "value": 25, "text": "25", "event_id": "r1"}]
    assert (record["num_sources"], record["num_articles"], record["num_mentions"]) == (2, 3, 3)
    assert record["source"] == "A; B"
    assert fuse(list(reversed(reports)), []) == (record, fusion)
