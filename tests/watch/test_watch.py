"""Rounds of the watch against the made-up site, through the real pipeline and store.

One round stores exactly the new items; a second costs only 304s and stores nothing;
a bad feed or page is one line naming it and the round goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from frontwatch.store import Store
from frontwatch.store.models import WatchItem
from frontwatch.watch import Watcher, WatchOptions, feeds, read_feed_list
from tests.watch.site import atom, article_html, json_feed, rss, story

pytestmark = pytest.mark.slow


def publish(site, numbers, *, with_meta=lambda n: True):
    """Article pages for ``numbers``; the (path, story) pairs to list in feeds."""
    items = []
    for n in numbers:
        path = f"/news/{n}.html"
        site.page(path, article_html(story(n), with_meta=with_meta(n)))
        items.append((path, story(n)))
    return items


def watcher(store, urls, quick, pipeline, lines=None, **options):
    hook = (lambda kind, line: lines.append((kind, line))) if lines is not None else None
    return Watcher(store, read_feed_list(urls), WatchOptions(fetch=quick, **options), pipeline=pipeline, on_line=hook)


def item_states(store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {url: state for url, state in conn.execute(select(WatchItem.url, WatchItem.state))}


def test_one_round_stores_the_new_items_and_the_next_costs_only_304s(site, quick, pipeline, make_url):
    items = publish(site, range(9), with_meta=lambda n: n % 3 != 0)
    urls = [site.feed("/rss.xml", rss(site.url, "Wire RSS", items[:4])),
            site.feed("/atom.xml", atom(site.url, "Wire Atom", items[3:7]), "application/atom+xml"),  # item 3 twice
            site.feed("/feed.json", json_feed(site.url, "Wire JSON", items[6:]), "application/feed+json")]  # item 6 twice
    with Store.open(make_url()) as store:
        watch = watcher(store, urls, quick, pipeline)
        first = watch.round()
        assert (first.feeds, first.items_new, first.articles, first.errors) == (3, 9, 9, [])
        assert store.counts()["articles"] == 9 and first.events_new == store.counts()["events"] > 0
        pages_fetched = [path for path, _ in site.requests if path.startswith("/news/")]
        assert sorted(pages_fetched) == sorted(path for path, _ in items)  # each page once, though two are in two feeds

        site.requests.clear()
        second = watch.round()
        assert (second.feeds_unchanged, second.items_new, second.articles, second.events_new) == (3, 0, 0, 0)
        assert sorted(path for path, _ in site.requests) == ["/atom.xml", "/feed.json", "/robots.txt", "/rss.xml"]
        assert store.counts()["articles"] == 9

        # the feed gains an item: the next round fetches that page alone
        items += publish(site, [9])
        site.feed("/rss.xml", rss(site.url, "Wire RSS", items[:4] + items[9:]))
        site.requests.clear()
        third = watch.round()
        assert (third.items_new, third.articles, third.feeds_unchanged) == (1, 1, 2)
        assert [p for p, _ in site.requests if p.startswith("/news/")] == ["/news/9.html"]
        watch.close()
        listed = {f["url"]: f for f in feeds(store.engine)}
        assert sum(f["articles_stored"] for f in listed.values()) == 10
        assert {f["status"] for f in listed.values()} == {"ok", "not modified"}


def test_the_feed_gives_what_the_page_lacks(site, quick, pipeline, tmp_path):
    """A page without title or date takes the item's; the article's URL is the item's link."""
    items = publish(site, [0, 1], with_meta=lambda n: n == 1)
    url = site.feed("/rss.xml", rss(site.url, "Wire RSS", items))
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        watcher(store, [url], quick, pipeline).round()
        with store.engine.connect() as conn:
            stored = {r.url: r for r in conn.exec_driver_sql("SELECT url, title, published, source FROM articles")}
    bare, full = stored[f"{site.url}/news/0.html"], stored[f"{site.url}/news/1.html"]
    assert (bare.title, str(bare.published), bare.source) == (story(0).title, story(0).day.isoformat(), "Wire RSS")
    assert (full.title, full.source) == (story(1).title, "Local Wire")  # the page's own


