"""frontwatch places: every place name in the articles and the place it resolves to."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from frontwatch.cli import app
from frontwatch.commands import (
    EXIT_NOTHING_DONE, EXIT_OK, EXIT_SOME_REJECTED, JSON_HELP, output_format, prepare_gazetteer, report_rejected,
)
from frontwatch.records import Rejected, Toponym
from frontwatch.terminal import dumps, safe, stdout_console

PLACE_FORMATS = ("table", "jsonl")


def toponym_record(article_id: str, toponym: Toponym) -> dict:
    """One resolved mention, the record of ``frontwatch places --format jsonl``."""
    place = toponym.place
    return {
        "article_id": article_id,
        "text": toponym.text,
        "char_start": toponym.char_start,
        "char_end": toponym.char_end,
        "name": place.name if place else None,
        "geonameid": place.geonames_id if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "feature": place.feature if place else (toponym.cue if toponym.cue == "road" else None),
    }


def places_pipeline(settings):
    """Only what toponym resolution needs: the parse and the toponyms stage."""
    from frontwatch.geo.gazetteer import open_gazetteer
    from frontwatch.nlp import load_nlp
    from frontwatch.pipeline import Pipeline
    from frontwatch.stages.toponyms import ToponymsStage

    return Pipeline(load_nlp(settings.model), [ToponymsStage(open_gazetteer(settings))], settings)


@app.command()
def places(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt .html .htm .jsonl), directories, or - for stdin.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table or jsonl (table on a terminal, else jsonl).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """List place names with the place each resolves to (or none)."""
    from frontwatch.read import read_inputs
    from frontwatch.settings import load_settings

    fmt = output_format(fmt, as_json, PLACE_FORMATS)
    settings = load_settings()
    prepare_gazetteer(settings)
    rows: list[dict] = []
    done = rejected = 0
    for result in places_pipeline(settings).run(read_inputs(inputs, max_bytes=settings.max_article_bytes)):
        if isinstance(result, Rejected):
            rejected += 1
            report_rejected(result.message())
            continue
        done += 1
        for toponym in result.document.toponyms:
            row = toponym_record(result.article.id, toponym)
            if fmt == "jsonl":
                sys.stdout.write(dumps(row) + "\n")
            else:
                rows.append(row)
    if fmt == "table":
        _print_table(rows)
    if rejected and not done:
        raise typer.Exit(EXIT_NOTHING_DONE)
    raise typer.Exit(EXIT_SOME_REJECTED if rejected else EXIT_OK)


def _print_table(rows: list[dict]) -> None:
    table = Table(title=f"{len(rows)} place mentions")
    for column in ("mention", "resolved place", "country", "admin1", "lat", "lon", "feature"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            safe(r["text"]), safe(r["name"]) if r["name"] else safe("no match", "dim"), safe(r["country"] or ""),
            safe(r["admin1"] or ""), f"{r['lat']:.4f}" if r["lat"] is not None else "",
            f"{r['lon']:.4f}" if r["lon"] is not None else "", safe(r["feature"] or ""),
        )
    stdout_console().print(table)
