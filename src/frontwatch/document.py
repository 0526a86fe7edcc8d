"""The one object that flows through the pipeline, and the contract of a stage.

A ``Document`` starts as an ``Article`` and is annotated stage by stage.  Each stage
declares the attributes it ``requires`` and the ones it ``sets``; the pipeline checks
at start-up that every requirement is set by an earlier stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from frontwatch.records import ActorMention, Article, Event, Quantity, TimeMention, Toponym

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Document:
    """An article and everything the stages found in it."""

    article: Article
    spacy: Doc | None = None
    toponyms: list[Toponym] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    focus_country: str | None = None  # ISO alpha-3 of the country the story is about
    focus_countries: list[str] = field(default_factory=list)  # alpha-2, most cited first
    control_claims: list = field(default_factory=list)  # control.ControlClaim: who holds which place

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    @property
    def text(self) -> str:
        return self.article.text


Mention = TypeVar("Mention")


def mentions_by_token(sdoc: Doc, mentions: Iterable[Mention]) -> dict[int, Mention]:
    """Token index -> the first mention (anything with ``char_start``/``char_end``)
    covering that token; stages read the parse by token, records keep characters."""
    index: dict[int, Mention] = {}
    for mention in mentions:
        span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        for token in span or ():
            index.setdefault(token.i, mention)
    return index


class Stage(Protocol):
    """A named step over a Document. It mutates the document in place."""

    name: str
    requires: tuple[str, ...]
    sets: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...
