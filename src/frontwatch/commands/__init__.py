"""CLI commands, one module per group of what users do; shared helpers here."""

from __future__ import annotations

import datetime as dt
import sys

import typer
from rich.markup import escape

from frontwatch.terminal import printable, stderr

# Exit codes (docs/bad-input.md): everything went in; some inputs were rejected (the
# rest came out); nothing could be done (every input rejected, or a fatal error).
EXIT_OK = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_DONE = 2

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


JSON_HELP = "Short for --format jsonl (--format json where the output is one document)."


def output_format(fmt: str | None, as_json: bool, formats: tuple[str, ...], json_form: str = "jsonl",
                  piped: str = "jsonl") -> str:
    """The output chosen by ``--format`` / ``--json``, the same on every command that prints records.

    ``--json`` is short for ``--format <json_form>``; with neither, a terminal gets a table
    and a pipe or file gets ``piped``.
    """
    if fmt is not None and fmt not in formats:
        raise typer.BadParameter(f"choose one of {', '.join(formats)}", param_hint="--format")
    if as_json:
        if fmt not in (None, json_form):
            raise typer.BadParameter(f"--json is --format {json_form}: give one or the other", param_hint="--json")
        return json_form
    return fmt or ("table" if sys.stdout.isatty() else piped)


def prepare_gazetteer(settings) -> None:
    """Build the place-name gazetteer now if this is its first run, saying what is being built:
    a progress bar on a terminal, one plain line per step otherwise (a log, a pipe)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from frontwatch.geo.gazetteer import open_gazetteer

    gazetteer = open_gazetteer(settings)
    if not gazetteer.needs_build():
        return
    stderr.print(f"building the place-name gazetteer (first run only): {gazetteer.path}",
                 markup=False)
    if show_progress():
        columns = (TextColumn("gazetteer: {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=stderr, transient=True) as bar:
            task = bar.add_task("starting", total=None)
            gazetteer.build_now(lambda step, done, total: bar.update(task, description=step, completed=done,
                                                                     total=total))
    else:
        said: set[str] = set()

        def say(step: str, _done: int, _total: int | None) -> None:
            if step not in said:
                said.add(step)
                stderr.print(f"gazetteer: {step}", markup=False)

        gazetteer.build_now(say)
    stderr.print("gazetteer: built", markup=False)
