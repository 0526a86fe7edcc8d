"""Pipeline throughput against the bare spaCy parse of the same articles, in one run.

    python bench/bench_pipeline.py [--articles 100] [--data ../shared/dev/geo_lgl.jsonl] [--no-spark] [--in-process-only]

Measures, on the first N articles of a JSON Lines file of real news:
  1. bare spaCy ``nlp.pipe`` over the texts (the pipeline's own model, same batch size);
  2. the whole pipeline in-process, as ``frontwatch extract`` runs it (read -> pipeline),
     and its throughput as a share of (1);
  3. where the time goes: reading, the NLP parse, each stage, the runner's own share;
  4. the local engine with 1 and 2 worker processes (and the ratio);
  5. the Spark engine on local[2];
     engines are timed steady-state: a run over the N articles twice minus a run over
     them once, so process start-up and cache warm-up cancel out (also reported);
  6. peak resident memory per process (psutil when installed, else getrusage).
Model load, gazetteer opening and worker/Spark start-up are warmed up first and
reported apart.  Prints a Markdown table and writes it to bench/out/pipeline.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import tempfile
import threading
import time
from pathlib import Path

from timing import markdown, median_seconds, rate
from frontwatch.pipeline import load_pipeline
from frontwatch.read import read_inputs
from frontwatch.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "dev" / "geo_lgl.jsonl"
# Articles per engine task: 10 tasks a 100-article run, so 2 workers stay busy to the end.
ENGINE_CHUNK = 10


def main() -> None:
    args = _arguments()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="frontwatch-bench-") as tmp:
        data = _sample(args.data, args.articles, Path(tmp) / "articles.jsonl")
        texts = [json.loads(line)["text"] for line in data.read_text("utf-8").splitlines()]
        n = len(texts)
        rows += [("articles", f"{n} from {args.data.name} ({sum(map(len, texts)) // n:,} characters on average)")]
        settings = load_settings()
        start = time.perf_counter()
        pipeline = load_pipeline(settings)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        list(pipeline.run(read_inputs([str(data)])))  # warm-up: gazetteer opened, caches filled
        rows += [("start-up: model load / first pass (gazetteer, caches)", f"{loaded:.1f} s / {time.perf_counter() - start:.1f} s")]

        spacy_s = median_seconds(args.repeats, lambda: list(pipeline.nlp.pipe(texts, batch_size=settings.batch_size)))
        pipeline_s = median_seconds(args.repeats, lambda: list(pipeline.run(read_inputs([str(data)]))))
        rows += [
            ("(1) bare spaCy nlp.pipe", rate(n, spacy_s)),
            ("(2) whole pipeline in-process (read -> pipeline)", rate(n, pipeline_s)),
            ("(2)/(1) throughput ratio (target >= 0.70)", f"**{spacy_s / pipeline_s:.2f}**"),
            ("peak RSS, in-process (model, gazetteer, pipeline)", _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)),
        ]
        rows += _profile(pipeline, data, n)
        if not args.in_process_only:
            rows += _local_engine(data, Path(tmp), n)
            if not args.no_spark:
                rows += _spark_engine(data, Path(tmp), n)
    table = markdown(rows)
    print(table)
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pipeline.md").write_text(table + "\n", "utf-8")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSON Lines with a 'text' field")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes in-process (median quoted)")
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--in-process-only", action="store_true", help="only (1)-(3): no worker engines, no Spark")
    return parser.parse_args()


def _sample(source: Path, n: int, target: Path) -> Path:
    lines = []
    with source.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if isinstance(record.get("text"), str) and record["text"].strip():
                lines.append(json.dumps({"id": record.get("docid") or record.get("id"), "text": record["text"]}))
            if len(lines) == n:
                break
    target.write_text("\n".join(lines) + "\n", "utf-8")
    return target






def _mb(size: float) -> str:
    return f"{size / 2**20:.0f} MB"


# -- (3) where the time goes ----------------------------------------------------------


class _Timed:
    """A stage (or the spaCy model) whose calls add their time to ``totals[name]``."""

    def __init__(self, inner, name: str, totals: dict[str, float]):
        self.inner, self.name, self.totals = inner, name, totals
        self.requires, self.sets = getattr(inner, "requires", ()), getattr(inner, "sets", ())

    def __call__(self, doc):
        start = time.perf_counter()
        try:
            return self.inner(doc)
        finally:
            self.totals[self.name] = self.totals.get(self.name, 0.0) + time.perf_counter() - start

    def pipe(self, texts, **options):
        start = time.perf_counter()
        docs = list(self.inner.pipe(texts, **options))
        self.totals["nlp (spaCy nlp.pipe)"] = self.totals.get("nlp (spaCy nlp.pipe)", 0.0) + time.perf_counter() - start
        return docs


def _profile(pipeline, data: Path, n: int) -> list[tuple[str, str]]:
    totals: dict[str, float] = {}
    nlp, stages = pipeline.nlp, pipeline.stages
    pipeline.nlp = _Timed(nlp, "nlp", totals)
    pipeline.stages = [_Timed(stage, stage.name, totals) for stage in stages]
    try:
        items = _timed_iter(read_inputs([str(data)]), totals)
        start = time.perf_counter()
        list(pipeline.run(items))
        whole = time.perf_counter() - start
    finally:
        pipeline.nlp, pipeline.stages = nlp, stages
    totals["runner (batching, results)"] = whole - sum(totals.values())
    return [
        (f"(3) profile: {name}", f"{seconds * 1000 / n:.1f} ms/article ({100 * seconds / whole:.0f}%)")
        for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])
    ]


def _timed_iter(iterator, totals: dict[str, float]):
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            totals["read (read_inputs)"] = totals.get("read (read_inputs)", 0.0) + time.perf_counter() - start
        yield item


# -- (4, 5) the engines ---------------------------------------------------------------


class _PeakMemory:
    """Peak RSS of each child process (psutil, sampled), grouped as Python workers and the JVM."""

    def __init__(self):
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.wait(0.1):
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    name, rss = child.name(), child.memory_info().rss
                    self.peaks[child.pid] = (name, max(rss, self.peaks.get(child.pid, ("", 0))[1]))

    def python_peak(self) -> str:
        sizes = [rss for name, rss in self.peaks.values() if "python" in name]
        if sizes:
            return _mb(max(sizes))
        return _mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024) + " (largest child, getrusage)"

    def jvm_peak(self) -> str:
        sizes = [rss for name, rss in self.peaks.values() if "java" in name]
        return _mb(max(sizes)) if sizes else "n/a"


def _local_engine(data: Path, tmp: Path, n: int) -> list[tuple[str, str]]:
    from frontwatch.engines import run_local

    rows, rates = [], {}
    twice = _twice(data, tmp)
    for workers in (1, 2):
        with _PeakMemory() as memory:
            once_s = _timed(lambda w=workers: run_local([str(data)], tmp / f"local-{w}-once", workers=w, chunk=ENGINE_CHUNK))
            twice_s = _timed(lambda w=workers: run_local(twice, tmp / f"local-{w}-twice", workers=w, chunk=ENGINE_CHUNK))
        rates[workers] = n / max(twice_s - once_s, 1e-9)
        rows += [
            (f"(4) local engine, {workers} worker{'s' * (workers > 1)} (steady state)", f"{rates[workers]:.1f} articles/s"),
            (f"(4) local engine, {workers}w: one whole run of {n}, start-up included", rate(n, once_s)),
            (f"(6) peak RSS per worker, local engine {workers}w", memory.python_peak()),
        ]
    rows.append(("(4) 2 workers / 1 worker steady throughput (target >= 1.7)", f"**{rates[2] / rates[1]:.2f}**"))
    return rows


def _spark_engine(data: Path, tmp: Path, n: int) -> list[tuple[str, str]]:
    try:
        from frontwatch.engines.spark import run_spark, spark_session
    except ImportError:
        return [("(5) Spark local[2]", "not run: pip install 'frontwatch[spark]'")]
    twice = _twice(data, tmp)
    session_s = _timed(lambda: spark_session("local[2]").sparkContext.setLogLevel("ERROR"))
    session = spark_session("local[2]")
    try:
        with _PeakMemory() as memory:
            first_s = _timed(lambda: run_spark([str(data)], str(tmp / "spark-first"), spark=session, chunk=ENGINE_CHUNK))
            once_s = _timed(lambda: run_spark([str(data)], str(tmp / "spark-once"), spark=session, chunk=ENGINE_CHUNK))
            twice_s = _timed(lambda: run_spark(twice, str(tmp / "spark-twice"), spark=session, chunk=ENGINE_CHUNK))
    finally:
        session.stop()
    return [
        ("(5) Spark local[2] (steady state)", f"{n / max(twice_s - once_s, 1e-9):.1f} articles/s"),
        (f"(5) Spark local[2]: one warm job of {n} / the first job (workers load the model)", f"{once_s:.1f} s / {first_s:.1f} s"),
        ("(5) Spark session start-up", f"{session_s:.1f} s"),
        ("(6) peak RSS per Spark Python worker / the JVM", f"{memory.python_peak()} / {memory.jvm_peak()}"),
    ]


def _timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _twice(data: Path, tmp: Path) -> list[str]:
    """The same articles twice (a copy of the file): the run's extra time is N warm articles."""
    copy = tmp / "copy" / data.name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(data.read_bytes())
    return [str(data), str(copy)]


if __name__ == "__main__":
    main()
