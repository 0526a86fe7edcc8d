"""Database engines for the store: URLs, SQLite and PostgreSQL set-up, migration, read-only access.

SQLite runs in WAL mode with foreign keys on; a writer's transaction starts with
``BEGIN IMMEDIATE`` so it holds the write lock from the start. A read-only engine
opens SQLite with ``mode=ro`` and PostgreSQL with ``default_transaction_read_only``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from frontwatch.store.errors import StoreError, one_line
from frontwatch.store.migrations import LATEST, current_version, migrate

# SQLite waits this long for another writer's lock before giving up (seconds).
SQLITE_BUSY_TIMEOUT_S = 60


def database_url(url: str | None, settings: Any = None) -> str:
    """The SQLAlchemy URL for a user's ``--db``: default file, ``postgresql://`` -> psycopg 3."""
    if not url:
        if settings is None:
            from frontwatch.settings import load_settings

            settings = load_settings()
        path = Path(settings.data_dir) / "events.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url:  # a bare path: a SQLite file
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def relative_hint(database: str, existing_file: bool = False) -> str:
    """Why a ``sqlite:///`` file was looked for where it was: three slashes start a path
    relative to the current directory (``sqlite:///tmp/x.db`` is ``./tmp/x.db``). Said only
    where the absolute reading names a possible store (``existing_file``: a file there)."""
    if not database or Path(database).expanduser().is_absolute():
        return ""
    absolute = "/" + database
    if not (Path(absolute).is_file() if existing_file else Path(absolute).parent.is_dir()):
        return ""
    return (f"three slashes start a path relative to {Path.cwd()}: for {absolute} "
            f"write sqlite:///{absolute} or just {absolute}")


def open_engine(url: str | None = None, settings: Any = None, read_only: bool = False) -> Engine:
    """An engine on the store at ``url`` (None: the default SQLite file), created and migrated as needed.

    ``read_only``: the store must exist; it is migrated first if its schema is older,
    then every connection is read-only, so no query through the engine can write.
    """
    parsed, shown = _parse(url, settings)
    if read_only:
        return _read_only_engine(parsed, shown)
    engine = _engine(parsed, shown)
    try:
        migrate(engine)
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise StoreError(f"{shown}: cannot open the store: {one_line(exc)}") from exc
    return engine


def _parse(url: str | None, settings: Any) -> tuple[Any, str]:
    """The SQLAlchemy URL for ``url`` and its password-free text for messages."""
    resolved = database_url(url, settings)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise StoreError(f"{url}: not a database URL (use sqlite:///PATH or postgresql://USER@HOST/DB)") from exc
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{shown}: unsupported database (use sqlite:///PATH or postgresql://USER@HOST/DB)")
    return parsed, shown


def _engine(parsed: Any, shown: str) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True)


def _read_only_engine(parsed: Any, shown: str) -> Engine:
    """An engine whose every connection is read-only, over a store migrated to this version."""
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if sqlite_file and not Path(parsed.database).expanduser().is_file():  # a typo: say so, create nothing
        raise StoreError(f"{shown}: no store there: {Path(parsed.database).expanduser().absolute()} does not exist "
                         f"({_missing_store_hint(parsed.database)})")
    try:
        with _engine(parsed, shown).connect() as conn:
            version = current_version(conn)
        if version < LATEST:  # an older schema: upgrade it once, then serve it read-only
            writer = _engine(parsed, shown)
            try:
                migrate(writer)
            finally:
                writer.dispose()
        if sqlite_file:
            uri = Path(parsed.database).expanduser().resolve().as_uri()  # percent-encodes "?", "#", "%"
            engine = _sqlite_engine(parsed.set(database=uri, query={"mode": "ro", "uri": "true"}), read_only=True)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
            event.listen(engine, "connect", _postgresql_read_only)
        with engine.connect() as conn:
            current_version(conn)  # fails now, not at the first request, if it cannot be read
    except (SQLAlchemyError, OSError, RuntimeError) as exc:
        raise StoreError(f"{shown}: cannot open the store read-only: {one_line(exc)}") from exc
    return engine


def _missing_store_hint(database: str) -> str:
    """What to do about a read-only command's store file that is not there."""
    hint = relative_hint(database, existing_file=True)
    if not hint and not Path(database).expanduser().absolute().parent.is_dir():
        hint = relative_hint(database)  # its directory is missing too, but exists read as absolute
    return hint or "a command that only reads creates no store: ingest articles into it first, or check --db"


def _postgresql_read_only(dbapi_connection: Any, _record: Any) -> None:
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    dbapi_connection.autocommit = autocommit


def _sqlite_engine(url: Any, read_only: bool = False) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{url}: directory {parent} does not exist "
                             f"({relative_hint(database) or 'create it or choose another --db'})")
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" hook issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:  # a read-only connection cannot switch the journal; stores are WAL already
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # a writer takes the write lock up front; a reader's plain BEGIN never blocks ingests
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
