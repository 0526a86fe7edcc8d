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
from rich.console import Console
from rich.table import Table

from frontwatch import filters
from frontwatch.store.batch import EXIT_NOTHING_DONE, EXIT_OK, EXIT_SOME_REJECTED, BatchSummary, ingest_results
from frontwatch.store.store import Store, StoreError
from frontwatch.terminal import dumps, safe

__all__ = ["DB_HELP", "EXIT_NOTHING_DONE", "EXIT_OK", "EXIT_SOME_REJECTED", "BatchSummary", "events", "export",
           "ingest", "ingest_results", "register"]

DB_HELP = "Database URL: sqlite:///PATH or postgresql://USER@HOST/DB (default: events.db in the user's data directory)."


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or directories of articles (text, HTML, JSON lines)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Analyse articles and store their events, fusing reports of the same happening."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from frontwatch.pipeline import load_pipeline
    from frontwatch.read import read_inputs
    from frontwatch.settings import load_settings

    from frontwatch.commands import report_rejected, stderr as errors

    settings = load_settings()
    store = _open(db, settings, errors)
    try:
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
    as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List stored (fused) events as a table, or explain one event's fusion."""
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    store = _open(db, None, errors)
    try:
        if explain:
            _print_explanation(store, explain, as_json, errors)
            return
        records = store.events(since=since, until=until, country=country, type=type_, actor=actor,
                               bbox=_bbox(bbox), q=q, min_confidence=min_confidence, limit=limit)
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    finally:
        store.close()
    if as_json:
        for record in records:
            sys.stdout.write(dumps(record) + "\n")
        return
    Console().print(_table(records))


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
    store = _open(db, None, errors)
    try:
        records = store.iter_events(since=since, until=until, country=country, type=type_, min_confidence=min_confidence)
        if out:
            with out.open("w", encoding="utf-8", newline="") as stream:
                count = write(records, fmt, stream)
        else:
            count = write(records, fmt, sys.stdout)
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


def _open(db: str | None, settings: Any, errors: Console) -> Store:
    try:
        return Store.open(db, settings)
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None




def _table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(records)} events", show_lines=False)
    table.add_column("id", no_wrap=True)  # copied into --explain: never folded
    for name in ("date", "type", "actor1", "actor2", "place", "fatal.", "sources", "conf."):
        table.add_column(name, overflow="fold")
    for r in records:
        location = r.get("location") or {}
        place = ", ".join(p for p in (location.get("name"), location.get("country")) if p)
        table.add_row(*map(safe, (
            r["event_id"], r.get("date") or f"{r.get('date_start') or '?'}..{r.get('date_end') or '?'}",
            r["event_type"], _actor_text(r.get("actor1")), _actor_text(r.get("actor2")), place,
            "" if r.get("fatalities") is None else str(r["fatalities"]),
            f"{r.get('num_sources', 1)} ({r.get('num_articles', 1)} art.)", f"{r.get('confidence', 0):.2f}",
        )))
    return table


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
    console = Console(highlight=False)
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
