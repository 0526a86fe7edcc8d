"""Planning a batch: inputs -> units of work -> tasks, and reading one task's articles.

A *unit* is a whole file (text, HTML, or a JSON Lines file that cannot be split) or a
range of lines of a JSON Lines file, or of rows of a Parquet file.  A *task* is a few
consecutive units holding about ``chunk`` articles: the grain of scheduling, of output
part files and of resumption.  Unit keys are stable (path and line range), so the
manifest of an interrupted run says exactly which inputs are done, and a file that
grew since is taken up where it was left.

Reading goes through ``frontwatch.read`` (the same readers, the same origins and the
same article ids as ``read_inputs``); Parquet rows go through the JSON Lines record
reader, so a row and a JSON line with the same fields become the same article.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from frontwatch.read import EXTENSIONS, read_path
from frontwatch.read.decode import Unreadable, open_regular
from frontwatch.read.jsonl import read_record
from frontwatch.records import Article, Rejected, content_hash

# Articles per task by default: small enough for a progress bar and a cheap redo after
# an interruption, large enough that scheduling and part files cost little.
DEFAULT_CHUNK = 100
# Input kinds by extension: the readers' own, plus Parquet (one article a row).
KINDS = {**EXTENSIONS, ".parquet": "parquet"}
PARQUET_COLUMNS = ("id", "text", "title", "published", "source", "url")
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Unit:
    """A file, or lines/rows ``first``..``last`` (1-based, inclusive) of one."""

    path: str
    kind: str = "file"  # file | jsonl | parquet
    first: int = 0
    last: int = 0
    offset: int = 0  # byte offset of line ``first`` (jsonl), so workers seek, not scan

    @property
    def key(self) -> list:
        return [self.path, self.first, self.last]

    @property
    def size(self) -> int:
        return self.last - self.first + 1 if self.first else 1


@dataclass(frozen=True)
class Task:
    """Consecutive units analysed together; ``id`` names its part files."""

    units: tuple[Unit, ...]

    @property
    def id(self) -> str:
        return content_hash(*(json.dumps(u.key) for u in self.units))

    @property
    def size(self) -> int:
        return sum(u.size for u in self.units)


class Done:
    """Units already analysed, by path: whole files and line/row ranges."""

    def __init__(self, keys: Iterable[Sequence] = ()):
        self.whole: set[str] = set()
        self.ranges: dict[str, list[tuple[int, int]]] = {}
        for path, first, last in keys:
            if first:
                self.ranges.setdefault(path, []).append((first, last))
            else:
                self.whole.add(path)

    def remaining(self, path: str, total: int) -> list[tuple[int, int]]:
        """Ranges of 1..total not done yet."""
        gaps, position = [], 1
        for first, last in sorted(self.ranges.get(path, [])):
            if first > position:
                gaps.append((position, min(first - 1, total)))
            position = max(position, last + 1)
        if position <= total:
            gaps.append((position, total))
        return [(a, b) for a, b in gaps if a <= b]


def plan(
    inputs: Sequence[str], chunk: int = DEFAULT_CHUNK, done: Done | None = None
) -> tuple[list[Task], list[Rejected]]:
    """The tasks still to do for ``inputs`` (files, directories, globs), and inputs rejected outright."""
    done = done or Done()
    units: list[Unit] = []
    rejected: list[Rejected] = []
    for path in list_files(inputs, rejected):
        units.extend(_units(path, chunk, done))
    return _pack(units, chunk), rejected


def list_files(inputs: Sequence[str], rejected: list[Rejected]) -> Iterator[str]:
    """Files named or found under directories and globs, in ``read_inputs`` order."""
    for given in inputs:
        path = os.fspath(given)
        if os.path.isdir(path):
            yield from _walk(path, rejected)
        elif not os.path.exists(path) and _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                rejected.append(Rejected(path, "the pattern matches no file"))
            for match in matches:
                yield from _walk(match, rejected) if os.path.isdir(match) else [match]
        else:
            yield path


def _walk(path: str, rejected: list[Rejected]) -> Iterator[str]:
    errors: list[OSError] = []
    found = False
    for root, dirs, files in os.walk(path, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in KINDS:
                found = True
                yield os.path.join(root, name)
    for exc in errors:
        rejected.append(Rejected(str(exc.filename), f"directory cannot be listed: {exc.strerror or exc}"))
    if not found and not errors:
        rejected.append(Rejected(path, f"directory holds no {', '.join(sorted(KINDS))} files"))


def _units(path: str, chunk: int, done: Done) -> list[Unit]:
    kind = KINDS.get(os.path.splitext(path)[1].lower())
    if path in done.whole:
        return []
    if kind == "jsonl":
        starts = _line_starts(path)
        if starts:
            return [
                Unit(path, "jsonl", a, b, starts[a - 1])
                for first, last in done.remaining(path, len(starts))
                for a, b in _split(first, last, chunk)
            ]
    if kind == "parquet":
        rows = _parquet_rows(path)
        if rows:
            return [
                Unit(path, "parquet", a, b)
                for first, last in done.remaining(path, rows)
                for a, b in _split(first, last, chunk)
            ]
    return [Unit(path)]  # read whole by ``read_path``, which also reports what is wrong


def _split(first: int, last: int, chunk: int) -> Iterator[tuple[int, int]]:
    for start in range(first, last + 1, chunk):
        yield start, min(start + chunk - 1, last)


def _line_starts(path: str) -> list[int]:
    """Byte offset of each line; empty when the file is unreadable or has no record."""
    starts, position, records = [], 0, 0
    try:
        with open_regular(path) as stream:
            for line in stream:
                starts.append(position)
                position += len(line)
                records += bool(line.strip())
    except (OSError, Unreadable):
        return []
    return starts if records else []


def _parquet_rows(path: str) -> int:
    import pyarrow.parquet as pq

    try:
        with open_regular(path) as stream:
            return pq.ParquetFile(stream).metadata.num_rows
    except Exception:  # noqa: BLE001 - reported when the task reads it
        return 0


def _pack(units: list[Unit], chunk: int) -> list[Task]:
    tasks: list[Task] = []
    current: list[Unit] = []
    for unit in units:
        if current and sum(u.size for u in current) + unit.size > chunk:
            tasks.append(Task(tuple(current)))
            current = []
        current.append(unit)
    if current:
        tasks.append(Task(tuple(current)))
    return tasks


# -- reading a task -------------------------------------------------------------------


def read_task(task: Task, max_bytes: int) -> Iterator[Article | Rejected]:
    """The articles of a task's units, in order, as ``read_inputs`` would give them."""
    for unit in task.units:
        if unit.kind == "jsonl":
            yield from _read_lines(unit, max_bytes)
        elif unit.kind == "parquet":
            yield from _read_rows(unit)
        else:
            yield from read_path(unit.path, max_bytes=max_bytes)


