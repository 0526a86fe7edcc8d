"""Store ingest throughput (articles per second) into SQLite and PostgreSQL.

Events are pre-built (no NLP), so this measures the store alone: one transaction per
article, fusion lookups, a fifth of the events re-reporting an earlier happening.

    python bench/bench_ingest.py [--articles 2000] [--postgres postgresql://user@host/db]

Without ``--postgres`` a throw-away server is started with initdb/pg_ctl (as the
``postgres`` user when run as root), as the tests do.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from frontwatch.records import ActorMention, Article, Event
from frontwatch.store import Store

EVENTS_PER_ARTICLE = 6
REPEAT_SHARE = 0.2  # share of events that re-report an earlier happening (fusion work)
TYPES = ["ASSAULT", "MOBILIZE", "CONSULT", "PROTEST", "COERCE", "THREATEN"]


def corpus(n: int, seed: int = 7) -> list[tuple[Article, list[Event]]]:
    rng = random.Random(seed)
    happenings: list[tuple[str, float, float, dt.date, str]] = []
    items = []
    for i in range(n):
        text = f"Article {i}: " + " ".join(rng.choice(["troops", "shelled", "town", "talks", "held"]) for _ in range(300))
        article = Article(text=text, source=f"Outlet{i % 40}", published=dt.date(2020, 1, 1) + dt.timedelta(days=i % 365))
        events = []
        for j in range(EVENTS_PER_ARTICLE):
            if happenings and rng.random() < REPEAT_SHARE:
                etype, lat, lon, day, country = rng.choice(happenings)
                lat += rng.uniform(-0.02, 0.02)
            else:
                etype, lat, lon = rng.choice(TYPES), rng.uniform(-35, 60), rng.uniform(-20, 120)
                day, country = article.published - dt.timedelta(days=rng.randint(0, 3)), rng.choice(["SYR", "UKR", "MLI", "YEM"])
                happenings.append((etype, lat, lon, day, country))
            start = j * 40
            event = Event(
                article_id=article.id, event_type=etype, cameo_root="19",
                evidence={"sentence": text[start:start + 40], "char_start": start, "char_end": start + 40},
                actor1=ActorMention("forces", start, start + 6, f"Forces of {country}", country, ["MIL"]),
                location={"name": f"Place {lat:.1f}", "geonameid": None, "country": None, "admin1": None,
                          "lat": round(lat, 4), "lon": round(lon, 4), "feature": "place", "geo_precision": 1},
                date=day, date_start=day, date_end=day, time_precision=1, fatalities=rng.choice([None, 1, 5]),
                confidence=rng.uniform(0.3, 0.9),
            )
            event.assign_id()
            events.append(event)
        items.append((article, events))
    return items


def measure(url: str, items: list[tuple[Article, list[Event]]]) -> tuple[float, dict[str, int]]:
    with Store.open(url) as store:
        start = time.perf_counter()
        for article, events in items:
            store.ingest(article, events)
        elapsed = time.perf_counter() - start
        return len(items) / elapsed, store.counts()


@contextlib.contextmanager
def temporary_postgres():
    initdb = shutil.which("initdb") or (sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [None])[-1]
    if not initdb:
        raise SystemExit("bench: PostgreSQL's initdb not found: run scripts/ci-services.sh or pass --postgres URL")
    pg_ctl = str(Path(initdb).with_name("pg_ctl"))
    base = Path(tempfile.mkdtemp(prefix="frontwatch-bench-pg-"))
    run_as = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data = base / "data"
    subprocess.run([*run_as, initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync"], check=True, capture_output=True)
    # Durable commits (fsync on) so the figure is honest for a real server.
    subprocess.run([*run_as, pg_ctl, "-D", str(data), "-o", f"-h 127.0.0.1 -p {port} -k {base}",
                    "-l", str(base / "log"), "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--postgres", help="an empty PostgreSQL database to use (default: start a temporary server)")
    args = parser.parse_args()
    items = corpus(args.articles)
    print(f"{args.articles} articles x {EVENTS_PER_ARTICLE} events, {REPEAT_SHARE:.0%} re-reports")
    with tempfile.TemporaryDirectory() as tmp:
        rate, counts = measure(f"sqlite:///{tmp}/bench.db", items)
        print(f"sqlite:     {rate:8.1f} articles/s  ({counts['events']} fused events from {counts['event_sources']} reports)")
        rate_again, _ = measure(f"sqlite:///{tmp}/bench.db", items)
        print(f"sqlite re-ingest (unchanged): {rate_again:8.1f} articles/s")
    with contextlib.ExitStack() as stack:
        url = args.postgres or stack.enter_context(temporary_postgres())
        rate, counts = measure(url, items)
        print(f"postgresql: {rate:8.1f} articles/s  ({counts['events']} fused events from {counts['event_sources']} reports)")


if __name__ == "__main__":
    main()