def test_bad_feeds_and_pages_are_one_line_each_and_the_rest_is_stored(site, quick, pipeline, tmp_path):
    items = publish(site, range(4))
    bad_pages = [("/never.html", site.hang), ("/huge.html", lambda p: site.big(p, 20_000_000)),
                 ("/loop.html", site.loop), ("/gone.html", lambda p: site.status(p, 404))]
    for path, put in bad_pages:
        put(path)
    listed = items + [(path, story(100 + i)) for i, (path, _) in enumerate(bad_pages)]
    urls = [site.feed("/rss.xml", rss(site.url, "Wire", listed)),
            site.status("/missing.xml", 404),
            site.feed("/broken.xml", rss(site.url, "Broken", items)[:-30]),
            site.hang("/silent.xml"),
            site.loop("/loop.xml")]
    lines: list[tuple[str, str]] = []
    options = dataclasses.replace(quick, timeout_s=0.5, retries=0)
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        report = watcher(store, urls, options, pipeline, lines).round()
        states = item_states(store)
    assert report.articles == 4 and report.feeds_failed == 3  # the broken feed still gave the items it could
    assert all(kind == "error" and "\n" not in line for kind, line in lines)
    said = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for _, line in lines}
    broken = said.pop(f"feed {site.url}/broken.xml")
    assert broken.startswith("malformed XML (") and broken.endswith("; 4 items read from it")
    assert said == {
        f"feed {site.url}/missing.xml": "HTTP 404 Not Found",
        f"feed {site.url}/silent.xml": "no answer within 0.5 s (1 try)",
        f"feed {site.url}/loop.xml": "more than 10 redirects (a redirect loop?)",
        f"page {site.url}/never.html": "no answer within 0.5 s (1 try); tried again next round",
        f"page {site.url}/huge.html": "larger than 5,000,000 bytes: not read",
        f"page {site.url}/loop.html": "more than 10 redirects (a redirect loop?)",
        f"page {site.url}/gone.html": "HTTP 404 Not Found",
    }
    assert len(report.errors) == len(lines) == 8
    assert states[f"{site.url}/never.html"] == "pending"  # a passing failure: next round tries again
    assert {states[f"{site.url}{p}"] for p in ("/huge.html", "/loop.html", "/gone.html")} == {"failed"}
    assert [states[f"{site.url}{p}"] for p, _ in items] == ["stored"] * 4


def test_since_leaves_out_older_items(site, quick, pipeline, tmp_path):
    items = publish(site, range(3))
    url = site.feed("/rss.xml", rss(site.url, "Wire", items))
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        report = watcher(store, [url], quick, pipeline, since=story(1).day).round()
        states = item_states(store)
    assert (report.articles, report.items_new) == (2, 3)
    assert states[f"{site.url}/news/0.html"] == "skipped" and site.count("/news/0.html") == 0


def test_the_same_text_at_another_url_is_one_article(site, quick, pipeline, tmp_path):
    items = publish(site, [0])
    site.page("/amp/0.html", article_html(story(0)))
    url = site.feed("/rss.xml", rss(site.url, "Wire", items + [("/amp/0.html", story(0))]))
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        report = watcher(store, [url], quick, pipeline).round()
        assert (report.articles, report.duplicates, store.counts()["articles"]) == (1, 1, 1)
        assert set(item_states(store).values()) == {"stored", "duplicate"}


def test_a_page_in_another_language_is_rejected_and_recorded(site, quick, pipeline, tmp_path):
    path = "/news/de.html"
    site.page(path, "<html><body><article><p>Die Regierung hat am Montag neue Gesetze beschlossen, die im ganzen "
                    "Land gelten sollen. Viele Menschen haben dagegen in der Hauptstadt demonstriert und fordern "
                    "Neuwahlen noch in diesem Jahr.</p></article></body></html>")
    url = site.feed("/rss.xml", rss(site.url, "Wire", [(path, story(0))]))
    lines: list[tuple[str, str]] = []
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        report = watcher(store, [url], quick, pipeline, lines).round()
        assert report.rejected == 1 and report.exit_code == 1
        assert lines == [("rejected", f"{site.url}{path}: not English (looks like German)")]
        assert store.counts()["rejections"] == 1


