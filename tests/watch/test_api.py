"""The API shows the watch: /api/feeds lists the feeds and how their last poll went; /api/updates
changes when events do, so the map can redraw without a reload."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.records import FeedItem
from frontwatch.store import Store
from frontwatch.watch import state
from tests.store.conftest import report

pytest.importorskip("fastapi")

GOOD, GONE = "http://127.0.0.1:8123/rss.xml", "http://127.0.0.1:8123/gone.xml"


@pytest.fixture
def watched(tmp_path):
    url = f"sqlite:///{tmp_path / 'events.db'}"
    with Store.open(url) as store:
        state.add_feeds(store.engine, [GOOD, GONE], {GOOD: "Wire"})
        items = [FeedItem(f"http://127.0.0.1:8123/news/{i}.html", f"Story {i}", dt.date(2026, 10, 5)) for i in range(3)]
        assert state.record_poll(store.engine, GOOD, items, status=200, etag='"v1"') == 3
        state.record_feed_error(store.engine, GONE, "HTTP 404 Not Found", 404)
        article, events = report("Troops shelled the town on Saturday.", "Wire")
        store.ingest(article, events, also=lambda conn: state.mark(conn, state.item_id(items[0].url), state.STORED, article.id))
    return url


def client_for(url):
    from fastapi.testclient import TestClient

    from frontwatch.web.app import create_app

    return TestClient(create_app(url))


def test_feeds_lists_each_feed_and_its_status(watched):
    with client_for(watched) as client:
        answer = client.get("/api/feeds")
        assert answer.status_code == 200
        rows = {row["url"]: row for row in answer.json()}
        assert client.get("/api/feeds?limit=3").status_code == 400  # it takes no parameter
    good, gone = rows[GOOD], rows[GONE]
    assert (good["title"], good["status"], good["http_status"], good["items_seen"], good["articles_stored"],
            good["items_pending"]) == ("Wire", "ok", 200, 3, 1, 2)
    assert (gone["status"], gone["http_status"], gone["last_error"], gone["failures_in_a_row"]) == ("error", 404, "HTTP 404 Not Found", 1)


def test_updates_changes_when_an_event_is_stored(watched):
    with client_for(watched) as client:
        before = client.get("/api/updates").json()
        assert before["events"] == 1 and before["updated_at"]
        with Store.open(watched) as store:
            store.ingest(*report("Rebels attacked a checkpoint far away.", "Other", lat=10.0, lon=10.0))
        after = client.get("/api/updates").json()
    assert after["events"] == 2 and after != before


def test_the_map_page_is_told_how_often_to_ask(watched):
    with client_for(watched) as client:
        page = client.get("/").text
    assert '"poll_s": 30' in page
