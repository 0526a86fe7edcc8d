"""``frontwatch batch``: the command over the engines."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.engines import read_events

runner = CliRunner()


def test_batch_is_documented():
    result = runner.invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--engine", "--workers", "--master", "--format", "--db", "--chunk"):
        assert option in result.stdout
    assert "batch" in runner.invoke(app, ["--help"]).stdout


def test_an_unknown_engine_is_refused():
    result = runner.invoke(app, ["batch", "x", "--out", "y", "--engine", "dask"])
    assert result.exit_code == 2 and "--engine" in result.output


@pytest.mark.slow
def test_batch_writes_events_and_exits_1_when_some_inputs_were_rejected(archive, local_run, tmp_path):
    out = tmp_path / "events"
    result = runner.invoke(app, ["batch", str(archive), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "feed.jsonl:4" in result.output and "1 rejected" in result.output
    assert read_events(out) == read_events(local_run[0])
