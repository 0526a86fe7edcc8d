"""The Spark engine: the same tasks and event rows as the local engine, on a cluster.

    report = run_spark(["archive/"], "s3a://bucket/events/", master="spark://host:7077")

The driver plans the tasks (``tasks.plan``) and hands Spark one task per partition;
``mapPartitions`` runs the pipeline, built once per executor Python process and kept
for every later partition that process gets.  The rows are those of the local engine
(same event ids, same columns), written as Parquet partitioned by event date (or JSON
Lines with ``fmt="jsonl"``); inputs that failed go to ``_rejects.jsonl`` beside them.
With ``db`` each partition ingests its articles into the store (one ``Store`` per
executor process; the store fuses concurrent ingests correctly).

Needs ``pip install frontwatch[spark]`` and Java 17.  Inputs must be readable at the
same path from every executor (a shared file system; in local mode, this machine),
and frontwatch installed in the executors' Python.  A Spark run is not resumable:
Spark retries failed tasks itself, and a new run replaces what is at ``out``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontwatch.engines.local import BatchReport, _prepare_store
from frontwatch.engines.output import COLUMNS, FORMATS, PARTITION, event_line, event_row, write_rejects
from frontwatch.engines.tasks import DEFAULT_CHUNK, Task, Unit, plan, read_task
from frontwatch.records import Rejected
from frontwatch.settings import Settings, load_settings

# Row kinds in the one DataFrame a run builds: an event, an analysed article, a reject.
EVENT, ARTICLE, REJECT = "event", "article", "reject"


def run_spark(
    inputs: list[str],
    out: str,
    *,
    master: str = "local[2]",
    fmt: str = "parquet",
    db: str | None = None,
    settings: Settings | None = None,
    chunk: int = DEFAULT_CHUNK,
    spark: Any = None,
) -> BatchReport:
    """Analyse ``inputs`` with Spark into ``out``; ``spark``: a running SparkSession to use."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    settings = settings or load_settings()
    tasks, rejected = plan(inputs, chunk)
    if db:
        _prepare_store(db, settings)
    session = spark or spark_session(master)
    try:
        rows = _analyse(session, tasks, settings, db, fmt).persist()
        _write(rows, out, fmt)
        report = _report(rows, rejected, len(tasks))
        _write_rejects(session, out, report.rejected)
        rows.unpersist()
    finally:
        if spark is None:
            session.stop()
    return report


def spark_session(master: str):
    """A SparkSession for ``master``; in local mode, bound to this machine and this Python."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("frontwatch batch").config("spark.ui.enabled", "false")
    if master.startswith("local"):
        # PySpark starts its workers with $PYSPARK_PYTHON (default: python3 on PATH),
        # which need not be the environment frontwatch is installed in.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    return builder.getOrCreate()


def spark_schema():
    from pyspark.sql import types as T

    kinds = {"string": T.StringType(), "date": T.DateType(), "int": T.LongType(), "float": T.DoubleType(), "json": T.StringType()}
    fields = [T.StructField("kind", T.StringType()), T.StructField("reason", T.StringType())]
    fields += [T.StructField(name, kinds[kind]) for name, kind in COLUMNS]
    fields += [T.StructField(PARTITION, T.DateType()), T.StructField("record", T.StringType())]
    return T.StructType(fields)


def _analyse(session, tasks: list[Task], settings: Settings, db: str | None, fmt: str):
    specs = [json.dumps([u.__dict__ for u in task.units]) for task in tasks]
    rdd = session.sparkContext.parallelize(specs, max(1, len(specs)))
    analysed = rdd.mapPartitions(lambda part: analyse_partition(part, settings, db, fmt))
    return session.createDataFrame(analysed, spark_schema())


def _write(rows, out: str, fmt: str) -> None:
    events = rows.where(rows.kind == EVENT)
    if fmt == "parquet":
        columns = [name for name, _ in COLUMNS] + [PARTITION]
        events.select(*columns).write.mode("overwrite").partitionBy(PARTITION).parquet(out)
    else:
        events.select("record", PARTITION).write.mode("overwrite").partitionBy(PARTITION).text(out)


def _write_rejects(session, out: str, rejects: list[dict[str, str]]) -> None:
    """``_rejects.jsonl`` in a local ``out``; elsewhere (s3a://, hdfs://) a ``_rejects/`` JSON folder."""
    if "://" not in out or out.startswith("file://"):
        write_rejects(Path(out.removeprefix("file://")), rejects)
    elif rejects:
        session.createDataFrame(rejects).coalesce(1).write.mode("overwrite").json(f"{out.rstrip('/')}/_rejects")


def _report(rows, rejected: list[Rejected], tasks: int) -> BatchReport:
    counts = {row["kind"]: row["count"] for row in rows.groupBy("kind").count().collect()}
    failed = rows.where(rows.kind == REJECT).select("origin", "reason").collect()
    return BatchReport(
        articles=counts.get(ARTICLE, 0),
        events=counts.get(EVENT, 0),
        rejected=[{"origin": r.origin, "reason": r.reason} for r in rejected]
        + [{"origin": r["origin"], "reason": r["reason"]} for r in failed],
        tasks_run=tasks,
    )


# -- on the executors -----------------------------------------------------------------

_PIPELINES: dict[Settings, Any] = {}
_STORES: dict[str, Any] = {}


def analyse_partition(specs: Iterator[str], settings: Settings, db: str | None, fmt: str) -> Iterator[tuple]:
    """Rows for the tasks of one partition: the pipeline and store are built once per process."""
    from frontwatch.pipeline import load_pipeline

    if settings not in _PIPELINES:
        _PIPELINES[settings] = load_pipeline(settings)
    pipeline = _PIPELINES[settings]
    store = _store(db, settings) if db else None
    for spec in specs:
        task = Task(tuple(Unit(**unit) for unit in json.loads(spec)))
        results = list(pipeline.run(read_task(task, settings.max_article_bytes)))
        if store is not None:
            _ingest_all(store, results)
        for item in results:
            yield from _rows(item, fmt)


def _store(db: str, settings: Settings):
    from frontwatch.store import Store

    if db not in _STORES:
        _STORES[db] = Store.open(db, settings)
    return _STORES[db]


def _ingest_all(store, results: list) -> None:
    from frontwatch.store import ingest_results

    ingest_results(store, results)


def _rows(item, fmt: str) -> Iterator[tuple]:
    names = [name for name, _ in COLUMNS]
    if isinstance(item, Rejected):
        yield (REJECT, item.reason, *(item.origin if n == "origin" else None for n in names), None, None)
        return
    origin = item.article.origin
    yield (ARTICLE, None, *(origin if n == "origin" else None for n in names), None, None)
    for event in item.events:
        row = event_row(event, origin)
        line = event_line(event, origin) if fmt == "jsonl" else None
        yield (EVENT, None, *(row[n] for n in names), row[PARTITION], line)
