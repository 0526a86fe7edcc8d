"""Where each event happened: the place in its own clause, not the sentence's first name.

The ladder, most precise first:
1. a resolved toponym in the event's clause that is not one of its actors
   ("Turkey sent troops into Idlib" happened in Idlib; "talks in Ankara" in Ankara);
   an unresolved name there borrows the nearest resolved one at precision 2;
2. for meetings, the host's capital ("the visiting envoy"), or a capital named in the
   sentence;
3. a resolved toponym elsewhere in the sentence (precision 2);
4. the paragraph's focus, then the article's (precision 2 or 3);
never an invented confident point: with nothing to go on the location is None.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from frontwatch.document import Document, mentions_by_token
from frontwatch.records import Event, Place, Toponym

SPECIFICITY = {"place": 0, "road": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}
ROLE_DEPS = ("nsubj", "nsubjpass", "dobj", "dative", "poss")
# Actor kinds whose names are also places ("Ankara" as Turkey's government or as a city).
PLACE_LIKE_ACTORS = ("country", "capital")


class LocateStage:
    name = "locate"
    requires = ("events", "toponyms", "focus_country")
    sets = ("event_locations",)

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> None:
        if not doc.events or doc.spacy is None:
            return
        resolved = [t for t in doc.toponyms if t.place is not None]
        by_token = mentions_by_token(doc.spacy, doc.toponyms)
        actor_chars = _non_place_actor_chars(doc)
        focus = _focus(doc, resolved)
        for event in doc.events:
            ladder = (
                ("clause", lambda: self._in_clause(event, by_token, actor_chars)),
                ("meeting", lambda: self._meeting_place(doc, event, by_token)),
                ("sentence", lambda: self._in_sentence(event, by_token, actor_chars)),
                ("paragraph", lambda: self._paragraph_focus(doc, event, resolved)),
                ("article", lambda: focus),
            )
            for rung, find in ladder:
                event.location = find()
                if event.location is not None:
                    event.frame.location_from = rung
                    break


    def _in_clause(self, event: Event, by_token, actor_chars) -> dict | None:
        frame = event.frame
        candidates = _candidates(frame.scope, by_token, actor_chars, event)
        if not candidates:
            return None
        resolved = [t for t in candidates if t.place is not None]
        if not resolved:
            return None
        best = min(
            resolved,
            key=lambda t: (SPECIFICITY.get(t.place.feature, 5), abs(t.char_start - frame.trigger.idx)),
        )
        unresolved_closer = [
            t for t in candidates
            if t.place is None and t.cue != "road"
            and abs(t.char_start - frame.trigger.idx) < abs(best.char_start - frame.trigger.idx)
        ]
        precision = _precision(best.place) if not unresolved_closer else 2
        return _location(best, precision)

    def _meeting_place(self, doc: Document, event: Event, by_token: dict[int, Toponym]) -> dict | None:
        if event.event_type != "CONSULT" or event.status != "occurred":
            return None
        sentence = event.frame.sentence
        host = _host_country(sentence, event)
        capitals = [
            a for a in doc.actors
            if a.kind == "capital" and sentence.start_char <= a.char_start < sentence.end_char
            and not _in_argument_role(_token_at(doc, a.char_start), keep_subjects=True)
        ]
        if host:
            capitals = [a for a in capitals if a.country == host] or capitals
        for capital in capitals:
            token = _token_at(doc, capital.char_start)
            toponym = by_token.get(token.i) if token is not None else None
            if toponym is not None and toponym.place is not None:
                return _location(toponym, 1)
        if host and self.gazetteer is not None:
            place = _capital_place(self.gazetteer, host)
            if place is not None:
                return _location_of_place(place, text=place.name, precision=2)
        return None

    def _in_sentence(self, event: Event, by_token, actor_chars) -> dict | None:
        sentence = event.frame.sentence
        indices = frozenset(range(sentence.start, sentence.end))
        resolved = [
            t for t in _candidates(indices, by_token, actor_chars, event) if t.place is not None
        ]
        if not resolved:
            return None
        best = min(
            resolved,
            key=lambda t: (SPECIFICITY.get(t.place.feature, 5), abs(t.char_start - event.frame.trigger.idx)),
        )
        return _location(best, max(2, _precision(best.place)))

    def _paragraph_focus(self, doc: Document, event: Event, resolved: list[Toponym]) -> dict | None:
        text = doc.text
        start = text.rfind("\n\n", 0, event.evidence["char_start"]) + 1
        end = text.find("\n\n", event.evidence["char_end"])
        end = len(text) if end < 0 else end
        actor_starts = {a.char_start for a in doc.actors}
        local = [
            t for t in resolved
            if start <= t.char_start < end and t.place.feature not in ("country", "region")
            and t.char_start not in actor_starts
        ]
        if not local:
            return None
        best = _most_cited(local)
        return _location(best, max(2, _precision(best.place)))


def _candidates(indices, by_token, actor_chars, event: Event) -> list[Toponym]:
    roles = _role_chars(event)
    target = _attacked_place_chars(event)
    found: list[Toponym] = []
    for i in sorted(indices):
        toponym = by_token.get(i)
        if toponym is None or toponym in found:
            continue
        if toponym.char_start in target:
            found.append(toponym)
            continue
        if toponym.char_start in actor_chars or toponym.char_start in roles:
            continue
        if _in_argument_role(event.frame.sentence.doc[i]):
            continue
        found.append(toponym)
    return found


def _attacked_place_chars(event: Event) -> set[int]:
    """An attack's target named as a place ("shelled Kharkiv", "a strike on Kyiv"): where
    it happened, though the name also stands for the place's government."""
    if event.event_type != "ASSAULT":
        return set()
    chars: set[int] = set()
    target = event.actor2
    if target is not None and target.kind in PLACE_LIKE_ACTORS:
        chars.update(range(target.char_start, target.char_end))
    for obj in (c for c in event.frame.trigger.children if c.dep_ in ("dobj", "obj")):
        for token in (obj, *(c for c in obj.children if c.dep_ in ("conj", "compound"))):
            chars.update(range(token.idx, token.idx + len(token.text)))
    return chars


