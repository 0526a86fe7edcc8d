"""Territorial control: who takes, gives up or holds which place, says which sentence.

One stage, after merge (so that claims carry the merged events' ids and confidence),
fills each event's ``control_change`` and the document's ``control_claims``.

Changes. A trigger's sense says whether its actor gains or gives up the place ("took
control of", "captured", "fell to", "withdrew from"). Each mention merged into an event
is read as it was told (``EventFrame.mentions``); the event takes the change of the
first mention that tells one, its own first. A mention tells a change when it occurred,
its actor1 is named in the text (an implied actor holds nothing) and its place is the
text's own (precision 1 or 2), never a fallback. Each change also yields a ``change``
claim whose place is re-read from the trigger's object when the text names one there.

Statements of a state, not changes:

* "X were in control of Y", "Y remains under X control"       (``control`` noun after in/under)
* "X exercise full control over Y", "X maintain control of Y"  (``control`` object of a holding verb)
* "Y is controlled by X", "Y, held by X", "X control Y"         (``control``/``hold`` verbs)
* "Y remains in X hands", "Y is in the hands of X"             (``hands`` after in)

The place is a resolved toponym heading its phrase or reached through "of" ("the town
of Y", "the whole extent of Y"); a road keeps its name unresolved. The holder is an
actor mention in the controller's phrase. The day is a time expression governing the
statement ("said on Friday that..."), else the publication date: a statement tells what
held when it was reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Span, Token

from frontwatch.document import Document, EventFrame, mentions_by_token
from frontwatch.ontology import word_lists
from frontwatch.records import ControlClaim, Event, Toponym

# Word lists of data/ontology/control.toml (each explained there).
_WORDS = word_lists("ontology/control.toml")
STATE_VERBS = frozenset(_WORDS["state_verbs"])
HOLDING_VERBS = frozenset(_WORDS["holding_verbs"])
CONTROL_PREPS = frozenset(_WORDS["control_preps"])
PARTITIVE_NOUNS = frozenset(_WORDS["partitive_nouns"])
WHOLE_WORDS = frozenset(_WORDS["whole_words"])
PARTIAL_ADVERBS = frozenset(_WORDS["partial_adverbs"])
ROAD_WORDS = frozenset(_WORDS["road_words"])
NOT_CONTROLLERS = frozenset({"media", "monitor", "person"})  # who reports, not who holds
MAX_OF_STEPS = 3  # "the whole extent of the M5" is two "of" steps from "extent"
MAX_PLACE_PRECISION = 2  # a change's place: a named town or district, never a region or country
# Calibrated by hand on statements in the dev snippets: an explicit statement of control
# is good evidence, a qualified one ("largely", "most of") less; "whole"/"full" more.
STATEMENT_CONFIDENCE = 0.6
WHOLE_BONUS = 0.1
PARTIAL_CONFIDENCE = 0.45


class ControlStage:
    """Set each event's ``control_change`` and fill ``doc.control_claims`` with
    ``ControlClaim``s from statements and control changes."""

    name = "control"
    requires = ("spacy", "toponyms", "actors", "times", "focus_country", "focus_countries", "frames",
                "frames.mentions", "events.location", "events.event_id", "events.confidence")
    sets = ("events.control_change", "control_claims")

    def __call__(self, doc: Document) -> None:
        for event in doc.events:
            told = (control_change(mention, frame) for mention, frame in _mentions(doc, event))
            if change := next((c for c in told if c), None):
                event.control_change = change
        if doc.spacy is None:
            return
        reader = _Reader(doc)
        claims = [claim for sentence in doc.spacy.sents for claim in reader.statements(sentence)]
        claims += [claim for event in doc.events if (claim := reader.change(event))]
        doc.control_claims = list({c.claim_id: c for c in claims}.values())


def control_change(event: Event, frame: EventFrame) -> dict[str, Any] | None:
    """The change of control one mention tells: its place, the new and the previous holder."""
    direction = frame.sense.control if frame.sense is not None else None
    location = event.location
    if direction is None or location is None or event.status != "occurred":
        return None
    if location.get("geo_precision", 3) > MAX_PLACE_PRECISION:
        return None
    if event.actor1 is None or event.actor1.kind == "implied":
        return None
    actor1 = event.actor1.to_dict()
    actor2 = event.actor2.to_dict() if event.actor2 else None
    if direction == "gain":
        return {"place": location, "new_controller": actor1, "previous_controller": actor2}
    if direction == "lose":
        return {"place": location, "new_controller": actor2, "previous_controller": actor1}
    return None


def _mentions(doc: Document, event: Event) -> Iterator[tuple[Event, EventFrame]]:
    """Each mention merged into ``event`` as it was read, with its frame; the event alone
    when nothing merged into it."""
    frame = doc.frames[event]
    if not frame.mentions:
        yield event, frame
        return
    own, *absorbed = frame.mentions
    yield own, frame
    for mention in absorbed:
        yield mention, doc.frames[mention]


class _Reader:
    """Index of one document's toponyms and actors by token, and the readers of each pattern."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.sdoc = doc.spacy
        self.toponyms = mentions_by_token(self.sdoc, doc.toponyms)
        # One sense per discourse: a name the toponyms stage resolved once means the same
        # place where it missed it ("the town of Y" after "Y is a prize").
        self.named = {t.text: t for t in doc.toponyms if t.place is not None and t.cue != "road"}
        self.actors = mentions_by_token(self.sdoc, [a for a in doc.actors if a.kind not in NOT_CONTROLLERS])
        self.country2 = doc.focus_countries[0] if doc.focus_countries else None

    # -- statements ------------------------------------------------------------------

    def statements(self, sentence: Span) -> list[ControlClaim]:
        found = []
        for token in sentence:
            for predicate, holder, place_head, adverbs in _patterns(token):
                if _hedged(predicate):
                    continue
                claim = self._claim(sentence, predicate, holder, place_head, adverbs)
                if claim:
                    found.append(claim)
        return found

    def _claim(self, sentence: Span, predicate: Token, holder: Token | None, place_head: Token | None,
               adverbs: list[Token]) -> ControlClaim | None:
        if holder is None or place_head is None:
            return None
        controller = self._controller(holder)
        located = self._place(place_head)
        if controller is None or located is None:
            return None
        place, extent = located
        if any(a.lower_ in PARTIAL_ADVERBS for a in adverbs):
            extent = "partial"
        elif extent is None and any(a.lower_ in WHOLE_WORDS for a in adverbs):
            extent = "whole"
        confidence = {"partial": PARTIAL_CONFIDENCE, "whole": STATEMENT_CONFIDENCE + WHOLE_BONUS}.get(
            extent or "", STATEMENT_CONFIDENCE
        )
        article = self.doc.article
        return ControlClaim(
            article_id=article.id, kind="statement", place=place, controller=controller,
            date=self._day(sentence, predicate), evidence=_evidence(sentence), confidence=confidence,
            extent=extent, source=article.source, published=article.published,
        )

    # -- changes ---------------------------------------------------------------------

    def change(self, event: Any) -> ControlClaim | None:
        """The claim of an event's control change, its place re-read from the trigger's object."""
        if not event.control_change:
            return None
        record = event.to_dict()
        record["source"] = record["source"] or self.doc.article.source
        record["published"] = record["published"] or _iso(self.doc.published)
        claim = ControlClaim.from_change(record)
        frame = self.doc.frames.get(event)
        trigger = frame.trigger if frame is not None else None
        named = self._changed_place(trigger) if trigger is not None else None
        if claim and named:
            claim.place, claim.extent = named
            claim.claim_id = ""
            claim.__post_init__()  # the id follows the place
        return claim

    def _changed_place(self, trigger: Token) -> tuple[dict[str, Any], str | None] | None:
        for child in trigger.children:
            if child.dep_ == "dobj" and child.lemma_ == "control":
                heads = [o for p in _preps(child, CONTROL_PREPS) for o in _objects(p)]
            elif child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in ("from", "of")):
                heads = [child] if child.dep_ == "dobj" else _objects(child)
            elif child.dep_ in ("nsubj", "nsubjpass") and trigger.lemma_ == "fall":
                heads = [child]
            else:
                continue
            for head in heads:
                if located := self._place(head):
                    return located
        return None

    # -- arguments -------------------------------------------------------------------

    def _controller(self, head: Token) -> dict[str, Any] | None:
        """The actor mention heading the phrase, else the first one inside it."""
        mention = self.actors.get(head.i)
        if mention is None:
            inside = sorted({id(m): m for t in head.subtree if (m := self.actors.get(t.i))}.values(),
                            key=lambda m: m.char_start)
            mention = inside[0] if inside else None
        if mention is None:
            return None
        actor = mention.to_dict()
        actor["country"] = actor["country"] or self.doc.focus_country
        return actor

    def _place(self, head: Token, steps: int = 0) -> tuple[dict[str, Any], str | None] | None:
        """The place a noun phrase names and how much of it (``whole``/``partial``/None)."""
        extent = _extent(head)
        toponym = self.toponyms.get(head.i) or next(
            (self.toponyms[c.i] for c in head.children if c.dep_ == "compound" and c.i in self.toponyms), None
        )
        if toponym is None and head.pos_ == "PROPN":
            toponym = self.named.get(head.text)
        if toponym is not None:
            place = self._place_dict(toponym)
            return (place, extent) if place else None
        if steps >= MAX_OF_STEPS:
            return None
        for child in head.children:
            nested = [child] if child.dep_ == "appos" else _objects(child) if child.dep_ == "prep" and child.lower_ == "of" else []
            for target in nested:
                if found := self._place(target, steps + 1):
                    place, inner = found
                    return place, extent or inner
        return None

    def _place_dict(self, toponym: Toponym) -> dict[str, Any] | None:
        if toponym.place is not None:
            return {"text": toponym.text, **toponym.place.to_dict(), "geo_precision": 1}
        if toponym.cue != "road":
            return None  # an unresolved town is not placed; an unresolved road keeps its name
        name = " ".join(w for w in toponym.text.split() if w.lower() not in ROAD_WORDS) or toponym.text
        return {"text": toponym.text, "name": name, "geonameid": None, "country": self.country2,
                "admin1": None, "lat": None, "lon": None, "feature": "road", "geo_precision": 2}

    def _day(self, sentence: Span, predicate: Token) -> dt.date | None:
        """A time expression that governs the statement, else the publication date."""
        governing = {predicate.i, *(a.i for a in predicate.ancestors)}
        published = self.doc.published
        for time in self.doc.times:
            if not (sentence.start_char <= time.char_start < sentence.end_char) or time.date is None:
                continue
            if time.relation not in ("at", "since") or (published and time.date > published):
                continue
            token = self.sdoc.char_span(time.char_start, time.char_end, alignment_mode="expand")
            if token is not None and any(a.i in governing for a in token.root.ancestors):
                return time.date
        return published


