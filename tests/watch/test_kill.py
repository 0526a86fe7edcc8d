"""A watch killed with SIGKILL in the middle of a round, then started again, leaves the same
store as a round never interrupted, and fetches no page it had already stored."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from frontwatch.store import Store
from frontwatch.watch import Watcher, WatchOptions, read_feed_list
from tests.watch.conftest import QUICK
from tests.watch.site import article_html, atom, rss, story

pytestmark = pytest.mark.slow

ITEMS = 20
# How long the killed run may take to load its pipeline and store its first articles (seconds).
START_LIMIT_S = 240


def snapshot(url: str) -> dict[str, list]:
    """Everything the store holds that a watch writes, without timestamps."""
    queries = {
        "articles": "SELECT id, url, title, published, source, text FROM articles ORDER BY id",
        "reports": "SELECT id, fused_id, article_id FROM event_sources ORDER BY id",
        "events": "SELECT id, record, num_sources, num_articles FROM events ORDER BY id",
        "components": "SELECT report_id, component FROM report_components ORDER BY report_id",
        "claims": "SELECT id FROM control_claims ORDER BY id",
        "items": "SELECT url, state, article_id FROM watch_items ORDER BY url",
        "rejections": "SELECT origin, reason FROM rejected_inputs ORDER BY origin",
    }
    with Store.open(url) as store, store.engine.connect() as conn:
        return {name: [tuple(_plain(v) for v in row) for row in conn.exec_driver_sql(sql)] for name, sql in queries.items()}


def _plain(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else value


def stored_count(path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM watch_items WHERE state = 'stored'").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def watch_command(feeds, db) -> list[str]:
    return [sys.executable, "-c", "from frontwatch.cli import app; app()", "watch", str(feeds), "--db", f"sqlite:///{db}", "--once",
            "--host-interval", "0", "--timeout", "5"]


def test_sigkill_mid_round_then_restart_equals_an_uninterrupted_round(site, pipeline, tmp_path):
    paths = []
    for n in range(ITEMS):
        paths.append((f"/news/{n}.html", story(n)))
        site.page(paths[-1][0], article_html(story(n), with_meta=n % 4 != 0))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("\n".join([
        "# the made-up wire",
        site.feed("/rss.xml", rss(site.url, "Wire RSS", paths[:14])),
        site.feed("/atom.xml", atom(site.url, "Wire Atom", paths[12:]), "application/atom+xml"),
    ]) + "\n")

    killed_db = tmp_path / "killed.db"
    log = (tmp_path / "killed.log").open("w")
    process = subprocess.Popen(watch_command(feeds, killed_db), stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + START_LIMIT_S
    while stored_count(killed_db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    log.close()
    stored_before = stored_count(killed_db)
    assert 3 <= stored_before < ITEMS, (f"the watch was not killed mid-round ({stored_before} of {ITEMS} stored): "
                                        f"{(tmp_path / 'killed.log').read_text()[-2000:]}")
    with sqlite3.connect(killed_db) as conn:
        done = {url for (url,) in conn.execute("SELECT url FROM watch_items WHERE state = 'stored'")}
    requests_before = len(site.requests)

    restarted = subprocess.run(watch_command(feeds, killed_db), capture_output=True, text=True, timeout=600)
    assert restarted.returncode == 0, restarted.stderr
    assert f"{ITEMS - stored_before} articles stored" in restarted.stderr.splitlines()[-1]
    fetched_again = {site.url + path for path, _ in site.requests[requests_before:]}
    assert not done & fetched_again  # nothing stored before the kill was fetched again

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    with Store.open(reference) as store:
        watcher = Watcher(store, read_feed_list([str(feeds)]), WatchOptions(fetch=QUICK), pipeline=pipeline)
        assert watcher.round().articles == ITEMS
    after_kill, uninterrupted = snapshot(f"sqlite:///{killed_db}"), snapshot(reference)
    assert len(after_kill["articles"]) == ITEMS and after_kill["events"]
    assert after_kill == uninterrupted
