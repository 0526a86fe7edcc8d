"""What a batch writes: event rows, part files partitioned by event date, the manifest.

Layout of ``--out`` (both engines; readable by Spark, pyarrow, DuckDB, pandas)::

    date=2020-02-09/part-<task>.parquet     events whose best day is 2020-02-09
    date=__HIVE_DEFAULT_PARTITION__/...     events with no date
    _rejects.jsonl                          {"origin", "reason"}: each input that failed
    _manifest.jsonl                         local engine: the tasks done (resumption)

Parquet columns are the EVENT-SCHEMA fields plus ``origin`` (the input and line the
article came from).  Scalars are typed (dates as DATE); the nested objects
(``actor1``, ``actor2``, ``location``, ``quantities``, ``attribution``,
``control_change``, ``evidence``, ``trigger``) are JSON strings, so one schema holds
every event and any engine can write it.  ``date`` lives in the directory name, as
Hive partitioning has it.  With ``--format jsonl`` each part is JSON Lines holding the
records exactly as ``frontwatch extract`` writes them, plus ``origin``.

Every file is written under a dot-name and renamed into place, so a reader (or a
resumed run) never sees half a file; readers skip names starting with ``.`` or ``_``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from frontwatch.records import Event

MANIFEST = "_manifest.jsonl"
REJECTS = "_rejects.jsonl"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
FORMATS = ("parquet", "jsonl")

# (column, kind): kind is string | date | int | float | json (a nested object as JSON text).
COLUMNS: list[tuple[str, str]] = [
    ("event_id", "string"), ("article_id", "string"), ("origin", "string"),
    ("source", "string"), ("published", "date"), ("event_type", "string"),
    ("mode", "string"), ("cameo_root", "string"), ("cameo_code", "string"),
    ("acled_event_type", "string"), ("acled_sub_event_type", "string"), ("status", "string"),
    ("actor1", "json"), ("actor2", "json"), ("location", "json"),
    ("date_start", "date"), ("date_end", "date"), ("time_precision", "int"),
    ("fatalities", "int"), ("quantities", "json"), ("attribution", "json"),
    ("control_change", "json"), ("evidence", "json"), ("trigger", "json"),
    ("confidence", "float"),
]
PARTITION = "date"


def event_row(event: Event, origin: str) -> dict[str, Any]:
    """One event as a row of COLUMNS plus its ``date`` (a ``datetime.date`` or None)."""
    record = event.to_dict()
    row: dict[str, Any] = {"origin": origin, PARTITION: event.date}
    for name, kind in COLUMNS:
        if name == "origin":
            continue
        value = record[name]
        if kind == "json":
            value = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif kind == "date":
            value = getattr(event, name)
        row[name] = value
    return row


def event_line(event: Event, origin: str) -> str:
    """One event as a JSON line (the extract record plus ``origin``)."""
    return json.dumps({**event.to_dict(), "origin": origin}, ensure_ascii=False)


def row_record(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row back as the JSON record (``Event.to_dict()`` plus ``origin``)."""
    record: dict[str, Any] = {}
    for name, kind in COLUMNS:
        value = row.get(name)
        if kind == "json" and value is not None:
            value = json.loads(value)
        elif kind == "date" and value is not None:
            value = value.isoformat()
        record[name] = value
    day = row.get(PARTITION)
    record[PARTITION] = None if day in (None, NULL_PARTITION) else str(day)
    return record


def arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "date": pa.date32(), "int": pa.int64(), "float": pa.float64(), "json": pa.string()}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])


def partition_dir(day: dt.date | None) -> str:
    return f"{PARTITION}={day.isoformat() if day else NULL_PARTITION}"


def write_parts(out: Path, part: str, rows: list[dict[str, Any]], lines: list[str], fmt: str) -> None:
    """One file per event date for a task: ``date=.../part-<part>.<fmt>``, each renamed into place."""
    by_day: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_day.setdefault(partition_dir(row[PARTITION]), []).append(index)
    for directory, indexes in by_day.items():
        target = out / directory / f"part-{part}.{fmt}"
        if fmt == "parquet":
            _write_parquet(target, [rows[i] for i in indexes])
        else:
            atomic_write(target, "".join(lines[i] + "\n" for i in indexes))


def _write_parquet(target: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), temporary)
    os.replace(temporary, target)


def atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    with open(temporary, "w", encoding="utf-8") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, target)


def write_rejects(out: Path, rejects: Iterable[dict[str, str]]) -> None:
    atomic_write(out / REJECTS, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rejects))


# -- reading back ---------------------------------------------------------------------


def read_events(out: str | os.PathLike) -> list[dict[str, Any]]:
    """Every event record under a batch's ``--out`` (either engine, either format), by event_id."""
    root = Path(out)
    records = [*_parquet_records(root), *_jsonl_records(root)]
    return sorted(records, key=lambda r: r["event_id"])


def read_rejects(out: str | os.PathLike) -> list[dict[str, str]]:
    path = Path(out) / REJECTS
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _data_files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for directory, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in files:
            if not name.startswith((".", "_")) and name.endswith(suffixes):
                yield Path(directory) / name


def _parquet_records(root: Path) -> Iterator[dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.dataset as ds

    files = [str(p) for p in _data_files(root, (".parquet",))]
    if not files:
        return
    partitioning = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive")
    dataset = ds.dataset(files, format="parquet", partitioning=partitioning, partition_base_dir=str(root))
    for row in dataset.to_table().to_pylist():
        yield row_record(row)


def _jsonl_records(root: Path) -> Iterator[dict[str, Any]]:
    for path in _data_files(root, (".jsonl", ".txt")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                yield json.loads(line)
