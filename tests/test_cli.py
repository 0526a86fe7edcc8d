"""The frontwatch command as users run it: formats, inputs, bad input, exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.output import CSV_COLUMNS

pytestmark = pytest.mark.slow

GOOD = "Rebels captured the town of Kafr Nabl on Monday, the Syrian Observatory for Human Rights said."


@pytest.fixture(scope="module")
def runner(pipeline):  # the pipeline fixture loads the model once for the module
    return CliRunner()


def run(runner, *args, stdin=None):
    return runner.invoke(app, list(args), input=stdin)


def test_extract_jsonl_carries_the_schema(runner, sample_path):
    result = run(runner, "extract", str(sample_path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(events) >= 9
    assert {"event_id", "event_type", "location", "evidence", "confidence"} <= set(events[0])


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_extract_other_formats(runner, sample_path, fmt):
    result = run(runner, "extract", str(sample_path), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert isinstance(json.loads(result.stdout), list)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert list(rows[0]) == CSV_COLUMNS and rows[0]["event_type"]
    else:
        assert "events" in result.stdout and "ASSAULT" in result.stdout


def test_extract_stdin_with_publication_date(runner):
    result = run(runner, "extract", "-", "--published", "2021-03-02", "--format", "jsonl", stdin=GOOD)
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["event_type"] == "ASSAULT" and event["date"] == "2021-03-01"
    assert event["attribution"]["name"]


def test_min_confidence_drops_events(runner, sample_path):
    everything = run(runner, "extract", str(sample_path), "--format", "jsonl").stdout.splitlines()
    confident = run(runner, "extract", str(sample_path), "--format", "jsonl", "--min-confidence", "0.99")
    assert confident.exit_code == 0 and len(confident.stdout.splitlines()) < len(everything)


def test_bad_inputs_are_named_and_the_good_ones_still_come_out(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "a1", "text": GOOD, "published": "2021-03-02"}) + "\n"
        + '{"id": "a2", "text": "broken\n'
        + json.dumps({"id": "a3", "title": "no text"}) + "\n"
    )
    result = run(runner, "extract", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 5, result.stderr
    for name in ("empty.txt", "binary.txt", "batch.jsonl:2", "batch.jsonl:3", "missing.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    assert "Traceback" not in result.output
    assert [json.loads(line)["article_id"] for line in result.stdout.splitlines()] == ["a1"]


def test_nothing_readable_exits_2(runner, tmp_path):
    result = run(runner, "extract", str(tmp_path / "nope.txt"), "--format", "jsonl")
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr


def test_bad_option_values_are_refused(runner, sample_path):
    result = run(runner, "extract", str(sample_path), "--published", "09/02/2020")
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_places_jsonl_records(runner, sample_path):
    result = run(runner, "places", str(sample_path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    keys = {"article_id", "text", "char_start", "char_end", "name", "geonameid", "country", "admin1", "lat", "lon", "feature"}
    assert all(set(r) == keys for r in rows)
    damascus = [r for r in rows if r["text"] == "Damascus"]
    assert damascus and all(r["country"] == "SY" for r in damascus)


def test_every_command_is_documented():
    result = CliRunner().invoke(app, ["--help"])
    for command in ("extract", "places", "eval", "ingest", "events", "export", "gazetteer"):
        assert command in result.stdout


def test_eval_geo_scores_a_corpus(runner, tmp_path):
    """`frontwatch eval geo` on a small corpus in LGL's format: a toponym found and placed,
    one missed, one found whose gold has no point (out of the accuracy); each measure on
    a row of its own."""
    text = "Fighting spread to Aleppo on Monday."
    start = text.index("Aleppo")
    corpus = tmp_path / "mini.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [
        {"docid": "1", "text": text, "toponyms": [
            {"start": start, "end": start + 6, "phrase": "Aleppo", "lat": 36.2, "lon": 37.16}]},
        {"docid": "2", "text": "He said so.", "toponyms": [
            {"start": 0, "end": 2, "phrase": "He", "lat": 0.0, "lon": 0.0}]},
        {"docid": "3", "text": "Fighting spread to Aleppo on Monday.", "toponyms": [  # no point
            {"start": start, "end": start + 6, "phrase": "Aleppo", "lat": None, "lon": None}]},
    ]) + "\n", encoding="utf-8")
    scores = json.loads(run(runner, "eval", "geo", str(corpus), "--json").stdout)
    assert (scores["precision"], scores["recall"], scores["acc_161km"]) == (1.0, 0.6667, 1.0)
    table = run(runner, "eval", "geo", str(corpus))
    assert table.exit_code == 0, table.output
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in table.stdout.splitlines() if line.count("│") == 3}
    assert (rows["f1"], rows["acc_161km"]) == ("0.800", "1.000")


@pytest.mark.parametrize("content", ['{"docid": "1", "text": "x"}\n', "not json\n", ""])
def test_eval_geo_names_a_bad_corpus(runner, tmp_path, content):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text(content, encoding="utf-8")
    result = run(runner, "eval", "geo", str(corpus))
    assert result.exit_code == 2 and "bad.jsonl" in result.output and "Traceback" not in result.output
