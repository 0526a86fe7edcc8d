"""Polite HTTP for ``watch``: robots.txt, a pace per host, time limits, retries, a size limit.

    with Fetcher(FetchOptions()) as fetcher:
        page = fetcher.get("https://example.org/news/1")        # raises FetchError, one line

Every request names frontwatch and its version in its User-Agent. A host's robots.txt
(``protego``) is read once per ``Fetcher`` and obeyed, its Crawl-delay included; two
requests to one host are at least ``host_interval_s`` apart. Network errors, time-outs
and 5xx answers are tried again after a growing wait; a 4xx answer is not. A body over
``max_bytes`` is cut off and refused, never read whole. A feed is fetched with its
validators (``If-None-Match``, ``If-Modified-Since``), so an unchanged feed costs a 304.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from frontwatch import __version__

USER_AGENT = f"frontwatch/{__version__} (news event watcher; obeys robots.txt)"
# The name robots.txt rules are matched against.
ROBOTS_AGENT = "frontwatch"
# Each of connect, read, write: a server silent this long has failed this try (seconds).
TIMEOUT_S = 20.0
# One try's whole time, body included: a server trickling bytes cannot hold a round (seconds).
DEADLINE_S = 60.0
# Tries after the first, on network errors, time-outs and 5xx answers.
RETRIES = 2
# The wait before the first retry, doubled before each next one (seconds).
BACKOFF_S = 1.0
# A Retry-After longer than this is not waited for in this round (seconds).
MAX_RETRY_AFTER_S = 30.0
# Redirects followed for one request; more is a loop or close to one.
MAX_REDIRECTS = 10
# Redirects that say the resource moved for good (RFC 9110): a feed is polled at its new URL after one.
PERMANENT = (301, 308)
# Two requests to one host are at least this far apart (seconds); robots.txt may ask more.
HOST_INTERVAL_S = 1.0
# A Crawl-delay above this is capped, so one host cannot stall a round (seconds).
MAX_CRAWL_DELAY_S = 60.0
# Bytes read at a time from a response.
CHUNK_BYTES = 65_536


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch; every default is a named constant above."""

    timeout_s: float = TIMEOUT_S
    deadline_s: float = DEADLINE_S
    retries: int = RETRIES
    backoff_s: float = BACKOFF_S
    host_interval_s: float = HOST_INTERVAL_S
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT
    obey_robots: bool = True


