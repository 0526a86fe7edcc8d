"""JSON Lines: one article per line, ``{"id", "text", "title"?, "published"?, "source"?, "url"?}``.

Read as a stream, line by line: a bad line becomes a ``Rejected`` naming
``file.jsonl:LINE`` and reading goes on with the next one.  ``max_bytes`` limits
each line, not the file, so corpora of any size can be read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from frontwatch.read.dates import parse_published
from frontwatch.read.text import read_text
from frontwatch.records import Article, Rejected

_SKIP_CHUNK = 1 << 20


def read_jsonl(stream: BinaryIO, origin: str, *, max_bytes: int = 5_000_000) -> Iterator[Article | Rejected]:
    """Articles (or Rejected lines) from a binary stream of JSON Lines."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        where = f"{origin}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_line(stream)
            yield Rejected(where, f"line is longer than max_bytes={max_bytes:,}; raise the limit to read it")
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        yield read_record(raw, where)


def _skip_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def read_record(raw: bytes | str, where: str) -> Article | Rejected:
    """One JSON Lines record as an Article, or why it cannot be one."""
    try:
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        return Rejected(where, f"line is not UTF-8 (bad byte at column {exc.start + 1})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        # json's messages for some errors end in " at" ("Invalid control character at")
        return Rejected(where, f"not valid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")
    except RecursionError:
        return Rejected(where, "not valid JSON: nested too deeply")
    if not isinstance(record, dict):
        return Rejected(where, f"expected a JSON object, got {_kind(record)}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, 'record has no text: "text" is missing, empty or not a string')
    try:
        published = parse_published(record.get("published"), strict=True)
    except ValueError as exc:
        return Rejected(where, f'"published": {exc}')
    return read_text(
        text,
        where,
        id=_string(record.get("id")) or "",
        title=_string(record.get("title")),
        published=published,
        source=_string(record.get("source")),
        url=_string(record.get("url")),
    )


def _string(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    value = " ".join(str(value).split())
    return value or None


def _kind(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
