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

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Token

from frontwatch.actors import country_adjective_iso3
from frontwatch.document import Document, EventFrame, clause_marks, mentions_by_token, paragraph_end, paragraph_start
from frontwatch.geo.names import fold_name
from frontwatch.geo.recognise import ROAD_WORDS, landmark_names
from frontwatch.ontology import load_frames
from frontwatch.records import Event, Place, Toponym
from frontwatch.stages.focus import alpha2, alpha3

SPECIFICITY = {"place": 0, "road": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4}
# Words opening a clause that tells how the event happened ("killed when a mine exploded
# near X"): frames.toml simultaneous_marks.
TIME_CLAUSE_MARKS = load_frames().simultaneous_marks
ROLE_DEPS = ("nsubj", "nsubjpass", "dobj", "dative", "poss")
# The complement of a verbal act holds what was said or asked, not where it was said:
# "called on the minister to prevent unrest in Bosnia" was not done in Bosnia.
CONTENT_DEPS = ("xcomp", "ccomp")
# Actor kinds whose names are also places ("Ankara" as Turkey's government or as a city).
PLACE_LIKE_ACTORS = ("country", "capital")
# Links inside one noun phrase naming a place ("the south Baghdad neighbourhood of
# Al-Bayaa", "Silopi town of Sirnak province", "Mogadishu's Yaqshid district").
# A capitalised run the tagger calls one of these is no unknown place's name.
UNKNOWN_NAME_SKIP = frozenset({"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL",
                               "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW", "LANGUAGE"})
_JOINED_WORD = re.compile(r"[-‐–]([A-Za-z]+)")  # "-based" right after a name
# "the Kabul-Kandahar highway": a road named by the towns at its ends
_ROAD = r"\s+(?:%s)s?\b" % "|".join(ROAD_WORDS)
_FIRST_END = re.compile(r"[-‐–]\s?[A-Z][\w'’]*(?:\s[A-Z][\w'’]*)?" + _ROAD)
_SECOND_END = re.compile(_ROAD)
_BEFORE_SECOND = re.compile(r"[A-Z][\w'’]*\s?[-‐–]\s?$")
PHRASE_DEPS = ("compound", "flat", "appos", "conj", "amod", "nmod", "poss", "pobj", "prep",
               "npadvmod", "nummod", "det", "case")


@dataclass(frozen=True)
class LocateWords:
    """The word lists of ``data/ontology/locate.toml``."""

    locative_preps: frozenset[str]
    origin_preps: frozenset[str]
    place_nouns: frozenset[str]
    topic_preps: frozenset[str]
    topic_heads: frozenset[str]
    verbal_types: frozenset[str]
    content_types: frozenset[str]
    name_particles: frozenset[str]
    not_locative_before: frozenset[str]
    abstract_heads: frozenset[str]
    modifier_compounds: frozenset[str]
    bearing_words: frozenset[str]
    area_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    capital_nouns: frozenset[str]


@functools.lru_cache(maxsize=1)
def locate_words() -> LocateWords:
    raw = tomllib.loads(resources.files("frontwatch").joinpath("data", "ontology", "locate.toml")
                        .read_text("utf-8"))
    return LocateWords(*(frozenset(raw[f]) for f in (
        "locative_preps", "origin_preps", "place_nouns", "topic_preps", "topic_heads",
        "verbal_types", "content_types", "name_particles", "not_locative_before", "abstract_heads",
        "modifier_compounds", "bearing_words", "area_nouns", "settlement_nouns", "capital_nouns")))


