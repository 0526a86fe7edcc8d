"""``frontwatch batch``: many articles in, event records partitioned by date out."""

from __future__ import annotations

from typing import Annotated

import typer

from frontwatch.commands import report_rejected, show_progress, stderr
from frontwatch.engines.output import FORMATS
from frontwatch.engines.tasks import DEFAULT_CHUNK

ENGINES = ("local", "spark")


def batch(
    inputs: Annotated[list[str], typer.Argument(help="Directories, globs or files: .jsonl .parquet .txt .html .htm.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output folder (or, with Spark, a URL such as s3a://bucket/events/).")],
    engine: Annotated[str, typer.Option(help=f"Engine: {', '.join(ENGINES)}.")] = "local",
    workers: Annotated[int | None, typer.Option(min=1, help="Local engine: worker processes (default: every core).")] = None,
    master: Annotated[str, typer.Option(help="Spark engine: master URL, e.g. spark://host:7077 or local[2].")] = "local[2]",
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"Output: {', '.join(FORMATS)}.")] = "parquet",
    db: Annotated[str | None, typer.Option(help="Also ingest into this store: sqlite:///PATH or postgresql://USER@HOST/DB.")] = None,
    chunk: Annotated[int, typer.Option(min=1, help="Articles per task (the unit of scheduling and resumption).")] = DEFAULT_CHUNK,
    model: Annotated[str | None, typer.Option(help="spaCy model package (default from settings).")] = None,
    min_confidence: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence.")] = None,
) -> None:
    """Analyse an archive on every core (resumable) or on Spark: Parquet by event date, plus _rejects.jsonl."""
    from frontwatch.engines import run_local, run_spark
    from frontwatch.settings import load_settings

    if engine not in ENGINES:
        raise typer.BadParameter(f"choose one of {', '.join(ENGINES)}", param_hint="--engine")
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    settings = load_settings(model=model, min_confidence=min_confidence)
    if engine == "local":
        report = run_local(inputs, out, workers=workers, fmt=fmt, db=db, settings=settings, chunk=chunk, show_progress=show_progress())
    else:
        _require_pyspark()
        report = run_spark(inputs, out, master=master, fmt=fmt, db=db, settings=settings, chunk=chunk)
    for reject in report.rejected:
        report_rejected(f"{reject['origin']}: {reject['reason']}")
    skipped = f", {report.tasks_skipped} tasks already done" if report.tasks_skipped else ""
    stderr.print(f"batch: {report.articles} articles, {report.events} events, {len(report.rejected)} rejected -> {out}{skipped}")
    raise typer.Exit(report.exit_code)


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        stderr.print("batch: the Spark engine needs PySpark: pip install 'frontwatch[spark]' (and Java 17)")
        raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    app.command()(batch)
