"""The store under faults: ``frontwatch ingest`` killed with SIGKILL, and two ingests at once.

Each runs the real command in subprocesses on SQLite and on a real PostgreSQL server.
What must hold: an article is stored with all its reports or not at all, a re-run
finishes the batch without duplicates, and concurrent ingests fuse exactly as one
sequential ingest of the same articles does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from frontwatch.read import read_inputs
from frontwatch.store import Store
from frontwatch.store.commands import ingest_results

pytestmark = pytest.mark.slow

FRONTWATCH = [sys.executable, "-c", "from frontwatch.cli import app; app(prog_name='frontwatch')"]
# One article a spaCy batch, so commits are spread over the run and a kill can land anywhere.
ENV = {**os.environ, "FRONTWATCH_BATCH_SIZE": "1"}
# Kill points, in committed articles: the runs are chained on one database.
KILL_AFTER = (1, 9, 21)
RUN_TIMEOUT_S = 300

# Two reports of each happening from different publishers, so the store has something to fuse.
TOWNS = ["Maarat al-Numan", "Kafr Nabl", "Ariha", "Jisr al-Shughur", "Khan Shaykhun", "Sarmin", "Binnish",
         "Taftanaz", "Atarib", "Dana", "Hass", "Kansafra", "Jarjanaz", "Tal Rifaat", "Azaz", "Manbij"]
TEMPLATES = [
    ("Wire One", "Government forces shelled the town of {town} on Saturday, killing {n} civilians, "
                 "rescue workers said."),
    ("Wire Two", "Rescue workers said {n} civilians were killed on Saturday when government artillery "
                 "shelled {town}."),
]


def write_batch(path: Path) -> int:
    lines = []
    for i, town in enumerate(TOWNS):
        for source, template in TEMPLATES:
            lines.append(json.dumps({"id": f"{source}-{i}", "text": template.format(town=town, n=i + 2),
                                     "source": source, "published": f"2020-02-{10 + i % 5:02d}"}))
    path.write_text("\n".join(lines) + "\n")
    return len(lines)


@dataclass(frozen=True)
class State:
    """What a store holds, by content: articles, each article's reports, the fused groups."""

    reports: dict[str, frozenset[str]]  # article id -> its report ids
    groups: frozenset[frozenset[str]]  # fused events as sets of report ids
    orphans: int  # reports of no stored article, fused events without reports

    @classmethod
    def of(cls, url: str) -> State:
        with Store.open(url) as store, store.engine.connect() as conn:
            articles = set(conn.scalars(text("SELECT id FROM articles")))
            sources = conn.execute(text("SELECT id, article_id, fused_id FROM event_sources")).all()
            fused = set(conn.scalars(text("SELECT id FROM events")))
        reports: dict[str, set[str]] = {a: set() for a in articles}
        groups: dict[str, set[str]] = {}
        orphans = 0
        for rid, article_id, fused_id in sources:
            if article_id not in reports or fused_id not in fused:
                orphans += 1
                continue
            reports[article_id].add(rid)
            groups.setdefault(fused_id, set()).add(rid)
        orphans += len(fused - set(groups))
        return cls({a: frozenset(r) for a, r in reports.items()},
                   frozenset(frozenset(g) for g in groups.values()), orphans)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "batch.jsonl"
    write_batch(path)
    return path


@pytest.fixture(scope="module")
def reference(batch, pipeline, tmp_path_factory) -> State:
    """The batch ingested in one uninterrupted, sequential run (in process, on SQLite)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'events.db'}"
    with Store.open(url) as store:
        summary = ingest_results(store, pipeline.run(read_inputs([str(batch)])))
    assert summary.exit_code == 0 and summary.articles == len(TOWNS) * len(TEMPLATES)
    state = State.of(url)
    assert sum(map(len, state.reports.values())) >= len(TOWNS) * len(TEMPLATES)
    assert any(len(group) > 1 for group in state.groups), "the batch must give the store something to fuse"
    return state


def user_url(make_url) -> str:
    return make_url().replace("postgresql+psycopg://", "postgresql://")


def ingest(batch: Path, url: str) -> subprocess.Popen:
    return subprocess.Popen([*FRONTWATCH, "ingest", str(batch), "--db", url], env=ENV,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def committed(engine) -> int:
    """Articles committed so far (0 while the schema does not exist yet)."""
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM articles"))
    except Exception:  # noqa: BLE001 - the database or its tables are still being created
        return 0


def kill_after(batch: Path, url: str, articles: int) -> int:
    """Start an ingest, SIGKILL it once ``articles`` are committed; the count seen at the kill."""
    engine = create_engine(Store.open(url).engine.url)  # schema in place before polling
    process = ingest(batch, url)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while (seen := committed(engine)) < articles and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert process.poll() is None, f"the ingest ended before {articles} articles: {process.stderr.read()!r}"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
        engine.dispose()
    return seen


def assert_no_partial_article(state: State, reference: State) -> None:
    assert state.orphans == 0
    for article, reports in state.reports.items():
        assert reports == reference.reports[article], f"article {article} is stored without all its reports"


def test_sigkill_during_ingest_loses_nothing_committed(batch, reference, backend, make_url):
    url = user_url(make_url)
    before = State.of(url)
    for articles in KILL_AFTER:
        seen = kill_after(batch, url, articles)
        state = State.of(url)
        assert_no_partial_article(state, reference)
        assert set(before.reports) <= set(state.reports), "a kill lost articles committed by an earlier run"
        assert len(state.reports) >= seen
        before = state
    rerun = ingest(batch, url)
    _, stderr = rerun.communicate(timeout=RUN_TIMEOUT_S)
    assert rerun.returncode == 0, stderr.decode()
    final = State.of(url)
    assert final == reference  # every article, every report, fused the same way, nothing twice


def test_two_ingests_at_once_on_overlapping_batches(batch, reference, backend, make_url, tmp_path):
    lines = batch.read_text().splitlines()
    third = len(lines) // 3
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[: 2 * third]) + "\n")  # the middle third is in both
    second.write_text("\n".join(lines[third:]) + "\n")
    url = user_url(make_url)
    processes = [ingest(first, url), ingest(second, url)]
    outcomes = [(p.wait(timeout=RUN_TIMEOUT_S), p.communicate()[1].decode()) for p in processes]
    for code, stderr in outcomes:
        assert code == 0 and "Traceback" not in stderr, stderr
    assert State.of(url) == reference  # no duplicate report, fused exactly as one sequential run