class LocateStage:
    name = "locate"
    requires = ("events", "frames", "toponyms", "actors", "focus_countries")
    sets = ("events.location", "frames.location_from", "frames.location_span")

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
            frame = doc.frames[event]
            ladder = (
                ("clause", lambda: self._in_clause(event, frame, by_token, actor_chars)),
                ("meeting", lambda: self._meeting_place(doc, event, frame, by_token)),
                ("sentence", lambda: self._in_sentence(event, frame, by_token, actor_chars)),
                ("capital", lambda: self._capital_in_clause(doc, frame, by_token)),
                ("antecedent", lambda: self._antecedent_town(doc, event, frame, resolved)),
                ("paragraph", lambda: self._paragraph_focus(doc, event, resolved)),
                ("article", lambda: self._said_in_country(doc, event) or focus),
            )
            for rung, find in ladder:
                event.location = find()
                if event.location is not None:
                    frame.location_from = rung
                    break
            if (event.location is not None and frame.sentence.start_char
                    <= event.location.get("char_start", -1) < frame.sentence.end_char
                    and _names_the_town(frame)):
                # the division named in the sentence itself ("the governor of the Gao
                # region ... in the city"); a division found further out is no antecedent
                event.location = self._town_of_division(event.location)
            if frame.location_from in ("clause", "sentence"):
                town = _only_town_within(doc, event, frame, resolved)
                if town is not None:
                    event.location = _location(town, 2)
            if frame.location_from != "clause":
                named = _unknown_names(frame, by_token) + [
                    t for t in _candidates(frame.scope, by_token, actor_chars, event, frame)
                    if t.place is None and t.cue != "road"]
                if named and event.location is None:
                    # named in its clause, found in no gazetteer, no point around it: the
                    # place told is kept for --explain and evaluation, with no location
                    frame.location_from = "unplaced"
                    frame.location_span = (named[0].char_start, named[0].char_end)
                elif named:
                    # The clause names its place, though no gazetteer knows it ("killed in
                    # the Aziziyah district"): that name, at the point found further out.
                    event.location = event.location | {
                        "text": named[0].text, "char_start": named[0].char_start,
                        "char_end": named[0].char_end,
                        "geo_precision": max(2, event.location.get("geo_precision") or 2)}
            if event.location is not None and "char_start" in event.location:
                # the name's span in the article: the place is traceable to its words
                frame.location_span = (event.location["char_start"], event.location["char_end"])


    def _town_of_division(self, location: dict) -> dict:
        """A province or district named for its chief town, where the clause says "the
        city" or "the town" ("the governor of the Gao region imposed a curfew in the
        city"): the town of that name inside the division, when the gazetteer has one."""
        if location.get("feature") not in ("admin1", "admin2") or self.gazetteer is None:
            return location
        name = fold_name(location.get("name") or "")
        towns = [p for p in self.gazetteer.candidates(location.get("name") or "")
                 if p.feature == "place" and fold_name(p.name) == name
                 and p.country == location.get("country")
                 and p.admin1 == location.get("admin1")]
        if not towns:
            return location
        town = max(towns, key=lambda p: p.population)
        keep = {k: location[k] for k in ("text", "char_start", "char_end") if k in location}
        return _location_of_place(town, text=town.name, precision=1) | keep

    def _in_clause(self, event: Event, frame: EventFrame, by_token, actor_chars) -> dict | None:
        candidates = _candidates(frame.scope, by_token, actor_chars, event, frame)
        candidates += _unknown_names(frame, by_token)
        if not candidates:
            return None
        resolved = _without_bearing_points(frame.sentence.doc,
                                           [t for t in candidates if t.place is not None])
        if not resolved:
            return None
        doc = frame.sentence.doc
        best = min(
            resolved,
            key=lambda t: (_aside(doc, t, frame), SPECIFICITY.get(t.place.feature, 5),
                           abs(t.char_start - frame.trigger.idx)),
        )
        finer = [t for t in resolved if t.place.feature == "place" and _inside(t.place, best.place)
                 and _in_time_clause(doc, t, frame)]
        if best.place.feature in ("country", "admin1") and finer:
            # "two civilians were killed in Togo when their motorcycle hit a landmine near
            # Mandouri": the clause telling how it happened places it within the coarser place
            best = min(finer, key=lambda t: abs(t.char_start - frame.trigger.idx))
        phrase = _phrase_root(_token_at_char(doc, best.char_start))
        distance = abs(best.char_start - frame.trigger.idx)
        told = [
            (other, t) for t in candidates if t.place is None and t.cue != "road"
            for other in [_phrase_root(_token_at_char(doc, t.char_start)) is not phrase]
            if not other or abs(t.char_start - frame.trigger.idx) < distance
        ]
        if not told:
            return _location(best, _precision(best.place))
        # A name the gazetteer does not know, in the clause's place phrase ("at the Bardo
        # Museum in Tunis", "Mogadishu's Yaqshid district"): the event happened there, at
        # the point of the known place that holds it.
        named = min(told, key=lambda o: (o[0], abs(o[1].char_start - frame.trigger.idx)))[1]
        return _location(best, 2) | {"text": named.text, "char_start": named.char_start,
                                      "char_end": named.char_end}

    def _capital_in_clause(self, doc: Document, frame: EventFrame, by_token) -> dict | None:
        """ "in the capital", "in the Chadian capital", "in Chad's capital": a clause
        that puts the event in a capital it does not name means the capital of the
        country its modifier names, or of the story's country."""
        if self.gazetteer is None:
            return None
        words = locate_words()
        sdoc = frame.sentence.doc
        actors_at = {a.char_start: a for a in doc.actors}
        for i in frame.scope:
            token = sdoc[i]
            if not (token.lemma_.lower() in words.capital_nouns and token.dep_ == "pobj"
                    and token.head.lower_ in words.locative_preps
                    and token.head.lower_ not in words.origin_preps):
                continue
            children = list(token.children)
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in children) and \
                    not any(c.dep_ == "poss" for c in children):
                continue
            if any(c.pos_ == "PROPN" and c.dep_ != "poss" or c.dep_ in ("prep", "appos", "compound")
                   for c in children):
                continue  # "the capital of X", "the capital, N'Djamena": named, not ours
            owners = [_country_named(c, by_token, actors_at)
                      for c in children if c.dep_ in ("amod", "poss", "nmod")]
            if None in owners:
                continue  # "the regional capital", "the rebels' capital": not a state's
            country = owners[0] if owners else doc.focus_country
            place = _capital_place(self.gazetteer, country) if country else None
            if place is not None and any(t.place is not None and t.place.geonameid == place.geonameid
                                         for t in doc.toponyms):
                # only a capital the story names: "the capital" of a story about a state or
                # province is as often that state's own seat
                return _location_of_place(place, text=token.text, precision=1) | {
                    "char_start": token.idx, "char_end": token.idx + len(token.text)}
        return None

    def _meeting_place(self, doc: Document, event: Event, frame: EventFrame,
                       by_token: dict[int, Toponym]) -> dict | None:
        if event.event_type != "CONSULT" or event.status != "occurred":
            return None
        sentence = frame.sentence
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

    def _in_sentence(self, event: Event, frame: EventFrame, by_token, actor_chars) -> dict | None:
        sentence = frame.sentence
        indices = frozenset(range(sentence.start, sentence.end)) - _telling(event, frame)
        resolved = _without_bearing_points(sentence.doc, [
            t for t in _candidates(indices, by_token, actor_chars, event, frame) if t.place is not None
        ])
        if not resolved:
            return None
        best = min(
            resolved,
            key=lambda t: (SPECIFICITY.get(t.place.feature, 5), abs(t.char_start - frame.trigger.idx)),
        )
        return _location(best, max(2, _precision(best.place)))

    def _said_in_country(self, doc: Document, event: Event) -> dict | None:
        """A statement or other verbal act the text places nowhere: the country of whoever
        made it, at its centroid (precision 3), rather than the story's most cited town
        ("Pakistan accused Kabul ..." in a story about Kyiv is not in Kyiv)."""
        if event.event_type not in locate_words().verbal_types or self.gazetteer is None:
            return None
        iso2 = alpha2((event.actor1.country if event.actor1 else None) or doc.focus_country)
        place = self.gazetteer.country(iso2) if iso2 else None
        return _location_of_place(place, text=place.name, precision=3) if place else None

    def _antecedent_town(self, doc: Document, event: Event, frame: EventFrame,
                         resolved: list[Toponym]) -> dict | None:
        """ "Tractors rolled into Brussels. ... Police detained 19 people in the city": a
        clause that says "the city" or "the town" and names none means the last town
        named before it, in its paragraph or the one before."""
        if not _names_the_town(frame):
            return None
        sentence_start = frame.sentence.start_char
        own = paragraph_start(doc.text, sentence_start)
        start = paragraph_start(doc.text, own - 1) if own > 0 else 0  # and the one before
        actor_starts = {a.char_start for a in doc.actors}
        towns = [t for t in resolved
                 if start <= t.char_start < sentence_start and t.place.feature == "place"
                 and t.char_start not in actor_starts
                 and not _told_at(_token_at_char(doc.spacy, t.char_start))]
        if not towns:
            return None
        last = max(towns, key=lambda t: t.char_start)
        return _location(last, 2)

    def _paragraph_focus(self, doc: Document, event: Event, resolved: list[Toponym]) -> dict | None:
        start = paragraph_start(doc.text, event.evidence["char_start"])
        end = paragraph_end(doc.text, event.evidence["char_end"])
        actor_starts = {a.char_start for a in doc.actors}
        local = [
            t for t in resolved
            if start <= t.char_start < end and t.place.feature not in ("country", "region")
            and t.char_start not in actor_starts
        ]
        if event.event_type not in locate_words().verbal_types:
            # where something was told ("told reporters in Kinshasa") is no place of the
            # paragraph's happenings
            local = [t for t in local if not _told_at(_token_at_char(doc.spacy, t.char_start))] or local
        if not local:
            return None
        best = _most_cited(local)
        return _location(best, max(2, _precision(best.place)))


