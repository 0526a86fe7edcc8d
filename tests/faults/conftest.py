"""Fault tests reuse the store's fixtures: a real PostgreSQL server, fresh databases on both backends."""

from __future__ import annotations

from tests.store.conftest import backend, make_url, postgres_server  # noqa: F401  (fixtures)
