"""Bytes in, text out: size limits, byte-order marks, legacy encodings, binary content.

Everything here raises ``Unreadable`` with a one-line reason; the readers turn it into
a ``Rejected`` record that names the input.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import BinaryIO

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings tried when a text is not UTF-8: the legacy code pages news sites and wire
# archives actually used. charset-normalizer left to itself prefers Mac code pages
# for short non-Latin runs inside English prose (it decoded a cp1256 Arabic name in an
# English article as mac_roman), so the candidates are restricted to these.
LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_9", "iso8859_15", "koi8_r", "koi8_u", "gb18030", "big5", "shift_jis",
    "euc_jp", "euc_kr", "cp874",
)

# Share of C0 control characters (other than tab, newlines, form feed) above which a
# decoded "text" is taken for binary data; real articles have none.
MAX_CONTROL_SHARE = 0.01


_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f]")


class Unreadable(ValueError):
    """An input that cannot be read as an article; the message is the one-line reason."""


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from a stream; more than that is an error, not a truncation."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Unreadable(f"input is larger than max_bytes={max_bytes:,}; raise the limit to read it")
    return data


# What a path that is not a regular file is, by the type bits of its mode.
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file; ``Unreadable`` otherwise.

    A named pipe would block the reader until something writes to it, a device such as
    /dev/zero never ends, and a socket cannot be opened: none is opened. The path is
    checked before it is opened, and what was opened is checked again (it may have
    been replaced in between), without ever waiting on a pipe.
    """
    try:
        _check_regular(os.stat(path).st_mode)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise Unreadable("no such file or directory") from None
    except PermissionError:
        raise Unreadable("permission denied: the file cannot be opened for reading") from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    try:
        _check_regular(os.fstat(descriptor).st_mode)
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _check_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise Unreadable("is a directory, expected a file")
    kind = next((name for test, name in _SPECIAL if test(mode)), "a special file")
    hint = "; to read one, redirect it to standard input and give -" if stat.S_ISFIFO(mode) else ""
    raise Unreadable(f"is {kind}, not a regular file{hint}")


def load_file(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, checked for existence, kind, permission, emptiness and size."""
    with open_regular(path) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            if size > max_bytes:
                raise Unreadable(
                    f"file is {size:,} bytes, larger than max_bytes={max_bytes:,}; raise the limit to read it"
                )
            data = read_limited(stream, max_bytes)
        except OSError as exc:
            raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise Unreadable("empty file")
    return data


def decode(data: bytes) -> str:
    """Text from bytes: a BOM decides, else UTF-8, else the most plausible legacy encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise Unreadable(f"starts with a {encoding} byte-order mark but is not {encoding}") from None
    if b"\x00" in data:
        raise Unreadable("binary content (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data))


def _decode_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        raise Unreadable("binary or undecodable content: not UTF-8 and no known text encoding fits")
    order = {name: i for i, name in enumerate(LEGACY_ENCODINGS)}
    best = min(
        matches,
        key=lambda m: (
            round(m.chaos, 3),
            _case_anomaly(str(m)),
            -m.coherence,
            order.get(m.encoding, len(order)),
        ),
    )
    return str(best)


def _case_anomaly(text: str) -> float:
    """How implausible the case pattern of the non-ASCII letters is (0 = plausible).

    Breaks charset-normalizer's ties between single-byte code pages that all decode
    without "mess": Arabic bytes read as cp1251 come out as runs of capital Cyrillic
    letters, while real Cyrillic, Greek or accented Latin prose is mostly lower case.
    Caseless scripts (Arabic, Hebrew, CJK) score 0.
    """
    upper = lower = 0
    for char in text:
        if char.isascii() or not char.isalpha():
            continue
        if char.isupper():
            upper += 1
        elif char.islower():
            lower += 1
    cased = upper + lower
    return max(0.0, upper / cased - 0.5) if cased else 0.0


def _checked(text: str) -> str:
    if not text.strip():
        raise Unreadable("no text: the input is blank")
    sample = text[:20_000]
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise Unreadable("binary content (control characters), not text")
    return text
