"""Strings from articles, made safe to print on a terminal.

An article's text, title, source or URL is whatever a web page or a feed held: Rich
markup (``[link=...]``), ANSI and OSC escape sequences (clear the screen, rewrite the
title, a hidden hyperlink), bidirectional overrides that reorder what is shown. Every
such string a command prints goes through ``safe`` (a Rich ``Text``, never parsed as
markup, its control characters shown as escapes) or ``printable`` (the same as a plain
string); JSON written for people or pipes goes through ``dumps``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console
from rich.text import Text

# C0 and C1 control characters (ESC starts ANSI and OSC sequences, U+009B is a one-character
# CSI), DEL, line and paragraph separators, and the bidirectional marks and overrides.
# Where progress and warnings go, for the CLI and for the engines that report progress.
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# The same, less what JSON escapes itself (C0): left raw by json.dumps(ensure_ascii=False).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with every control character shown as its escape (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def safe(text: object, style: str = "") -> Text:
    """``text`` as a Rich ``Text``: printed as it reads (no markup), control characters escaped."""
    return Text("" if text is None else printable(text), style=style)


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, with the controls it leaves raw escaped as ``\\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _StdoutConsole(Console):
    """Rich's console ends the program (status 1) when the reader of a pipe goes away; this
    one raises ``BrokenPipeError`` so the command line ends it quietly, as for any other write."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def stdout_console(**options: Any) -> Console:
    """A Rich console on standard output for tables and reports (no highlighting of numbers)."""
    return _StdoutConsole(highlight=False, **options)