def test_two_workers_store_what_one_does(site, quick, pipeline, tmp_path):
    """With --workers 2 the pipeline runs in two processes and this one stores: the same store as one worker."""
    from tests.watch.test_kill import snapshot

    items = publish(site, range(24), with_meta=lambda n: n % 2 == 0)
    urls = [site.feed("/rss.xml", rss(site.url, "Wire", items[:12])),
            site.feed("/feed.json", json_feed(site.url, "Wire JSON", items[12:]), "application/feed+json")]
    stores = []
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'workers{workers}.db'}"
        with Store.open(url) as store:
            watch = watcher(store, urls, quick, pipeline if workers == 1 else None, workers=workers)
            assert watch.round().articles == 24
            watch.close()
        stores.append(snapshot(url))
    assert stores[0] == stores[1]


def test_what_a_worker_sends_back_is_the_records_alone(pipeline):
    """``Found.of``: the article, events and claims of a result, which pickle (a worker sends them);
    the document, with the parse and the events' frames, is not among them."""
    import pickle

    from frontwatch.records import Article
    from frontwatch.watch.analyse import Found

    text = "Rebel fighters captured the city of Homs on Tuesday, a monitor said."
    result = pipeline.process(Article(text=text, origin="homs.txt", published=dt.date(2024, 5, 8)))
    found = pickle.loads(pickle.dumps(Found.of(result)))
    assert found.events and [e.to_dict() for e in found.events] == [e.to_dict() for e in result.events]
    assert [c.to_dict() for c in found.claims] == [c.to_dict() for c in result.document.control_claims]
    assert found.article == result.article


def test_items_left_out_by_since_are_taken_up_when_a_later_watch_keeps_them(site, quick, pipeline, tmp_path):
    """--since leaves items out of one watch, not out of the store for good: a later watch with an
    earlier day (or none) fetches and stores them, and only them. An item the feed does not date is
    left out by its page's date, which is kept for the next watch to judge by."""
    items = publish(site, range(3))
    undated = "/news/undated.html"
    site.page(undated, article_html(story(3)))  # the page says its day; the feed below does not
    feed = rss(site.url, "Wire", items).replace("</channel>", f"<item><title>{story(3).title}</title>"
                                                                   f"<link>{site.url}{undated}</link></item></channel>")
    url = site.feed("/rss.xml", feed)
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        first = watcher(store, [url], quick, pipeline, since=story(3).day + dt.timedelta(days=1)).round()
        assert (first.items_new, first.skipped, first.articles) == (4, 1, 0)
        assert set(item_states(store).values()) == {"skipped"}
        second = watcher(store, [url], quick, pipeline, since=story(2).day).round()
        assert (second.items_again, second.articles) == (2, 2)  # 2 and the undated 3; 0 and 1 stay out
        assert "and 2 left out by an earlier --since" in second.line()
        third = watcher(store, [url], quick, pipeline).round()
        assert (third.items_again, third.articles) == (2, 2)
        assert set(item_states(store).values()) == {"stored"} and store.counts()["articles"] == 4
    assert [site.count(f"/news/{n}.html") for n in range(3)] == [1, 1, 1] and site.count(undated) == 2


@pytest.mark.parametrize(("code", "saved"), [(301, True), (308, True), (302, False), (307, False)])
def test_a_feed_that_moved_for_good_is_polled_at_its_new_url(site, quick, pipeline, tmp_path, code, saved):
    """A 301 or 308 saves the feed's new URL, polled from the next round on (a 304 there); a
    temporary redirect is followed each round and saves nothing. ``feeds`` shows where it went."""
    url = site.feed("/rss.xml", rss(site.url, "Wire", publish(site, [0])))
    old = site.redirect("/old-feed.xml", "/rss.xml", code)
    with Store.open(f"sqlite:///{tmp_path / 'events.db'}") as store:
        first = watcher(store, [old], quick, pipeline).round()
        second = watcher(store, [old], quick, pipeline).round()
        [row] = feeds(store.engine)
    assert (first.articles, second.feeds_unchanged, second.items_new) == (1, 1, 0)
    assert (row["url"], row["moved_to"], row["status"]) == (old, url if saved else None, "not modified")
    assert site.count("/old-feed.xml") == (1 if saved else 2) and site.count("/rss.xml") == 2
