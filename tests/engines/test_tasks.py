"""Planning and reading tasks: no model needed."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from frontwatch.engines.tasks import Done, Task, Unit, plan, read_task
from frontwatch.read import read_inputs
from frontwatch.records import Article, Rejected

MAX_BYTES = 5_000_000


def _read_all(tasks: list[Task]) -> list[Article | Rejected]:
    return [item for task in tasks for item in read_task(task, MAX_BYTES)]


def _shape(items) -> list[tuple[str, str]]:
    return [(i.origin, i.id if isinstance(i, Article) else i.reason) for i in items]


def test_tasks_read_exactly_what_read_inputs_reads(archive):
    tasks, rejected = plan([str(archive)], chunk=2)
    assert _shape([*_read_all(tasks), *rejected]) == _shape(read_inputs([str(archive)]))


def test_jsonl_is_split_into_line_ranges_and_small_files_packed(archive):
    tasks, _ = plan([str(archive)], chunk=3)
    feed, sample = str(archive / "feed.jsonl"), str(archive / "wire" / "sample.txt")
    assert [[u.key for u in t.units] for t in tasks] == [
        [[feed, 1, 3]], [[feed, 4, 6]], [[feed, 7, 7], [sample, 0, 0]],
    ]
    assert len({t.id for t in tasks}) == 3


def test_an_empty_directory_is_rejected_by_name(archive):
    _, rejected = plan([str(archive / "empty")])
    assert [r.origin for r in rejected] == [str(archive / "empty")]


def test_done_units_are_skipped_and_a_grown_file_resumes_where_it_stopped(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": f"Story number {i}."}) + "\n" for i in range(1, 6)))
    done = Done([[str(feed), 1, 2], [str(feed), 3, 5]])
    assert plan([str(feed)], chunk=2, done=done)[0] == []
    with feed.open("a") as stream:
        stream.write(json.dumps({"text": "Story number 6."}) + "\n")
    tasks, _ = plan([str(feed)], chunk=2, done=done)
    assert [u.key for t in tasks for u in t.units] == [[str(feed), 6, 6]]
    assert [a.origin for a in _read_all(tasks)] == [f"{feed}:6"]


@pytest.mark.parametrize(
    ("ranges", "total", "left"),
    [([], 5, [(1, 5)]), ([(2, 3)], 5, [(1, 1), (4, 5)]), ([(1, 5)], 5, []), ([(4, 9)], 5, [(1, 3)])],
)
def test_remaining_ranges(ranges, total, left):
    assert Done([["f", a, b] for a, b in ranges]).remaining("f", total) == left


def test_parquet_rows_read_as_the_same_articles_as_jsonl_lines(tmp_path):
    records = [{"id": None, "text": f"Troops entered town {i} on Monday.", "published": f"2020-02-0{i}"} for i in range(1, 6)]
    records[2]["text"] = ""
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "news.parquet", row_group_size=2)
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    from_rows = _read_all(plan([str(tmp_path / "news.parquet")], chunk=2)[0])
    from_lines = _read_all(plan([str(tmp_path / "news.jsonl")], chunk=2)[0])
    assert [(i.origin.rsplit(":", 1)[1], getattr(i, "id", None)) for i in from_rows] == [
        (i.origin.rsplit(":", 1)[1], getattr(i, "id", None)) for i in from_lines
    ]
    assert isinstance(from_rows[2], Rejected) and from_rows[2].origin.endswith("news.parquet:3")
    assert from_rows[0].published.isoformat() == "2020-02-01"


def test_globs_expand_and_a_pattern_matching_nothing_is_rejected(archive):
    tasks, rejected = plan([str(archive / "**" / "*.txt"), str(archive / "*.nothing")])
    assert [u.path for t in tasks for u in t.units] == [str(archive / "wire" / "sample.txt")]
    assert [r.reason for r in rejected] == ["the pattern matches no file"]


def test_a_missing_file_is_one_rejected_input():
    items = _read_all([Task((Unit("/nonexistent/feed.jsonl"),))])
    assert [type(i) for i in items] == [Rejected] and items[0].origin == "/nonexistent/feed.jsonl"