def _country_named(token: Token, by_token, actors_at) -> str | None:
    """The country (alpha-3) a modifier names: "Chad's", "Chadian"."""
    toponym = by_token.get(token.i)
    if toponym is not None and toponym.place is not None and toponym.place.feature == "country":
        return alpha3(toponym.place.country)
    actor = actors_at.get(token.idx)
    if actor is not None and actor.kind == "country":
        return actor.country
    return country_adjective_iso3(token.text)


def _only_town_within(doc: Document, event: Event, frame: EventFrame,
                      resolved: list[Toponym]) -> Toponym | None:
    """An event its sentence puts in a province or district ("drones attacked port
    facilities in the Odesa region"), whose paragraph names one town of that division in
    another sentence ("a grain warehouse near the port of Izmail was set on fire"): that
    town, the paragraph's telling of where in the division it happened.  None with no such
    town, or with several."""
    start = (event.location or {}).get("char_start")
    division = next((t.place for t in resolved if t.char_start == start), None)
    if division is None or division.feature not in ("admin1", "admin2") or not division.admin1_code:
        return None
    sentence = frame.sentence
    start = paragraph_start(doc.text, sentence.start_char)
    end = paragraph_end(doc.text, sentence.end_char)
    actor_starts = {a.char_start for a in doc.actors}
    towns = {t.place.geonameid: t for t in resolved
             if start <= t.char_start < end
             and not sentence.start_char <= t.char_start < sentence.end_char
             and t.place.feature == "place" and t.place.country == division.country
             and t.place.admin1_code == division.admin1_code
             and (division.feature == "admin1" or t.place.admin2 == division.admin2)
             and t.char_start not in actor_starts
             and not _told_at(_token_at_char(doc.spacy, t.char_start))}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _names_the_town(frame: EventFrame) -> bool:
    """The clause puts the event in "the city" or "the town", unnamed: a settlement noun
    with "the", the object of a locative preposition, with no name of its own ("the town
    of X", "the X city")."""
    words = locate_words()
    sdoc = frame.sentence.doc
    for i in frame.scope:
        token = sdoc[i]
        if (token.lemma_.lower() in words.settlement_nouns and token.dep_ == "pobj"
                and token.head.lower_ in words.locative_preps
                and token.head.lower_ not in words.origin_preps
                and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
                and not any(c.pos_ == "PROPN" or c.dep_ in ("prep", "compound", "amod", "poss")
                            for c in token.children)):
            return True
    return False


