"""Feeds in, items out: RSS 0.9x/1.0/2.0 and Atom by ``feedparser``, JSON Feed by a small reader.

``parse_feed`` never raises for a bad feed: it returns what it could read and a
one-line ``problem`` (malformed XML, not a feed at all). ``read_feed_list`` reads what
the user names: a feed URL, a file of URLs (one a line, ``#`` comments) or an OPML
export (``listparser``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from frontwatch.records import FeedItem

# JSON Feed's version URLs (1 and 1.1) begin so.
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
# A feed list file larger than this is refused (a list of feeds, not an archive).
MAX_LIST_BYTES = 5_000_000


@dataclass
class ParsedFeed:
    """A feed's title and items; ``problem`` says in one line what was wrong with it, if anything."""

    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    problem: str | None = None
    without_link: int = 0  # items that link to no web page, left out


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """The items of a feed document fetched from ``url`` (relative links resolved against it)."""
    if _looks_like_json(body, content_type):
        return _parse_json_feed(body, url)
    return _parse_xml_feed(body, url, content_type)


def normalise_url(url: str) -> str:
    """``url`` as an item's identity: scheme and host lower-cased, default port and fragment dropped."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def is_web_url(text: str) -> bool:
    try:
        parts = urlsplit(text.strip())
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


# -- RSS and Atom ------------------------------------------------------------------------


def _parse_xml_feed(body: bytes, url: str, content_type: str) -> ParsedFeed:
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    feed = ParsedFeed(title=_text(parsed.feed.get("title")))
    if parsed.get("bozo") and not parsed.entries and not parsed.get("version"):
        feed.problem = f"not a feed (no RSS, Atom or JSON Feed): {_reason(parsed.get('bozo_exception'))}"
        return feed
    for entry in parsed.entries:
        link = entry.get("link") or _first_alternate(entry)
        if not link or not is_web_url(link):
            feed.without_link += 1
            continue
        feed.items.append(FeedItem(
            url=normalise_url(link), title=_text(entry.get("title")), published=_entry_day(entry),
            feed_url=url, feed_title=feed.title,
        ))
    if parsed.get("bozo") and _is_xml_error(parsed.get("bozo_exception")):
        read = f"; {len(feed.items)} items read from it" if feed.items else ""
        feed.problem = f"malformed XML ({_reason(parsed.get('bozo_exception'))}){read}"
    return feed


def _first_alternate(entry) -> str | None:
    for link in entry.get("links", ()):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _entry_day(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(key)
        if moment:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(moment), dt.timezone.utc).date()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _is_xml_error(exc: object) -> bool:
    """A real well-formedness error, not feedparser's notes on a declared encoding it overrode."""
    import feedparser

    notes = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return exc is not None and not isinstance(exc, notes)


# -- JSON Feed ---------------------------------------------------------------------------


def _looks_like_json(body: bytes, content_type: str) -> bool:
    if "json" in content_type.lower():
        return True
    return body.lstrip()[:1] == b"{"


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """A JSON Feed (versions 1 and 1.1): ``items`` with ``url``, ``title``, ``date_published``."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return ParsedFeed(problem=f"malformed JSON: {_reason(exc)}")
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(JSON_FEED_VERSION):
        return ParsedFeed(problem=f"not a feed: JSON without a JSON Feed version ({JSON_FEED_VERSION}...)")
    feed = ParsedFeed(title=_text(document.get("title")))
    items = document.get("items")
    for item in items if isinstance(items, list) else ():
        link = (item.get("url") or item.get("external_url")) if isinstance(item, dict) else None
        link = urljoin(url, link) if isinstance(link, str) else None
        if not link or not is_web_url(link):
            feed.without_link += 1
            continue
        feed.items.append(FeedItem(
            url=normalise_url(link), title=_text(item.get("title")),
            published=_json_day(item.get("date_published") or item.get("date_modified")),
            feed_url=url, feed_title=feed.title,
        ))
    return feed


def _json_day(value: object) -> dt.date | None:
    """The day of an RFC 3339 timestamp (JSON Feed's dates), in UTC."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.date()


# -- feed lists ----------------------------------------------------------------------------


@dataclass
class FeedList:
    """The feeds a user named, and one line for each entry that is not a feed URL."""

    urls: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, url: str, title: str | None = None) -> None:
        if url not in self.titles and url not in self.urls:
            self.urls.append(url)
        if title:
            self.titles[url] = title


def read_feed_list(sources: list[str]) -> FeedList:
    """Feed URLs from ``sources``: each a feed URL, a text file of URLs, or an OPML file."""
    found = FeedList()
    for source in sources:
        if is_web_url(source):
            found.add(source.strip())
            continue
        try:
            data = _read_list_file(Path(source))
        except OSError as exc:
            found.problems.append(f"{source}: cannot be read: {exc.strerror or exc}")
            continue
        except ValueError as exc:
            found.problems.append(f"{source}: {exc}")
            continue
        if b"<opml" in data[:4096].lower():
            _read_opml(data, source, found)
        else:
            _read_lines(data, source, found)
    return found


def _read_list_file(path: Path) -> bytes:
    if not path.is_file():
        raise ValueError("not a feed URL (http:// or https://) nor a file of feeds")
    if path.stat().st_size > MAX_LIST_BYTES:
        raise ValueError(f"larger than {MAX_LIST_BYTES:,} bytes: not a list of feeds")
    return path.read_bytes()


def _read_lines(data: bytes, source: str, found: FeedList) -> None:
    text = data.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        entry = entry.replace("\t", " ").split(" #", 1)[0].strip()  # "URL  # a note"; a "#" inside a URL stays
        if is_web_url(entry):
            found.add(entry)
        else:
            found.problems.append(f"{source}:{number}: not a feed URL (http:// or https://): {entry[:200]!r}")


def _read_opml(data: bytes, source: str, found: FeedList) -> None:
    import listparser

    parsed = listparser.parse(data)
    if parsed.get("bozo"):
        found.problems.append(f"{source}: OPML could not be read: {_reason(parsed.get('bozo_exception'))}")
    before = len(found.urls)
    for feed in parsed.feeds:
        url = (feed.get("url") or "").strip()
        if is_web_url(url):
            found.add(url, _text(feed.get("title")))
        else:
            found.problems.append(f"{source}: OPML outline with a feed URL that is not http(s): {url[:200]!r}")
    if len(found.urls) == before and not parsed.feeds:
        found.problems.append(f"{source}: OPML file with no feed (no outline with an xmlUrl)")


# -- small helpers -------------------------------------------------------------------------


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _reason(exc: object) -> str:
    if exc is None:
        return "unknown error"
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
