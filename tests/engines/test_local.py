"""The local engine: the in-process pipeline's events, rejects, resumption, the store."""

from __future__ import annotations

import json

import pytest

from frontwatch.engines import read_events, read_rejects, run_local
from frontwatch.engines.output import MANIFEST

pytestmark = pytest.mark.slow


def test_two_workers_give_exactly_the_events_of_the_pipeline(local_run, expected):
    out, report = local_run
    events, rejected = expected
    assert read_events(out) == events
    assert report.events == len(events) and report.articles == 7
    assert sorted(r["origin"] for r in read_rejects(out)) == rejected
    assert all(set(r) == {"origin", "reason"} and r["reason"] for r in read_rejects(out))


def test_parquet_is_partitioned_by_event_date(local_run):
    out, _ = local_run
    for record in read_events(out):
        day = record["date"] or "__HIVE_DEFAULT_PARTITION__"
        assert list(out.glob(f"date={day}/part-*.parquet"))


def test_an_interrupted_run_redoes_only_the_unrecorded_task(local_run, archive, tmp_path):
    out, _ = local_run
    copy = tmp_path / "events"
    copy.mkdir()
    for path in out.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    lines = (copy / MANIFEST).read_text("utf-8").splitlines()
    # The last task finished but was never recorded, and a line was cut off mid-write.
    (copy / MANIFEST).write_text("\n".join(lines[:-1]) + '\n{"task": "cut off', "utf-8")
    report = run_local([str(archive)], copy, workers=1, chunk=3)
    assert (report.tasks_run, report.tasks_skipped) == (1, len(lines) - 1)
    assert read_events(copy) == read_events(out)
    again = run_local([str(archive)], copy, workers=1, chunk=3)
    assert again.tasks_run == 0 and read_events(copy) == read_events(out)


def test_jsonl_output_holds_the_same_records(archive, expected, tmp_path):
    out = tmp_path / "events"
    run_local([str(archive)], out, workers=1, fmt="jsonl", chunk=4)
    assert read_events(out) == expected[0]
    first = next(out.rglob("part-*.jsonl")).read_text("utf-8").splitlines()[0]
    assert json.loads(first)["event_id"]


def test_parallel_workers_leave_the_store_as_one_sequential_ingest_does(archive, pipeline, tmp_path):
    from frontwatch.read import read_inputs
    from frontwatch.store import Store
    from frontwatch.store.commands import ingest_results

    parallel, sequential = f"sqlite:///{tmp_path / 'parallel.db'}", f"sqlite:///{tmp_path / 'sequential.db'}"
    run_local([str(archive)], tmp_path / "events", workers=2, chunk=1, db=parallel)
    with Store.open(sequential) as store:
        ingest_results(store, pipeline.run(read_inputs([str(archive)])))
    with Store.open(parallel) as a, Store.open(sequential) as b:
        assert a.events(limit=None) == b.events(limit=None)
        assert a.counts() == b.counts()
