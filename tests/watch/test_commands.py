"""``frontwatch watch`` and ``frontwatch feeds`` on the command line (rounds that need no pipeline)."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from frontwatch.cli import app
from frontwatch.commands.watch_cmd import parse_every
from tests.watch.site import rss, story


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_watch_and_feeds_are_documented(runner):
    listing = runner.invoke(app, ["--help"]).stdout
    assert "watch" in listing and "feeds" in listing
    for option in ("--once", "--every", "--since", "--workers", "--db"):
        assert option in runner.invoke(app, ["watch", "--help"]).stdout


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("5m", 300), ("1h", 3600), ("1h30m", 5400), ("45", 45)])
def test_every_reads_durations(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "5 minutes", "0s", "m", "-5m"])
def test_every_refuses_what_is_not_a_duration(text):
    with pytest.raises(typer.BadParameter):
        parse_every(text)


def test_a_list_without_feeds_is_one_error_each(runner, tmp_path):
    listed = tmp_path / "feeds.txt"
    listed.write_text("not a url\n")
    result = runner.invoke(app, ["watch", str(listed), "--db", str(tmp_path / "events.db"), "--once"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"failed {listed}:1: not a feed URL (http:// or https://): 'not a url'",
        "error: no feed to watch: give feed URLs or a file of them",
    ]


def test_a_round_where_every_feed_fails_exits_2_and_feeds_shows_why(runner, site, tmp_path):
    gone = site.status("/gone.xml", 404)
    db = f"sqlite:///{tmp_path / 'events.db'}"
    result = runner.invoke(app, ["watch", gone, "--db", db, "--once", "--host-interval", "0"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"failed feed {gone}: HTTP 404 Not Found",
        "round 1: 1 feeds polled (0 unchanged, 1 failed), 0 items new, 0 articles stored (0 already stored, "
        "0 before --since, 0 rejected), events 0 new / 0 merged, 1 errors",
    ]
    listed = runner.invoke(app, ["feeds", "--db", db, "--json"])
    assert listed.exit_code == 0
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["url"], row["status"], row["last_error"]) == (gone, "error", "HTTP 404 Not Found")
    table = runner.invoke(app, ["feeds", "--db", db])
    assert "1 feeds" in table.stdout and "404" in table.stdout


def test_items_before_since_are_left_out_without_loading_the_pipeline(runner, site, tmp_path):
    feed = site.feed("/rss.xml", rss(site.url, "Wire", [("/news/0.html", story(0))]))
    db = f"sqlite:///{tmp_path / 'events.db'}"
    result = runner.invoke(app, ["watch", feed, "--db", db, "--once", "--since", "2026-11-01", "--host-interval", "0"])
    assert result.exit_code == 0, result.stderr
    assert "1 items new, 0 articles stored" in result.stderr and site.count("/news/0.html") == 0


def test_feeds_on_a_missing_store_is_one_error(runner, tmp_path):
    result = runner.invoke(app, ["feeds", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and result.stderr.startswith("error: ")


def test_the_packaged_watch_settings_are_the_watchs_own_defaults():
    """data/defaults.toml's watch_* keys give what a WatchOptions() made in code has: the two never drift."""
    from frontwatch.settings import load_settings
    from frontwatch.watch import DEFAULT_EVERY_S, FetchOptions, WatchOptions, watch_options

    settings = load_settings()
    assert watch_options(settings) == WatchOptions(fetch=FetchOptions(max_bytes=settings.max_article_bytes))
    assert parse_every(settings.watch_every) == DEFAULT_EVERY_S


def test_watch_settings_come_from_the_config_file_and_the_environment_and_flags_win(tmp_path, monkeypatch):
    import datetime as dt

    from frontwatch.settings import load_settings
    from frontwatch.watch import watch_options

    config = tmp_path / "config.toml"
    config.write_text('watch_every = "5m"\nwatch_workers = 2\nwatch_host_interval_s = 0.25\nwatch_retries = 0\n', "utf-8")
    monkeypatch.setenv("FRONTWATCH_CONFIG", str(config))
    monkeypatch.setenv("FRONTWATCH_WATCH_TIMEOUT_S", "7.5")
    settings = load_settings()
    options = watch_options(settings)
    assert (settings.watch_every, options.workers, options.threads) == ("5m", 2, 4)
    assert (options.fetch.host_interval_s, options.fetch.retries, options.fetch.timeout_s) == (0.25, 0, 7.5)
    flagged = watch_options(settings, since=dt.date(2026, 11, 1), workers=1, timeout_s=3.0, host_interval_s=None)
    assert (flagged.workers, flagged.fetch.timeout_s, flagged.fetch.host_interval_s) == (1, 3.0, 0.25)
    assert flagged.since == dt.date(2026, 11, 1)
    with pytest.raises(TypeError, match="no setting every"):
        watch_options(settings, every="5m")
