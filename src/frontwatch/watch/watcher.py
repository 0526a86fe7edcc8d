"""Rounds of the watch: poll every feed, fetch and read every new item's page, analyse, store.

    with Store.open("sqlite:///events.db") as store:
        watcher = Watcher(store, read_feed_list(["feeds.txt"]))
        report = watcher.round()          # report.line(): the round in one line
        watcher.close()

A round first polls the feeds (a feed's new items are committed as pending with its new
validators), then deals with every pending item, this round's and any a killed round
left. A bad feed or page is one line naming it (``on_line``) and the round goes on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from frontwatch.records import Article
from frontwatch.store import Store
from frontwatch.watch import state
from frontwatch.watch.analyse import InProcess, Pool, Stored
from frontwatch.watch.feeds import FeedList, parse_feed
from frontwatch.watch.fetch import Fetcher, FetchError, FetchOptions, Page
from frontwatch.watch.pages import RETRY, Outcome, read_item

# Feeds polled, and pages fetched, at the same time (each host is still paced on its own).
# This and the fetcher's constants are what a ``WatchOptions()`` made in code gets; a watch
# made from the settings (``watch_options``) takes the watch_* keys of data/defaults.toml.
THREADS = 4
# Rounds start this often unless told otherwise (seconds): GDELT's own update cycle.
DEFAULT_EVERY_S = 15 * 60
EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_DONE = 0, 1, 2


@dataclass(frozen=True)
class WatchOptions:
    """How to watch: fetching manners, items older than ``since`` left out (until a watch whose
    ``since`` keeps them), analysis workers."""

    fetch: FetchOptions = field(default_factory=FetchOptions)
    since: dt.date | None = None
    workers: int = 1
    threads: int = THREADS


@dataclass
class RoundReport:
    """What one round did; ``line()`` says it on one line."""

    number: int = 1
    feeds: int = 0
    feeds_unchanged: int = 0
    feeds_failed: int = 0
    items_new: int = 0
    items_again: int = 0  # left out by an earlier --since, taken up by this one
    articles: int = 0
    duplicates: int = 0
    skipped: int = 0
    rejected: int = 0
    events_new: int = 0
    events_merged: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"round {self.number}: {self.feeds} feeds polled ({self.feeds_unchanged} unchanged, {self.feeds_failed} failed), "
            f"{self.items_new} items new"
            + (f" and {self.items_again} left out by an earlier --since" if self.items_again else "")
            + f", {self.articles} articles stored "
            f"({self.duplicates} already stored, {self.skipped} before --since, {self.rejected} rejected), "
            f"events {self.events_new} new / {self.events_merged} merged, {len(self.errors)} errors"
        )

    @property
    def exit_code(self) -> int:
        """0 all went well; 1 a feed or page failed or was rejected (each said); 2 no feed could be read."""
        if self.feeds and self.feeds_failed == self.feeds:
            return EXIT_NOTHING_DONE
        return EXIT_SOME_FAILED if self.errors or self.rejected else EXIT_OK


def watch_options(settings: Any, *, since: dt.date | None = None, **flags: Any) -> WatchOptions:
    """How to watch, from the settings (``data/defaults.toml``, the user's file, ``FRONTWATCH_WATCH_*``)
    and then ``flags`` (``workers``, ``threads``, ``host_interval_s``, ``timeout_s``, ``deadline_s``,
    ``retries``, ``backoff_s``; None: not given)."""
    names = ("workers", "threads", "host_interval_s", "timeout_s", "deadline_s", "retries", "backoff_s")
    unknown = set(flags) - set(names)
    if unknown:
        raise TypeError(f"watch_options: no setting {', '.join(sorted(unknown))}")
    values = {name: getattr(settings, f"watch_{name}") for name in names}
    values.update({name: value for name, value in flags.items() if value is not None})
    fetch = FetchOptions(timeout_s=values["timeout_s"], deadline_s=values["deadline_s"], retries=values["retries"],
                         backoff_s=values["backoff_s"], host_interval_s=values["host_interval_s"],
                         max_bytes=settings.max_article_bytes)
    return WatchOptions(fetch=fetch, since=since, workers=values["workers"], threads=values["threads"])


LineHook = Callable[[str, str], None]  # (kind: "error" | "rejected", one line naming the feed or page)
ProgressHook = Callable[[int, int], None]  # (items dealt with, items to deal with)


class Watcher:
    """Runs rounds over ``feeds`` into ``store``; the pipeline (or worker pool) is loaded at first need."""

    def __init__(
        self, store: Store, feeds: FeedList, options: WatchOptions | None = None, *, settings: Any = None,
        pipeline: Any = None, on_line: LineHook | None = None, on_progress: ProgressHook | None = None,
    ):
        from frontwatch.settings import load_settings

        self.store, self.feeds = store, feeds
        self.settings = settings or load_settings()
        self.options = options or watch_options(self.settings)
        self.on_line = on_line or (lambda kind, text: None)
        self.on_progress = on_progress or (lambda done, total: None)
        self._pipeline = pipeline
        self._analyser: InProcess | Pool | None = None
        self.rounds = 0

    def round(self) -> RoundReport:
        """One round: every feed polled, every pending item dealt with."""
        self.rounds += 1
        report = RoundReport(number=self.rounds)
        engine = self.store.engine
        state.add_feeds(engine, self.feeds.urls, self.feeds.titles)
        report.items_again = state.take_up_skipped(engine, self.options.since)
        with Fetcher(self.options.fetch) as fetcher, ThreadPoolExecutor(self.options.threads) as threads:
            # fetched at once, recorded in the list's order: an item in two feeds is the first feed's, every time
            fetched = threads.map(lambda u: self._fetch_feed(fetcher, u), self.feeds.urls)
            for url, answer in zip(self.feeds.urls, fetched):
                self._count_poll(report, url, self._record_feed(url, answer))
            todo = state.pending(engine)
            self._done, self._total = 0, len(todo)
            self.on_progress(0, self._total)
            articles = self._read_pages(threads, fetcher, todo, report)
            if todo:
                for stored in self.analyser().run(articles):
                    self._count_stored(report, stored)
        return report

    def analyser(self) -> InProcess | Pool:
        if self._analyser is None:
            if self.options.workers > 1:
                self._analyser = Pool(self.store, self.options.workers, self.settings)
            else:
                if self._pipeline is None:
                    from frontwatch.pipeline import load_pipeline

                    self._pipeline = load_pipeline(self.settings)
                self._analyser = InProcess(self.store, self._pipeline)
        return self._analyser

    def close(self) -> None:
        if self._analyser is not None:
            self._analyser.close()

    # -- feeds -------------------------------------------------------------------------------

    def _fetch_feed(self, fetcher: Fetcher, url: str) -> Page | FetchError:
        """The feed, fetched with its validators (a 304 when unchanged) where it last moved for good,
        or why it could not be."""
        engine = self.store.engine
        try:
            return fetcher.get(state.location(engine, url), *state.validators(engine, url))
        except FetchError as exc:
            return exc

    def _record_feed(self, url: str, page: Page | FetchError) -> tuple[str, int, list[str]]:
        """Record a poll: ("new", items new, problems), ("unchanged", 0, []) or ("failed", 0, [reason])."""
        engine = self.store.engine
        if isinstance(page, FetchError):
            state.record_feed_error(engine, url, str(page), page.status)
            return "failed", 0, [str(page)]
        if page.status == 304:
            state.record_poll(engine, url, [], status=304, moved_to=page.moved_to)
            return "unchanged", 0, []
        parsed = parse_feed(page.body, page.url, page.content_type)
        if parsed.problem and not parsed.items:
            state.record_feed_error(engine, url, parsed.problem, page.status)
            return "failed", 0, [parsed.problem]
        problems = [parsed.problem] if parsed.problem else []
        if parsed.without_link:
            problems.append(f"{parsed.without_link} items link to no web page: left out")
        keep = not parsed.problem  # a malformed feed is read whole again next round
        new = state.record_poll(
            engine, url, parsed.items, status=page.status, title=parsed.title, since=self.options.since,
            etag=page.headers.get("etag") if keep else None, last_modified=page.headers.get("last-modified") if keep else None,
            moved_to=page.moved_to,
        )
        return "new", new, problems

    def _count_poll(self, report: RoundReport, url: str, outcome: tuple[str, int, list[str]]) -> None:
        kind, new, problems = outcome
        report.feeds += 1
        report.items_new += new
        report.feeds_unchanged += kind == "unchanged"
        report.feeds_failed += kind == "failed"
        for problem in problems:
            self._error(report, f"feed {url}: {problem}")

    # -- pages -------------------------------------------------------------------------------

    def _read_pages(
        self, threads: ThreadPoolExecutor, fetcher: Fetcher, todo: list[state.Pending], report: RoundReport,
    ) -> Iterator[tuple[str, Article]]:
        """Fetch and read the pending items' pages, a few at a time, in order; settle those that give
        no article to analyse, and yield the others with their item's id."""
        window: deque[tuple[state.Pending, Future]] = deque()
        queue = iter(todo)
        since = self.options.since
        handed: set[str] = set()  # this round's article ids, stored or on their way
        for entry in _windowed(queue, lambda p: threads.submit(read_item, fetcher, p.item, since), window, 2 * self.options.threads):
            pending, result = entry
            if isinstance(result, Article):
                if result.id in handed or state.stored_article(self.store.engine, result.id):
                    state.settle(self.store.engine, pending.id, state.DUPLICATE, result.id)
                    report.duplicates += 1
                    self._advance()
                    continue
                handed.add(result.id)
                yield pending.id, result
            else:
                self._settle(report, pending, result)

    def _settle(self, report: RoundReport, pending: state.Pending, outcome: Outcome) -> None:
        engine, url = self.store.engine, pending.item.url
        if outcome.state == RETRY:
            given_up = state.retry_later(engine, pending.id, outcome.reason or "")
            self._error(report, f"page {url}: {outcome.reason}" + ("; given up" if given_up else "; tried again next round"))
        elif outcome.state == state.SKIPPED:
            state.settle(engine, pending.id, state.SKIPPED, error=outcome.reason, published=outcome.published)
            report.skipped += 1
        elif outcome.state == state.REJECTED:
            self.store.record_rejection(url, outcome.reason or "")
            state.settle(engine, pending.id, state.REJECTED, error=outcome.reason)
            report.rejected += 1
            self.on_line("rejected", f"{url}: {outcome.reason}")
        else:
            self.store.record_rejection(url, outcome.reason or "")
            state.settle(engine, pending.id, outcome.state, error=outcome.reason)
            self._error(report, f"page {url}: {outcome.reason}")
        self._advance()

    def _count_stored(self, report: RoundReport, stored: Stored) -> None:
        if stored.rejected:
            report.rejected += 1
            self.on_line("rejected", f"{stored.origin}: {stored.rejected}")
        else:
            report.articles += 1
            report.events_new += stored.new
            report.events_merged += stored.merged
        self._advance()

    def _error(self, report: RoundReport, line: str) -> None:
        report.errors.append(line)
        self.on_line("error", line)

    def _advance(self) -> None:
        self._done += 1
        self.on_progress(self._done, self._total)


def _windowed(items: Iterator[Any], submit: Callable[[Any], Future], window: deque, size: int) -> Iterator[tuple[Any, Any]]:
    """(item, result) in the order of ``items``, with at most ``size`` submitted ahead."""
    for item in items:
        window.append((item, submit(item)))
        if len(window) >= size:
            head, future = window.popleft()
            yield head, future.result()
    while window:
        head, future = window.popleft()
        yield head, future.result()


def run_rounds(watcher: Watcher, every_s: float, once: bool, stop: threading.Event | None = None) -> Iterable[RoundReport]:
    """Rounds until ``stop`` is set (or one with ``once``); the next starts ``every_s`` after the last began."""
    import time

    stop = stop or threading.Event()
    while True:
        started = time.monotonic()
        yield watcher.round()
        if once or stop.wait(max(0.0, every_s - (time.monotonic() - started))):
            return
