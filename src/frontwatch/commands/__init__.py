"""CLI commands, one module per group of what users do; shared helpers here."""

from __future__ import annotations

import datetime as dt
import sys

import typer
from rich.console import Console

# Exit codes (documented in the README): everything went in; some inputs were
# rejected (the rest came out); nothing could be done.
EXIT_OK = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_DONE = 2

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def parse_day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=option)


def report_rejected(origin_reason: str) -> None:
    """One line on standard error naming the input and what is wrong."""
    stderr.print(f"[bold red]rejected[/] {origin_reason}", markup=True, highlight=False)


def show_progress() -> bool:
    return sys.stderr.isatty()
