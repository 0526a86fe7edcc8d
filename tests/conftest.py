"""Shared fixtures: the spaCy model (loaded once per session), the shared/ data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "corpus" / "cgtn-2020-02-09-idlib.txt"
SAMPLE_GOLD = SHARED / "gold" / "cgtn-2020-02-09-idlib.json"


@pytest.fixture(scope="session")
def nlp():
    from frontwatch.nlp import load_nlp
    from frontwatch.settings import Settings

    return load_nlp(Settings().model)


def need_shared(*paths: Path) -> None:
    """Skip the test, naming the first missing file, when shared/ lacks one of ``paths``."""
    for path in paths:
        if not path.exists():
            pytest.skip(f"missing {path} (shared/ beside the repository)")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    need_shared(SAMPLE)
    return SAMPLE


@pytest.fixture(scope="session")
def pipeline():
    from frontwatch.pipeline import load_pipeline

    return load_pipeline()
