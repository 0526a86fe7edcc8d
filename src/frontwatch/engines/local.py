"""The local engine: a process pool over the cores, the pipeline loaded once per worker.

    report = run_local(["archive/"], "events/", workers=4)

Each worker process builds the pipeline once (``load_pipeline``) and analyses whole
tasks (``tasks.plan``), writing that task's part files itself.  The parent appends one
line per finished task to ``_manifest.jsonl`` (flushed and synced), so a run that is
interrupted and started again skips every task already recorded; a task cut off
half-way is redone, and its part files, named by the task, are overwritten whole.
The events are exactly those of ``load_pipeline().run(read_inputs(inputs))``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontwatch.engines.output import FORMATS, MANIFEST, atomic_write, event_line, event_row, write_parts, write_rejects
from frontwatch.engines.tasks import DEFAULT_CHUNK, Done, Task, plan, read_task
from frontwatch.records import Rejected
from frontwatch.settings import Settings, load_settings

# How often the parent wakes to move the progress bar while workers run (seconds).
PROGRESS_POLL_S = 0.2


@dataclass
class BatchReport:
    """What a batch did: articles analysed, events written, inputs rejected, tasks run and skipped."""

    articles: int = 0
    events: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)
    tasks_run: int = 0
    tasks_skipped: int = 0

    @property
    def exit_code(self) -> int:
        """0 all went in, 1 some inputs rejected, 2 nothing analysed (as ``extract``)."""
        if self.rejected and not self.articles:
            return 2
        return 1 if self.rejected else 0


class Manifest:
    """``_manifest.jsonl``: one JSON line per finished task (its units, counts and rejects)."""

    def __init__(self, out: Path):
        self.path = out / MANIFEST
        self.entries: list[dict[str, Any]] = []
        if not self.path.exists():
            return
        text = self.path.read_text("utf-8")
        for line in text.splitlines():
            try:
                self.entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line cut off by an interruption: its task is redone
        if not text.endswith("\n") and text:
            atomic_write(self.path, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries))

    def done(self) -> Done:
        return Done(unit for entry in self.entries for unit in entry["units"])

    def add(self, entry: dict[str, Any]) -> None:
        with open(self.path, "a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        self.entries.append(entry)

    def rejects(self) -> list[dict[str, str]]:
        return [r for entry in self.entries for r in entry["rejects"]]


def run_local(
    inputs: list[str],
    out: str | os.PathLike,
    *,
    workers: int | None = None,
    fmt: str = "parquet",
    db: str | None = None,
    settings: Settings | None = None,
    chunk: int = DEFAULT_CHUNK,
    show_progress: bool = False,
) -> BatchReport:
    """Analyse ``inputs`` into ``out`` with ``workers`` processes (default: every core)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    settings = settings or load_settings()
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(root)
    tasks, rejected = plan(inputs, chunk, manifest.done())
    report = BatchReport(tasks_skipped=len(manifest.entries))
    if db:
        _prepare_store(db, settings)
    if tasks:
        _run_pool(tasks, root, workers or default_workers(), (settings, fmt, str(root), db), manifest, show_progress)
    report.tasks_run = len(manifest.entries) - report.tasks_skipped
    for entry in manifest.entries:
        report.articles += entry["articles"]
        report.events += entry["events"]
    report.rejected = [{"origin": r.origin, "reason": r.reason} for r in rejected] + manifest.rejects()
    write_rejects(root, report.rejected)
    return report


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _prepare_store(db: str, settings: Settings) -> None:
    """Create and migrate the store once, before workers open it concurrently."""
    from frontwatch.store import Store

    Store.open(db, settings).close()


def _run_pool(tasks: list[Task], root: Path, workers: int, config: tuple, manifest: Manifest, show: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from frontwatch.terminal import stderr

    # spawn: each worker starts clean (no threads or open connections copied from the parent).
    context = multiprocessing.get_context("spawn")
    ticks = context.Queue()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with (
        Progress(*columns, console=stderr, transient=True, disable=not show) as progress,
        ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context, initializer=_start_worker, initargs=(*config, ticks)) as pool,
    ):
        bar = progress.add_task("articles", total=sum(task.size for task in tasks))
        pending = {pool.submit(_run_task, task) for task in tasks}
        try:
            while pending:
                finished, pending = wait(pending, timeout=PROGRESS_POLL_S, return_when=FIRST_COMPLETED)
                progress.advance(bar, _drain(ticks))
                for future in finished:
                    manifest.add(future.result())
        except BaseException:  # an interruption or a failed worker: stop, keep what is recorded
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _drain(ticks) -> int:
    count = 0
    while True:
        try:
            count += ticks.get_nowait()
        except queue.Empty:
            return count


# -- in each worker process -----------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _start_worker(settings: Settings, fmt: str, out: str, db: str | None, ticks) -> None:
    """Load the pipeline (and open the store) once for this process."""
    from frontwatch.pipeline import load_pipeline

    store = None
    if db:
        from frontwatch.store import Store

        store = Store.open(db, settings)
    _WORKER.update(pipeline=load_pipeline(settings), fmt=fmt, out=Path(out), store=store, ticks=ticks)


def _run_task(task: Task) -> dict[str, Any]:
    """Analyse one task, write its part files; the manifest entry for it."""
    pipeline, store = _WORKER["pipeline"], _WORKER["store"]
    results, rejects, rows, lines = [], [], [], []
    for item in pipeline.run(read_task(task, pipeline.settings.max_article_bytes)):
        if isinstance(item, Rejected):
            rejects.append({"origin": item.origin, "reason": item.reason})
        else:
            rows.extend(event_row(e, item.article.origin) for e in item.events)
            lines.extend(event_line(e, item.article.origin) for e in item.events)
        results.append(item)
        _WORKER["ticks"].put(1)
    write_parts(_WORKER["out"], task.id, rows, lines, _WORKER["fmt"])
    if store is not None:
        rejects.extend(_ingest(store, results))
    articles = sum(1 for item in results if not isinstance(item, Rejected))
    return {"task": task.id, "units": [u.key for u in task.units], "articles": articles, "events": len(rows), "rejects": rejects}


def _ingest(store, results: list) -> list[dict[str, str]]:
    """Store a task's results; the articles the store refused, as rejects."""
    from frontwatch.store import ingest_results

    analysed = [item for item in results if not isinstance(item, Rejected)]
    for item in results:
        if isinstance(item, Rejected):
            store.record_rejection(item.origin, item.reason)
    summary = ingest_results(store, analysed)
    return [{"origin": message.split(": ", 1)[0], "reason": message} for message in summary.rejected]
