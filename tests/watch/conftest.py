"""Watch fixtures: the made-up news site on 127.0.0.1, quick fetch options, stores on both backends."""

from __future__ import annotations

import pytest

from frontwatch.watch import FetchOptions
from tests.store.conftest import backend, make_url, postgres_server  # noqa: F401  (fixtures)
from tests.watch.site import NewsSite

# Fetch options for a local site: no pause between requests, short waits, quick retries.
QUICK = FetchOptions(host_interval_s=0.0, timeout_s=1.0, deadline_s=10.0, retries=1, backoff_s=0.05)


@pytest.fixture
def site():
    server = NewsSite().start()
    yield server
    server.stop()


@pytest.fixture
def quick() -> FetchOptions:
    return QUICK