def _candidates(indices, by_token, actor_chars, event: Event, frame: EventFrame) -> list[Toponym]:
    roles = _role_chars(event)
    target = _attacked_place_chars(event, frame)
    content = _said_content(event, frame)
    found: list[Toponym] = []
    for i in sorted(indices):
        toponym = by_token.get(i)
        if toponym is None or toponym in found or i in content:
            continue
        token = frame.sentence.doc[i]
        if not _locative(token) or _modifier_compound(frame.sentence.doc.text, toponym):
            continue
        if toponym.char_start in target:
            found.append(toponym)
            continue
        if toponym.char_start in actor_chars or toponym.char_start in roles:
            continue
        if _in_argument_role(token):
            continue
        found.append(toponym)
    return found


# Links that leave the event's own phrases: its subject, and clauses of other verbs.
ASIDE_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "relcl", "acl", "advcl", "ccomp",
                        "xcomp", "parataxis"})


def _aside(sdoc, toponym: Toponym, frame: EventFrame) -> bool:
    """The name is reached from the event's verb only through its subject or another
    verb's clause ("detainees at Guantanamo Bay were captured in Afghanistan", "captured in
    Sudan and hauled to Paris"): a place told beside the event, not its own."""
    token = _token_at_char(sdoc, toponym.char_start)
    if token is None or _named_settlement_undergoing(token):
        return False
    stops = {frame.trigger.i, frame.head.i}
    seen = 0
    while token.i not in stops and token.head is not token and seen < 12:
        seen += 1
        if token.dep_ in ASIDE_DEPS or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            return True
        token = token.head
    return False


