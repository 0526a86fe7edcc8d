"""The one object that flows through the pipeline, and the contract of a stage.

A ``Document`` starts as an ``Article`` and is annotated stage by stage.  Each stage
declares the fields it ``requires`` and the ones it ``sets``: a ``Document`` field
("events") or a field of the records one holds ("events.location", "frames.trigger");
the pipeline checks at start-up that each name is a real field and that every
requirement is set by an earlier stage.

Records stay plain data: the parse-level frame of each event (trigger token, clause)
lives on the ``Document`` (``Document.frames``), never on the ``Event``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from frontwatch.records import (
    ActorMention, Article, ControlClaim, Event, Quantity, SentenceCoding, TimeMention, Toponym,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from frontwatch.ontology import Trigger


@dataclass(slots=True)
class EventFrame:
    """Where an event sits in the parse (trigger, clause head, clause tokens, the
    trigger's sense), and what the stages that read it noted. The events stage makes
    one per event; dating, locating, merging and control read it. ``sense`` is None
    only for an event of no trigger (the location evaluation places bare verbs)."""

    sentence: Span
    trigger: Token
    head: Token
    scope: frozenset[int]
    sense: Trigger | None
    headline: bool = False
    attribution_token: Token | None = None
    location_from: str | None = None  # which rung of the locate ladder found the place
    location_span: tuple[int, int] | None = None  # the chosen place name's characters
    # which rung of the dating ladder gave the date: "own" (its clause), "attendant" (a
    # clause of the same occasion), "sequel" ("the next day"), "governing" (a clause
    # above it: the say-verb's day), "narrative" (the day its paragraph told of the same
    # actor before it), None (no expression: the days before publication)
    date_from: str | None = None
    refined: bool = False  # the ACLED sub-event type was refined by a cue around it
    bare: bool = False  # a noun trigger read without a frame (the sentence had none)
    learned: float | None = None  # the learned typer's probability, when it gave the type
    # The mentions merged into this event, each as read before merging: this event's own
    # reading first, then the events it absorbed (their frames stay in Document.frames);
    # empty when nothing merged into it.
    mentions: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class EventFrames(Mapping[Event, EventFrame]):
    """Each event's frame, looked up by the event itself. Events are mutable records, so
    not hashable: the key is the object's identity, and the event is held here so that
    identity is never reused while its frame is."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Event, EventFrame]] = {}

    def __getitem__(self, event: Event) -> EventFrame:
        return self._by_id[id(event)][1]

    def __setitem__(self, event: Event, frame: EventFrame) -> None:
        self._by_id[id(event)] = (event, frame)

    def __iter__(self) -> Iterator[Event]:
        return (event for event, _frame in self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def update(self, other: EventFrames) -> None:
        self._by_id.update(other._by_id)


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
    frames: EventFrames = field(default_factory=EventFrames)  # each event's place in the parse
    focus_country: str | None = None  # ISO alpha-3 of the country the story is about
    focus_countries: list[str] = field(default_factory=list)  # alpha-2, most cited first
    control_claims: list[ControlClaim] = field(default_factory=list)  # who holds which place, says which sentence
    coding: SentenceCoding | None = None  # the input's code in sentence-coding mode (frontwatch.sentences)

    @property
    def published(self) -> dt.date | None:
        return self.article.published

    @property
    def text(self) -> str:
        return self.article.text


def undeclarable(names: Iterable[str]) -> list[str]:
    """The names a stage may not declare: each must be a ``Document`` field ("events")
    or a field of the records one holds ("events.location", "frames.trigger")."""
    known = _declarable()
    return [name for name in names if name not in known]


@functools.cache
def _declarable() -> frozenset[str]:
    hints = typing.get_type_hints(Document, localns={"Doc": object})
    names = set(hints)
    for name, hint in hints.items():
        record = _record_type(hint)
        if dataclasses.is_dataclass(record):
            names.update(f"{name}.{f.name}" for f in dataclasses.fields(record))
    return frozenset(names)


def _record_type(hint: object) -> object:
    """What a field holds: the item of ``list[X]``, the value of a mapping, else the type."""
    for candidate in (hint, *getattr(hint, "__orig_bases__", ())):
        if args := typing.get_args(candidate):
            return args[-1]
    return hint


Mention = TypeVar("Mention")


# Children that open a clause of their own: their words (times, places) are not the
# clause's above them.
NESTED_CLAUSE_DEPS = ("conj", "parataxis", "advcl", "xcomp", "ccomp", "relcl", "acl", "csubj", "cc")


def clause_tokens(head) -> list:
    """The tokens of ``head``'s own clause (``head`` a spaCy Token), nested clauses left
    out, in text order."""
    out, stack = [], [head]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(c for c in token.children if c.dep_ not in NESTED_CLAUSE_DEPS)
    return sorted(out, key=lambda t: t.i)


def paragraph_start(text: str, position: int) -> int:
    """Where the paragraph holding ``position`` starts (paragraphs are separated by blank
    lines): the second newline of the blank line before it, or 0. Offsets of one
    paragraph compare equal, whatever position inside it they were taken from."""
    return text.rfind("\n\n", 0, position) + 1


def paragraph_end(text: str, position: int) -> int:
    """Where the paragraph holding ``position`` ends: at the blank line after it, or the
    end of the text."""
    end = text.find("\n\n", position)
    return len(text) if end < 0 else end


def clause_marks(clause, adverbs: frozenset[str]) -> list:
    """The words that open a subordinate clause (``clause`` its head, a spaCy Token): its
    markers ("after", "if"), and the ``adverbs`` the parser hangs on it as adverbs as
    often as markers ("when")."""
    return [c for c in clause.children
            if c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in adverbs)]


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
