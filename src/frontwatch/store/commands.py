"""``frontwatch ingest``, ``events`` and ``export``: thin wrappers over ``Store``.

Exit codes: 0 everything went in, 1 some inputs were rejected (each reported on
stderr in one line, ``rejected <origin>: <reason>`` as ``extract`` prints it, and
recorded in the store once per origin and reason), 2 nothing could be done.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from frontwatch import filters
from frontwatch.commands import JSON_HELP, output_format
from frontwatch.store.batch import EXIT_NOTHING_DONE, EXIT_OK, EXIT_SOME_REJECTED, BatchSummary, ingest_results
from frontwatch.store.store import Store, StoreError
from frontwatch.terminal import dumps, safe, stdout_console

__all__ = ["DB_HELP", "EXIT_NOTHING_DONE", "EXIT_OK", "EXIT_SOME_REJECTED", "BatchSummary", "events", "export",
           "ingest", "ingest_results", "register"]

DB_HELP = ("The store: a file (events.db, /data/events.db) or a database URL (sqlite:///relative.db, "
           "sqlite:////absolute.db, postgresql://USER@HOST/DB). Default: events.db in the user's data directory.")
EVENTS_FORMATS = ("table", "jsonl", "json")


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories of articles (text, HTML, JSON lines)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Analyse articles and store their events, fusing reports of the same happening."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from frontwatch.pipeline import load_pipeline
    from frontwatch.read import read_inputs
    from frontwatch.settings import load_settings

    from frontwatch.commands import prepare_gazetteer, report_rejected, stderr as errors

    settings = load_settings()
    store = _open(db, settings, errors)
    try:
        prepare_gazetteer(settings)
        pipeline = load_pipeline(settings)
        # the same console as report_rejected's, so its lines print above the live bar
        with Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=errors, transient=True) as progress:
            task = progress.add_task("ingest", total=None)

            def step(message: str | None) -> None:
                if message:
                    report_rejected(message)  # "rejected <origin>: <reason>", as extract prints it
                progress.advance(task)

            summary = ingest_results(store, pipeline.run(read_inputs([str(p) for p in paths])), step)
    finally:
        store.close()
    r = summary.report
    errors.print(
        f"{summary.articles} articles stored, {len(summary.rejected)} rejected; "
        f"events: {r.new} new, {r.merged} merged into existing, {r.unchanged} unchanged",
        markup=False,
    )
    raise typer.Exit(summary.exit_code)


def events(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, help="Only events on or after this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Only events on or before this day (YYYY-MM-DD)."),
    country: Optional[str] = typer.Option(None, help="Country where it happened, ISO alpha-3 (SYR) or alpha-2."),
    type_: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT."),
    actor: Optional[str] = typer.Option(None, help="Actor name (substring) or country code."),
    bbox: Optional[str] = typer.Option(None, help="Bounding box WEST,SOUTH,EAST,NORTH in degrees."),
    q: Optional[str] = typer.Option(None, "-q", "--query", help="Text in the evidence sentences or names."),
    min_confidence: Optional[float] = typer.Option(None, help="Only events at least this confident (0..1)."),
    limit: int = typer.Option(50, help="At most this many events."),
    explain: Optional[str] = typer.Option(None, help="Show what was merged into event ID and why."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help=f"Output: {', '.join(EVENTS_FORMATS)} (default table; "
                                      "the table shows the columns that fit the terminal, JSON every field)."),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List stored (fused) events as a table, or explain one event's fusion."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    fmt = output_format(fmt, as_json, EVENTS_FORMATS, piped="table")
    store = _open(db, None, errors, read_only=True)
    try:
        if explain:
            _print_explanation(store, explain, fmt != "table", errors)
            return
        records = store.events(since=since, until=until, country=country, type=type_, actor=actor,
                               bbox=_bbox(bbox), q=q, min_confidence=min_confidence, limit=limit)
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    finally:
        store.close()
    if fmt == "jsonl":
        for record in records:
            sys.stdout.write(dumps(record) + "\n")
    elif fmt == "json":
        sys.stdout.write(dumps(records, indent=2) + "\n")
    else:
        console = stdout_console()
        console.print(events_table(records, console.width))


def export(
    fmt: str = typer.Option("jsonl", "--format", "-f", help="acled, gdelt, geojson, jsonl or plover."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, help="Only events on or after this day (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Only events on or before this day (YYYY-MM-DD)."),
    country: Optional[str] = typer.Option(None, help="Country where it happened, ISO alpha-3 or alpha-2."),
    type_: Optional[str] = typer.Option(None, "--type", help="PLOVER event type, e.g. ASSAULT."),
    min_confidence: Optional[float] = typer.Option(None, help="Only events at least this confident (0..1)."),
) -> None:
    """Export fused events as ACLED CSV, GDELT 2.0 TSV, GeoJSON, JSON lines or PLOVER."""
    from frontwatch.store.exports import FORMATS, export as write

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    if fmt.lower() not in FORMATS:
        errors.print(f"error: --format {fmt!r} is unknown (choose one of {', '.join(FORMATS)})", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE)
    store = _open(db, None, errors, read_only=True)
    try:
        records = store.iter_events(since=since, until=until, country=country, type=type_, min_confidence=min_confidence)
        if out:
            with out.open("w", encoding="utf-8", newline="") as stream:
                count = write(records, fmt, stream)
        else:
            count = write(records, fmt, sys.stdout)
    except BrokenPipeError:  # the reader went away (``| head``): the command line ends quietly
        raise
    except (StoreError, OSError) as exc:
        errors.print(f"error: {out or 'export'}: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    finally:
        store.close()
    errors.print(f"{count} events exported as {fmt}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``events`` and ``export`` to the ``frontwatch`` app."""
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("export")(export)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """The --bbox option, checked as the API checks its bbox parameter."""
    try:
        return filters.bbox(text)
    except filters.BadParameter as exc:
        raise StoreError(f"--{exc}") from None


