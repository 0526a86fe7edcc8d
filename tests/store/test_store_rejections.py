"""Rejections counted once per input and reason (migration 3), read-only stores, literal LIKE filters; both backends."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, inspect
from sqlalchemy.exc import OperationalError, ProgrammingError, InternalError

from frontwatch.records import Rejected
from frontwatch.store import Store, StoreError
from frontwatch.store.commands import ingest_results
from frontwatch.store.migrations import LATEST, MIGRATIONS, current_version
from frontwatch.store.models import Rejection, SchemaVersion
from frontwatch.store.store import database_url

# What each backend raises when a read-only connection is asked to write.
READ_ONLY_ERRORS = (OperationalError, ProgrammingError, InternalError)


def test_the_same_rejection_again_counts_on_one_row(store):
    store.record_rejection("feed/a.html", "not UTF-8")
    store.record_rejection("feed/b.html", "empty file")
    store.record_rejection("feed/a.html", "not UTF-8")
    store.record_rejection("feed/a.html", "binary content")
    rows = store.rejections(counted=True)
    assert [(r["origin"], r["reason"], r["count"]) for r in rows] == [
        ("feed/a.html", "not UTF-8", 2), ("feed/b.html", "empty file", 1), ("feed/a.html", "binary content", 1)]
    assert rows[0]["last_seen"] > rows[0]["first_seen"]
    assert store.counts()["rejections"] == 3


def test_rerunning_a_batch_records_its_rejections_once(store, make_report):
    batch = [Rejected("feed/x.jsonl:2", "not valid JSON"), Rejected("missing.txt", "no such file or directory")]
    for _ in range(3):
        ingest_results(store, batch)
    assert [r["count"] for r in store.rejections(counted=True)] == [3, 3]
    assert store.rejections() == [{"origin": "feed/x.jsonl:2", "reason": "not valid JSON"},
                                  {"origin": "missing.txt", "reason": "no such file or directory"}]


def test_a_version_2_database_keeps_its_rejections_counted(make_url):
    url = make_url()
    engine = create_engine(database_url(url))
    now = dt.datetime(2020, 2, 9, tzinfo=dt.timezone.utc)
    with engine.begin() as conn:
        for number, description, apply in MIGRATIONS[:2]:
            apply(conn)
            conn.execute(SchemaVersion.__table__.insert().values(version=number, description=description, applied_at=now))
        conn.execute(Rejection.__table__.insert(), [
            {"origin": "a.txt", "reason": "empty file", "recorded_at": now},
            {"origin": "b.txt", "reason": "binary", "recorded_at": now},
            {"origin": "a.txt", "reason": "empty file", "recorded_at": now + dt.timedelta(days=1)},
        ])
    engine.dispose()
    with Store.open(url) as store:
        with store.engine.connect() as conn:
            assert current_version(conn) == LATEST >= 3
        assert not inspect(store.engine).has_table("rejections")
        rows = store.rejections(counted=True)
        assert [(r["origin"], r["count"]) for r in rows] == [("a.txt", 2), ("b.txt", 1)]
        assert rows[0]["first_seen"][:10] == "2020-02-09" and rows[0]["last_seen"][:10] == "2020-02-10"
        store.record_rejection("a.txt", "empty file")
        assert store.rejections(counted=True)[0]["count"] == 3


def test_a_read_only_store_reads_but_cannot_write(make_url, make_report):
    url = make_url()
    with Store.open(url) as writer:
        writer.ingest(*make_report("The army attacked the town.", "CGTN"))
    reader = Store.open(url, read_only=True)
    try:
        assert len(reader.events()) == 1
        with pytest.raises(READ_ONLY_ERRORS, match="(?i)read-?only"):
            reader.record_rejection("x.txt", "empty file")
        with pytest.raises(StoreError, match="not stored"):
            reader.ingest(*make_report("Soldiers shelled the village.", "AFP"))
    finally:
        reader.close()
    with Store.open(url) as writer:
        assert writer.counts()["articles"] == 1 and writer.counts()["rejections"] == 0


def test_a_read_only_store_upgrades_an_older_schema_first(make_url):
    url = make_url()
    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        number, description, apply = MIGRATIONS[0]
        apply(conn)
        conn.execute(SchemaVersion.__table__.insert().values(version=number, description=description,
                                                             applied_at=dt.datetime.now(dt.timezone.utc)))
    engine.dispose()
    with Store.open(url, read_only=True) as reader:
        with reader.engine.connect() as conn:
            assert current_version(conn) == LATEST
        assert reader.control_claims() == [] and reader.rejections() == []


def test_a_missing_sqlite_store_is_not_created_read_only(tmp_path):
    with pytest.raises(StoreError, match="no store there"):
        Store.open(f"sqlite:///{tmp_path}/events.db", read_only=True)
    assert not (tmp_path / "events.db").exists()


@pytest.mark.parametrize("needle", ["%", "_", "' OR 1=1 --", "Forces%", "Militar_"])
def test_like_wildcards_in_filters_are_literal_characters(store, make_report, needle):
    store.ingest(*make_report("The army attacked the town.", "CGTN"))
    assert store.events(actor="Military") and store.events(actor="military forces")
    assert store.events(actor=needle) == []
    assert store.control_claims(place=needle) == []
