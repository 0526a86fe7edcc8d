"""frontwatch extract: articles in, events out."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from frontwatch.cli import app
from frontwatch.commands import (
    EXIT_NOTHING_DONE,
    EXIT_OK,
    EXIT_SOME_REJECTED,
    JSON_HELP,
    fail,
    output_format,
    parse_day,
    prepare_gazetteer,
    report_rejected,
    show_progress,
    stderr,
)
from frontwatch.output import FORMATS, EventWriter
from frontwatch.records import Rejected


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt .html .htm .jsonl), directories, or - for stdin.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)} (table on a terminal, else jsonl).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (overrides what the article says).")] = None,
    source: Annotated[str | None, typer.Option(help="Publisher (overrides what the article says).")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence.")] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model package (default from settings).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Extract geocoded, dated events from news articles.

    Exit status: 0 every input gave an article, 1 some inputs were rejected (one
    line each on standard error; the others' events are on the output), 2 nothing
    could be done. docs/bad-input.md lists what each kind of bad input prints.
    """
    from frontwatch.read import read_inputs
    from frontwatch.settings import load_settings

    fmt = output_format(fmt, as_json, FORMATS) if out is None or fmt or as_json else "jsonl"
    day = parse_day(published, "--published")
    settings = load_settings(min_confidence=min_confidence, model=model)
    pipeline = _load(settings)
    items = read_inputs(inputs, published=day, source=source, max_bytes=settings.max_article_bytes)
    stream = _open_output(out)
    try:
        done, rejected = _extract(pipeline, items, EventWriter(stream, fmt))
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        _silence_stdout()
        raise typer.Exit(EXIT_OK) from None
    finally:
        if out and not stream.closed:
            stream.close()
    if rejected and not done:
        raise typer.Exit(EXIT_NOTHING_DONE)
    raise typer.Exit(EXIT_SOME_REJECTED if rejected else EXIT_OK)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail (Python docs, "SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass


def _load(settings):
    """The pipeline, or a one-line error (a missing model, an unbuildable gazetteer)."""
    from frontwatch.nlp import ModelNotInstalled
    from frontwatch.pipeline import load_pipeline

    try:
        prepare_gazetteer(settings)
        return load_pipeline(settings)
    except ModelNotInstalled as exc:
        raise fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - nothing can run: say why in one line
        raise fail(f"the pipeline could not be loaded: {type(exc).__name__}: {exc}") from None


def _open_output(out: Path | None) -> TextIO:
    if out is None:
        return sys.stdout
    try:
        return out.open("w", encoding="utf-8")
    except OSError as exc:
        raise fail(f"{out}: cannot be written: {exc.strerror or exc}") from None


def _extract(pipeline, items, writer: EventWriter) -> tuple[int, int]:
    """Run the pipeline, writing each article's events as soon as it is done."""
    done = rejected = 0
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=stderr, transient=True, disable=not show_progress(),
    ) as progress:
        task = progress.add_task("extracting", total=None)
        try:
            for result in pipeline.run(items):
                if isinstance(result, Rejected):
                    rejected += 1
                    report_rejected(result.message())
                else:
                    done += 1
                    writer.write(event.to_dict() for event in result.events)
                progress.update(task, advance=1, description=f"extracting: {done} articles, {rejected} rejected")
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 - a pipeline bug: keep what is out, say what stopped
            raise fail(
                f"extraction stopped after {done} articles ({type(exc).__name__}: {exc}); please report this"
            ) from None
    writer.close()
    return done, rejected
