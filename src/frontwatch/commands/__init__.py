"""CLI commands, one module per group of what users do; shared helpers here."""

from __future__ import annotations

import datetime as dt
import sys

import typer
from rich.console import Console
from rich.markup import escape

from frontwatch.terminal import printable

# Exit codes (docs/bad-input.md): everything went in; some inputs were rejected (the
# rest came out); nothing could be done (every input rejected, or a fatal error).
EXIT_OK = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_DONE = 2

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=option) from None
    if day > dt.date.today():
        raise typer.BadParameter(f"{value!r} is in the future", param_hint=option)
    return day


def one_line(text: str) -> str:
    """``text`` with control characters (a newline in a file name) shown as escapes."""
    return printable(text)


def report_rejected(origin_reason: str) -> None:
    """One line on standard error naming the input and what is wrong."""
    stderr.print(f"[bold red]rejected[/] {escape(one_line(origin_reason))}", markup=True, highlight=False)


def fail(message: str) -> typer.Exit:
    """Print ``error: <message>`` on one line of standard error; raise what this returns."""
    stderr.print(f"[bold red]error:[/] {escape(one_line(message))}", markup=True, highlight=False)
    return typer.Exit(EXIT_NOTHING_DONE)


def show_progress() -> bool:
    return sys.stderr.isatty()
