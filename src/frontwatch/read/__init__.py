"""Stage 1: inputs in, ``Article`` records out (or ``Rejected``, with the reason).

>>> for item in read_inputs(["news/", "feed.jsonl", "-"]):
...     print(item.message() if isinstance(item, Rejected) else item.title)

Files are ``.txt`` (wire copy), ``.html``/``.htm`` (pages), ``.jsonl`` (one article a
line); directories are walked recursively in sorted order; ``-`` is standard input,
whose kind is sniffed.  Bad input never raises: it becomes a ``Rejected`` that names
the input and says what is wrong, and reading goes on.  Articles not in English, and
texts too long for the NLP stage, are rejected here too, with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO, TextIO

from frontwatch.language import not_english_reason
from frontwatch.read.decode import Unreadable, decode, load_file, open_regular, read_limited
from frontwatch.read.html import looks_like_html, read_html
from frontwatch.read.jsonl import read_jsonl
from frontwatch.read.text import find_head, read_text
from frontwatch.records import Article, Rejected

__all__ = [
    "EXTENSIONS",
    "check_article",
    "find_head",
    "read_bytes",
    "read_html",
    "read_inputs",
    "read_path",
    "read_text",
]

# File kinds by extension; a file named explicitly with another extension is sniffed.
EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
STDIN = "-"
STDIN_ORIGIN = "<stdin>"
DEFAULT_MAX_BYTES = 5_000_000
# Longest article text the NLP stage is given: spaCy's own default ``nlp.max_length``
# (it refuses longer texts). Parsing takes about 3.3 GB per million characters with
# en_core_web_sm (measured: 1.3 GB for 400,000), so this also bounds memory.
MAX_ARTICLE_CHARS = 1_000_000


def read_inputs(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    source: str | None = None,
    max_bytes: int | None = None,
    max_chars: int = MAX_ARTICLE_CHARS,
    require_english: bool = True,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Article | Rejected]:
    """Every article in ``paths`` (files, directories, ``-``), in order.

    ``published`` and ``source``, when given, override what the readers found.
    ``max_bytes`` (default: the ``max_article_bytes`` setting) bounds a file, a JSON
    line or standard input, which are rejected, never read whole, when larger;
    ``max_chars`` bounds an article's text. With ``require_english`` articles in
    another language are rejected as "not English (looks like <language>)".
    """
    if max_bytes is None:
        from frontwatch.settings import load_settings

        max_bytes = load_settings().max_article_bytes
    for path in paths:
        for item in read_path(path, max_bytes=max_bytes, stdin=stdin):
            if isinstance(item, Article):
                item.published = published or item.published
                item.source = source or item.source
                item = _checked_article(item, max_chars, require_english)
            yield item


def check_article(article: Article, max_chars: int = MAX_ARTICLE_CHARS, require_english: bool = True) -> Article | Rejected:
    """``article``, or a ``Rejected`` saying why the pipeline must not take it (too long, not English)."""
    return _checked_article(article, max_chars, require_english)


def _checked_article(article: Article, max_chars: int, require_english: bool) -> Article | Rejected:
    if len(article.text) > max_chars:
        return Rejected(
            article.origin,
            f"text is {len(article.text):,} characters, longer than the {max_chars:,} the NLP stage takes",
        )
    reason = not_english_reason(article.text) if require_english else None
    return Rejected(article.origin, reason) if reason else article


def read_path(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: TextIO | BinaryIO | None = None
) -> Iterator[Article | Rejected]:
    """The articles of one input: a file, a directory or ``-`` (standard input)."""
    path = os.fspath(path)
    if path == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
    elif os.path.isdir(path):
        yield from _read_directory(path, max_bytes)
    else:
        yield from _read_file(path, max_bytes)


def read_bytes(
    data: bytes, origin: str, *, kind: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejected]:
    """The articles in some bytes: ``kind`` is "text", "html", "jsonl" or None to sniff."""
    try:
        if kind == "jsonl":
            yield from read_jsonl(io.BytesIO(data), origin, max_bytes=max_bytes)
            return
        if len(data) > max_bytes:
            raise Unreadable(f"input is {len(data):,} bytes, larger than max_bytes={max_bytes:,}")
        text = decode(data)
        kind = kind or _sniff(text)
        if kind == "jsonl":
            yield from read_jsonl(io.BytesIO(text.encode("utf-8")), origin, max_bytes=max_bytes)
        elif kind == "html":
            yield read_html(text, origin)
        else:
            yield read_text(text, origin)
    except Unreadable as exc:
        yield Rejected(origin, _one_line(str(exc)))
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop a batch
        yield Rejected(origin, _one_line(f"could not be read ({type(exc).__name__}: {exc}); please report this"))


def _one_line(reason: str) -> str:
    return " ".join(reason.split())[:300]


def _read_file(path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    kind = EXTENSIONS.get(os.path.splitext(path)[1].lower())
    if kind != "jsonl":
        try:
            data = load_file(path, max_bytes)
        except Unreadable as exc:
            yield Rejected(path, str(exc))
            return
        yield from read_bytes(data, path, kind=kind, max_bytes=max_bytes)
        return
    try:
        with open_regular(path) as stream:
            records = 0
            for item in read_jsonl(stream, path, max_bytes=max_bytes):
                records += 1
                yield item
        if not records:
            yield Rejected(path, "empty file: no JSON Lines records")
    except Unreadable as exc:
        yield Rejected(path, str(exc))
    except OSError as exc:
        yield Rejected(path, f"cannot be read: {exc.strerror or exc}")


def _read_directory(path: str, max_bytes: int) -> Iterator[Article | Rejected]:
    errors: list[OSError] = []
    found = False
    for root, dirs, files in os.walk(path, onerror=errors.append):
        yield from _walk_errors(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            found = True
            yield from _read_file(os.path.join(root, name), max_bytes)
    yield from _walk_errors(errors)
    if not found:
        yield Rejected(path, f"directory holds no {', '.join(sorted(EXTENSIONS))} files")


def _walk_errors(errors: list[OSError]) -> Iterator[Rejected]:
    while errors:
        exc = errors.pop(0)
        yield Rejected(str(exc.filename), f"directory cannot be listed: {exc.strerror or exc}")


def _read_stdin(stream: TextIO | BinaryIO, max_bytes: int) -> Iterator[Article | Rejected]:
    binary = getattr(stream, "buffer", stream)
    try:
        data = read_limited(binary, max_bytes)
    except Unreadable as exc:
        yield Rejected(STDIN_ORIGIN, str(exc))
        return
    except OSError as exc:
        yield Rejected(STDIN_ORIGIN, f"cannot be read: {exc.strerror or exc}")
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data:
        yield Rejected(STDIN_ORIGIN, "empty input")
        return
    yield from read_bytes(data, STDIN_ORIGIN, max_bytes=max_bytes)


def _sniff(text: str) -> str:
    """ "jsonl" when every non-blank line is a JSON object, "html" for markup, else "text".

    Objects are recognised by their braces, and the first one is parsed: a stream of
    records with one broken line is still JSON Lines, and its bad line is reported.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(line.startswith("{") and line.endswith("}") for line in lines):
        import json

        try:
            if isinstance(json.loads(lines[0]), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "html" if looks_like_html(text) else "text"