def _in_argument_role(token: Token | None, keep_subjects: bool = False) -> bool:
    """ "help Ankara and Damascus resolve", "Syria's province": a participant, not a place.

    With ``keep_subjects``, a capital that is a clause's subject ("Tehran underlined")
    still counts as the seat of the meeting the sentence reports.
    """
    if token is None:
        return False
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    if keep_subjects and token.dep_ == "nsubj":
        return False
    return token.dep_ in ROLE_DEPS


def _token_at(doc: Document, char: int) -> Token | None:
    span = doc.spacy.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span else None


def _role_chars(event: Event) -> set[int]:
    """Characters of the event's own actors: "Turkey sent troops" is an actor, not a place."""
    chars: set[int] = set()
    for actor in (event.actor1, event.actor2):
        if actor is not None:
            chars.update(range(actor.char_start, actor.char_end))
    return chars


def _non_place_actor_chars(doc: Document) -> set[int]:
    """Characters inside actor names that are not places ("envoy for Syria", "Syrian Observatory")."""
    chars: set[int] = set()
    for actor in doc.actors:
        if actor.kind not in PLACE_LIKE_ACTORS:
            chars.update(range(actor.char_start, actor.char_end))
    return chars




def _host_country(sentence, event: Event) -> str | None:
    """ "the visiting envoy ... and Iranian officials": the other side hosts the meeting."""
    visiting = [t for t in sentence if t.lower_ == "visiting"]
    if not visiting:
        return None
    visitor_chars = set()
    for token in visiting:
        head: Token = token.head
        visitor_chars.update(range(head.left_edge.idx, head.right_edge.idx + len(head.right_edge)))
    for actor in (event.actor1, event.actor2):
        if actor is not None and actor.char_start not in visitor_chars and actor.country not in (None, "IGO"):
            return actor.country
    return None


def _capital_place(gazetteer, iso3: str) -> Place | None:
    finder = getattr(gazetteer, "capital", None)
    return finder(iso3) if finder else None


def _focus(doc: Document, resolved: list[Toponym]) -> dict | None:
    """The article's focus: its most cited place or province in its main country."""
    country2 = doc.focus_countries[0] if doc.focus_countries else None
    local = [
        t for t in resolved
        if t.place.feature not in ("country", "region") and (country2 is None or t.place.country == country2)
    ]
    if local:
        best = _most_cited(local)
        return _location(best, 3 if best.place.feature != "place" else 2)
    countries = [t for t in resolved if t.place.feature == "country"]
    if countries:
        return _location(_most_cited(countries), 3)
    return None


def _most_cited(toponyms: list[Toponym]) -> Toponym:
    counts = Counter(t.place.geonameid for t in toponyms)
    admin_counts = Counter(t.place.admin1 for t in toponyms if t.place.admin1)
    return max(
        toponyms,
        key=lambda t: (counts[t.place.geonameid], admin_counts[t.place.admin1], -t.char_start),
    )


def _precision(place: Place) -> int:
    return {"place": 1, "road": 1, "admin2": 2, "admin1": 3, "region": 3, "country": 3}.get(place.feature, 2)


def _location(toponym: Toponym, precision: int) -> dict:
    return _location_of_place(toponym.place, text=toponym.text, precision=precision)


def _location_of_place(place: Place, text: str, precision: int) -> dict:
    return {"text": text, **place.to_dict(), "geo_precision": precision}
