"""``frontwatch watch`` (feeds in, events in the store, round after round) and ``frontwatch feeds``."""

from __future__ import annotations

import re
import signal
import sys
import threading
from typing import Annotated

import typer
from rich.markup import escape

from frontwatch.cli import app
from frontwatch.commands import fail, one_line, parse_day, report_rejected, show_progress, stderr
from frontwatch.store.commands import DB_HELP

_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


@app.command()
def watch(
    sources: Annotated[list[str], typer.Argument(help="Feed URLs, or files of them: one URL a line (# comments), or OPML.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron).")] = False,
    every: Annotated[str | None, typer.Option(
        help="Time from one round's start to the next: 90s, 5m, 1h, 1h30m. Default: the watch_every setting (15m).")] = None,
    since: Annotated[str | None, typer.Option(help="Leave out items published before this day (YYYY-MM-DD); a later watch with an earlier day, or none, takes them up.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Analysis processes, each loading the pipeline. Default: the watch_workers setting (1).")] = None,
    host_interval: Annotated[float | None, typer.Option(
        min=0.0, help="Least seconds between two requests to one host. Default: the watch_host_interval_s setting (1).")] = None,
    timeout: Annotated[float | None, typer.Option(
        min=0.1, help="Seconds to wait for a silent server before trying again. Default: the watch_timeout_s setting (20).")] = None,
) -> None:
    """Poll RSS, Atom and JSON feeds; store each new item's events, fused with those stored.

    One line per round on standard error, and one per feed or page that failed. A restart
    fetches nothing twice and finishes a round that was cut off. Exit status with --once:
    0 all went well, 1 a feed or page failed or was rejected, 2 no feed could be read.
    The defaults are the watch_* settings (data/defaults.toml; a config file or
    FRONTWATCH_WATCH_* variables change them).
    """
    from frontwatch.settings import load_settings
    from frontwatch.store import Store, StoreError
    from frontwatch.watch import Watcher, read_feed_list, run_rounds, watch_options

    settings = load_settings()
    every_s = parse_every(every if every is not None else settings.watch_every)
    day = parse_day(since, "--since")
    feed_list = read_feed_list(sources)
    for problem in feed_list.problems:
        _say_error(problem)
    if not feed_list.urls:
        raise fail("no feed to watch: give feed URLs or a file of them")
    options = watch_options(settings, since=day, workers=workers, host_interval_s=host_interval, timeout_s=timeout)
    try:
        store = Store.open(db, settings)
    except StoreError as exc:
        raise fail(str(exc)) from None
    stop = _stop_on_signals()
    with _progress() as (bar, advance):
        watcher = Watcher(store, feed_list, options, settings=settings,
                          on_line=_say, on_progress=advance)
        report = None
        try:
            for report in run_rounds(watcher, every_s, once, stop):
                stderr.print(report.line(), markup=False, highlight=False)
        except KeyboardInterrupt:
            stderr.print(f"watch stopped after {watcher.rounds} rounds; what was stored stays stored", markup=False)
            raise typer.Exit(0) from None
        finally:
            watcher.close()
            store.close()
    raise typer.Exit(report.exit_code if once and report else 0)


@app.command()
def feeds(
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Each watched feed: last polled, status, items seen, articles stored, last error."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from frontwatch.store import Store, StoreError
    from frontwatch.terminal import dumps, safe
    from frontwatch.watch import feeds as feed_rows

    try:
        with Store.open(db, read_only=True) as store:
            rows = feed_rows(store.engine)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if as_json:
        for row in rows:
            sys.stdout.write(dumps(row) + "\n")
        return
    table = Table(title=f"{len(rows)} feeds")
    table.add_column("feed", overflow="fold")
    for name in ("last polled", "status", "items", "stored", "pending", "last error"):
        table.add_column(name, overflow="fold")
    for r in rows:
        where = Text.assemble(safe(r["url"]), *(("\nmoved to ", safe(r["moved_to"])) if r["moved_to"] else ()))
        table.add_row(
            Text.assemble(safe(r["title"]), "\n", where) if r["title"] else where,
            safe((r["last_polled"] or "never")[:19]),
            safe(r["status"] + (f" ({r['http_status']})" if r["http_status"] else "")), str(r["items_seen"]),
            str(r["articles_stored"]), str(r["items_pending"]), safe(r["last_error"] or ""),
        )
    Console().print(table)


def parse_every(text: str) -> float:
    """Seconds from "90s", "5m", "1h", "1h30m" (a bare number is seconds); at least one second."""
    value = text.strip().lower()
    match = _DURATION.fullmatch(value)
    if value.isdigit():
        seconds = int(value)
    elif match and any(match.groups()):
        hours, minutes, secs = (int(g or 0) for g in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    else:
        raise typer.BadParameter(f"{text!r} is not a duration: use 90s, 5m, 1h or 1h30m", param_hint="--every")
    if seconds < 1:
        raise typer.BadParameter(f"{text!r}: at least 1s", param_hint="--every")
    return float(seconds)


def _say(kind: str, line: str) -> None:
    if kind == "rejected":
        report_rejected(line)
    else:
        _say_error(line)


def _say_error(line: str) -> None:
    stderr.print(f"[bold red]failed[/] {escape(one_line(line))}", markup=True, highlight=False)


def _stop_on_signals() -> threading.Event:
    """SIGTERM ends the watch as Ctrl-C does: between two articles, nothing committed lost."""
    stop = threading.Event()

    def interrupt(_signum, _frame) -> None:
        stop.set()
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)
    return stop


class _progress:
    """A progress bar over a round's items on a terminal; nothing otherwise."""

    def __enter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("watch"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=stderr, transient=True, disable=not show_progress())
        self.progress.__enter__()
        self.task = self.progress.add_task("items", total=None)
        return self.progress, self.advance

    def advance(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total or None)

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)