# -- the patterns ----------------------------------------------------------------------


def _patterns(token: Token) -> list[tuple[Token, Token | None, Token | None, list[Token]]]:
    """(predicate, holder phrase head, place phrase head, adverbs) for each pattern ``token`` starts."""
    if token.lemma_ == "control" and token.pos_ in ("NOUN", "PROPN"):
        return _control_noun(token)
    if token.lemma_ in ("control", "hold") and token.pos_ == "VERB":
        return _control_verb(token)
    if token.lower_ in ("hands", "hand") and token.dep_ == "pobj" and token.head.lower_ == "in":
        verb = token.head.head
        if verb.lemma_ in STATE_VERBS:
            holder = _first(_objects(p) for p in _preps(token, {"of"})) or _modifier(token)
            return [(verb, holder, _subject(verb), _adverbs(verb))]
    return []


def _control_noun(token: Token) -> list[tuple[Token, Token | None, Token | None, list[Token]]]:
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_ in STATE_VERBS:
        verb = head.head  # "X were in control of Y"
        qualifiers = _adverbs(verb) + [c for c in token.children if c.dep_ == "amod"]
        return [(verb, _subject(verb), _first(_objects(p) for p in _preps(token, CONTROL_PREPS)), qualifiers)]
    if token.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_ in STATE_VERBS:
        verb = head.head  # "Y remains under X control"
        return [(verb, _modifier(token), _subject(verb), _adverbs(verb))]
    if token.dep_ == "dobj" and head.lemma_ in HOLDING_VERBS:
        preps = _preps(token, CONTROL_PREPS) + _preps(head, CONTROL_PREPS)  # "exercise control over Y"
        qualifiers = _adverbs(head) + [c for c in token.children if c.dep_ == "amod"]  # "full control"
        return [(head, _subject(head), _first(_objects(p) for p in preps), qualifiers)]
    return []