def _inside(place: Place, outer: Place) -> bool:
    """A town inside a country, or inside a province, by the gazetteer's codes."""
    if place.country != outer.country:
        return False
    return outer.feature == "country" or (outer.admin1_code is not None and place.admin1_code == outer.admin1_code)


def _in_time_clause(sdoc, toponym: Toponym, frame: EventFrame) -> bool:
    """The name sits in a "when"/"as" clause hung on the event's verb ("were killed on
    Sunday when their motorcycle hit a landmine near X"): the clause tells the happening."""
    token = _token_at_char(sdoc, toponym.char_start)
    seen = 0
    while token is not None and token.head is not token and seen < 12:
        seen += 1
        if token.dep_ == "advcl" and token.head.i in (frame.trigger.i, frame.head.i):
            return any(m.lower_ in TIME_CLAUSE_MARKS for m in clause_marks(token, TIME_CLAUSE_MARKS))
        token = token.head
    return False


def _named_settlement_undergoing(token: Token) -> bool:
    """ "The town of Beryslav, upstream on the Dnipro, was shelled": the settlement the
    passive subject names is what underwent the act, the event's own place (the names
    told beside it, "on the Dnipro", stay aside)."""
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    of = token.head
    noun = of.head
    return (token.dep_ == "pobj" and of.lower_ == "of" and of.dep_ == "prep"
            and noun.dep_ == "nsubjpass" and noun.lemma_.lower() in locate_words().settlement_nouns)


def _without_bearing_points(sdoc, resolved: list[Toponym]) -> list[Toponym]:
    """The places, less those named only as a bearing ("near Koya, east of Erbil", "60 km
    northwest of Mosul") when another place below a country is named beside them."""
    bearings = [t for t in resolved if _bearing_point(_token_at_char(sdoc, t.char_start))
                or _road_end(sdoc.text, t)]
    others = [t for t in resolved if t not in bearings]
    if bearings and any(t.place.feature not in ("country", "region") for t in others):
        return others
    return resolved


