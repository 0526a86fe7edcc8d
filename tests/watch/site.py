"""A made-up news site on 127.0.0.1 for the watch tests and bench: feeds, article pages, bad pages.

Every text here is invented for the tests. ``NewsSite`` serves what is put on it:

    site = NewsSite().start()
    site.page("/a/1.html", article_html(1))
    site.feed("/rss.xml", rss([...]))          # with ETag and Last-Modified: a repeat costs a 304
    site.hang("/slow.html"); site.loop("/loop"); site.status("/gone.xml", 404); site.big("/huge.html", 20_000_000)

and records each request (path, headers) in ``site.requests``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import threading
from dataclasses import dataclass
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# (town, country) pairs the gazetteer knows.
TOWNS = [
    ("Kharkiv", "Ukraine"), ("Aleppo", "Syria"), ("Mosul", "Iraq"), ("Kandahar", "Afghanistan"),
    ("Mogadishu", "Somalia"), ("Goma", "Congo"), ("Sanaa", "Yemen"), ("Benghazi", "Libya"),
    ("Timbuktu", "Mali"), ("Maiduguri", "Nigeria"), ("Kherson", "Ukraine"), ("Idlib", "Syria"),
    ("Kirkuk", "Iraq"), ("Taiz", "Yemen"), ("Mekele", "Ethiopia"), ("Juba", "South Sudan"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ATTACKERS = ["Rebel fighters", "Government forces", "Militants", "Armed men", "Insurgents"]
BASE_DAY = dt.date(2026, 10, 5)  # a Monday


@dataclass(frozen=True)
class Story:
    """One made-up article: its number, title, day, and text."""

    number: int
    title: str
    day: dt.date
    paragraphs: tuple[str, ...]


def story(number: int) -> Story:
    """The ``number``-th invented story: an attack, a protest or a meeting in one of ``TOWNS``."""
    town, country = TOWNS[number % len(TOWNS)]
    day = BASE_DAY + dt.timedelta(days=number % 7)
    weekday = WEEKDAYS[day.weekday()]
    killed, wounded = 2 + number % 9, 5 + number % 13
    kind = (number // len(TOWNS)) % 3
    if kind == 0:
        attacker = ATTACKERS[number % len(ATTACKERS)]
        title = f"{attacker} attack checkpoint in {town}"
        paragraphs = (
            f"{attacker} attacked an army checkpoint in {town}, {country}, on {weekday}, killing {killed} soldiers "
            f"and wounding {wounded} others, a local official said.",
            f"The fighting near {town} lasted several hours before reinforcements arrived, residents told reporters "
            f"in report number {number}.",
        )
    elif kind == 1:
        title = f"Thousands protest in {town} over prices"
        paragraphs = (
            f"Thousands of people protested in {town}, {country}, on {weekday} against rising fuel prices, and police "
            f"arrested {killed} demonstrators, witnesses said.",
            f"Organisers said the march in {town} was peaceful and promised further rallies, according to dispatch {number}.",
        )
    else:
        title = f"Ministers meet in {town} to discuss a ceasefire"
        paragraphs = (
            f"The foreign ministers of {country} and Turkey met in {town} on {weekday} to discuss a ceasefire, "
            f"officials said after the talks.",
            f"Both sides agreed to meet again within {wounded} days, a spokesman said in statement number {number}.",
        )
    return Story(number, title, day, paragraphs)


def article_html(item: Story, *, with_meta: bool = True) -> str:
    """A news page: header and footer around the story; ``with_meta=False`` leaves out title and date."""
    head = ""
    if with_meta:
        head = (f"<title>{html.escape(item.title)} | Local Wire</title>"
                f'<meta property="article:published_time" content="{item.day.isoformat()}T09:00:00Z">'
                f'<meta property="og:site_name" content="Local Wire">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in item.paragraphs)
    heading = f"<h1>{html.escape(item.title)}</h1>" if with_meta else ""
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">{head}</head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
            f"<article>{heading}{body}</article><footer>Local Wire, all rights reserved.</footer></body></html>")


def rss(site: str, title: str, items: list[tuple[str, Story]], version: str = "2.0") -> str:
    """An RSS 2.0 (or 0.91) feed listing ``(path, story)`` items."""
    entries = "".join(
        f"<item><title>{html.escape(s.title)}</title><link>{site}{path}</link>"
        f"<pubDate>{format_datetime(dt.datetime.combine(s.day, dt.time(9), dt.timezone.utc))}</pubDate></item>"
        for path, s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel><title>{html.escape(title)}</title>'
            f"<link>{site}/</link><description>Made-up news</description>{entries}</channel></rss>")


def rdf(site: str, title: str, items: list[tuple[str, Story]]) -> str:
    """An RSS 1.0 (RDF) feed."""
    entries = "".join(
        f'<item rdf:about="{site}{path}"><title>{html.escape(s.title)}</title><link>{site}{path}</link>'
        f"<dc:date>{s.day.isoformat()}T09:00:00Z</dc:date></item>"
        for path, s in items
    )
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{site}/rdf"><title>{html.escape(title)}</title><link>{site}/</link>'
            f"<description>Made-up news</description></channel>{entries}</rdf:RDF>")


def atom(site: str, title: str, items: list[tuple[str, Story]]) -> str:
    """An Atom 1.0 feed (links relative to the feed, as Atom allows)."""
    entries = "".join(
        f'<entry><title>{html.escape(s.title)}</title><link rel="alternate" href="{path}"/>'
        f"<id>tag:localwire,2026:{s.number}</id><updated>{s.day.isoformat()}T09:00:00Z</updated></entry>"
        for path, s in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{site}/">'
            f"<title>{html.escape(title)}</title><id>tag:localwire,2026:feed</id>"
            f"<updated>{BASE_DAY.isoformat()}T09:00:00Z</updated>{entries}</feed>")


def json_feed(site: str, title: str, items: list[tuple[str, Story]]) -> str:
    """A JSON Feed 1.1."""
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": f"{site}/",
        "items": [{"id": str(s.number), "url": f"{site}{path}", "title": s.title,
                   "date_published": f"{s.day.isoformat()}T09:00:00Z"} for path, s in items],
    })


class NewsSite:
    """A threaded HTTP server on 127.0.0.1 with the routes the test puts on it."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.closing = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> NewsSite:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

    # -- what the site serves -------------------------------------------------------------------

    def page(self, path: str, text: str, content_type: str = "text/html; charset=utf-8") -> str:
        modified = format_datetime(dt.datetime.now(dt.timezone.utc), usegmt=True)
        self.routes[path] = ("body", text.encode("utf-8"), content_type, modified)
        return self.url + path

    def feed(self, path: str, text: str, content_type: str = "application/rss+xml") -> str:
        return self.page(path, text, content_type)

    def status(self, path: str, code: int) -> str:
        self.routes[path] = ("status", code)
        return self.url + path

    def statuses(self, path: str, codes: list[int], then: str) -> str:
        """Answer ``codes`` in turn, then ``then`` as a page."""
        self.routes[path] = ("statuses", list(codes), then.encode("utf-8"))
        return self.url + path

    def hang(self, path: str) -> str:
        """Accept the request and never answer."""
        self.routes[path] = ("hang",)
        return self.url + path

    def loop(self, path: str) -> str:
        """Redirect to itself, for ever."""
        self.routes[path] = ("loop",)
        return self.url + path

    def redirect(self, path: str, to: str, code: int = 301) -> str:
        """Send ``path`` on to ``to`` (a path on this site) with status ``code``."""
        self.routes[path] = ("redirect", code, to)
        return self.url + path

    def big(self, path: str, size: int, declared: bool = True) -> str:
        """A page of ``size`` bytes, its length declared in Content-Length or not."""
        self.routes[path] = ("big", size, declared)
        return self.url + path

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(site: NewsSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            with site.lock:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(self.path)
            if route is None:
                return self._send(404, b"not found", "text/plain")
            kind = route[0]
            try:
                if kind == "body":
                    self._conditional(*route[1:])
                elif kind == "status":
                    self._send(route[1], b"", "text/plain")
                elif kind == "statuses":
                    code = route[1].pop(0) if route[1] else 200
                    self._send(code, route[2] if code == 200 else b"", "text/html; charset=utf-8")
                elif kind == "hang":
                    site.closing.wait(120)
                elif kind == "loop":
                    self.send_response(302)
                    self.send_header("Location", self.path)
                    self.end_headers()
                elif kind == "redirect":
                    self.send_response(route[1])
                    self.send_header("Location", site.url + route[2])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif kind == "big":
                    self._big(route[1], route[2])
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _conditional(self, body: bytes, content_type: str, modified: str) -> None:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            given = self.headers.get("If-None-Match")
            # RFC 9110: If-None-Match, when sent, decides; If-Modified-Since only without it
            if (given == etag) if given is not None else self.headers.get("If-Modified-Since") == modified:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self._send(200, body, content_type, {"ETag": etag, "Last-Modified": modified})

        def _send(self, code: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _big(self, size: int, declared: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if declared:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b"<p>" + b"filler text " * 5000 + b"</p>"
            sent = 0
            while sent < size and not site.closing.is_set():
                self.wfile.write(chunk[: size - sent])
                sent += len(chunk)

    return Handler
