"""Engine fixtures: a small archive of real articles, one local-engine run, one SparkSession."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SHARED, need_shared

LGL = SHARED / "dev" / "geo_lgl.jsonl"
ARTICLES = 6  # LGL articles in the archive: enough for several tasks, quick to analyse


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> Path:
    """news/feed.jsonl (6 real articles and a broken line), news/wire/sample.txt, news/empty/."""
    need_shared(LGL, SAMPLE)
    root = tmp_path_factory.mktemp("archive") / "news"
    (root / "wire").mkdir(parents=True)
    (root / "empty").mkdir()
    lines = LGL.read_text("utf-8").splitlines()[:ARTICLES]
    lines.insert(3, '{"text": broken')
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    shutil.copy(SAMPLE, root / "wire" / "sample.txt")
    return root


@pytest.fixture(scope="session")
def expected(archive, pipeline) -> tuple[list[dict], list[str]]:
    """Event records (plus origin) and rejected origins of the in-process pipeline."""
    from frontwatch.read import read_inputs
    from frontwatch.records import Rejected

    events, rejected = [], []
    for item in pipeline.run(read_inputs([str(archive)])):
        if isinstance(item, Rejected):
            rejected.append(item.origin)
        else:
            events.extend({**e.to_dict(), "origin": item.article.origin} for e in item.events)
    return sorted(events, key=lambda r: r["event_id"]), sorted(rejected)


@pytest.fixture(scope="session")
def local_run(archive, tmp_path_factory):
    """One local-engine run over the archive with 2 workers, 3 articles a task: (out, report)."""
    from frontwatch.engines import run_local

    out = tmp_path_factory.mktemp("local") / "events"
    return out, run_local([str(archive)], out, workers=2, chunk=3)


@pytest.fixture(scope="session")
def spark():
    """One SparkSession for the test session: local[2], no UI, bound to 127.0.0.1."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        pytest.fail("PySpark is missing: pip install -e '.[test]' (CI does; Java comes from scripts/ci-services.sh)")
    from frontwatch.engines.spark import spark_session

    session = spark_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
