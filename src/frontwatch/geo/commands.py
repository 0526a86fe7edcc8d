"""``frontwatch gazetteer``: load a GeoNames dump, show what the gazetteer holds."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add the ``gazetteer`` command group to the ``frontwatch`` app."""
    group = typer.Typer(help="The place-name gazetteer (GeoNames).", no_args_is_help=True)

    @group.command("load")
    def load(path: Path = typer.Argument(..., help="GeoNames dump: allCountries.zip, SY.zip, SY.txt...")) -> None:
        """Add a GeoNames dump (villages, districts, roads, alternate names) to the gazetteer."""
        from rich.console import Console
        from rich.progress import Progress

        from frontwatch.geo.loader import DumpError, load_dump
        from frontwatch.settings import load_settings

        target = load_settings().gazetteer_file
        with Progress(transient=True) as bar:
            task = bar.add_task(f"loading {path.name}", total=None)
            try:
                counts = load_dump(target, path, progress=lambda n: bar.update(task, completed=n))
            except DumpError as exc:
                raise typer.BadParameter(str(exc)) from None
        Console().print(f"{target}: loaded " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))

    @group.command("info")
    def info(top: int = typer.Option(20, help="Rows of the counts table.")) -> None:
        """Sources loaded and places by country and feature (builds the gazetteer if missing)."""
        from rich.table import Table

        from frontwatch.geo.gazetteer import open_gazetteer
        from frontwatch.settings import load_settings

        from frontwatch.commands import prepare_gazetteer
        from frontwatch.terminal import stdout_console

        settings = load_settings()
        prepare_gazetteer(settings)
        gazetteer = open_gazetteer(settings)
        console = stdout_console()
        sources = Table("source", "loaded", "places", title=str(gazetteer.path))
        for name, when, n in gazetteer.sources():
            sources.add_row(name, when, str(n))
        console.print(sources)
        counts = Table("country", "feature", "places")
        for country, feature, n in gazetteer.counts()[:top]:
            counts.add_row(country, feature, str(n))
        console.print(counts)

    app.add_typer(group, name="gazetteer")
