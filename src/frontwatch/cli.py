"""The ``frontwatch`` command: subcommands mirror what users do; each is a thin wrapper."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup


class _FlagsTakeNoValue:
    """Help shows a flag (``--json``, ``--help``) without a value type: it takes none.

    Typer's Rich help prints every option's type, ``<bool>`` for a flag too, as if
    ``--json`` wanted a value; an empty metavar leaves the type column blank.
    """

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.get_params(ctx):
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        super().format_help(ctx, formatter)


class Command(_FlagsTakeNoValue, TyperCommand):
    """Every ``frontwatch`` subcommand."""


class Group(_FlagsTakeNoValue, TyperGroup):
    """``frontwatch`` and its command groups; a reader that goes away (``| head``) ends the run quietly."""

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # what is still buffered goes now, while a broken pipe can be caught
                sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
            raise typer.Exit(0) from None


def quiet_stdout() -> None:
    """Point stdout at /dev/null so no later write or the interpreter's final flush fails
    (Python's documentation, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real stdout (a test runner's buffer)
        pass


app = typer.Typer(
    name="frontwatch",
    help="News about armed conflict and politics in; geocoded, dated, traceable events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=Group,
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"frontwatch {version('frontwatch')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("frontwatch (not installed: no version)")
        raise typer.Exit()


@app.callback()
def _main(
    _version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                           help="Print frontwatch's version and exit.")] = False,
) -> None:
    """News about armed conflict and politics in; geocoded, dated, traceable events out."""


def _register_commands() -> None:
    """Each command module adds its own subcommands (keeps this file small)."""
    from frontwatch.commands import code_cmd, eval_cmd, extract_cmd, places_cmd, typing_cmd, watch_cmd  # noqa: F401  (register on import)

    for module_name in ("frontwatch.geo.commands", "frontwatch.store.commands", "frontwatch.engines.commands", "frontwatch.web.commands"):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(app)


def _use_classes(typer_app: typer.Typer) -> None:
    """Every subcommand and group, wherever it was registered, is built as ``Command``/``Group``."""
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = Command
    for group in typer_app.registered_groups:
        group.cls = Group
        group.typer_instance.info.cls = Group
        _use_classes(group.typer_instance)


_register_commands()
_use_classes(app)

if __name__ == "__main__":
    app()
