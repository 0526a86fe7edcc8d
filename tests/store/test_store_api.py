"""The Store on SQLite and PostgreSQL: idempotent ingest, fusion, atomicity, queries."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from frontwatch.records import Article, Event
from frontwatch.store import Store, StoreError, database_url

D = dt.date


def test_same_article_twice_changes_nothing(store, make_report):
    article, events = make_report("Troops shelled the town on Saturday.", "CGTN")
    first = store.ingest(article, events)
    counts = store.counts()
    before = store.events()
    again = store.ingest(article, events)
    assert (first.new, first.merged, first.unchanged) == (1, 0, 0)
    assert (again.new, again.merged, again.unchanged) == (0, 0, 1)
    assert store.counts() == counts
    assert store.events() == before


def test_two_articles_on_one_happening_become_one_event_with_two_sources(store, make_report):
    a = make_report("Government troops took the town, killing 12.", "CGTN", fatalities=12, geo_precision=2, confidence=0.9)
    b = make_report("The army captured the town; 7 were killed.", "Reuters", lat=35.87, lon=36.81, fatalities=7,
                    day=D(2020, 2, 9), confidence=0.5)
    store.ingest(*a)
    second = store.ingest(*b)
    assert (second.new, second.merged) == (0, 1)
    [event] = store.events()
    assert event["num_sources"] == 2 and event["num_articles"] == 2
    assert event["fatalities"] == 7  # ACLED: the most conservative report
    assert event["location"]["geo_precision"] == 1  # the most precise place (from b)
    assert event["evidence"]["sentence"] == a[0].text  # the most confident report leads
    assert {s["source"] for s in event["sources"]} == {"CGTN", "Reuters"}
    explanation = store.explain(event["event_id"])
    assert explanation["provenance"]["fatalities"]["article_id"] == b[0].id
    assert explanation["provenance"]["location"]["article_id"] == b[0].id
    [edge] = explanation["edges"]
    assert edge["date_gap_days"] == 1 and edge["distance_km"] < edge["tolerance_km"] == 50
    assert "km apart" in explanation["reasons"][0]


@pytest.mark.parametrize(
    "change",
    [
        {"event_type": "CONSULT"},
        {"actor_country": "TUR"},
        {"lat": 36.5},  # about 70 km north, beyond the 10 km of two precise places
        {"day": D(2020, 2, 12)},
        {"lat": None},  # unlocated reports are never fused
    ],
)
def test_reports_that_differ_stay_apart(store, make_report, change):
    store.ingest(*make_report("Troops attacked the town.", "CGTN"))
    store.ingest(*make_report("Soldiers hit the town.", "Reuters", **change))
    assert len(store.events()) == 2


def test_coarse_places_fuse_within_their_wider_tolerance(store, make_report):
    store.ingest(*make_report("Fighting in the province.", "CGTN", geo_precision=3))
    store.ingest(*make_report("Clashes near the town.", "Reuters", lat=36.5))  # ~70 km away, < 150 km
    [event] = store.events()
    assert event["num_articles"] == 2 and event["location"]["lat"] == 36.5  # precision 1 wins


def test_fusion_is_independent_of_ingest_order(make_store, make_report):
    reports = [
        make_report("Shelling hit the town, 9 dead.", "CGTN", fatalities=9),
        make_report("The town was shelled again.", "AFP", lat=35.95, geo_precision=2, fatalities=4),
        make_report("Army shells town.", "Reuters", lat=36.03, geo_precision=2, day=D(2020, 2, 9)),
        make_report("Talks held in the capital.", "BBC", event_type="CONSULT"),
    ]
    results = []
    for order in ([0, 1, 2, 3], [2, 3, 0, 1], [3, 2, 1, 0]):
        store = make_store()
        for i in order:
            store.ingest(*reports[i])
        results.append((store.events(), [store.explain(e["event_id"])["edges"] for e in store.events()]))
    assert results[0] == results[1] == results[2]
    events = results[0][0]
    assert sorted(e["num_articles"] for e in events) == [1, 3]  # every two of the three shelling reports match


def test_failure_mid_article_leaves_no_partial_rows_and_the_batch_goes_on(store, make_report):
    article, events = make_report("Troops attacked the town.", "CGTN")
    bad = Event(article_id=article.id, event_type="ASSAULT", cameo_root="19",
                evidence={"sentence": "x", "char_start": 5, "char_end": 6, "bad": {1, 2}})  # not JSON
    with pytest.raises(StoreError, match=article.id):
        store.ingest(article, [*events, bad])
    assert set(store.counts().values()) == {0}
    store.ingest(*make_report("Another report.", "AFP"))
    assert store.counts()["articles"] == 1 and store.counts()["event_sources"] == 1


def test_events_of_another_article_are_refused_in_one_line(store, make_report):
    article, _ = make_report("One text.", "CGTN")
    _, events = make_report("Another text.", "AFP")
    with pytest.raises(StoreError) as info:
        store.ingest(article, events)
    assert "\n" not in str(info.value) and article.id in str(info.value)


def test_filters(store, make_report):
    store.ingest(*make_report("Troops attacked the town.", "CGTN", confidence=0.9))
    store.ingest(*make_report("Ministers met in Ankara.", "AFP", event_type="CONSULT", lat=39.92, lon=32.85,
                              country="TR", actor_country="TUR", day=D(2020, 1, 5)))
    store.ingest(*make_report("Since December the offensive went on.", "BBC", lat=35.6, lon=36.6, geo_precision=3,
                              span=(D(2019, 12, 1), D(2020, 2, 9)), day=None, time_precision=3, fatalities=300))
    ids = lambda **f: len(store.events(**f))  # noqa: E731
    assert ids() == 3
    assert ids(since="2020-02-01") == 2 and ids(until=D(2020, 1, 10)) == 2
    assert ids(country="SYR") == 2 and ids(country="tr") == 1
    assert ids(type="consult") == 1 and ids(actor="TUR") == 1 and ids(actor="military") == 3
    assert ids(bbox=(30.0, 39.0, 34.0, 41.0)) == 1
    assert ids(q="OFFENSIVE") == 1 and ids(q="100%") == 0
    assert ids(min_confidence=0.8) == 1
    assert ids(limit=2) == 2 and ids(limit=2, offset=2) == 1
    assert len(list(store.iter_events(page=1))) == 3
    with pytest.raises(StoreError, match="since="):
        store.events(since="last week")


def test_event_article_and_rejections(store, make_report):
    a = make_report("Troops attacked the town.", "CGTN")
    b = make_report("Soldiers hit the town.", "Reuters")
    store.ingest(*a)
    store.ingest(*b)
    by_report = store.event(b[1][0].event_id)  # any report id finds its fused event
    assert by_report["event_id"] == min(a[1][0].event_id, b[1][0].event_id)
    assert sorted(by_report["evidence_sentences"]) == sorted([a[0].text, b[0].text])
    assert all("record" in s for s in by_report["sources"])
    assert store.event("nope") is None and store.explain("nope") is None
    article = store.article(a[0].id)
    assert article["text"] == a[0].text and article["published"] == "2020-02-09"
    assert article["events"] == [{"event_id": a[1][0].event_id, "fused_id": by_report["event_id"]}]
    store.record_rejection("feed/broken.html", "not UTF-8")
    assert store.rejections() == [{"origin": "feed/broken.html", "reason": "not UTF-8"}]


def test_concurrent_ingests_fuse_correctly(make_url, make_report):
    url = make_url()
    Store.open(url).close()
    reports = [make_report(f"Report {i} of the attack.", f"Source{i}", lat=35.86 + i * 0.001) for i in range(8)]

    def ingest(item):
        with Store.open(url) as store:
            return store.ingest(*item)

    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(ingest, reports))
    assert sum(r.new + r.merged for r in done) == 8
    with Store.open(url) as store:
        [event] = store.events()
        assert event["num_sources"] == 8 and store.counts()["events"] == 1


def test_reopening_keeps_schema_and_data(make_url, make_report):
    url = make_url()
    with Store.open(url) as store:
        store.ingest(*make_report("Troops attacked the town.", "CGTN"))
    with Store.open(url) as store:
        assert store.counts()["articles"] == 1
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version FROM schema_version").scalars().all() == [1, 2, 3, 4, 5, 6]  # initial schema, control claims, counted rejections, fusion components, watched feeds, moved feeds


def test_a_version_5_store_gets_the_moved_feeds_column(make_url):
    """Migration 6 adds ``watch_feeds.moved_to`` to a store made before it, keeping its feeds."""
    from frontwatch.watch import state

    url = make_url()
    with Store.open(url) as store:
        state.add_feeds(store.engine, ["https://example.org/rss"])
        with store.engine.begin() as conn:  # as version 5 left it
            conn.exec_driver_sql("ALTER TABLE watch_feeds DROP COLUMN moved_to")
            conn.exec_driver_sql("DELETE FROM schema_version WHERE version = 6")
    with Store.open(url) as store:
        [feed] = state.feeds(store.engine)
        assert (feed["url"], feed["moved_to"]) == ("https://example.org/rss", None)
        with store.engine.connect() as conn:
            assert max(conn.exec_driver_sql("SELECT version FROM schema_version").scalars()) == 6


def test_urls_and_open_errors(tmp_path):
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://u@h/db")
    with pytest.raises(StoreError, match="cannot open the store") as info:
        Store.open("postgresql://nobody@127.0.0.1:1/none")
    assert "\n" not in str(info.value)


def test_sqlite_pragmas(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'e.db'}") as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_database_is_in_the_data_directory(tmp_path, monkeypatch):
    class Settings:
        data_dir = tmp_path / "data"

    assert database_url(None, Settings()) == f"sqlite:///{tmp_path / 'data' / 'events.db'}"
    assert (tmp_path / "data").is_dir()


def test_article_ids_are_content_hashes():
    assert Article(text="a  b").id == Article(text="a b").id
