"""Time against input size for one long unpunctuated sentence, beside normal text, in one run.

    python bench/bench_long_input.py [--sizes 20000,100000,1000000] [--unbounded]

Two texts of each size, built from the project's sample article (examples/sample-article.txt):
  - unpunctuated: its words, lower-cased, without punctuation or line breaks, repeated: one
    "sentence" as a scraped page without full stops gives it (the parser finds no end in it);
  - normal: its paragraphs repeated, as wire copy.
Each goes through the whole pipeline (``Pipeline.process``) once, after a warm-up on both
kinds of text (the learned typer loads on first use); the row gives the wall seconds, the
process's CPU seconds (the machines are shared: CPU time moves less with their load), the
CPU seconds per 10,000 characters (target: under 1 for the unpunctuated sentence), the
events and the longest sentence the stages saw, in tokens.
``--unbounded`` turns off the bounds on sentences and sections (nlp.MAX_SENTENCE_TOKENS,
sections.MAX_SECTION_CHARS) to show the time they save; keep its sizes small (20,000
characters took 17 s before them, 100,000 took 212 s). Peak resident memory is the
process's. Prints a Markdown table and writes it to bench/out/long_input.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import re
import resource
import time
from pathlib import Path

from timing import markdown
import frontwatch.nlp
import frontwatch.pipeline
from frontwatch.pipeline import load_pipeline
from frontwatch.records import Article
from frontwatch.sections import sections

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample-article.txt"
PUBLISHED = dt.date(2024, 5, 6)


def texts(size: int) -> dict[str, str]:
    """The unpunctuated sentence and the normal text, ``size`` characters each."""
    sample = SAMPLE.read_text("utf-8")
    words = re.sub(r"[^\w\s]", " ", sample).lower().split()
    sentence = " ".join(words)
    body = sample.split("\n", 1)[1].strip() + "\n\n"
    return {
        "one unpunctuated sentence": _repeat(sentence + " ", size),
        "normal text (wire copy)": _repeat(body, size),
    }


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def main() -> None:
    args = _arguments()
    if args.unbounded:
        frontwatch.nlp.MAX_SENTENCE_TOKENS = 10**9
        frontwatch.pipeline.sections = functools.partial(sections, limit=10**9)
    pipeline = load_pipeline()
    for text in texts(5_000).values():
        pipeline.process(Article(text=text, origin="warm-up", published=PUBLISHED))
    rows = [("input", "wall s; CPU s; **CPU s per 10,000 characters**; events; longest sentence (tokens)")]
    for size in args.sizes:
        for name, text in texts(size).items():
            wall, cpu = time.perf_counter(), time.process_time()
            result = pipeline.process(Article(text=text, origin=name, published=PUBLISHED))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            events = len(getattr(result, "events", []))
            rows.append((f"{name}, {size:,} characters", f"{wall:.1f}; {cpu:.1f}; **{cpu / size * 10_000:.2f}**; "
                                                         f"{events}; {_longest(pipeline, text)}"))
            print(rows[-1], flush=True)
    rows.append(("peak RSS of the process", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"))
    rows.append(("bounds", "unbounded (--unbounded)" if args.unbounded else
                 f"sentences of at most {frontwatch.nlp.MAX_SENTENCE_TOKENS} tokens, "
                 f"sections of at most {frontwatch.sections.MAX_SECTION_CHARS:,} characters"))
    table = markdown(rows)
    print(table)
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "long_input.md").write_text(table + "\n", "utf-8")


def _longest(pipeline, text: str) -> int:
    """The longest sentence of the first section, as the stages see it."""
    first = frontwatch.pipeline.sections(Article(text=text))[0]
    return max(len(sentence) for sentence in pipeline.nlp(first.analysable_text()).sents)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[20_000, 100_000, 1_000_000])
    parser.add_argument("--unbounded", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    main()
