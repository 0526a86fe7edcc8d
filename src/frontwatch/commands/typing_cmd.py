"""frontwatch typing: fit and inspect the learned typer's head (``frontwatch.learned``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from frontwatch.cli import app
from frontwatch.commands import EXIT_NOTHING_DONE

typing_app = typer.Typer(help="The learned ACLED typer: fit its head, see what it holds.", no_args_is_help=True)
app.add_typer(typing_app, name="typing")
console = Console(stderr=True)


@typing_app.command("fit")
def fit(
    corpus: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL of {text, sub_event_type_code, acled_event_type}.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the head (.npz).")],
    split: Annotated[str, typer.Option(help="Fit on the 'dev' or 'test' part of the fixed split only, or 'all'.")] = "all",
) -> None:
    """Fit the typer's head on labelled passages; use it with FRONTWATCH_TYPING_HEAD or `typing_head`."""
    from frontwatch.eval import read_reference
    from frontwatch.eval.typing import select
    from frontwatch.learned import Embedder, TyperUnavailable, fit_head
    from frontwatch.settings import Settings, load_settings

    try:
        records = select(read_reference(corpus), split)
        head = fit_head(records, Embedder(load_settings().typing_model or Settings.typing_model),
                        fitted_on=f"{corpus.name} ({split}, {len(records)} records)")
    except (TyperUnavailable, ValueError, KeyError) as error:
        console.print(f"[red]error:[/] {corpus}: {error}")
        raise typer.Exit(EXIT_NOTHING_DONE) from error
    head.save(out)
    console.print(f"{out}: {len(head.classes)} classes, fitted on {head.fitted_on}")


@typing_app.command("info")
def info(
    head_path: Annotated[Path | None, typer.Argument(dir_okay=False, help="A head file; default: the configured one.")] = None,
) -> None:
    """Which model and head the typer uses, and the classes the head knows."""
    from frontwatch.learned import Head, packaged_head_path
    from frontwatch.settings import load_settings

    settings = load_settings()
    path = head_path or Path(settings.typing_head or packaged_head_path())
    head = Head.load(path)
    typer.echo(f"model: {settings.typing_model or '(off)'}")
    typer.echo(f"head: {path} (fitted on {head.fitted_on}, embeddings of {head.model})")
    typer.echo(f"classes ({len(head.classes)}): {', '.join(head.classes)}")
