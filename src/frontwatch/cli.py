"""The ``frontwatch`` command: subcommands mirror what users do; each is a thin wrapper."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="frontwatch",
    help="News about armed conflict and politics in; geocoded, dated, traceable events out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    """Each command module adds its own subcommands (keeps this file small)."""
    from frontwatch.commands import eval_cmd, extract_cmd, places_cmd, typing_cmd, watch_cmd  # noqa: F401  (register on import)

    for module_name in ("frontwatch.geo.commands", "frontwatch.store.commands", "frontwatch.engines.commands", "frontwatch.web.commands"):
        try:
            module = __import__(module_name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(app)


_register_commands()

if __name__ == "__main__":
    app()
