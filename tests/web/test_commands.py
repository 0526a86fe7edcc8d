"""``frontwatch control`` and ``frontwatch serve --help`` through the real CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_control_on_a_day_prints_who_held_each_place(sample_db):
    result = runner.invoke(app, ["control", "--db", sample_db, "--date", "2020-02-09", "--json"])
    assert result.exit_code == 0, result.output
    held = {row["place"]["name"]: row for row in json.loads(result.stdout)}
    assert held["Saraqib"]["controller"]["country"] == "SYR" and held["Saraqib"]["controller_key"] == "SYR:government"


def test_control_for_one_place_prints_its_timeline_as_a_table(sample_db):
    result = runner.invoke(app, ["control", "--db", sample_db, "--place", "Saraqib"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Saraqib" in result.stdout and "Military Forces of Syria (SYR)" in result.stdout
    assert "M4" not in result.stdout


def test_control_rejects_a_bad_date_in_one_line(sample_db):
    result = runner.invoke(app, ["control", "--db", sample_db, "--date", "9 Feb"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --date '9 Feb': not a date (use YYYY-MM-DD)"


def test_serve_is_documented():
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--tiles"):
        assert option in result.stdout
