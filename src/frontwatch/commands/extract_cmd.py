"""frontwatch extract: articles in, events out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from frontwatch.cli import app
from frontwatch.commands import (
    EXIT_NOTHING_DONE,
    EXIT_OK,
    EXIT_SOME_REJECTED,
    parse_day,
    report_rejected,
    show_progress,
    stderr,
)
from frontwatch.output import FORMATS, EventWriter
from frontwatch.records import Rejected


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt .html .htm .jsonl), directories, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)} (table on a terminal, else jsonl).")] = "",
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides what the article says).")] = None,
    source: Annotated[str | None, typer.Option(help="Publisher (overrides what the article says).")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model package (default from settings).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Extract geocoded, dated events from news articles."""
    from frontwatch.pipeline import load_pipeline
    from frontwatch.read import read_inputs
    from frontwatch.settings import load_settings

    fmt = fmt or ("table" if sys.stdout.isatty() and out is None else "jsonl")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    day = parse_day(published, "--published")
    settings = load_settings(min_confidence=min_confidence, model=model)
    pipeline = load_pipeline(settings)
    items = read_inputs(inputs, published=day, source=source, max_bytes=settings.max_article_bytes)
    stream = out.open("w", encoding="utf-8") if out else sys.stdout
    writer = EventWriter(stream, fmt)
    done = rejected = 0
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=stderr, transient=True, disable=not show_progress(),
    ) as progress:
        task = progress.add_task("extracting", total=None)
        for result in pipeline.run(items):
            if isinstance(result, Rejected):
                rejected += 1
                report_rejected(result.message())
            else:
                done += 1
                writer.write(event.to_dict() for event in result.events)
            progress.update(task, advance=1, description=f"extracting: {done} articles, {rejected} rejected")
    writer.close()
    if out:
        stream.close()
    if rejected and not done:
        raise typer.Exit(EXIT_NOTHING_DONE)
    raise typer.Exit(EXIT_SOME_REJECTED if rejected else EXIT_OK)
