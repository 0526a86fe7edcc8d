"""Articles from the watch into the store: the pipeline, then ``Store.ingest`` with fusion.

Each article is stored in one transaction together with the mark that settles its item,
so a kill between two articles loses nothing committed and repeats nothing. With one
worker the pipeline runs in this process; with more, each worker process loads the
pipeline once, opens the store and stores what it analysed (as ``frontwatch batch``'s
local engine does).
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


def store_result(store: Store, item_id: str, result: Any) -> Stored:
    """Store one pipeline result (``Result`` or ``Rejected``), settling its item with it."""
    if isinstance(result, Rejected):
        return _reject(store, item_id, result.origin, result.reason)
    article = result.article
    claims = getattr(result.document, "control_claims", ())
    try:
        report = store.ingest(article, result.events, claims,
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
    """``workers`` processes, each with its pipeline and its own connection to the store."""

    def __init__(self, db: str, workers: int, settings: Any):
        context = multiprocessing.get_context("spawn")  # each worker starts clean: no copied threads or connections
        self.workers = workers
        self.executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(db, settings))

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
                yield from _results(done)
        if chunk:
            in_flight.add(self.executor.submit(_run_chunk, chunk))
        while in_flight:
            done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
            yield from _results(done)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _results(done: set[Future]) -> Iterator[Stored]:
    for future in done:
        yield from future.result()


# -- in each worker process -------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(db: str, settings: Any) -> None:
    from frontwatch.pipeline import load_pipeline

    _WORKER.update(store=Store.open(db, settings), pipeline=load_pipeline(settings))


def _run_chunk(chunk: list[tuple[str, Article]]) -> list[Stored]:
    runner = InProcess(_WORKER["store"], _WORKER["pipeline"])
    return list(runner.run(chunk))

