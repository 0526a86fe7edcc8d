"""Fusion rules, without a database: matching criteria, components, merged fields."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import REPO, SHARED, need_shared

from frontwatch.store.fusion import (
    ReportKey,
    StoredReport,
    cliques,
    components,
    fuse,
    haversine_km,
    match,
    match_all,
    plan,
    tolerance_km,
)


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


# -- strictness: no chaining, one report per article, region containment --------------------


@pytest.mark.parametrize(
    "other, matches",
    [
        ({"acled_sub_event_type": "Attack"}, False),  # another ACLED sub-event type
        ({"acled_event_type": None, "acled_sub_event_type": None}, False),
        # a report that names only the province matches a town inside it, however far from its centre
        ({"latitude": 37.0, "geo_precision": 3, "feature": "admin1", "admin1": "Idlib"}, True),
        ({"latitude": 37.0, "geo_precision": 3, "feature": "admin1", "admin1": "Aleppo"}, False),
        ({"latitude": 37.0, "geo_precision": 3, "feature": "place", "admin1": "Idlib"}, False),  # a town is no province
    ],
)
def test_match_types_and_regions(other, matches):
    a = key(acled_event_type="Battles", acled_sub_event_type="Armed clash", country="SY", admin1="Idlib", feature="place")
    b = key("b", "B", **{"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash", "country": "SY",
                         "admin1": "Idlib", "feature": "place", **other})
    assert (match(a, b) is not None) is matches
    assert (match(b, a) is not None) is matches


@pytest.mark.parametrize(
    "middle, last",
    [
        ({"latitude": 35.07}, {"latitude": 35.14}),  # 8 km steps: the two ends are 16 km apart
        ({"date_lo": dt.date(2020, 2, 9), "date_hi": dt.date(2020, 2, 9)},
         {"date_lo": dt.date(2020, 2, 10), "date_hi": dt.date(2020, 2, 10)}),  # two days apart
        ({"actor1_country": None}, {"actor1_country": "TUR"}),  # unknown between two different actors
        ({"latitude": 37.0, "geo_precision": 3, "feature": "admin1"}, {"latitude": 35.5, "geo_precision": 1}),  # two towns of one province
    ],
)
def test_two_happenings_never_chain_through_a_third_report(middle, last):
    where = {"country": "SY", "admin1": "Idlib", "feature": "place"}
    keys = [key("a", "A", **where), key("b", "B", **{**where, **middle}), key("c", "C", **{**where, **last})]
    edges = match_all(keys)
    assert {(e["a"], e["b"]) for e in edges} == {("a", "b"), ("b", "c")}
    groups = cliques(keys, edges)
    assert ["a", "b", "c"] not in groups and not any({"a", "c"} <= set(g) for g in groups)


def _report(event_id, article, sentence, **fields):
    defaults = {"evidence": {"sentence": sentence}, "acled_event_type": "Battles", "acled_sub_event_type": "Armed clash",
                "location": {"lat": 35.0, "lon": 36.0, "geo_precision": 1}}
    return _record(event_id, article, **{**defaults, **fields})


def test_a_syndicated_copy_fuses_one_to_one_with_its_original():
    first, second = "Troops shelled the town at dawn.", "Rebels hit back at the town by night."
    original = [_report("o1", "orig", first), _report("o2", "orig", second)]
    copy_ = [_report("c1", "copy", first), _report("c2", "copy", second)]
    cut = [_report("t1", "cut", first)]
    result = plan(copy_ + cut, [StoredReport(r, r["event_id"], r["event_id"]) for r in original])
    assert sorted(sorted(e.members) for e in result.write) == [["c1", "o1", "t1"], ["c2", "o2"]]
    assert (result.new, result.merged) == (0, 3)
    assert result.stale == ["o1", "o2"]  # an event is named by its smallest report id: c1 and c2 now
    assert result.moved == {"o1": "c1", "o2": "c2"} and result.regrouped == {"o1": "c1", "o2": "c1"}
    assert len(set(result.component_of.values())) == 1  # one component, two events: no chaining


def test_the_plan_does_not_depend_on_what_is_stored_first():
    reports = [_report(f"r{i}", f"art{i % 3}", f"Report {i} of the shelling.", date=f"2020-02-0{8 + i % 2}",
                       date_start=None, date_end=None) for i in range(6)]
    at_once = plan(reports, [])
    stored = [StoredReport(r, at_once.fused_of[r["event_id"]], at_once.component_of[r["event_id"]]) for r in reports[:4]]
    later = plan(reports[4:], stored)
    rebuilt = {**{s.record["event_id"]: s.fused_id for s in stored}, **later.fused_of}
    assert rebuilt == at_once.fused_of
    assert all(len({r["article_id"] for r in e.reports}) == len(e.members) for e in at_once.write)


def test_a_plan_rewrites_only_events_whose_members_change():
    a, b = _report("a", "A", "Troops shelled the town."), _report("b", "B", "Troops shelled the town.")
    stored = [StoredReport(a, "a", "a"), StoredReport(b, "a", "a")]
    c = _report("c", "C", "Fighting far away.", location={"lat": 20.0, "lon": 20.0, "geo_precision": 1})
    result = plan([c], stored)
    assert [e.fused_id for e in result.write] == ["c"] and result.fused_of == {"a": "a", "b": "a", "c": "c"}
    assert (result.moved, result.regrouped, result.stale) == ({}, {}, [])


def _in_province(made, name, lat, feature="place", admin1="Idlib"):
    article, events = made
    events[0].location = {"text": name, "name": name, "geonameid": None, "country": "SY", "admin1": admin1,
                          "lat": lat, "lon": 36.8, "feature": feature, "geo_precision": 3 if feature == "admin1" else 1}
    return article, events


def test_a_report_naming_only_the_province_fuses_with_a_town_in_it(store, make_report):
    store.ingest(*_in_province(make_report("Fighting in Idlib province.", "CGTN"), "Idlib", 38.0, "admin1"))
    store.ingest(*_in_province(make_report("Clashes in a town of Idlib.", "AFP"), "Kafr Town", 35.86))  # 240 km off
    store.ingest(*_in_province(make_report("Clashes in Aleppo.", "BBC"), "Aleppo", 36.2, admin1="Aleppo"))
    events = store.events(limit=None)
    assert sorted(e["num_articles"] for e in events) == [1, 2]
    [reason] = store.explain(next(e["event_id"] for e in events if e["num_articles"] == 2))["reasons"]
    assert "Kafr Town lies in Idlib, which the other report names" in reason


# -- real articles through the pipeline -----------------------------------------------------

SAMPLE_ARTICLE = REPO / "examples" / "sample-article.txt"
CGTN = SHARED / "corpus" / "cgtn-2020-02-09-idlib.txt"
TRAIN_ATTACK = ("voa-8006651", "voa-8007760", "voa-8009976", "voa-8011076")  # one hijacking, four VOA reports


def _analyse(pipeline, articles):
    return {r.article.id: r for r in pipeline.run(articles)}


def _ingest(store, results):
    for result in results:
        store.ingest(result.article, result.events, result.document.control_claims)


def _copies(article, cut_at):
    """The article again under another id, and a copy cut after its first ``cut_at`` characters."""
    import dataclasses

    ignored = [(start, min(end, cut_at), why) for start, end, why in article.ignored if start < cut_at]
    return [dataclasses.replace(article, id=f"copy-of-{article.id}", origin="copy"),
            dataclasses.replace(article, id=f"cut-of-{article.id}", origin="cut", text=article.text[:cut_at], ignored=ignored)]


def _assert_strict(store):
    """No event holds two reports of one article, and every two reports of an event match."""
    for event in store.events(limit=None):
        explanation = store.explain(event["event_id"])
        n = len(explanation["members"])
        assert len(explanation["articles"]) == n, explanation["members"]
        assert len(explanation["edges"]) == n * (n - 1) // 2, explanation["reasons"]


@pytest.fixture(scope="module")
def copied(pipeline):
    """Pipeline results per article for the syndication test: original, copy and cut copy."""
    from frontwatch.read import read_inputs

    def run(path, cut_at):
        [article] = read_inputs([str(path)])
        results = _analyse(pipeline, [article, *_copies(article, cut_at)])
        return results[article.id], [r for i, r in results.items() if i != article.id]

    return run


@pytest.mark.slow
def test_copies_of_the_sample_article_fuse_one_to_one(store, copied):
    original, copies = copied(SAMPLE_ARTICLE, 500)
    _ingest(store, [original])
    alone = store.counts()["events"]
    _ingest(store, copies)
    assert alone >= 4 and store.counts()["events"] == alone
    assert {e["num_articles"] for e in store.events(limit=None)} >= {2, 3}
    _assert_strict(store)


@pytest.mark.slow
def test_copies_of_a_wire_story_fuse_one_to_one(store, copied):
    """Issue 14: 11 events, then a copy under another id and one cut after 1,500 characters: still 11."""
    need_shared(CGTN)
    original, copies = copied(CGTN, 1500)
    _ingest(store, [original])
    assert store.counts()["events"] == 11
    _ingest(store, copies)
    assert store.counts()["events"] == 11
    assert sorted(e["num_articles"] for e in store.events(limit=None)).count(3) >= 4  # the cut copy joins 4+
    _assert_strict(store)


@pytest.fixture(scope="module")
def train_attack(pipeline):
    """The four VOA reports of the Jaffar Express hijacking, with their published dates from the references."""
    import json

    from frontwatch.read.text import read_text

    paths = [(SHARED / "corpus" / "voa" / f"{n}.txt", SHARED / "gold" / "voa" / f"{n}.json") for n in TRAIN_ATTACK]
    need_shared(*(p for pair in paths for p in pair))
    articles = []
    for text, gold in paths:
        meta = json.loads(gold.read_text(encoding="utf-8"))
        articles.append(read_text(text.read_text(encoding="utf-8"), text.stem, title=meta.get("title"),
                                  published=dt.date.fromisoformat(meta["published"]), source=meta.get("source"),
                                  url=meta.get("url")))
    return list(_analyse(pipeline, articles).values())


@pytest.mark.slow
def test_four_reports_of_one_hijacking_give_one_event(store, train_attack):
    _ingest(store, train_attack)
    told = store.events(since="2025-03-10", until="2025-03-12", country="PAK", limit=None)
    [event] = [e for e in told if e.get("acled_sub_event_type") == "Abduction/forced disappearance"]  # the hostage-taking
    assert event["num_articles"] >= 3 and event["location"]["admin1"] == "Balochistan"
    _assert_strict(store)


@pytest.mark.slow
def test_the_hijacking_fuses_the_same_in_any_order(make_store, train_attack):
    seen = []
    for order in (train_attack, train_attack[::-1]):
        store = make_store()
        _ingest(store, order)
        seen.append(sorted((e["event_id"], e["num_articles"]) for e in store.events(limit=None)))
    assert seen[0] == seen[1]
