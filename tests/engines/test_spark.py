"""The Spark engine in local mode: the same events as the local engine, the store filled."""

from __future__ import annotations

import pytest

from frontwatch.engines import read_events, read_rejects, run_spark

pytestmark = pytest.mark.slow


def test_spark_local_and_the_local_engine_produce_the_same_events(spark, archive, local_run, tmp_path):
    out, local = local_run
    report = run_spark([str(archive)], str(tmp_path / "events"), spark=spark, chunk=3)
    assert read_events(tmp_path / "events") == read_events(out)
    assert (report.articles, report.events) == (local.articles, local.events)
    assert sorted(r["origin"] for r in read_rejects(tmp_path / "events")) == sorted(r["origin"] for r in read_rejects(out))
    assert list((tmp_path / "events").glob("date=*/part-*.parquet"))


def test_spark_writes_jsonl_and_ingests_into_the_store(spark, archive, local_run, tmp_path):
    from frontwatch.store import Store

    url = f"sqlite:///{tmp_path / 'events.db'}"
    run_spark([str(archive)], str(tmp_path / "events"), spark=spark, fmt="jsonl", db=url, chunk=2)
    assert read_events(tmp_path / "events") == read_events(local_run[0])
    with Store.open(url) as store:
        counts = store.counts()
    assert (counts["articles"], counts["event_sources"]) == (local_run[1].articles, local_run[1].events)
