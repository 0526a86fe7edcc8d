"""Very long articles are analysed section by section, so time stays linear in their size.

Some stages look at the whole document for each sentence they read (a heading is told
by the lines around it, an event's outcome by the next sentence), so their time grows
with the square of a document's length: 100,000 characters of wire copy took 2.6 times
as long as 50,000. A text longer than ``MAX_SECTION_CHARS`` is cut into sections at
paragraph or line breaks (sentence ends, spaces when it has none); each is analysed as
an article of its own and their events are put together. A section keeps the article's
id and metadata, and its text is the article's up to the section's end with everything
before the section blanked, so every offset, and so every event id, points into the
article. (spaCy keeps each blank as one whitespace token: few tokens, but their strings
stay in the model's string store, about n * n / 2 / ``MAX_SECTION_CHARS`` characters for
a text of n: 25 MB for the longest text read, 1,000,000 characters.)

Reports of one happening in two sections are merged all the same: the merge stage reads
every section's events together (``Pipeline._sectioned``). What is lost: the story's
country is found per section. No news article comes near the limit.
"""

from __future__ import annotations

import dataclasses
import re

from frontwatch.records import Article

# Longest text analysed as one document: 2.4 times the longest article in the
# development corpora and gold sets (8,390 characters of 9,734 texts). The stages'
# time per 10,000 characters of repeated wire copy, measured in one document of each
# size: 0.19 s at 10,000 characters, 0.28 s at 20,000, 0.65 s at 40,000, 1.6 s at
# 80,000 (the parse: about 0.6 s).
MAX_SECTION_CHARS = 20_000
_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?]\s"), re.compile(r"\s"))


def sections(article: Article, limit: int = MAX_SECTION_CHARS) -> list[Article]:
    """``[article]`` when it is short enough, else one article per section of at most ``limit`` characters."""
    text = article.text
    if len(text) <= limit:
        return [article]
    return [_section(article, start, end) for start, end in _bounds(text, limit)]


def _bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive sections covering ``text``, each ending at the best break."""
    bounds, start = [], 0
    while len(text) - start > limit:
        end = _break(text, start + limit // 2, start + limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _break(text: str, earliest: int, latest: int) -> int:
    """The end of the last paragraph, line, sentence or word in ``text[earliest:latest]``."""
    for pattern in _BREAKS:
        last = None
        for last in pattern.finditer(text, earliest, latest):
            pass
        if last is not None:
            return last.end()
    return latest


def _section(article: Article, start: int, end: int) -> Article:
    """The article's text up to ``end``, blanked before ``start``; a line break closes the blank."""
    before = " " * (start - 1) + "\n" if start else ""
    return dataclasses.replace(article, text=before + article.text[start:end], id=article.id)