def _open(db: str | None, settings: Any, errors: Console, read_only: bool = False) -> Store:
    """The store at ``db``; ``read_only`` (``events``, ``export``): it must exist, nothing is created."""
    try:
        return Store.open(db, settings, read_only=read_only)
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None




# The events table's columns: (header, priority, shrinks): the narrowest terminal shows the
# first by priority that fit; a column that shrinks ends its names with an ellipsis, the
# others (the id copied into --explain, dates, numbers) are shown whole or not at all.
EVENT_COLUMNS = (("id", 1, False), ("date", 2, False), ("type", 3, False), ("actor1", 5, True),
                 ("actor2", 7, True), ("place", 4, True), ("fatal.", 8, False), ("sources", 6, False),
                 ("conf.", 9, False))
SHRUNK_MIN = 10  # characters a shrinking column keeps (names cut to 9 and an ellipsis)
COLUMN_GAP = 3  # characters between two columns (box.SIMPLE_HEAD, padding 1)


def events_table(records: list[dict[str, Any]], width: int) -> Table:
    """The events as a table no wider than ``width``: the columns that fit, names cut with an ellipsis."""
    rows = [_row(r) for r in records]
    natural = [max([len(header), *(len(row[i]) for row in rows)]) for i, (header, _, _) in enumerate(EVENT_COLUMNS)]
    chosen = _fitting_columns(natural, width)
    widths = _widths(chosen, natural, width)
    table = Table(title=f"{len(records)} events", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for i in chosen:
        table.add_column(EVENT_COLUMNS[i][0], width=widths[i], no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(safe(row[i]) for i in chosen))
    return table


def _fitting_columns(natural: list[int], width: int) -> list[int]:
    """Column indexes, in table order, taken by priority while their smallest widths fit."""
    needed = lambda i: min(natural[i], SHRUNK_MIN) if EVENT_COLUMNS[i][2] else natural[i]  # noqa: E731
    chosen: list[int] = []
    for i in sorted(range(len(EVENT_COLUMNS)), key=lambda i: EVENT_COLUMNS[i][1]):
        total = sum(needed(j) for j in [*chosen, i]) + COLUMN_GAP * len(chosen)
        if total <= width or not chosen:
            chosen.append(i)
    return sorted(chosen)


def _widths(chosen: list[int], natural: list[int], width: int) -> dict[int, int]:
    """Fixed columns at their natural width; shrinking ones share what is left, in proportion."""
    widths = {i: natural[i] for i in chosen}
    shrinking = [i for i in chosen if EVENT_COLUMNS[i][2]]
    room = width - COLUMN_GAP * (len(chosen) - 1) - sum(natural[i] for i in chosen if i not in shrinking)
    if sum(natural[i] for i in shrinking) > room:
        floor = {i: min(natural[i], SHRUNK_MIN) for i in shrinking}
        spare, extra = room - sum(floor.values()), sum(natural[i] - floor[i] for i in shrinking)
        for i in shrinking:
            widths[i] = floor[i] + spare * (natural[i] - floor[i]) // extra
    return widths


def _row(r: dict[str, Any]) -> list[str]:
    location = r.get("location") or {}
    return [
        r["event_id"], r.get("date") or f"{r.get('date_start') or '?'}..{r.get('date_end') or '?'}",
        r["event_type"], _actor_text(r.get("actor1")), _actor_text(r.get("actor2")),
        ", ".join(p for p in (location.get("name"), location.get("country")) if p),
        "" if r.get("fatalities") is None else str(r["fatalities"]),
        f"{r.get('num_sources', 1)} ({r.get('num_articles', 1)} art.)", f"{r.get('confidence', 0):.2f}",
    ]


def _actor_text(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    return f"{actor.get('name')} ({actor.get('country') or '?'})"


def _print_explanation(store: Store, event_id: str, as_json: bool, errors: Console) -> None:
    explanation = store.explain(event_id)
    if explanation is None:
        errors.print(f"error: no event {event_id!r} in the store", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE)
    if as_json:
        sys.stdout.write(dumps(explanation, indent=2) + "\n")
        return
    console = stdout_console()
    members = explanation["members"]
    say = lambda text: console.print(safe(text))  # noqa: E731 - every line may hold an article's words
    say(f"event {explanation['event_id']}: {len(members)} report(s) from {len(explanation['articles'])} article(s)")
    for source in explanation["sources"]:
        say(f"  {source['event_id']}  {source['source'] or '?'} {source['published'] or ''}: "
            f"{source['evidence']['sentence']}")
    if explanation["reasons"]:
        say("merged because:")
        for reason in explanation["reasons"]:
            say(f"  {reason}")
    say("fields taken from:")
    for name, origin in sorted(explanation["provenance"].items()):
        say(f"  {name}: {origin['event_id']} (article {origin['article_id']}): {origin['rule']}")
