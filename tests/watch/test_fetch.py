"""Polite fetching against a local site: User-Agent, 304s, robots.txt, retries on 5xx only, time-outs, size, loops, pace."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from frontwatch import __version__
from frontwatch.watch import fetch as fetch_module
from frontwatch.watch.fetch import Fetcher, FetchError


def test_every_request_names_frontwatch_and_its_version(site, quick):
    url = site.page("/a.html", "<p>hello</p>")
    with Fetcher(quick) as fetcher:
        page = fetcher.get(url)
    assert page.status == 200 and page.body == b"<p>hello</p>"
    assert {headers["user-agent"] for _, headers in site.requests} == {f"frontwatch/{__version__} (news event watcher; obeys robots.txt)"}
    assert [path for path, _ in site.requests] == ["/robots.txt", "/a.html"]  # robots.txt first, once


def test_an_unchanged_feed_costs_a_304(site, quick):
    url = site.feed("/rss.xml", "<rss/>")
    with Fetcher(quick) as fetcher:
        first = fetcher.get(url)
        again = fetcher.get(url, first.headers["etag"], first.headers["last-modified"])
    assert (first.status, again.status, again.body) == (200, 304, b"")
    assert site.requests[-1][1]["if-none-match"] == first.headers["etag"]


def test_robots_txt_is_obeyed(site, quick):
    site.page("/robots.txt", "User-agent: frontwatch\nDisallow: /private/\n", "text/plain")
    url = site.page("/private/a.html", "<p>secret</p>")
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match="refused by the site's robots.txt") as caught:
        fetcher.get(url)
    assert not caught.value.transient and site.count("/private/a.html") == 0


def test_an_unreachable_robots_txt_forbids_for_now(site, quick):
    site.status("/robots.txt", 503)
    url = site.page("/a.html", "<p>hello</p>")
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match="robots.txt of .* could not be read: HTTP 503") as caught:
        fetcher.get(url)
    assert caught.value.transient and site.count("/a.html") == 0


def test_a_4xx_is_not_tried_again(site, quick):
    url = site.status("/gone.html", 404)
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match="^HTTP 404 Not Found$") as caught:
        fetcher.get(url)
    assert not caught.value.transient and site.count("/gone.html") == 1


def test_a_5xx_is_tried_again_with_backoff(site, quick):
    url = site.statuses("/flaky.html", [503, 502], then="<p>at last</p>")
    with Fetcher(dataclasses.replace(quick, retries=2)) as fetcher:
        assert fetcher.get(url).body == b"<p>at last</p>"
    assert site.count("/flaky.html") == 3


def test_a_5xx_that_lasts_is_a_passing_failure(site, quick):
    url = site.status("/down.html", 500)
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match=r"^HTTP 500 Internal Server Error \(2 tries\)$") as caught:
        fetcher.get(url)
    assert caught.value.transient and site.count("/down.html") == 2


def test_a_page_that_never_answers_times_out(site, quick):
    url = site.hang("/never.html")
    with Fetcher(dataclasses.replace(quick, timeout_s=0.3, retries=0)) as fetcher:
        with pytest.raises(FetchError, match=r"^no answer within 0.3 s \(1 try\)$") as caught:
            fetcher.get(url)
    assert caught.value.transient


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "no-length"])
def test_a_page_over_the_size_limit_is_not_read(site, quick, declared):
    url = site.big("/huge.html", 20_000_000, declared=declared)
    with Fetcher(dataclasses.replace(quick, max_bytes=1_000_000)) as fetcher:
        with pytest.raises(FetchError, match="^larger than 1,000,000 bytes: not read$") as caught:
            fetcher.get(url)
    assert not caught.value.transient


def test_a_redirect_loop_is_one_error(site, quick):
    url = site.loop("/loop.html")
    with Fetcher(quick) as fetcher, pytest.raises(FetchError, match=r"more than 10 redirects \(a redirect loop\?\)") as caught:
        fetcher.get(url)
    assert not caught.value.transient and site.count("/loop.html") == 11


@pytest.mark.parametrize(("codes", "moved"), [([301], True), ([308], True), ([302], False), ([307], False),
                                             ([301, 302], False), ([308, 301], True)])
def test_a_page_that_moved_for_good_says_where(site, quick, codes, moved):
    """``moved_to``: the final URL when every redirect on the way was permanent (301, 308)."""
    url = site.page("/new.xml", "<rss/>", "application/rss+xml")
    path = "/new.xml"
    for n, code in enumerate(reversed(codes)):
        path = site.redirect(f"/hop{n}.xml", path, code).removeprefix(site.url)
    with Fetcher(quick) as fetcher:
        page = fetcher.get(site.url + path)
    assert (page.status, page.url, page.body) == (200, url, b"<rss/>")
    assert page.moved_to == (url if moved else None)


def test_requests_to_one_host_are_paced(site, quick, monkeypatch):
    """Each request to a host waits for the one before it plus the interval (robots.txt's Crawl-delay when longer)."""
    waits: list[float] = []
    # time.sleep is the time module's own: only this thread's calls are the fetcher's (the
    # test server's threads, or any other's, still sleep for real)
    here, real_sleep = threading.current_thread(), time.sleep

    def sleep(seconds: float) -> None:
        if threading.current_thread() is here:
            waits.append(seconds)
        else:
            real_sleep(seconds)

    monkeypatch.setattr(fetch_module.time, "sleep", sleep)
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 30\n", "text/plain")
    urls = [site.page(f"/{i}.html", "<p>x</p>") for i in range(3)]
    with Fetcher(dataclasses.replace(quick, host_interval_s=5.0)) as fetcher:
        for url in urls:
            fetcher.get(url)
    # time stands still (sleep is not slept), so each wait is from now to the request's turn:
    # robots.txt at once, the first page 5 s after it (Crawl-delay not yet read), then 30 s apart
    turns = [round(w) for w in waits]
    assert turns == [5, 35, 65]
