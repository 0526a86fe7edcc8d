"""Articles from the watch into the store: the pipeline, then ``Store.ingest`` with fusion.

Each article is stored in one transaction together with the mark that settles its item,
so a kill between two articles loses nothing committed and repeats nothing. With one
worker the pipeline runs in this process; with more, each worker process loads the
pipeline once and sends back what it found (article, events, control claims), which this
process stores: one writer, so SQLite never makes two ingests wait on each other.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from frontwatch.records import Article, Rejected
from frontwatch.store import Store, StoreError
from frontwatch.watch import state

# Articles sent to a worker process at a time: enough for spaCy to batch, few enough to
# keep every worker busy on a small round.
CHUNK = 8


@dataclass(frozen=True)
class Stored:
    """What became of one analysed article: stored (with its event counts) or rejected (why)."""

    item_id: str
    origin: str
    rejected: str | None = None
    new: int = 0
    merged: int = 0


@dataclass(frozen=True)
class Found:
    """What the pipeline found in one article, as a worker process sends it back."""

    article: Article
    events: list[Any]
    claims: list[Any]

    @classmethod
    def of(cls, result: Any) -> Found:
        """The records of a pipeline ``Result``; its document (the parse, the events' frames) stays here."""
        return cls(result.article, list(result.events), list(result.document.control_claims))


def store_result(store: Store, item_id: str, result: Any) -> Stored:
    """Store one pipeline result (``Result``, ``Found`` or ``Rejected``), settling its item with it."""
    if isinstance(result, Rejected):
        return _reject(store, item_id, result.origin, result.reason)
    found = result if isinstance(result, Found) else Found.of(result)
    article = found.article
    try:
        report = store.ingest(article, found.events, found.claims,
                              also=lambda conn: state.mark(conn, item_id, state.STORED, article.id))
    except StoreError as exc:
        return _reject(store, item_id, article.origin, str(exc))
    return Stored(item_id, article.origin, None, report.new, report.merged)


def _reject(store: Store, item_id: str, origin: str, reason: str) -> Stored:
    store.record_rejection(origin, reason)
    state.settle(store.engine, item_id, state.REJECTED, error=reason)
    return Stored(item_id, origin, reason)


class InProcess:
    """One worker: the pipeline in this process, over a stream of (item id, article)."""

    def __init__(self, store: Store, pipeline: Any):
        self.store, self.pipeline = store, pipeline

    def run(self, articles: Iterable[tuple[str, Article]]) -> Iterator[Stored]:
        ids: deque[str] = deque()

        def feed() -> Iterator[Article]:
            for item_id, article in articles:
                ids.append(item_id)
                yield article

        for result in self.pipeline.run(feed()):  # one result per article, in order
            yield store_result(self.store, ids.popleft(), result)

    def close(self) -> None:
        pass


class Pool:
    """``workers`` processes, each with its pipeline; what they find is stored here, in order of arrival."""

    def __init__(self, store: Store, workers: int, settings: Any):
        context = multiprocessing.get_context("spawn")  # each worker starts clean: no copied threads or connections
        self.store, self.workers = store, workers
        self.executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))

    def run(self, articles: Iterable[tuple[str, Article]]) -> Iterator[Stored]:
        in_flight: set[Future] = set()
        chunk: list[tuple[str, Article]] = []
        for entry in articles:
            chunk.append(entry)
            if len(chunk) >= CHUNK:
                in_flight.add(self.executor.submit(_run_chunk, chunk))
                chunk = []
            while len(in_flight) >= 2 * self.workers:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                yield from self._store(done)
        if chunk:
            in_flight.add(self.executor.submit(_run_chunk, chunk))
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            yield from self._store(done)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _store(self, done: set[Future]) -> Iterator[Stored]:
        for future in done:
            for item_id, found in future.result():
                yield store_result(self.store, item_id, found)


# -- in each worker process -------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(settings: Any) -> None:
    from frontwatch.pipeline import load_pipeline

    _WORKER.update(pipeline=load_pipeline(settings))


def _run_chunk(chunk: list[tuple[str, Article]]) -> list[tuple[str, Found | Rejected]]:
    """The chunk through the pipeline: per item, what was found in its article, or why it was rejected."""
    results = _WORKER["pipeline"].run(article for _, article in chunk)  # one result per article, in order
    return [(item_id, r if isinstance(r, Rejected) else Found.of(r)) for (item_id, _), r in zip(chunk, results, strict=True)]

