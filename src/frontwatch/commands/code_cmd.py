"""frontwatch code: sentence-coding mode, one event code for every input sentence (``frontwatch.sentences``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from frontwatch.cli import app
from frontwatch.commands import (
    EXIT_NOTHING_DONE, EXIT_OK, EXIT_SOME_REJECTED, JSON_HELP, fail, output_format, prepare_gazetteer,
    report_rejected,
)
from frontwatch.records import Rejected
from frontwatch.terminal import dumps, safe, stdout_console

code_app = typer.Typer(help="Code sentences as event data sets do: one event code per sentence.", no_args_is_help=True)
app.add_typer(code_app, name="code")
CODE_FORMATS = ("table", "jsonl")


@code_app.command("sentences")
def sentences(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="JSONL with 'text' (and 'id') a line, or plain text, one sentence a line.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table or jsonl (table on a terminal, else jsonl).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Give every sentence its event code: CAMEO root, Phoenix penta class, PLOVER type, and
    the event where the parse gives one. Each sentence is taken to report a happening (as
    PETRARCH and Phoenix code news): the rules' event where they read one, unless the
    learned event core is confident of another code, else the core's.

    Exit status: 0 every line coded, 1 some lines rejected (one line each on standard
    error), 2 nothing could be done.
    """
    from frontwatch.nlp import ModelNotInstalled
    from frontwatch.sentences import load_coder, read_sentences
    from frontwatch.settings import load_settings

    fmt = output_format(fmt, as_json, CODE_FORMATS)
    settings = load_settings()
    try:
        prepare_gazetteer(settings)
        coder = load_coder(settings)
    except ModelNotInstalled as exc:
        raise fail(str(exc)) from None
    rows, done, rejected = [], 0, 0
    for coding in coder.code(read_sentences(path)):
        if isinstance(coding, Rejected):
            rejected += 1
            report_rejected(coding.message())
            continue
        done += 1
        if fmt == "jsonl":
            sys.stdout.write(dumps(coding.to_dict()) + "\n")
        else:
            rows.append(coding)
    if fmt == "table":
        _print_table(rows, path.name)
    if rejected and not done:
        raise typer.Exit(EXIT_NOTHING_DONE)
    raise typer.Exit(EXIT_SOME_REJECTED if rejected else EXIT_OK)


def _print_table(codings: list, name: str) -> None:
    table = Table(title=f"{name}: {len(codings)} sentences coded")
    for column in ("id", "CAMEO", "penta", "PLOVER", "by", "p", "sentence"):
        table.add_column(column)
    for c in codings:
        table.add_row(safe(c.id), safe(c.cameo_code or ""), "" if c.penta is None else str(c.penta),
                      safe(c.event_type or ""), c.coded_by, "" if c.probability is None else f"{c.probability:.2f}",
                      safe(c.text[:80]))
    stdout_console().print(table)
