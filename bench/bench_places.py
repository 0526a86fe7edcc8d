"""``frontwatch places`` throughput against the bare spaCy parse of the same articles.

    python bench/bench_places.py [--articles 100] [--data ../shared/dev/geo_lgl.jsonl] [--repeats 3]

On the first N articles of a JSON Lines file of real news, in one run:
  1. bare spaCy ``nlp.pipe`` over the texts (the pipeline's model and batch size);
  2. the places pipeline (``frontwatch.commands.places_cmd.places_pipeline``: read ->
     parse -> toponyms), as ``frontwatch places`` runs it, and its share of (1)
     (target >= 0.8);
  3. the toponyms stage alone over the parsed articles, as a share of the parse time
     (target <= 0.10).
Model load and the first pass (gazetteer opened, caches filled) are warmed up first
and reported apart; figures are the median of ``--repeats`` warm passes, the parse's and
the pipeline's taken in turn.  Prints a
Markdown table and writes it to bench/out/places.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from timing import markdown, median_seconds, paired_median_seconds, rate
from frontwatch.commands.places_cmd import places_pipeline
from frontwatch.document import Document
from frontwatch.read import read_inputs
from frontwatch.records import Article
from frontwatch.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "dev" / "geo_lgl.jsonl"


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="frontwatch-bench-") as tmp:
        data = Path(tmp) / "articles.jsonl"
        lines = args.data.read_text("utf-8").splitlines()[: args.articles]
        data.write_text("".join(json.dumps({"text": json.loads(x)["text"]}) + "\n" for x in lines))
        texts = [json.loads(x)["text"] for x in lines]
        rows = _measure(args, data, texts)
    table = markdown(rows)
    print(table)
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "places.md").write_text(table + "\n", encoding="utf-8")


def _measure(args, data: Path, texts: list[str]) -> list[tuple[str, str]]:
    n = len(texts)
    settings = load_settings()
    start = time.perf_counter()
    pipeline = places_pipeline(settings)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    list(pipeline.run(read_inputs([str(data)])))  # warm-up: gazetteer opened, caches filled
    warm = time.perf_counter() - start
    batch = settings.batch_size
    spacy_s, places_s = paired_median_seconds(
        args.repeats, lambda: list(pipeline.nlp.pipe(texts, batch_size=batch)),
        lambda: list(pipeline.run(read_inputs([str(data)]))))
    parsed = list(pipeline.nlp.pipe(texts, batch_size=batch))
    stage = pipeline.stages[-1]

    def toponyms() -> None:
        for text, sdoc in zip(texts, parsed, strict=True):
            stage(Document(article=Article(text=text), spacy=sdoc))

    stage_s = median_seconds(args.repeats, toponyms)
    return [
        ("articles", f"{n} from {args.data.name} ({sum(map(len, texts)) // n:,} characters on average)"),
        ("start-up: model load / first pass (gazetteer, caches)", f"{loaded:.1f} s / {warm:.1f} s"),
        ("(1) bare spaCy nlp.pipe", rate(n, spacy_s)),
        ("(2) places pipeline (read -> parse -> toponyms)", rate(n, places_s)),
        ("(2)/(1) throughput ratio (target >= 0.8)", f"{spacy_s / places_s:.2f}"),
        ("(3) toponyms stage alone", f"{stage_s * 1000 / n:.1f} ms/article"),
        ("(3) as a share of the parse (target <= 0.10)", f"{stage_s / spacy_s:.3f}"),
    ]








def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=3)
    return parser.parse_args()


if __name__ == "__main__":
    main()
