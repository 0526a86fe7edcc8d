"""Web fixtures: a SQLite store holding the sample article, run through the real pipeline."""

from __future__ import annotations

import pytest

from frontwatch.store import Store
from frontwatch.store.commands import ingest_results


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, pipeline, sample_path) -> str:
    """URL of a store with the sample article ingested (events and control claims)."""
    from frontwatch.read import read_inputs

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'events.db'}"
    with Store.open(url) as store:
        summary = ingest_results(store, pipeline.run(read_inputs([str(sample_path)])))
    assert summary.articles == 1, summary.rejected
    return url


@pytest.fixture(scope="session")
def client(sample_db):
    from fastapi.testclient import TestClient

    from frontwatch.web.app import create_app

    app = create_app(sample_db)
    with TestClient(app) as test_client:
        yield test_client
    app.state.store.close()
