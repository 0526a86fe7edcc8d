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


@typing_app.command("fit-core")
def fit_core_cmd(
    dev: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="The shared dev folder (case2021_dev.jsonl, conflibert_cameo_class_train.jsonl, petr_unittest_records_en.jsonl, voa_unlabelled.jsonl).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the event core (.npz).")],
    voa: Annotated[Path | None, typer.Option(help="Folder of hand-made VOA references (gold format with per-event evidence spans).")] = Path("train/gold/voa_unlabelled"),
    units: Annotated[Path | None, typer.Option(help="Keep the training units (with their rule features) in this JSONL; reused when it exists.")] = None,
) -> None:
    """Fit the learned event core on the dev parts of the public sets and the VOA references
    (``frontwatch.eventcore_fit`` names every choice); use it with FRONTWATCH_EVENT_CORE or `event_core`."""
    import json

    import numpy as np

    from frontwatch.eventcore_fit import build_units, fit_core, load_units, save_units
    from frontwatch.learned import Embedder, TyperUnavailable
    from frontwatch.ontology import load_ontology
    from frontwatch.settings import Settings, load_settings

    try:
        if units is not None and units.is_file():
            found = load_units(units)
        else:
            found = build_units(dev, voa, load_ontology())
            if units is not None:
                save_units(found, units)
        report: dict = {}
        embedder = Embedder(load_settings().typing_model or Settings.typing_model)
        cached = units.with_suffix(".npy") if units is not None else None
        if cached is not None and cached.is_file() and len(np.load(cached)) == len(found):
            embeddings = np.load(cached)
        else:
            embeddings = embedder.encode([u.text for u in found])
            if cached is not None:
                np.save(cached, embeddings)
        core = fit_core(found, embedder, report=report, embeddings=embeddings)
    except (TyperUnavailable, ValueError, KeyError, OSError) as error:
        console.print(f"[red]error:[/] {dev}: {error}")
        raise typer.Exit(EXIT_NOTHING_DONE) from error
    core.save(out)
    console.print(f"{out}: fitted on {core.fitted_on}")
    typer.echo(json.dumps(report, indent=1, sort_keys=True))
