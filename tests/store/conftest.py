"""Store fixtures: a real PostgreSQL server for the session, stores on both backends, events by hand.

The PostgreSQL server is started here with ``initdb`` + ``pg_ctl`` on 127.0.0.1 and a
free port, and stopped at the end. Missing binaries FAIL the tests (CI installs them
with ``scripts/ci-services.sh``); they are never skipped.
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from frontwatch.records import ActorMention, Article, Event, Quantity
from frontwatch.store import Store

PG_START_TIMEOUT_S = 60


def _pg_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a throw-away PostgreSQL server (superuser ``postgres``, trust auth)."""
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.fail("PostgreSQL's initdb/pg_ctl not found on PATH or in /usr/lib/postgresql/*/bin: run scripts/ci-services.sh")
    run_as: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="frontwatch-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        if not shutil.which("runuser"):
            pytest.fail("running as root but runuser is missing: cannot start PostgreSQL as the postgres user")
        try:
            shutil.chown(base, "postgres", "postgres")
        except LookupError:
            pytest.fail("running as root but there is no 'postgres' system user: run scripts/ci-services.sh")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, log, port = base / "data", base / "server.log", _free_port()

    def run(*cmd: str) -> None:
        done = subprocess.run([*run_as, *cmd], capture_output=True, text=True)
        if done.returncode:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            server_log = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
            pytest.fail(f"{Path(cmd[0]).name} failed ({done.returncode}): {' | '.join(tail + server_log)}")

    run(initdb, "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {base} -F -c max_connections=60"
    run(pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "-t", str(PG_START_TIMEOUT_S), "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


_db_numbers = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def make_url(request, backend, tmp_path):
    """A function returning the URL of a fresh, empty database on the current backend."""

    def fresh() -> str:
        number = next(_db_numbers)
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'events{number}.db'}"
        import psycopg

        server = request.getfixturevalue("postgres_server")
        name = f"fw_test_{os.getpid()}_{number}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return server.rsplit("/", 1)[0] + "/" + name

    return fresh


@pytest.fixture
def make_store(make_url):
    """A function opening a fresh store on the current backend (closed at teardown)."""
    opened: list[Store] = []

    def fresh() -> Store:
        opened.append(Store.open(make_url()))
        return opened[-1]

    yield fresh
    for store in opened:
        store.close()


@pytest.fixture
def store(make_store) -> Store:
    return make_store()


def report(
    text: str,
    source: str = "Agency",
    *,
    event_type: str = "ASSAULT",
    lat: float | None = 35.86,
    lon: float | None = 36.80,
    country: str = "SY",
    geo_precision: int = 1,
    day: dt.date | None = dt.date(2020, 2, 8),
    span: tuple[dt.date, dt.date] | None = None,
    time_precision: int = 1,
    actor_country: str | None = "SYR",
    fatalities: int | None = None,
    confidence: float = 0.6,
    published: dt.date = dt.date(2020, 2, 9),
    place: str = "Kafr Town",
) -> tuple[Article, list[Event]]:
    """An article with one hand-built event, the way the pipeline would emit it."""
    article = Article(text=text, source=source, published=published, url=f"https://example.org/{source}/{abs(hash(text))}")
    actor = ActorMention("the army", 0, 8, "Military Forces", actor_country, ["MIL", "GOV"]) if actor_country else None
    location = None
    if lat is not None:
        location = {"text": place, "name": place, "geonameid": None, "country": country, "admin1": "Province",
                    "lat": lat, "lon": lon, "feature": "place", "geo_precision": geo_precision}
    start, end = span or (day, day)
    event = Event(
        article_id=article.id, event_type=event_type, cameo_root="19" if event_type == "ASSAULT" else "04",
        evidence={"sentence": text, "char_start": 0, "char_end": len(text)},
        actor1=actor, location=location, date=day, date_start=start, date_end=end,
        time_precision=time_precision, fatalities=fatalities, confidence=confidence,
        acled_event_type="Battles" if event_type == "ASSAULT" else None,
        acled_sub_event_type="Armed clash" if event_type == "ASSAULT" else None,
        quantities=[Quantity("killed", fatalities, f"{fatalities} killed")] if fatalities is not None else [],
    )
    event.assign_id()
    return article, [event]


@pytest.fixture
def make_report():
    """``report(text, source, **fields)``: an article with one hand-built event."""
    return report