def _control_verb(token: Token) -> list[tuple[Token, Token | None, Token | None, list[Token]]]:
    agent = _first(_objects(c) for c in token.children if c.dep_ == "agent")
    passive_subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if agent is not None and passive_subject is not None:  # "Y is controlled by X"
        return [(token, agent, passive_subject, _adverbs(token))]
    if agent is not None and token.dep_ == "acl":  # "Y, held by X"
        return [(token, agent, token.head, _adverbs(token))]
    if token.dep_ == "amod" and token.lower_ == "held":  # "X-held Y"
        return [(token, _modifier(token, deps=("npadvmod", "compound", "advmod")), token.head, [])]
    if token.lemma_ == "control" and not passive_subject:  # "X control Y"
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        return [(token, _subject(token), obj, _adverbs(token))]
    return []


# -- parse helpers ---------------------------------------------------------------------


def _preps(token: Token, words: set[str] | frozenset[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in words]


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _first(groups: Any) -> Token | None:
    for group in groups:
        if group:
            return group[0]
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, through a conjoined or auxiliary head when it has none itself."""
    for candidate in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else None):
        if candidate is not None:
            subject = next((c for c in candidate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return subject
    return None


def _modifier(token: Token, deps: tuple[str, ...] = ("poss", "amod", "compound", "nmod")) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _adverbs(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "advmod"]


def _extent(head: Token) -> str | None:
    if head.lower_ in PARTITIVE_NOUNS:
        return "partial"
    if any(c.lower_ in WHOLE_WORDS for c in head.children if c.dep_ in ("amod", "det", "predet")):
        return "whole"
    return None


def _hedged(predicate: Token) -> bool:
    """Negated, modal or asked: "not in control", "could control", "whether X holds Y"."""
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in predicate.children) or any(
        c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in predicate.children
    )




def _evidence(sentence: Span) -> dict[str, Any]:
    text = sentence.text
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    end = sentence.start_char + len(text.rstrip())
    return {"sentence": sentence.doc.text[start:end], "char_start": start, "char_end": end}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