def _road_end(text: str, toponym: Toponym) -> bool:
    """The name is one end of a road named by its two towns ("on the Dhaka-Rangpur
    highway in Bogura", "the Kabul-Kandahar highway in Ghazni province"): the road runs
    from there, the event happened along it."""
    after = text[toponym.char_end:toponym.char_end + 60]
    if _FIRST_END.match(after):
        return True
    before = text[max(0, toponym.char_start - 40):toponym.char_start]
    return bool(_SECOND_END.match(after) and _BEFORE_SECOND.search(before))


def _bearing_point(token: Token | None) -> bool:
    """The name is the object of "of" after a compass word: "east of Erbil"."""
    if token is None:
        return False
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    return token.head.head.lower_ in locate_words().bearing_words


def _telling(event: Event, frame: EventFrame) -> set[int]:
    """The clause of the verb that reports the event ("officials said at a news
    conference in Beirut that strikes had killed 40"): where it was told, not where it
    happened. Empty for a verbal act itself, and for an event no say-verb governs."""
    if event.event_type in locate_words().verbal_types:
        return set()
    say_verbs = load_frames().say_verbs
    below = frame.head
    for verb in frame.head.ancestors:
        if verb.lemma_.lower() in say_verbs:
            return {t.i for t in verb.subtree} - {t.i for t in below.subtree}
        below = verb
    # "the rebels burned 40 homes, a spokesman told reporters in Kinshasa"
    return {t.i for child in frame.head.children
            if child.dep_ in ("parataxis", "ccomp", "advcl") and child.lemma_.lower() in say_verbs
            for t in child.subtree}


def _told_at(token: Token | None) -> bool:
    """The place is where a statement was made: the first verb above it is a say-verb
    ("told reporters in Kinshasa", "said at a news conference in Beirut")."""
    if token is None:
        return False
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor.lemma_.lower() in load_frames().say_verbs
    return False


def _said_content(event: Event, frame: EventFrame) -> set[int]:
    """The tokens of what a verbal act says or asks for ("urged Serbia to withdraw from
    Kosovo", "warned that troops would enter Gaza"): places there are its topic, not
    where it was said."""
    if event.event_type not in locate_words().content_types:
        return set()
    return {t.i for head in {frame.trigger, frame.head} for child in head.children
            if child.dep_ in CONTENT_DEPS for t in child.subtree}


def _modifier_compound(text: str, toponym: Toponym) -> bool:
    """ "The Britain-based monitor", "a London-born writer", "Iran-backed militias": a
    name joined by a hyphen to one of ``modifier_compounds`` tells where someone comes
    from or who stands behind them, not where the event happened."""
    joined = _JOINED_WORD.match(text, toponym.char_end)
    return joined is not None and joined.group(1).lower() in locate_words().modifier_compounds


def _unknown_names(frame: EventFrame, by_token) -> list[Toponym]:
    """Capitalised names in the clause's place phrases that no toponym covers: the object
    of a locative preposition or a place noun's name ("in the Nabi Yunis area", "the
    district of Al-Bayaa", "at the Bardo Museum"), as unresolved toponyms."""
    sdoc = frame.sentence.doc
    names: list[Toponym] = []
    run: list[Token] = []
    for i in [*sorted(frame.scope), None]:
        token = sdoc[i] if i is not None else None
        if token is not None and run and run[-1].i == i - 1 and (
                _name_word(token, by_token, frame) or _joins_name(token)):
            run.append(token)
            continue
        if run:
            while run and not run[-1].text[:1].isupper():
                run.pop()
            if run and _names_a_place(run):
                start, end = run[0].idx, run[-1].idx + len(run[-1].text)
                names.append(Toponym(text=sdoc.text[start:end], char_start=start, char_end=end,
                                     cue="name"))
        run = [token] if token is not None and _name_word(token, by_token, frame) else []
    return names