def _read_lines(unit: Unit, max_bytes: int) -> Iterator[Article | Rejected]:
    try:
        stream = open_regular(unit.path)
    except Unreadable as exc:
        yield Rejected(unit.path, str(exc))
        return
    with stream:
        stream.seek(unit.offset)
        for number in range(unit.first, unit.last + 1):
            raw = stream.readline(max_bytes + 1)
            if not raw:
                return
            where = f"{unit.path}:{number}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield Rejected(where, f"line is longer than max_bytes={max_bytes:,}; raise the limit to read it")
                continue
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if raw.strip():
                yield read_record(raw, where)


def _read_rows(unit: Unit) -> Iterator[Article | Rejected]:
    """Rows ``first``..``last`` of a Parquet file, each as a JSON Lines record."""
    import pyarrow.parquet as pq

    try:
        table = _row_slice(pq.ParquetFile(unit.path), unit.first - 1, unit.size)
    except Exception as exc:  # noqa: BLE001 - a bad file is one rejected input
        yield Rejected(unit.path, f"cannot be read as Parquet: {type(exc).__name__}: {exc}")
        return
    for number, row in enumerate(table.to_pylist(), start=unit.first):
        yield read_record(json.dumps(row, default=str), f"{unit.path}:{number}")


def _row_slice(parquet, start: int, count: int):
    """Rows ``start``..``start+count`` reading only the row groups that hold them."""
    columns = [c for c in PARQUET_COLUMNS if c in parquet.schema_arrow.names]
    groups, first_row, position = [], None, 0
    for index in range(parquet.metadata.num_row_groups):
        rows = parquet.metadata.row_group(index).num_rows
        if position + rows > start and position < start + count:
            groups.append(index)
            first_row = position if first_row is None else first_row
        position += rows
    table = parquet.read_row_groups(groups, columns=columns)
    return table.slice(start - (first_row or 0), count)
