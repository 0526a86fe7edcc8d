"""frontwatch eval: measure the pipeline against reference data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from frontwatch.cli import app
from frontwatch.terminal import safe, stdout_console

eval_app = typer.Typer(help="Measure frontwatch against reference annotations.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
console = stdout_console()  # a reader that goes away (| head) ends the command quietly


@eval_app.command("sample")
def sample(
    article: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The article (.txt/.html/.jsonl).")],
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Its reference events (gold JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score one article's events against its hand-made reference (required-event F1)."""
    from frontwatch.api import default_pipeline
    from frontwatch.eval.gold import load_gold, score

    try:
        events = _article_extractor(default_pipeline())(article, None, None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    result = score(events, load_gold(gold)).as_dict()
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table(title=f"{article.name} against {gold.name}")
    for column in ("precision", "recall", "F1", "TP", "FP", "optional matched", "required"):
        table.add_column(column)
    table.add_row(
        f"{result['precision']:.3f}", f"{result['recall']:.3f}", f"{result['f1']:.3f}",
        str(result["true_positives"]), str(result["false_positives"]), str(result["neutral"]),
        str(result["required"]),
    )
    console.print(table)
    console.print(f"matches: {result['matches']}")
    if result["unmatched_gold"]:
        console.print(f"[red]missed required events:[/] {result['unmatched_gold']}")
    for event in result["unmatched_events"]:
        console.print(Text("unmatched event ", "yellow") + safe(f"{event['type']}: {event['sentence']}"))
    if result["missing_fields"]:
        console.print(f"[red]missing fields:[/] {result['missing_fields']}")
    console.print(f"control changes: {result['control']}")


@eval_app.command("articles")
def articles(
    references: Annotated[Path, typer.Argument(exists=True, help="A directory of reference files (gold JSON), or one.")],
    split: Annotated[str, typer.Option(help="'tuning' or 'checking' half (a fixed hash of each id), or 'all'.")] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Required-event precision, recall and F1 over whole articles, micro-averaged, with a
    row per article and why each missed event was missed."""
    from frontwatch.eval.articles import evaluate_articles
    from frontwatch.pipeline import load_pipeline

    pipeline = load_pipeline()
    try:
        result = evaluate_articles(references, _article_extractor(pipeline), split)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="REFERENCES") from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table("article", "split", "required", "TP", "FP", "events", "P", "R", "F1", "missed (why)",
                  title=f"events: {references.name} ({split})")
    for row in result["rows"]:
        why = ", ".join(f"{gid}:{cause}" for gid, cause in row["misses"].items())
        table.add_row(
            safe(row["id"]), row["split"], str(row["required"]), str(row["tp"]), str(row["fp"]), str(row["events"]),
            f"{row['precision']:.2f}", f"{row['recall']:.2f}", f"{row['f1']:.2f}", safe(row.get("error") or why),
        )
    console.print(table)
    console.print(
        f"micro over {result['articles']} articles: precision {result['precision']:.3f}, "
        f"recall {result['recall']:.3f}, F1 [bold]{result['f1']:.3f}[/] "
        f"({result['true_positives']} of {result['required']} required, {result['false_positives']} false positives)"
    )
    causes = ", ".join(f"{cause} {n}" for cause, n in result["missed_because"].items() if n)
    console.print(f"missed because: {causes or 'nothing missed'}")


def _article_extractor(pipeline):
    from frontwatch.eval.articles import JsonlArticle
    from frontwatch.read import read_inputs, read_text
    from frontwatch.records import Rejected

    def extract(path, published, source) -> list[dict]:
        if isinstance(path, JsonlArticle):
            record = path.record()
            item = read_text(
                record.get("text") or "", origin=f"{path.path.name}#{path.record_id}",
                id=str(record.get("id")), title=record.get("title"), published=published,
                source=source, url=record.get("url"),
            )
        else:
            item = next(iter(read_inputs([str(path)])))
        if isinstance(item, Rejected):
            raise ValueError(item.message())
        item.published = published or item.published
        item.source = source or item.source
        result = pipeline.process(item)
        if isinstance(result, Rejected):
            raise ValueError(result.message())
        return [event.to_dict() for event in result.events]

    return extract


@eval_app.command("geo")
def geo(
    corpus: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="LGL-style JSONL with gold toponyms.")],
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Toponym precision, recall, F1 (overlapping spans) and accuracy within 161 km."""
    from frontwatch.eval.geo import evaluate_lgl
    from frontwatch.geo.gazetteer import open_gazetteer
    from frontwatch.nlp import load_nlp
    from frontwatch.settings import load_settings

    settings = load_settings()
    try:
        result = evaluate_lgl(str(corpus), load_nlp(settings.model), open_gazetteer(settings), limit=limit)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="CORPUS") from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table("measure", "value", title=f"toponyms: {corpus.name}")  # one row a measure: fits a terminal
    for key, value in result.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


@eval_app.command("location")
def location(
    corpus: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                           help="JSONL with each sentence's event verb and place spans.")],
    split: Annotated[str, typer.Option(help="'checking' (a fixed 30%, by a hash of each sentence), "
                                            "'tuning' or 'all'.")] = "checking",
    limit: Annotated[int | None, typer.Option(help="Only the first N sentences of the split.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Share of marked event verbs whose chosen place is a marked place (event location step)."""
    from frontwatch.eval.location import evaluate_event_locations
    from frontwatch.pipeline import load_pipeline

    if split not in ("checking", "tuning", "all"):
        raise typer.BadParameter("split must be checking, tuning or all", param_hint="--split")
    try:
        result = evaluate_event_locations(str(corpus), load_pipeline(), split, limit)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="CORPUS") from None
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    table = Table("measure", "value", title=f"event location: {corpus.name} ({split})")
    for key, value in result.items():
        if key != "by_rung":
            table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    for key, value in result["by_rung"].items():
        table.add_row(f"rung {key}", str(value))
    console.print(table)


SPLIT_HELP = "Only the 'dev' or 'test' part of the fixed split (a hash of each id), or 'all'."


@eval_app.command("case2021")
def case2021(
    corpus: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CASE 2021 task 2 JSONL.")],
    split: Annotated[str, typer.Option(help=SPLIT_HELP)] = "all",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Weighted F1 of the ACLED sub-event and event type of each snippet's most confident event."""
    from frontwatch.eval.typing import evaluate_case2021
    from frontwatch.pipeline import load_pipeline

    _print_typing(evaluate_case2021(str(corpus), load_pipeline(), split), f"ACLED types: {corpus.name} ({split})", as_json)


@eval_app.command("cameo")
def cameo(
    corpus: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Penta-class JSONL (or PETRARCH records).")],
    split: Annotated[str, typer.Option(help=SPLIT_HELP)] = "all",
    mode: Annotated[str, typer.Option(help="'article': each record read as a story, its most confident event "
                                           "scored; 'sentence': each record coded as one event sentence "
                                           "(frontwatch code sentences).")] = "article",
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """CAMEO penta-class accuracy of each sentence's most confident event (no event: statement);
    for PETRARCH records (with "event_codings"), CAMEO root accuracy. With --mode sentence,
    of each sentence's code in sentence-coding mode."""
    from frontwatch.eval import read_reference
    from frontwatch.eval.typing import evaluate_cameo, evaluate_petr
    from frontwatch.sentences import MODES, load_pipeline_for

    if mode not in MODES:
        raise typer.BadParameter(f"choose one of {', '.join(MODES)}", param_hint="--mode")
    first = next(iter(read_reference(corpus, limit=1)), {})
    evaluate = evaluate_petr if "event_codings" in first else evaluate_cameo
    _print_typing(evaluate(str(corpus), load_pipeline_for(mode), split), f"CAMEO: {corpus.name} ({split}, {mode})",
                  as_json)


def _print_typing(result: dict, title: str, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    scores = Table(title=title)
    plain = {k: v for k, v in result.items() if not isinstance(v, (list, dict))}
    for key in plain:
        scores.add_column(key)
    scores.add_row(*(str(v) for v in plain.values()))
    console.print(scores)
    if "above_half" in result:
        console.print(f"events with confidence > 0.5: {result['above_half']}")
    if result.get("reliability"):
        table = Table(title="reliability (most confident event per record)")
        for column in ("confidence", "events", "right", "precision"):
            table.add_column(column)
        for row in result["reliability"]:
            table.add_row(*(str(row[c]) for c in ("confidence", "events", "right", "precision")))
        console.print(table)
    for row in result.get("confusions", []):
        console.print(f"  {row['gold']} -> {row['predicted']}: {row['n']}")