def _name_word(token: Token, by_token, frame) -> bool:
    return (token.text[:1].isupper() and token.pos_ == "PROPN" and token.i not in by_token
            and token.i != frame.trigger.i
            and (token.ent_type_ not in UNKNOWN_NAME_SKIP
                 or (token.ent_type_ == "NORP" and _place_noun_named(token, of_phrase=False))))


def _place_noun_named(token: Token, of_phrase: bool = True) -> bool:
    """An area noun names the word's phrase: "the Nabi Yunis area", "the Balata refugee
    camp", and with ``of_phrase`` "the district of Al-Bayaa" -- a place's name, whatever
    the tagger called it ("the office of X", "X's home" name a body or a person)."""
    words = locate_words()
    while token.dep_ in ("compound", "flat") and token.head.pos_ == "PROPN":
        token = token.head
    head = token.head
    if token.dep_ in ("compound", "nmod", "amod") and head.pos_ == "NOUN" and head.i > token.i:
        # "the north Sinai town of El-Arish": a settlement's own name follows "of"; the
        # word before it names the place around it ("the Shaab neighbourhood of Baghdad"
        # is a part of Baghdad)
        return head.lemma_.lower() in words.area_nouns and not (
            head.lemma_.lower() in words.settlement_nouns and any(
                child.lower_ == "of" and any(c.pos_ == "PROPN" for c in child.children)
                for child in head.children))
    return (of_phrase and token.dep_ == "pobj" and head.lower_ == "of"
            and head.head.pos_ == "NOUN" and head.head.lemma_.lower() in words.area_nouns)


def _joins_name(token: Token) -> bool:
    """ "Al-Bayaa", "Bab al-Mu'adham": a hyphen or a lower-case article inside one name."""
    return (token.text in ("-", "‐", "–", "'") and not token.whitespace_) or (
        token.lower_ in locate_words().name_particles
        and not token.is_sent_start)


def _names_a_place(run: list[Token]) -> bool:
    """The run is the object of a locative preposition, or names a place noun ("the X
    area", "the district of X"), put at the event's place by the words above it."""
    words = locate_words()
    root = max(run, key=lambda t: sum(1 for _ in t.ancestors) * -1)
    if (any(t.ent_type_ in ("PERSON", "ORG") for t in run)
            and run[-1].lemma_.lower() not in words.place_nouns and not _place_noun_named(root)):
        return False  # a person's or body's name, unless it names a place ("the Bardo Museum",
        # "the Nabi Yunis area", "the district of Al-Bayaa")
    head, dep = root.head, root.dep_
    if dep == "pobj":
        word = head.lower_
        if head.i > 0 and head.doc[head.i - 1].lower_ in words.not_locative_before:
            return False  # "according to the U.N."
        placed = (word in words.locative_preps and word not in words.origin_preps) or (
            word == "of" and head.head.lemma_.lower() in words.place_nouns)
    elif dep in ("compound", "appos", "nmod", "amod"):
        placed = head.lemma_.lower() in words.place_nouns and head.dep_ == "pobj" and (
            head.head.lower_ in words.locative_preps and head.head.lower_ not in words.origin_preps)
    else:
        placed = False
    return placed and _locative(root) and not _in_argument_role(root)


