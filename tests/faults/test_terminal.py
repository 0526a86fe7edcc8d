"""An article's words never reach the terminal as markup or control codes.

A store holds an article whose source, place and sentence carry Rich markup (a bold red
link to another site), ANSI and OSC sequences (clear the screen, a hidden hyperlink), an
8-bit CSI and a right-to-left override. Each command that prints article strings runs
through the CLI with its output captured: the markup is printed as text, every control
character as its escape, and none reaches the output raw.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.store import Store
from frontwatch.terminal import dumps, printable, safe
from tests.store.conftest import report

MARKUP = "[bold red][link=https://evil.example/]Reuters[/link][/]"
ESCAPES = "\x1b[2J\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ \x9b31m \u202eevil"
RAW = ("\x1b", "\x9b", "\u202e")
WIDE = {"COLUMNS": "1000"}  # no folding of long cells: the shown text stays on one line


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> tuple[str, str]:
    """A SQLite store with one hostile article, its event a control change; (URL, event id)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('terminal') / 'events.db'}"
    article, events = report(f"The army took Kafr Town on Saturday. {ESCAPES}", MARKUP + ESCAPES,
                             place=f"Kafr {MARKUP}{ESCAPES}")
    event = events[0]
    event.control_change = {"place": event.location, "new_controller": event.actor1.to_dict(), "previous_controller": None}
    with Store.open(url) as store:
        store.ingest(article, events)
        (stored,) = store.events()
    return url, stored["event_id"]


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def _assert_shown_as_text(output: str) -> None:
    assert not any(code in output for code in RAW), repr(output)
    assert "[link=https://evil.example/]Reuters[/link]" in output  # the markup, as text
    assert "\\x1b[2J" in output and "\\x9b31m" in output and "\\u202eevil" in output


@pytest.mark.parametrize("command", [["control", "--date", "2020-02-09"], ["control"], ["events"], ["events", "--explain"]])
def test_tables_and_explanations_print_article_strings_as_text(hostile_store, command):
    url, event_id = hostile_store
    args = [*command, event_id] if command[-1] == "--explain" else command
    output = _run(*args, "--db", url)
    if command == ["events"]:  # the table shows the place but not the source
        assert not any(code in output for code in RAW) and "[bold red]" in output
        return
    _assert_shown_as_text(output)


@pytest.mark.parametrize("command", [["control", "--date", "2020-02-09", "--json"], ["events", "--json"],
                                     ["events", "--json", "--explain"]])
def test_json_output_escapes_control_characters_and_keeps_the_data(hostile_store, command):
    url, event_id = hostile_store
    args = [*command, event_id] if command[-1] == "--explain" else command
    output = _run(*args, "--db", url)
    assert not any(code in output for code in RAW), repr(output)
    whole = command[0] == "control" or "--explain" in command  # one document, else JSON lines
    data = json.loads(output) if whole else [json.loads(line) for line in output.splitlines()]
    assert any(ESCAPES in text for text in _strings(data))  # the same strings once parsed


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [text for item in items for text in _strings(item)]


def test_the_extract_table_prints_article_strings_as_text(tmp_path, pipeline):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "x", "source": MARKUP, "published": "2020-02-09",
                                "text": f"Gunmen attacked an army post near Gao on Sunday, killing four soldiers. {ESCAPES}"}) + "\n")
    output = _run("extract", str(feed), "--format", "table")
    assert "ASSAULT" in output and not any(code in output for code in RAW), repr(output)


def test_the_helpers():
    assert printable("a\x1b[31mb\u202ec\n") == "a\\x1b[31mb\\u202ec\\n"
    assert safe(MARKUP).plain == MARKUP and safe(None).plain == ""
    assert json.loads(dumps({"s": ESCAPES})) == {"s": ESCAPES} and not any(code in dumps(ESCAPES) for code in RAW)
