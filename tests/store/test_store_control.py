"""The store's control claims (migration 2): ingest, timeline, control on a day, on both backends."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, inspect

from frontwatch.records import ControlClaim
from frontwatch.store import Store
from frontwatch.store.migrations import LATEST, MIGRATIONS, current_version
from frontwatch.store.models import SchemaVersion
from frontwatch.store.store import database_url

ROAD = {"text": "the M9", "name": "M9", "geonameid": None, "country": "SY", "admin1": None,
        "lat": None, "lon": None, "feature": "road"}
REBELS = {"text": "rebels", "name": "Rebel Groups (Syria)", "country": "SYR", "sectors": ["REB"]}


def with_change(make_report, text, source, day):
    """An article whose one event hands Kafr Town to the army on ``day``."""
    article, events = make_report(text, source, day=day, published=day + dt.timedelta(days=1))
    event = events[0]
    event.control_change = {"place": event.location, "new_controller": event.actor1.to_dict(), "previous_controller": None}
    return article, events


def statement(article, place, controller, day, confidence=0.6):
    return ControlClaim(article_id=article.id, kind="statement", place=place, controller=controller, date=day,
                        evidence={"sentence": article.text, "char_start": 0, "char_end": len(article.text)},
                        confidence=confidence, source=article.source, published=article.published)


def test_change_events_enter_the_timeline(store, make_report):
    store.ingest(*with_change(make_report, "The army took Kafr Town on Saturday.", "A", dt.date(2020, 2, 8)))
    [held] = store.control_on("2020-02-09")
    assert held["place"]["name"] == "Kafr Town" and held["controller_key"] == "SYR:government"
    assert held["since"] == "2020-02-08" and held["evidence"][0]["source"] == "A"
    assert store.control_on("2020-02-07") == []


def test_claims_and_disputes_survive_the_round_trip(store, make_report):
    article, events = with_change(make_report, "The army took Kafr Town on Saturday.", "A", dt.date(2020, 2, 8))
    store.ingest(article, events)
    other, _ = make_report("Rebels still hold Kafr Town, a commander said.", "B", published=dt.date(2020, 2, 8))
    place = events[0].location
    store.ingest(other, [], [statement(other, place, REBELS, dt.date(2020, 2, 8), confidence=0.4),
                             statement(other, ROAD, REBELS, dt.date(2020, 2, 8))])
    [town] = store.control_timeline("Kafr")
    [period] = town["periods"]
    assert period["controller_key"] == "SYR:government"  # 0.6 (army, change) beats 0.4
    assert [d["source"] for d in period["disputed"]] == ["B"]
    on_day = {p["place"]["name"]: p["controller_key"] for p in store.control_on(dt.date(2020, 2, 9))}
    assert on_day == {"Kafr Town": "SYR:government", "M9": "SYR:opposition"}


def test_ingesting_twice_changes_nothing(store, make_report):
    pair = with_change(make_report, "The army took Kafr Town on Saturday.", "A", dt.date(2020, 2, 8))
    store.ingest(*pair)
    store.ingest(*pair)
    assert len(store.control_claims()) == 1


def test_a_claim_from_the_stage_replaces_the_event_derived_one(store, make_report):
    article, events = with_change(make_report, "The army took Kafr Town on Saturday.", "A", dt.date(2020, 2, 8))
    claim = ControlClaim.from_change({**events[0].to_dict(), "source": "A", "published": "2020-02-09"})
    claim.place = dict(claim.place, name="Kafr Town proper", geonameid=4242)
    claim.claim_id = ""
    claim.__post_init__()
    store.ingest(article, events, [claim])
    assert [c["place"]["name"] for c in store.control_claims()] == ["Kafr Town proper"]


def test_a_version_1_database_is_migrated(make_url):
    url = make_url()
    engine = create_engine(database_url(url))
    number, description, apply = MIGRATIONS[0]
    with engine.begin() as conn:
        apply(conn)
        conn.execute(SchemaVersion.__table__.insert().values(version=number, description=description,
                                                             applied_at=dt.datetime.now(dt.timezone.utc)))
    assert not inspect(engine).has_table("control_claims")
    engine.dispose()
    with Store.open(url) as store:
        assert inspect(store.engine).has_table("control_claims")
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST >= 2
        assert store.control_claims() == []
