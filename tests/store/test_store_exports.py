"""Exports: exact ACLED and GDELT column lists, ACLED/GDELT codes, GeoJSON, JSONL, PLOVER."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from frontwatch.records import ActorMention
from frontwatch.store.exports import ACLED_COLUMNS, FORMATS, GDELT_COLUMNS, export
from frontwatch.store.exports.acled import inter_code, interaction

ACLED_31 = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
GDELT_61 = """GLOBALEVENTID SQLDATE MonthYear Year FractionDate Actor1Code Actor1Name Actor1CountryCode
Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code
Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode
EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type
Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long
Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code
Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode
ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()


@pytest.fixture
def filled(store, make_report):
    """A store with a fused two-source battle in Syria, a consultation in Germany, and an unlocated event."""
    article, events = make_report("On Saturday, the army attacked rebels in the town, killing 12.", "CGTN", fatalities=12)
    events[0].actor2 = ActorMention("rebels", 30, 36, "Rebels", "SYR", ["REB"])
    store.ingest(article, events)
    store.ingest(*make_report("Soldiers fought insurgents; 8 died.", "Reuters", fatalities=8))
    store.ingest(*make_report("Ministers met in Berlin.", "AFP", event_type="CONSULT", lat=52.52, lon=13.40,
                              country="DE", actor_country="DEU", day=dt.date(2020, 2, 7)))
    store.ingest(*make_report("Somewhere, something happened.", "BBC", lat=None, event_type="CONSULT"))
    return store


def _export(store, fmt):
    out = io.StringIO()
    count = export(store.iter_events(), fmt, out)
    return count, out.getvalue()


def test_acled_columns_and_codes(filled):
    count, text = _export(filled, "acled")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert ACLED_COLUMNS == ACLED_31 and list(rows[0]) == ACLED_31 and count == len(rows) == 1  # the battle: ACLED codes no consultation
    battle = next(r for r in rows if r["event_type"] == "Battles")
    assert battle["event_id_cnty"].startswith("SYR") and battle["event_date"] == "2020-02-08"
    assert (battle["iso"], battle["region"], battle["country"]) == ("760", "Middle East", "Syria")
    assert (battle["inter1"], battle["inter2"], battle["interaction"]) == ("1", "2", "12")
    assert battle["disorder_type"] == "Political violence" and battle["fatalities"] == "8"
    assert battle["notes"].startswith("On 8 February 2020, ") and battle["notes"].endswith("[fatalities: 8, lowest reported]")
    assert battle["source"] == "CGTN; Reuters" and battle["latitude"] == "35.86"
    assert all(r["country"] != "Germany" for r in rows)  # a consultation: ACLED does not code it


@pytest.mark.parametrize(
    "sectors, country, acled_type, expected",
    [
        (["MIL", "GOV"], "SYR", "", 1),
        (["MIL"], "TUR", "", 8),  # state forces abroad: external/other forces
        (["IGO"], "IGO", "", 8),
        (["REB"], "SYR", "", 2),
        (["CVL"], "SYR", "", 7),
        (["CVL"], "SYR", "Protests", 6),
        (["OPP"], "SYR", "Riots", 5),
        (["POL"], "SYR", "", 1),  # police are state forces
        (["POL"], "SYR", "Protests", 1),  # police at a protest stay state forces
    ],
)
def test_acled_inter_codes(sectors, country, acled_type, expected):
    assert inter_code({"sectors": sectors, "country": country}, "SYR", acled_type) == expected


def test_acled_interaction():
    assert interaction(1, 2) == interaction(2, 1) == 12
    assert interaction(1, 0) == 10 and interaction(7, 7) == 77


def test_gdelt_columns_and_codes(filled):
    count, text = _export(filled, "gdelt")
    lines = text.splitlines()
    assert GDELT_COLUMNS == GDELT_61 and lines[0].split("\t") == GDELT_61 and count == 3
    rows = [dict(zip(GDELT_61, line.split("\t"))) for line in lines[1:]]
    assert all(len(line.split("\t")) == 61 for line in lines)
    battle = next(r for r in rows if r["EventRootCode"] == "19")
    assert (battle["SQLDATE"], battle["MonthYear"], battle["Year"]) == ("20200208", "202002", "2020")
    assert (battle["EventCode"], battle["EventBaseCode"], battle["QuadClass"], battle["GoldsteinScale"]) == ("190", "190", "4", "-10.0")
    assert (battle["NumMentions"], battle["NumSources"], battle["NumArticles"]) == ("2", "2", "2")
    assert battle["Actor1Code"] == "SYRMIL" and battle["Actor1CountryCode"] == "SYR" and battle["Actor2Code"] == "SYRREB"
    assert battle["ActionGeo_CountryCode"] == "SY" and battle["ActionGeo_Type"] == "4"
    assert battle["SOURCEURL"].startswith("https://example.org/")
    german = next(r for r in rows if r["ActionGeo_Lat"] == "52.52")
    assert german["ActionGeo_CountryCode"] == "GM"  # FIPS 10-4, not ISO's DE
    assert (german["ActionGeo_ADM1Code"], german["ActionGeo_FeatureID"]) == ("", "")  # no FIPS/GNS ids for towns
    assert (german["EventCode"], german["QuadClass"], german["GoldsteinScale"]) == ("040", "1", "1.0")


def test_geojson_is_a_feature_collection(filled):
    count, text = _export(filled, "geojson")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == count == 3
    battle = next(f for f in collection["features"] if f["properties"]["event_type"] == "ASSAULT")
    assert battle["geometry"] == {"type": "Point", "coordinates": [36.80, 35.86]}
    assert battle["properties"]["num_sources"] == 2


def test_jsonl_and_plover(filled):
    _, text = _export(filled, "jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert {r["num_articles"] for r in records} == {1, 2}
    _, text = _export(filled, "plover")
    plover = [json.loads(line) for line in text.splitlines()]
    battle = next(p for p in plover if p["event"] == ["ASSAULT"])
    for name in ("id", "date", "enddate", "actor", "recipient", "event", "mode", "context", "event_loc", "cite_info", "size"):
        assert name in battle
    assert battle["actor"][0]["code"] == "SYR" and battle["recipient"][0]["code"] == "SYR"
    assert battle["event_loc"]["lat"] == 35.86 and battle["context"] == ["military"] and battle["quad_code"] == 4
    assert battle["size"] == {"dead": 8} and battle["frontwatch"]["num_sources"] == 2


def test_unknown_format_names_the_choices():
    with pytest.raises(ValueError, match="acled, gdelt, geojson, jsonl, plover"):
        export([], "xml", io.StringIO())
    assert set(FORMATS) == {"acled", "gdelt", "geojson", "jsonl", "plover"}
