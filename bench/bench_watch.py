"""Watch throughput: articles per second from feed to store, with 1 and 2 workers, in one run.

A made-up news site on 127.0.0.1 (``tests/watch/site.py``) lists ``--items`` article
pages in four feeds (RSS 2.0, RSS 1.0, Atom, JSON Feed). For each worker count a fresh
SQLite store first watches a warm-up feed of ``--warmup`` items (the pipeline loads, in
each worker process too), then the feeds of the measured items are added and one round
is timed: polling, fetching, reading, the pipeline and ``ingest`` with fusion. The pace
per host is off (``host_interval_s=0``): this measures frontwatch, not politeness.

    .venv/bin/python bench/bench_watch.py [--items 200] [--warmup 16] [--workers 1,2]

The table is printed and written to ``bench/out/watch.md`` (git-ignored).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from frontwatch.store import Store  # noqa: E402
from frontwatch.watch import FetchOptions, Watcher, WatchOptions, read_feed_list  # noqa: E402
from tests.watch.site import NewsSite, article_html, atom, json_feed, rdf, rss, story  # noqa: E402

FETCH = FetchOptions(host_interval_s=0.0, timeout_s=10.0, retries=1, backoff_s=0.1)
MAKERS = [(rss, "application/rss+xml", "rss.xml"), (rdf, "application/rdf+xml", "rdf.xml"),
          (atom, "application/atom+xml", "atom.xml"), (json_feed, "application/feed+json", "feed.json")]


def publish(site: NewsSite, numbers: range, prefix: str) -> list[str]:
    """Pages for ``numbers`` and four feeds sharing them out; the feed URLs."""
    items = []
    for n in numbers:
        path = f"/{prefix}/{n}.html"
        site.page(path, article_html(story(n), with_meta=n % 3 != 0))
        items.append((path, story(n)))
    urls = []
    for k, (make, content_type, name) in enumerate(MAKERS):
        share = items[k::len(MAKERS)]
        urls.append(site.feed(f"/{prefix}/{name}", make(site.url, f"Wire {prefix} {name}", share), content_type))
    return urls


def measure(site: NewsSite, workers: int, warmup: list[str], measured: list[str], items: int, tmp: Path) -> dict:
    url = f"sqlite:///{tmp / f'watch-{workers}.db'}"
    with Store.open(url) as store:
        watcher = Watcher(store, read_feed_list(warmup), WatchOptions(fetch=FETCH, workers=workers))
        started = time.perf_counter()
        cold = watcher.round()
        cold_s = time.perf_counter() - started
        watcher.feeds = read_feed_list(warmup + measured)
        started = time.perf_counter()
        report = watcher.round()
        wall = time.perf_counter() - started
        watcher.close()
        counts = store.counts()
    assert report.articles == items and not report.errors, report.line()
    return {"workers": workers, "cold_s": cold_s, "cold_articles": cold.articles, "wall_s": wall,
            "rate": report.articles / wall, "events_new": report.events_new, "events_merged": report.events_merged,
            "stored": counts["articles"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=16)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    site = NewsSite().start()
    rows = []
    try:
        warmup = publish(site, range(10_000, 10_000 + args.warmup), "warm")
        measured = publish(site, range(args.items), "news")
        with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
            for workers in (int(w) for w in args.workers.split(",")):
                rows.append(measure(site, workers, warmup, measured, args.items, Path(tmp)))
                print(f"workers {workers}: {rows[-1]['rate']:.2f} articles/s", flush=True)
    finally:
        site.stop()
    lines = [
        f"watch: {args.items} items in 4 feeds on 127.0.0.1, feed -> store, SQLite, {os.cpu_count()} cores",
        "",
        "| workers | warm-up round (s, items) | measured round (s) | articles/s | events new / merged |",
        "|---|---|---|---|---|",
        *(f"| {r['workers']} | {r['cold_s']:.1f} ({r['cold_articles']}) | {r['wall_s']:.1f} | {r['rate']:.2f} | "
          f"{r['events_new']} / {r['events_merged']} |" for r in rows),
    ]
    if len(rows) >= 2:
        lines += ["", f"{rows[1]['workers']} workers / {rows[0]['workers']}: {rows[1]['rate'] / rows[0]['rate']:.2f}x"]
    text = "\n".join(lines)
    print(text)
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "watch.md").write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
