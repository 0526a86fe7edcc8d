"""Faults a new user hits on the command line (issue 14, section 4), one test each.

``--db`` takes plain paths and URLs, and a command that only reads creates no store;
``--version``; flags shown without a value type; ``--format``/``--json`` the same on every
command that prints records; a reader that goes away (``| head``) ends a command quietly;
the events table fits the terminal; the first run's gazetteer build says what it builds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.store import Store
from tests.store.conftest import report

FRONTWATCH = [sys.executable, "-c", "from frontwatch.cli import app; app(prog_name='frontwatch')"]
LONG_PLACE = "Deir ez-Zor Governorate Eastern Countryside District"


@pytest.fixture(scope="module")
def store_file(tmp_path_factory) -> Path:
    """A SQLite store of three events, one with a long place name and a date range."""
    path = tmp_path_factory.mktemp("cli") / "events.db"
    with Store.open(f"sqlite:///{path}") as store:
        store.ingest(*report("The army attacked the town, killing 4.", "CGTN", fatalities=4))
        store.ingest(*report("Ministers met in Ankara.", "AFP", event_type="CONSULT", lat=39.92, lon=32.85,
                             country="TR", actor_country="TUR", place="Ankara"))
        store.ingest(*report("Brigades massed east of the river for weeks.", "Reuters", event_type="MOBILIZE",
                             place=LONG_PLACE, day=None, span=(dt.date(2020, 1, 3), dt.date(2020, 2, 1)),
                             time_precision=3))
    return path


def _events(*args: str, columns: int = 200) -> typer.testing.Result:
    return CliRunner().invoke(app, ["events", *args], env={"COLUMNS": str(columns)})


# --db: plain paths and URLs ------------------------------------------------------------

def test_db_takes_plain_paths_and_sqlite_urls(store_file, monkeypatch):
    monkeypatch.chdir(store_file.parent)
    for spelling in ("events.db", str(store_file), "sqlite:///events.db", f"sqlite:///{store_file}",
                     f"sqlite:///./{store_file.name}"):
        result = _events("--db", spelling, "--json")
        assert result.exit_code == 0, (spelling, result.output)
        assert len(result.stdout.splitlines()) == 3, spelling
    assert str(store_file).startswith("/") and f"sqlite:///{store_file}".startswith("sqlite:////")


def test_three_slashes_before_a_missing_directory_say_how_to_write_an_absolute_path(tmp_path, monkeypatch):
    """``sqlite:///tmp/x.db`` read in another directory: the error says it was relative, and how to
    write the absolute path the user meant."""
    monkeypatch.chdir(tmp_path)
    meant = tmp_path / "elsewhere" / "x.db"
    meant.parent.mkdir()
    relative = str(meant).lstrip("/")
    result = _events("--db", f"sqlite:///{relative}")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "does not exist" in result.stderr and "relative" in result.stderr
    assert f"sqlite:///{meant}" in result.stderr and f"just {meant}" in result.stderr
    # once a store is there, the same mistake says the same, and the suggestion works
    Store.open(str(meant)).close()
    again = _events("--db", f"sqlite:///{relative}")
    assert again.exit_code == 2 and f"just {meant}" in again.stderr and not (tmp_path / "tmp").exists()
    assert _events("--db", str(meant), "--json").exit_code == 0


READING_COMMANDS = [["events"], ["events", "--json"], ["events", "--explain", "x"], ["export"],
                    ["export", "--out", "out.csv", "-f", "acled"], ["control"], ["control", "--json"], ["feeds"],
                    ["serve"]]


@pytest.mark.parametrize("args", READING_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("spelling", ["evnets.db", "sqlite:///evnets.db"])
def test_a_command_that_only_reads_refuses_a_store_that_does_not_exist(tmp_path, monkeypatch, args, spelling):
    """A mistyped --db: one line naming the file, status 2, and no empty store left behind
    (it used to be created and read as "0 events")."""
    import uvicorn

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("serve started on a store that is not there"))
    result = CliRunner().invoke(app, [*args, "--db", spelling], env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert f"{tmp_path / 'evnets.db'} does not exist" in result.stderr and "ingest" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no store, no -wal or -shm, no --out file


def test_a_read_only_store_must_exist_and_a_writing_one_is_created(tmp_path):
    """The same spelling: a reading open refuses it, a writing open (ingest, batch, watch)
    creates the store, which a reading open then reads."""
    from frontwatch.store import StoreError

    path = tmp_path / "new.db"
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(str(path), read_only=True)
    assert not path.exists()
    Store.open(str(path)).close()
    with Store.open(str(path), read_only=True) as store:
        assert store.events() == []


@pytest.mark.parametrize("command", ["ingest", "events", "export", "serve", "control"])
def test_db_help_names_plain_paths_and_both_url_forms(command):
    text = " ".join(CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "300"}).stdout.split())
    assert "events.db" in text and "sqlite:///relative.db" in text and "sqlite:////absolute.db" in text
    assert "postgresql://" in text


# --version, flags, output options ----------------------------------------------------------

def test_version():
    from importlib.metadata import version

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"frontwatch {version('frontwatch')}"


def _commands(command=None, path=()):
    """(path, click command) for ``frontwatch`` and every subcommand and group under it."""
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_flags_are_shown_without_a_value_type():
    seen = 0
    for path, _command in _commands():
        text = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).stdout
        assert "<bool>" not in text, f"frontwatch {' '.join(path)} --help shows a flag as taking a value"
        seen += 1
    assert seen > 10
    help_text = CliRunner().invoke(app, ["events", "--help"], env={"COLUMNS": "200"}).stdout
    json_line = next(line for line in help_text.splitlines() if "--json" in line)
    assert "<" not in json_line


@pytest.mark.parametrize("command", ["extract", "places", "events", "control"])
def test_every_command_that_prints_records_takes_format_and_json(command):
    text = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
    assert "--format" in text and "-f" in text and "--json" in text


def test_json_is_short_for_the_json_format(store_file):
    db = str(store_file)
    assert _events("--db", db, "--json").stdout == _events("--db", db, "-f", "jsonl").stdout
    records = json.loads(_events("--db", db, "--format", "json").stdout)
    assert [json.loads(line) for line in _events("--db", db, "--json").stdout.splitlines()] == records
    clash = _events("--db", db, "--json", "--format", "table")
    assert clash.exit_code == 2 and "--json" in clash.output
    unknown = _events("--db", db, "--format", "xml")
    assert unknown.exit_code == 2 and "choose one of table, jsonl, json" in " ".join(unknown.output.split())
    control = CliRunner().invoke(app, ["control", "--db", db, "-f", "json"])
    assert control.exit_code == 0 and json.loads(control.stdout) == []


# | head ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["export"], ["export", "--format", "acled"], ["export", "--format", "gdelt"], ["export", "--format", "geojson"],
    ["events"], ["events", "--json"], ["events", "--format", "json"], ["control"], ["control", "--json"],
], ids=" ".join)
def test_a_reader_that_goes_away_ends_the_command_quietly(store_file, args):
    """As ``frontwatch export | head -0``: the pipe's reading end is closed before the command
    writes, every write fails with EPIPE; the command says nothing and exits 0."""
    process = subprocess.Popen([*FRONTWATCH, *args, "--db", str(store_file)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "120"})
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    code = process.wait(timeout=120)
    assert code == 0 and "rror" not in stderr and "Broken pipe" not in stderr and "Traceback" not in stderr, stderr
    if args[0] != "export":
        assert stderr == ""


def _into_a_closed_pipe(*args: str) -> tuple[int, str]:
    """(exit status, standard error) of ``frontwatch ARGS | head -0``."""
    process = subprocess.Popen([*FRONTWATCH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "COLUMNS": "120"})
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    return process.wait(timeout=600), stderr


def test_typing_info_into_a_closed_pipe_ends_quietly():
    assert _into_a_closed_pipe("typing", "info") == (0, "")


@pytest.mark.slow
@pytest.mark.parametrize("as_json", [[], ["--json"]], ids=["table", "json"])
def test_eval_into_a_closed_pipe_ends_quietly(tmp_path, as_json):
    """``eval`` prints its tables on the same console as the other commands (it ended with status 1)."""
    text = "Shelling hit Homs overnight."
    corpus = tmp_path / "mini.jsonl"
    corpus.write_text(json.dumps({"docid": "1", "text": text, "toponyms": [
        {"start": text.index("Homs"), "end": text.index("Homs") + 4, "phrase": "Homs", "lat": 34.73, "lon": 36.71},
    ]}) + "\n", encoding="utf-8")
    assert _into_a_closed_pipe("eval", "geo", str(corpus), *as_json) == (0, "")


def test_help_and_version_into_a_closed_pipe_say_nothing():
    for args in (["--help"], ["--version"], ["events", "--help"]):
        process = subprocess.Popen([*FRONTWATCH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.stderr.close()
        process.wait(timeout=120)
        assert stderr == "", (args, stderr)


# the events table ------------------------------------------------------------------------------

def test_events_table_fits_80_columns_with_names_cut(store_file):
    result = _events("--db", str(store_file), columns=80)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.startswith("id"))
    assert header.split()[:3] == ["id", "date", "type"] and "place" in header
    mobilize = next(line for line in lines if "MOBILIZE" in line)
    assert "…" in mobilize and LONG_PLACE not in mobilize  # the long name cut, not wrapped
    assert len(lines) == 2 + 1 + 3  # title, header, rule, one line per event: nothing wraps
    ids = {json.loads(line)["event_id"] for line in _events("--db", str(store_file), "--json").stdout.splitlines()}
    assert ids == {line.split()[0] for line in lines[3:]}  # ids whole, copyable into --explain


def test_events_table_at_200_columns_shows_every_column_whole(store_file):
    result = _events("--db", str(store_file), columns=200)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 200
    header = next(line for line in lines if line.startswith("id"))
    assert header.split() == ["id", "date", "type", "actor1", "actor2", "place", "fatal.", "sources", "conf."]
    assert any(LONG_PLACE in line for line in lines) and "2020-01-03..2020-02-01" in result.stdout
    assert "…" not in result.stdout


def test_events_json_keeps_every_field_whatever_the_width(store_file):
    narrow = _events("--db", str(store_file), "--json", columns=40).stdout
    wide = _events("--db", str(store_file), "--json", columns=200).stdout
    assert narrow == wide
    record = next(json.loads(line) for line in narrow.splitlines() if "MOBILIZE" in line)
    assert record["location"]["name"] == LONG_PLACE and {"evidence", "sources", "confidence"} <= set(record)


# the first run's gazetteer ---------------------------------------------------------------------------

@pytest.mark.slow
def test_the_first_run_says_what_it_builds(tmp_path):
    """Off a terminal the gazetteer build prints one plain line per step (a bar on a terminal)."""
    env = {**os.environ, "FRONTWATCH_GAZETTEER_PATH": str(tmp_path / "gazetteer.sqlite")}
    result = subprocess.run([*FRONTWATCH, "gazetteer", "info", "--top", "1"], capture_output=True, text=True,
                            env=env, timeout=900)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("building the place-name gazetteer") and str(tmp_path) in lines[0]
    steps = [line.removeprefix("gazetteer: ") for line in lines[1:]]
    assert steps[-1] == "built" and len(steps) == len(set(steps)) >= 6
    assert "towns and cities, with their other names" in steps and "provinces" in steps and "districts" in steps
    assert not any("\x1b" in line or "━" in line for line in lines)  # no bar, no escape codes off a terminal
    again = subprocess.run([*FRONTWATCH, "gazetteer", "info", "--top", "1"], capture_output=True, text=True, env=env,
                           timeout=300)
    assert again.returncode == 0 and again.stderr == ""  # built once