def _locative(token: Token) -> bool:
    """The name is put at the event's place by the first preposition above it: "killed
    in X", "the outskirts of X", "the owner of a X restaurant was shot"; not "autonomy
    for X", "an arms race with X", "a driver from X", "a meeting on X"."""
    words = locate_words()
    seen = 0
    while token.dep_ in PHRASE_DEPS and token.head is not token and seen < 8:
        seen += 1
        if token.dep_ != "pobj":
            token = token.head
            continue
        prep, attached = token.head, token.head.head
        word = prep.lower_
        if word == "of" and attached.pos_ in ("NOUN", "PROPN"):
            token = attached  # inside one noun phrase: "the town of X", "the invasion of X"
            continue
        if word not in words.locative_preps:
            return False
        if word in words.topic_preps and attached.lemma_.lower() in words.topic_heads:
            return False  # what it is about: "a meeting on Afghanistan", "a dispute over X"
        before = prep.nbor(-1) if prep.i > 0 else attached  # "peace in Europe", however parsed
        if words.abstract_heads.intersection((attached.lemma_.lower(), before.lemma_.lower())):
            return False  # a value, not a place: "a step toward peace in Europe"
        return not (word in words.origin_preps and attached.pos_ in ("NOUN", "PRON")
                    and attached.lemma_.lower() not in words.place_nouns)
    return True


def _phrase_root(token: Token | None) -> Token | None:
    """The head of the noun phrase a name sits in, climbing through names, place nouns and
    their prepositions, up to the word that attaches the phrase to a verb."""
    if token is None:
        return None
    words = locate_words()
    seen = 0
    while token.dep_ in PHRASE_DEPS and token.head is not token and seen < 8:
        seen += 1
        head = token.head
        if token.dep_ == "pobj" and head.head.pos_ not in ("NOUN", "PROPN"):
            return head  # the preposition that attaches the phrase to its verb
        if token.dep_ == "prep" and token.lower_ not in words.locative_preps:
            return token
        token = head
    return token


def _token_at_char(sdoc, char: int) -> Token | None:
    span = sdoc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span else None


def _attacked_place_chars(event: Event, frame: EventFrame) -> set[int]:
    """An attack's target named as a place ("shelled Kharkiv", "a strike on Kyiv"): where
    it happened, though the name also stands for the place's government."""
    if event.event_type != "ASSAULT":
        return set()
    chars: set[int] = set()
    target = event.actor2
    if target is not None and target.kind in PLACE_LIKE_ACTORS:
        chars.update(range(target.char_start, target.char_end))
    for obj in (c for c in frame.trigger.children if c.dep_ in ("dobj", "obj")):
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
    return _token_at_char(doc.spacy, char)


def _role_chars(event: Event) -> set[int]:
    """Characters of the event's own actors: "Turkey sent troops" is an actor, not a place."""
    chars: set[int] = set()
    for actor in (event.actor1, event.actor2):
        if actor is not None:
            chars.update(range(actor.char_start, actor.char_end))
    return chars


def _non_place_actor_chars(doc: Document) -> set[int]:
    """Characters inside actor names that are not places ("envoy for Syria", "Syrian
    Observatory").  A town's name that stands for a body ("Brussels" for the EU) is, like
    a capital, a place where the text puts something there ("in Brussels"); as the
    subject or object it is still an actor (``_in_argument_role``)."""
    towns = {(t.char_start, t.char_end) for t in doc.toponyms
             if t.place is not None and t.place.feature == "place"}
    chars: set[int] = set()
    for actor in doc.actors:
        if (actor.kind not in PLACE_LIKE_ACTORS and not _seat_as_place(doc, actor)
                and (actor.char_start, actor.char_end) not in towns):
            chars.update(range(actor.char_start, actor.char_end))
    return chars


def _seat_as_place(doc: Document, actor) -> bool:
    """A seat of government named as where something happens ("talks at the White House"):
    the toponyms stage placed it at its city; elsewhere ("the Kremlin said") an actor."""
    return any(t.char_start == actor.char_start and t.text in landmark_names() for t in doc.toponyms)




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
    return _location_of_place(toponym.place, text=toponym.text, precision=precision) | {
        "char_start": toponym.char_start, "char_end": toponym.char_end}


def _location_of_place(place: Place, text: str, precision: int) -> dict:
    return {"text": text, **place.to_dict(), "geo_precision": precision}
