"""Feeds and feed lists: RSS 0.91/1.0/2.0, Atom and JSON Feed items; OPML and text lists; bad ones said in one line."""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.watch.feeds import normalise_url, parse_feed, read_feed_list
from tests.watch.site import atom, json_feed, rdf, rss, story

SITE = "http://127.0.0.1:8123"
ITEMS = [(f"/news/{i}.html", story(i)) for i in range(3)]
EXPECTED = [(f"{SITE}/news/{i}.html", story(i).title, story(i).day) for i in range(3)]


@pytest.mark.parametrize(("text", "content_type"), [
    (rss(SITE, "Wire", ITEMS), "application/rss+xml"),
    (rss(SITE, "Wire", ITEMS, version="0.91"), "text/xml"),
    (rdf(SITE, "Wire", ITEMS), "application/rdf+xml"),
    (atom(SITE, "Wire", ITEMS), "application/atom+xml"),
    (json_feed(SITE, "Wire", ITEMS), "application/feed+json"),
    (json_feed(SITE, "Wire", ITEMS), ""),  # JSON Feed told by its content
], ids=["rss2", "rss091", "rss1", "atom", "jsonfeed", "jsonfeed-untyped"])
def test_every_kind_of_feed_gives_its_items(text, content_type):
    feed = parse_feed(text.encode(), f"{SITE}/feed", content_type)
    assert feed.problem is None
    assert feed.title == "Wire"
    assert [(i.url, i.title, i.published) for i in feed.items] == EXPECTED
    assert {i.feed_title for i in feed.items} == {"Wire"}


def test_atom_links_are_resolved_against_the_feed():
    feed = parse_feed(atom(SITE, "Wire", ITEMS).encode(), f"{SITE}/atom.xml", "application/atom+xml")
    assert feed.items[0].url == f"{SITE}/news/0.html"


def test_malformed_xml_is_one_line_and_keeps_what_it_could_read():
    text = rss(SITE, "Wire", ITEMS)[:-len("</channel></rss>")] + "<item><title>cut"
    feed = parse_feed(text.encode(), f"{SITE}/feed", "application/rss+xml")
    assert feed.problem.startswith("malformed XML (") and "\n" not in feed.problem
    assert [i.url for i in feed.items][:3] == [u for u, _, _ in EXPECTED]


@pytest.mark.parametrize(("body", "content_type", "problem"), [
    (b"<html><body><p>Not a feed</p></body></html>", "text/html", "not a feed"),
    (b"<rss><channel><item><title>x", "application/rss+xml", "malformed XML"),
    (b'{"items": []}', "application/json", "not a feed: JSON without a JSON Feed version"),
    (b'{"version": ', "application/feed+json", "malformed JSON"),
])
def test_what_is_not_a_feed_says_so(body, content_type, problem):
    feed = parse_feed(body, f"{SITE}/feed", content_type)
    assert feed.problem.startswith(problem) and not feed.items


def test_items_without_a_web_link_are_counted_not_dropped_silently():
    text = ('<rss version="2.0"><channel><title>W</title><item><title>no link</title></item>'
            f'<item><title>mail</title><link>mailto:desk@example.org</link></item>'
            f'<item><title>ok</title><link>{SITE}/a</link></item></channel></rss>')
    feed = parse_feed(text.encode(), f"{SITE}/feed", "application/rss+xml")
    assert [i.url for i in feed.items] == [f"{SITE}/a"] and feed.without_link == 2


def test_json_feed_dates_and_external_urls():
    text = ('{"version": "https://jsonfeed.org/version/1", "title": "J", "items": ['
            '{"id": "1", "external_url": "/story", "date_modified": "2026-10-05T23:30:00-05:00"},'
            '{"id": "2", "content_text": "no link at all"}]}')
    feed = parse_feed(text.encode(), f"{SITE}/feed.json")
    assert [(i.url, i.published) for i in feed.items] == [(f"{SITE}/story", dt.date(2026, 10, 6))]
    assert feed.without_link == 1


@pytest.mark.parametrize(("url", "normal"), [
    ("HTTP://Example.ORG:80/a?b=1#top", "http://example.org/a?b=1"),
    ("https://example.org:443", "https://example.org/"),
    ("https://example.org:8443/x", "https://example.org:8443/x"),
])
def test_item_urls_are_normalised(url, normal):
    assert normalise_url(url) == normal


def test_a_text_list_with_comments_and_a_bad_line(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text(f"# my feeds\n{SITE}/rss.xml   # the wire\n\n  {SITE}/atom.xml\nftp://old.example/feed\n{SITE}/rss.xml\n")
    found = read_feed_list([str(path), f"{SITE}/feed.json"])
    assert found.urls == [f"{SITE}/rss.xml", f"{SITE}/atom.xml", f"{SITE}/feed.json"]
    assert found.problems == [f"{path}:5: not a feed URL (http:// or https://): 'ftp://old.example/feed'"]


def test_an_opml_export(tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head><body>'
        f'<outline text="Conflict"><outline type="rss" text="Wire" xmlUrl="{SITE}/rss.xml"/>'
        f'<outline type="rss" text="Atom wire" xmlUrl="{SITE}/atom.xml"/></outline></body></opml>'
    )
    found = read_feed_list([str(path)])
    assert found.urls == [f"{SITE}/rss.xml", f"{SITE}/atom.xml"] and not found.problems
    assert found.titles[f"{SITE}/rss.xml"] == "Wire"


def test_a_missing_list_and_an_empty_opml_are_named(tmp_path):
    empty = tmp_path / "empty.opml"
    empty.write_text('<?xml version="1.0"?><opml version="2.0"><body></body></opml>')
    found = read_feed_list([str(tmp_path / "nope.txt"), str(empty)])
    assert not found.urls
    assert found.problems == [
        f"{tmp_path / 'nope.txt'}: not a feed URL (http:// or https://) nor a file of feeds",
        f"{empty}: OPML file with no feed (no outline with an xmlUrl)",
    ]