@dataclass
class Page:
    """A response: the URL it finally came from, its status (200 or 304), headers and body;
    ``moved_to``: that URL when every redirect on the way was permanent (301, 308)."""

    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    moved_to: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class FetchError(Exception):
    """A URL could not be fetched; ``transient`` when a later round may succeed (5xx, network)."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None):
        super().__init__(message)
        self.transient = transient
        self.status = status


class _TooLarge(Exception):
    pass


class _Deadline(Exception):
    pass


class Fetcher:
    """An HTTP client with frontwatch's manners; safe to share between threads."""

    def __init__(self, options: FetchOptions | None = None, transport: httpx.BaseTransport | None = None):
        self.options = options or FetchOptions()
        timeout = httpx.Timeout(self.options.timeout_s)
        self.client = httpx.Client(
            headers={"User-Agent": self.options.user_agent}, timeout=timeout, follow_redirects=True,
            max_redirects=MAX_REDIRECTS, transport=transport, trust_env=False,
        )
        self._pace = _HostPace()
        self._robots: dict[str, object] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at ``url`` (status 200, or 304 when the validators still hold); raises ``FetchError``."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if self.options.obey_robots and not self._allowed(url):
            raise FetchError("refused by the site's robots.txt", transient=False)
        return self._with_retries(url, headers)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- retries ---------------------------------------------------------------------------

    def _with_retries(self, url: str, headers: dict[str, str]) -> Page:
        failure: FetchError | None = None
        for attempt in range(self.options.retries + 1):
            if attempt:
                time.sleep(self._backoff(attempt, failure))
            try:
                page = self._once(url, headers)
            except FetchError as exc:
                if not exc.transient:
                    raise
                failure = exc
                continue
            if page.status >= 500:
                failure = FetchError(_status_text(page), transient=True, status=page.status)
                failure.retry_after = page.headers.get("retry-after")  # type: ignore[attr-defined]
                continue
            if page.status == 304 or 200 <= page.status < 300:
                return page
            # a 4xx (or an unfollowed 3xx) is the site's answer: asking again would change nothing now
            raise FetchError(_status_text(page), transient=page.status in (408, 429), status=page.status)
        assert failure is not None
        tries = self.options.retries + 1
        raise FetchError(f"{failure} ({tries} {'try' if tries == 1 else 'tries'})", transient=True, status=failure.status)

    def _backoff(self, attempt: int, failure: FetchError | None) -> float:
        wait = self.options.backoff_s * 2 ** (attempt - 1)
        retry_after = getattr(failure, "retry_after", None)
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, min(float(retry_after), MAX_RETRY_AFTER_S))
        return wait

    # -- one try ---------------------------------------------------------------------------

    def _once(self, url: str, headers: dict[str, str]) -> Page:
        host = _origin(url)
        self._pace.wait(host, self._interval(host))
        deadline = time.monotonic() + self.options.deadline_s
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                body = b"" if response.status_code == 304 else self._body(response, deadline)
                moved = bool(response.history) and all(r.status_code in PERMANENT for r in response.history)
                return Page(str(response.url), response.status_code, {k.lower(): v for k, v in response.headers.items()},
                            body, str(response.url) if moved else None)
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)", transient=False) from None
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.options.timeout_s:g} s", transient=True) from None
        except _Deadline:
            raise FetchError(f"not received within {self.options.deadline_s:g} s", transient=True) from None
        except _TooLarge:
            raise FetchError(f"larger than {self.options.max_bytes:,} bytes: not read", transient=False) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a fetchable URL: {exc}", transient=False) from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"network error: {_one_line(exc)}", transient=True) from None

    def _body(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge
        chunks, size = [], 0
        for chunk in response.iter_bytes(CHUNK_BYTES):
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            if time.monotonic() > deadline:
                raise _Deadline
            chunks.append(chunk)
        return b"".join(chunks)

    # -- robots.txt --------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        rules = self._rules(_origin(url))
        return rules is None or rules.can_fetch(url, ROBOTS_AGENT)

    def _interval(self, host: str) -> float:
        rules = self._robots.get(host)
        delay = rules.crawl_delay(ROBOTS_AGENT) if rules is not None and not isinstance(rules, FetchError) else None
        return max(self.options.host_interval_s, min(float(delay or 0), MAX_CRAWL_DELAY_S))

    def _rules(self, host: str):
        """The host's robots.txt rules (None: everything allowed), read once; raises ``FetchError``.

        As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that
        cannot be reached (5xx, network) forbids everything for now (a later round asks again).
        """
        with self._lock:
            lock = self._robots_locks.setdefault(host, threading.Lock())
        with lock:
            if host in self._robots:
                rules = self._robots[host]
                if isinstance(rules, FetchError):
                    raise rules
                return rules
            from protego import Protego

            try:
                page = self._with_retries(f"{host}/robots.txt", {})
                rules = Protego.parse(page.body.decode("utf-8", errors="replace"))
            except FetchError as exc:
                if exc.transient:
                    self._robots[host] = FetchError(f"robots.txt of {host} could not be read: {exc}", transient=True)
                    raise self._robots[host] from None
                rules = None  # no robots.txt (4xx), or none that can be read: nothing is forbidden
            self._robots[host] = rules
            return rules


class _HostPace:
    """Spaces requests to one host ``interval`` seconds apart, across threads."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(host, 0.0))
            self._next[host] = at + interval
        if at > now:
            time.sleep(at - now)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _status_text(page: Page) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(page.status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {page.status} {phrase}".strip()


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
