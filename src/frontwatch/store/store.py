"""The event store: articles, per-article reports and fused events, in SQLite or PostgreSQL.

``Store`` is the API under the CLI, the web app and the engines. It combines one module
per job: ``engine`` opens the database, ``writer`` ingests (applying ``fusion.plan``),
``reader`` answers queries, ``rows`` maps records to table rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from frontwatch.store.engine import database_url, open_engine
from frontwatch.store.errors import StoreError
from frontwatch.store.reader import DEFAULT_LIMIT, Reader
from frontwatch.store.writer import IngestReport, Writer

__all__ = ["DEFAULT_LIMIT", "IngestReport", "Store", "StoreError", "database_url"]


class Store(Writer, Reader):
    """Articles, reports and fused events behind a small API: ``ingest`` writes, the rest reads."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str | None = None, settings: Any = None, read_only: bool = False) -> Store:
        """Open (creating and migrating as needed) the store at ``url``; None: the default SQLite file.

        ``read_only``: the store must exist; it is migrated first if its schema is older,
        then every connection is read-only (SQLite ``mode=ro``; PostgreSQL
        ``default_transaction_read_only``), so no query through it can write.
        """
        return cls(open_engine(url, settings, read_only))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
