"""frontwatch ingest / events / export on both backends; exit codes; rejections recorded."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.pipeline import Result
from frontwatch.records import Event, Rejected
from frontwatch.store import Store
from frontwatch.store.commands import EXIT_NOTHING_DONE, EXIT_OK, EXIT_SOME_REJECTED, ingest_results
from frontwatch.store.exports import ACLED_COLUMNS

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def db(make_url, make_report) -> str:
    url = make_url()
    with Store.open(url) as store:
        store.ingest(*make_report("The army attacked the town, killing 4.", "CGTN", fatalities=4))
        store.ingest(*make_report("Troops stormed the town; 3 died.", "Reuters", fatalities=3))
        store.ingest(*make_report("Ministers met in Ankara.", "AFP", event_type="CONSULT", lat=39.92, lon=32.85,
                                  country="TR", actor_country="TUR"))
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_events_table_filters_and_json(db):
    result = runner.invoke(app, ["events", "--db", db, "--country", "SYR", "--type", "ASSAULT", "--since", "2020-02-01"])
    assert result.exit_code == 0, result.output
    assert "1 events" in result.stdout and "Military" in result.stdout
    result = runner.invoke(app, ["events", "--db", db, "--json"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["num_sources"] for r in records) == [1, 2]


def test_events_explain(db):
    records = json.loads(runner.invoke(app, ["events", "--db", db, "--json", "--type", "ASSAULT"]).stdout)
    result = runner.invoke(app, ["events", "--db", db, "--explain", records["event_id"]])
    assert result.exit_code == 0, result.output
    assert "2 report(s) from 2 article(s)" in result.stdout and "merged because" in result.stdout
    assert "lowest reported figure" in result.stdout
    missing = runner.invoke(app, ["events", "--db", db, "--explain", "nope"])
    assert missing.exit_code == EXIT_NOTHING_DONE and "no event 'nope'" in missing.stderr


def test_export_to_stdout_and_file(db, tmp_path):
    result = runner.invoke(app, ["export", "--db", db, "--format", "acled"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ACLED_COLUMNS and len(rows) == 1  # the battle; ACLED does not code the meeting
    out = tmp_path / "events.geojson"
    result = runner.invoke(app, ["export", "--db", db, "--format", "geojson", "--out", str(out), "--type", "CONSULT"])
    assert result.exit_code == 0 and len(json.loads(out.read_text())["features"]) == 1
    bad = runner.invoke(app, ["export", "--db", db, "--format", "xml"])
    assert bad.exit_code == EXIT_NOTHING_DONE and "unknown" in bad.stderr


def test_unopenable_store_exits_2_with_one_line(tmp_path):
    result = runner.invoke(app, ["events", "--db", f"sqlite:///{tmp_path}/no/such/dir/e.db"])
    assert result.exit_code == EXIT_NOTHING_DONE
    assert result.stderr.count("\n") == 1 and "does not exist" in result.stderr


def test_ingest_results_records_rejections_and_goes_on(store, make_report):
    good = make_report("The army attacked the town.", "CGTN")
    broken_article, _ = make_report("A report the store refuses.", "AFP")
    broken = [Event(article_id="another-article", event_type="ASSAULT", cameo_root="19", evidence={})]
    seen = []
    summary = ingest_results(
        store,
        [Rejected("feed/a.html", "not UTF-8"), Result(broken_article, broken, None), Result(*good, None)],
        seen.append,
    )
    assert summary.articles == 1 and summary.exit_code == EXIT_SOME_REJECTED
    assert seen[0] == "feed/a.html: not UTF-8" and seen[2] is None
    assert [r["origin"] for r in store.rejections()] == ["feed/a.html", broken_article.origin]
    assert store.counts()["articles"] == 1
    assert ingest_results(store, [Result(*good, None)]).exit_code == EXIT_OK
    assert ingest_results(store, [Rejected("x", "empty")]).exit_code == EXIT_NOTHING_DONE


def test_every_command_is_documented():
    for name in ("ingest", "events", "export"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "--db" in result.stdout


@pytest.mark.slow
def test_ingest_end_to_end_through_the_real_pipeline(sample_path, tmp_path, backend, make_url):
    pytest.importorskip("frontwatch.read", reason="frontwatch.read is not written yet")
    pytest.importorskip("frontwatch.stages", reason="frontwatch.stages is not written yet")
    url = make_url().replace("postgresql+psycopg://", "postgresql://")
    missing = tmp_path / "missing.txt"
    first = runner.invoke(app, ["ingest", str(sample_path), str(missing), "--db", url])
    assert first.exit_code == EXIT_SOME_REJECTED, first.output
    assert "missing.txt" in first.stderr and "1 articles stored, 1 rejected" in first.stderr
    with Store.open(url) as store:
        counts = store.counts()
        assert counts["articles"] == 1 and counts["rejections"] == 1
        events = store.events(limit=None)
    again = runner.invoke(app, ["ingest", str(sample_path), "--db", url])
    assert again.exit_code == EXIT_OK and "0 new, 0 merged" in again.stderr
    with Store.open(url) as store:
        assert store.counts()["event_sources"] == counts["event_sources"]
        assert store.events(limit=None) == events
