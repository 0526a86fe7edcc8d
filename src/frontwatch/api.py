"""The Python API behind the CLI: ``extract`` an article's events as records."""

from __future__ import annotations

import datetime as dt
import functools

from frontwatch.pipeline import Pipeline, load_pipeline
from frontwatch.read import read_text
from frontwatch.records import Article, Rejected


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline of the current settings, built once per process."""
    return load_pipeline()


class ExtractionError(ValueError):
    """The article could not be analysed; the message names it and says why."""


def extract(
    text: str | Article,
    *,
    published: str | dt.date | None = None,
    source: str | None = None,
    pipeline: Pipeline | None = None,
) -> list[dict]:
    """The events of one article (plain text or an ``Article``) as EVENT-SCHEMA dicts."""
    article = text if isinstance(text, Article) else read_text(text, origin="<text>")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    article.published = published or article.published
    article.source = source or article.source
    result = (pipeline or default_pipeline()).process(article)
    if isinstance(result, Rejected):
        raise ExtractionError(result.message())
    return [event.to_dict() for event in result.events]


@functools.lru_cache(maxsize=1)
def default_coder():
    """The sentence-coding pipeline of the current settings (``frontwatch.sentences``), built once."""
    from frontwatch.sentences import load_coder

    return load_coder()


def code_sentences(sentences, *, coder=None) -> list[dict]:
    """Sentence-coding mode: each sentence (a string, or an ``(id, sentence)`` pair) is
    taken to report one happening and gets its code, as ``SentenceCoding`` dicts in order
    (CAMEO root, penta class, PLOVER type, and the event where the parse gives one).
    A sentence that cannot be analysed raises ``ExtractionError`` naming it."""
    items = [(str(k), s) if isinstance(s, str) else (str(s[0]), s[1]) for k, s in enumerate(sentences, 1)]
    out = []
    for coding in (coder or default_coder()).code(items):
        if isinstance(coding, Rejected):
            raise ExtractionError(coding.message())
        out.append(coding.to_dict())
    return out
