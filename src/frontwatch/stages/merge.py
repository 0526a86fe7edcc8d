"""One event per happening within an article, and each event's confidence.

Mentions of the same happening ("Turkey reinforced its presence in Idlib on
Saturday"; "430 Turkish vehicles crossed into Idlib in the last 24 hours") merge when
they share the PLOVER type, the ACLED sub-event type and actor1's country, their dates
overlap (one day of slack, but two days each mention names as its own are two happenings)
and their places are compatible. The merged event keeps
the most precise place and date, every quantity, and the evidence of each mention; its
frame keeps each mention as it was read (``EventFrame.mentions``), for the stages after
this one. Heading lines restate the body: their events only ever merge into a body event.
A long article analysed in sections (``sections.py``) is merged once, over every
section's events (``whole_article``): a happening told in its first section and again in
its last is one event.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import math
import tomllib
from importlib import resources

from frontwatch.document import Document, EventFrame, EventFrames
from frontwatch.ontology import load_frames
from frontwatch.records import Event
from frontwatch.stages.locate import locate_words

DATE_SLACK = dt.timedelta(days=1)
MONTH = 3  # ACLED time precision: a month or longer
SAME_PLACE_KM = 50.0
# Determiners that make an event noun refer back ("the attack", "this attack"): frames.toml.
DEFINITE = load_frames().definite_determiners
# Modifiers that make an event noun a new happening ("new strikes"): frames.toml.
FRESH = load_frames().fresh_modifiers
INDEFINITE = load_frames().indefinite_determiners
# Marks that tell one act after another ("after", "before"): frames.toml.
SEQUENCE = load_frames().sequence_marks
# Verbal acts whose coordinated verbs in one speaker's sentence are one statement: frames.toml.
ONE_STATEMENT = load_frames().one_statement_types
# Statements, appeals, accusations and the like: locate.toml.
VERBAL = locate_words().verbal_types
MIN_CONFIDENCE, MAX_CONFIDENCE = 0.05, 0.95
SUBJECTS = ("nsubj", "nsubjpass", "csubj")


class MergeStage:
    name = "merge"
    requires = ("events", "frames", "events.date", "events.location", "frames.location_from", "frames.date_from")
    sets = ("events", "events.confidence", "events.event_id", "frames.mentions")
    whole_article = True  # reads every section's events together (Pipeline._sectioned)

    def __call__(self, doc: Document) -> None:
        frames = doc.frames
        kept: list[Event] = []
        by_type: dict[str | None, list[Event]] = {}  # one happening has one type: compare within it
        ordered = sorted(doc.events, key=lambda e: (frames[e].headline, e.evidence["char_start"]))
        for event in ordered:
            candidates = by_type.get(event.event_type, ())
            target = next((k for k in candidates if _same_happening(k, event, frames)), None)
            if target is not None:
                _absorb(target, event, frames)
            elif not frames[event].headline:
                kept.append(event)
                by_type.setdefault(event.event_type, []).append(event)
        kept.sort(key=lambda e: (e.evidence["char_start"], e.trigger["char_start"]))
        kept = _one_statement(kept, frames)
        for position, event in enumerate(kept):
            event.confidence = confidence(event, frames[event], lead=position == 0)
            event.assign_id()
        doc.events = kept


def _one_statement(events: list[Event], frames: EventFrames) -> list[Event]:
    """One speaker's verbs of speech coordinated in one sentence are one statement ("the
    ministry accused the protesters of hurting the army and called on Warsaw to lift the
    blockade"; "the spokesman rejected the measure and accused the EU of backing
    rioters"; frames.toml one_statement_types): the first verb's event keeps the others
    as its mentions."""
    kept: list[Event] = []
    for event in events:
        target = next((k for k in kept if _said_together(k, event, frames)), None)
        if target is not None:
            _absorb(target, event, frames)
        else:
            kept.append(event)
    return kept


def _said_together(first: Event, later: Event, frames: EventFrames) -> bool:
    if first.event_type == later.event_type or not {first.event_type, later.event_type} <= ONE_STATEMENT:
        return False
    frame_a, frame_b = frames[first], frames[later]
    if frame_a.sentence.start != frame_b.sentence.start or frame_a.sentence.doc is not frame_b.sentence.doc:
        return False
    if first.actor1 is None or later.actor1 is None or first.actor1.name != later.actor1.name:
        return False
    return _coordinated(frame_a.head, frame_b.head) or _coordinated(frame_b.head, frame_a.head)


def _same_happening(a: Event, b: Event, frames: EventFrames) -> bool:
    frame_a, frame_b = frames[a], frames[b]
    later = frame_b if a.trigger["char_start"] < b.trigger["char_start"] else frame_a
    if _fresh(later):
        return False
    if a.event_type in VERBAL and (_joint(frame_a) != _joint(frame_b) or _told_days_apart(a, b)):
        return False
    if a.event_type == b.event_type and _restated(a, frame_a, b, frame_b):
        return True
    anaphoric = _anaphoric(a, frame_a) or _anaphoric(b, frame_b)
    if a.event_type == b.event_type and anaphoric and _dates_overlap(a, b):
        # "the attack", "Tuesday's attack": a noun naming no perpetrator refers back to
        # the happening of its type told before it
        return _anaphor_placed(a, b, frames)
    if a.event_type != b.event_type or a.acled_sub_event_type != b.acled_sub_event_type:
        return False
    if _country(a.actor1) != _country(b.actor1):
        return False
    if not _dates_overlap(a, b) or _own_days_apart(a, frame_a, b, frame_b):
        return False
    if _two_paragraph_places(a, frame_a, b, frame_b):
        return False
    if _weakly_located(frame_a) or _weakly_located(frame_b):
        return True
    if _two_towns(a, frame_a, b, frame_b):
        return False
    return _places_compatible(a.location, b.location)


def _two_paragraph_places(a: Event, frame_a: EventFrame, b: Event, frame_b: EventFrame) -> bool:
    """Each mention is placed by its paragraph's focus, and the two places lie apart (a
    paragraph on a town, another on a town 100 km off): the paragraphs tell of two
    places, so of two happenings."""
    return (frame_a.location_from == frame_b.location_from == "paragraph"
            and not _places_compatible(a.location, b.location))


def _two_towns(a: Event, frame_a: EventFrame, b: Event, frame_b: EventFrame) -> bool:
    """Each mention's own words put it in a town, and the towns differ ("blocked the main
    road through X"; "in the town of Y, 200 people held a vigil"): two happenings, however
    near the towns lie."""
    in_towns = all(_rung_rank(frame) <= RUNG_RANK["sentence"] and (event.location or {}).get("feature") == "place"
                   for event, frame in ((a, frame_a), (b, frame_b)))
    return in_towns and a.location.get("geonameid") != b.location.get("geonameid")


def _restated(a: Event, frame_a: EventFrame, b: Event, frame_b: EventFrame) -> bool:
    """Two mentions of one type that tell the same act, whatever their sub-types: one
    sentence's event noun and the act it does ("Fighting ... has killed 14"; "an air
    strike hit a market in X, west of Y, killing 14"); or a later mention that repeats
    the act's verb on the same victims ("killing 10 soldiers" ... "the group said it had
    killed 35 soldiers": the other side's account) or names the first one's target
    again as a definite noun ("ambushed a convoy" ... "The convoy came under attack")."""
    if not _actors_compatible(a.actor1, b.actor1):
        return False
    one_sentence = frame_a.sentence.doc is frame_b.sentence.doc and frame_a.sentence.start == frame_b.sentence.start
    if one_sentence:
        if _one_act(frame_a.head, frame_b.head) or _one_act(frame_b.head, frame_a.head):
            return True
        if (_same_place(a.location, b.location) and _one_day(a, b)
                and not _in_sequence(frame_a.head, frame_b.head)):
            # "the governor was killed while visiting troops fighting the rebels": one
            # sentence, one place and day, one happening whatever its words' sub-types
            return True
    if not (_weakly_located(frame_a) or _weakly_located(frame_b) or _places_compatible(a.location, b.location)):
        return False
    if one_sentence and (_coordinated(frame_a.head, frame_b.head) or _coordinated(frame_b.head, frame_a.head)):
        return True
    first, later = (frame_a, frame_b) if frame_a.trigger.idx <= frame_b.trigger.idx else (frame_b, frame_a)
    same_day = _one_day(a, b)
    if same_day and any(
        x.lemma_.lower() == y.lemma_.lower() and _lemmas(_targets(x)) & _lemmas(_targets(y))
        for x in _acts(first.head) for y in _acts(later.head)
    ):
        return True
    targets = _lemmas(_targets(first.head))
    later_event = a if later is frame_a else b
    told_day = later_event.time_precision == 1
    return (same_day or not told_day) and any(
        n.lemma_.lower() in targets and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in n.children)
        for n in _participants(later.head)
    )


def _same_place(a: dict | None, b: dict | None) -> bool:
    """The same gazetteer entry (or no place for either)."""
    if a is None or b is None:
        return a is None and b is None
    return a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid")


def _in_sequence(first, other) -> bool:
    """The words are told as one after the other ("raided a village ..., a day after a
    roadside bomb struck a police vehicle"): an "after" or "before" on the way between
    them in the parse (frames.toml sequence_marks)."""
    common = next((t for t in [other, *other.ancestors] if t.i == first.i or t.is_ancestor(first)), None)
    if common is None:
        return False
    path = _up_to(first, common) + _up_to(other, common)
    return any(t.lower_ in SEQUENCE or any(c.dep_ in ("mark", "prep") and c.lower_ in SEQUENCE for c in t.children)
               for t in path)


def _one_day(a: Event, b: Event) -> bool:
    """The dates overlap, and two single days are the same day."""
    return _dates_overlap(a, b) and not (
        a.time_precision == 1 and b.time_precision == 1 and a.date_start != b.date_start)


def _up_to(token, common) -> list:
    """``token`` and its heads below ``common``."""
    found = []
    while token.i != common.i:
        found.append(token)
        token = token.head
    return found


def _acts(head) -> list:
    """A mention's verb and the participles that tell what it did ("exploded ..., killing
    six officers")."""
    if head.pos_ != "VERB":
        return []
    return [head] + [c for c in head.children if c.dep_ == "advcl" and c.tag_ == "VBG"]


def _lemmas(tokens) -> set[str]:
    return {t.lemma_.lower() for t in tokens}


def _one_act(noun, verb) -> bool:
    """``noun`` is the subject of ``verb`` ("Fighting has killed"), or of the verb that
    ``verb`` goes with as a participle ("a strike hit the market, killing 14")."""
    if noun.dep_ not in SUBJECTS:
        return False
    return noun.head == verb or (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head == noun.head)


def _coordinated(first, verb) -> bool:
    """``verb`` goes on telling ``first``'s act with no subject of its own ("gunmen
    stormed the village and killed 12", "a strike hit a house and killed five"): the
    verbs, or an event noun and the verb coordinated with the one it is subject of."""
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or any(c.dep_ in SUBJECTS for c in verb.children):
        return False
    return verb.head == first or (first.dep_ in SUBJECTS and verb.head == first.head)


def _targets(head) -> list:
    """What the act is done to: a verb's object or passive subject ("killed 10 soldiers",
    "10 soldiers were killed"), an event noun's "on"/"against" object."""
    if head.pos_ in ("NOUN", "PROPN"):
        return [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("on", "against")
                for o in p.children if o.dep_ == "pobj"]
    return [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]


def _participants(head) -> list:
    """The nouns a mention's act involves: its own subject and object, or, for an event
    noun, the subject of the verb it sits under ("The convoy came under attack")."""
    found = [c for c in head.children if c.dep_ in SUBJECTS + ("dobj",)]
    if head.pos_ in ("NOUN", "PROPN"):
        verb = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None:
            found += [c for c in verb.children if c.dep_ in SUBJECTS]
    return found


def _actors_compatible(a, b) -> bool:
    """The same actor's country, or a mention that names none of its own."""
    if a is None or b is None or a.kind == "implied" or b.kind == "implied":
        return True
    return a.country == b.country


def _fresh(frame: EventFrame) -> bool:
    """An event noun told as a new happening ("carrying out new strikes", "another
    attack"; a singular one with "a" that is its clause's subject: "An Israeli strike on
    the suburbs on Tuesday targeted a commander"), not as the one told before it; a
    definite one refers back ("the new strikes killed 12")."""
    trigger = frame.trigger
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    children = list(trigger.children)
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in children):
        return False
    if any(c.dep_ in ("amod", "det") and c.lower_ in FRESH for c in children):
        return True
    return trigger.tag_ == "NN" and trigger.dep_ in SUBJECTS and any(
        c.dep_ == "det" and c.lower_ in INDEFINITE for c in children)


def _told_days_apart(a: Event, b: Event) -> bool:
    """Each statement told on its own day, and the days differ ("Raisi said on Saturday
    the country must deal decisively ..." and "the judiciary chief said on Sunday there
    should be no leniency"): a statement is made on one day, so two days are two."""
    return (a.time_precision == 1 and b.time_precision == 1
            and a.date_start is not None and b.date_start is not None and a.date_start != b.date_start)


def _own_days_apart(a: Event, frame_a: EventFrame, b: Event, frame_b: EventFrame) -> bool:
    """Each act dated to a day by its own words, and the days differ ("the train came
    under attack on Tuesday" ... "troops killed 33 militants on Wednesday"): ACLED codes a
    happening per day, and the day's slack of the comparison is for undated mentions."""
    return (_told_days_apart(a, b)
            and DATE_RANK.get(frame_a.date_from, 2) == 0 and DATE_RANK.get(frame_b.date_from, 2) == 0)


def _joint(frame: EventFrame) -> bool:
    """The act's subject coordinates several actors ("She and Lockyear both urged the
    council ..."): their joint statement is a happening of its own, not one of theirs
    alone ("she demanded an end to the fighting")."""
    verb = frame.head if frame.head.pos_ in ("VERB", "AUX") else None
    if verb is None:
        return False
    return any(
        c.dep_ in SUBJECTS and any(k.dep_ == "conj" and k.pos_ in ("NOUN", "PROPN", "PRON") for k in c.children)
        for c in verb.children
    )


def _anaphoric(event: Event, frame: EventFrame) -> bool:
    """A definite event noun whose perpetrator the text does not name ("the attack",
    "Tuesday's attack"): a reference to a happening, not a new one."""
    trigger = frame.trigger
    unnamed = event.actor1 is None or event.actor1.kind == "implied"
    if not unnamed or trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        child.dep_ == "poss" or (child.dep_ == "det" and child.lower_ in DEFINITE)
        for child in trigger.children
    )


def _anaphor_placed(a: Event, b: Event, frames: EventFrames) -> bool:
    """Whether an event and a referring noun can be one happening by their places: a
    place the noun's own clause does not give is another clause's ("The attack came a
    day after talks in X stalled")."""
    frame_a, frame_b = frames[a], frames[b]
    return (_weakly_located(frame_a) or _weakly_located(frame_b)
            or (_anaphoric(a, frame_a) and frame_a.location_from != "clause")
            or (_anaphoric(b, frame_b) and frame_b.location_from != "clause")
            or _places_compatible(a.location, b.location))


def _weakly_located(frame: EventFrame) -> bool:
    """Placed by the paragraph's or article's focus, not by its own text."""
    return frame.location_from in (None, "antecedent", "paragraph", "article")


def _country(actor) -> str | None:
    return actor.country if actor is not None else None


def _dates_overlap(a: Event, b: Event) -> bool:
    """The two spans share a day, or lie a day apart (a night's attack told on either
    side of midnight); two months that only touch are not one ("a court in October
    granted him house arrest"; "another court in November revoked it")."""
    if a.date_start is None or b.date_start is None:
        return a.date_start is None and b.date_start is None
    a_end = a.date_end or a.date_start
    b_end = b.date_end or b.date_start
    slack = dt.timedelta(0) if a.time_precision == b.time_precision == MONTH else DATE_SLACK
    return a.date_start - slack <= b_end and b.date_start - slack <= a_end


def _places_compatible(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return True
    if a.get("geonameid") is not None and a.get("geonameid") == b.get("geonameid"):
        return True
    if a.get("country") != b.get("country"):
        return False
    for coarse, fine in ((a, b), (b, a)):
        if coarse.get("feature") == "country":
            return True
        if coarse.get("feature") == "admin1" and coarse.get("admin1") == fine.get("admin1"):
            return True
        if coarse.get("feature") == "admin1" and fine.get("admin1") is not None:
            return False  # a named province does not hold a town of the next one, however near
    return _km(a, b) <= SAME_PLACE_KM


def _km(a: dict, b: dict) -> float:
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _quality(event: Event, frame: EventFrame) -> tuple:
    location = event.location or {}
    return (
        frame.headline,
        location.get("geo_precision", 4),
        event.time_precision,
        event.status != "occurred",
    )


def _absorb(target: Event, other: Event, frames: EventFrames) -> None:
    """Merge ``other`` into ``target``: best place and date, all quantities and evidence;
    the target's frame keeps both mentions as read (the target's own reading first)."""
    read = frames[target].mentions
    if not read:
        read.append(copy.deepcopy(target))
    read.append(other)
    mentions = target.evidence.setdefault("mentions", [])
    mentions.append({"char_start": other.evidence["char_start"], "char_end": other.evidence["char_end"]})
    if _quality(other, frames[other]) < _quality(target, frames[target]):
        _take_core(target, other, frames[target], frames[other])
    else:
        if target.location is None or (
                not frames[other].headline and _lent(frames[target]) and not _lent(frames[other])
                and _better_place(other, frames[other], target, frames[target])):
            _take_place(target, other, frames[target], frames[other])
        if _better_date(other, frames[other], target, frames[target]):
            _take_date(target, other, frames[target], frames[other])
    for quantity in other.quantities:
        if all((q.kind, q.value) != (quantity.kind, quantity.value) for q in target.quantities):
            target.quantities.append(quantity)
    killed = [q.value for q in target.quantities if q.kind == "killed"]
    target.fatalities = int(max(killed)) if killed else target.fatalities
    for attr in ("actor2", "attribution"):
        if getattr(target, attr) is None:
            setattr(target, attr, getattr(other, attr))
    frames[target].notes.append(f"merged mention at {other.evidence['char_start']}")


def _better_place(a: Event, a_frame: EventFrame, b: Event, b_frame: EventFrame) -> bool:
    """Whether ``a``'s place is better than ``b``'s: the more precise, except that a place
    found further from a mention's own words (another clause of its sentence, its
    paragraph's or the article's focus: ``RUNG_RANK``) never overrides a place found
    nearer that does not hold it ("a base in the town of X in Lower Shabelle
    region" is not in the dateline's city, which a later quote about the blast borrows);
    inside that place it refines it (a focus city in the country the text names)."""
    if a.location is None:
        return False
    if b.location is None:
        return True
    rank_a, rank_b = _rung_rank(a_frame), _rung_rank(b_frame)
    if rank_a != rank_b:
        told, lent = (b.location, a.location) if rank_a > rank_b else (a.location, b.location)
        if lent.get("feature") != "country" and not _holds(told, lent):
            return rank_a < rank_b
    return a.location.get("geo_precision", 4) < b.location.get("geo_precision", 4)


# How near to a mention's own words its place was found: a place its own clause gives is
# not overridden by one from another clause of its sentence, nor by its paragraph's focus.
RUNG_RANK = {"clause": 0, "meeting": 0, "sentence": 1, "antecedent": 2, "paragraph": 2}


def _rung_rank(frame: EventFrame) -> int:
    return RUNG_RANK.get(frame.location_from, 3)


def _lent(frame: EventFrame) -> bool:
    """Placed by the article's focus (or nowhere), not by its own paragraph."""
    return frame.location_from in (None, "article")


def _holds(outer: dict, inner: dict) -> bool:
    if outer.get("geonameid") is not None and outer.get("geonameid") == inner.get("geonameid"):
        return True
    if outer.get("country") != inner.get("country"):
        return False
    feature = outer.get("feature")
    return feature == "country" or (feature == "admin1" and outer.get("admin1") == inner.get("admin1"))


def _take_place(target: Event, other: Event, target_frame: EventFrame, other_frame: EventFrame) -> None:
    """``other``'s place for ``target``; none from a noun that only refers back and is placed
    by its paragraph's focus alone ("The protests were not limited to the capital. In X,
    ..."): the paragraph may be about the next happening's town."""
    if other.location is None or (target.location is not None and _anaphoric(other, other_frame)
                                  and _weakly_located(other_frame)):
        return
    target.location = other.location
    target_frame.location_from = other_frame.location_from
    target_frame.location_span = other_frame.location_span


def _take_core(target: Event, other: Event, target_frame: EventFrame, other_frame: EventFrame) -> None:
    if target.location is None or _better_place(other, other_frame, target, target_frame):
        _take_place(target, other, target_frame, other_frame)
    if other.time_precision < target.time_precision or _better_date(other, other_frame, target, target_frame):
        _take_date(target, other, target_frame, other_frame)
    if not other_frame.headline:
        mentions = target.evidence.get("mentions", [])
        target.evidence = {**other.evidence, "mentions": mentions}


# How near to a mention's own words its date was found: a day its own clause gives
# ("wounded in Monday's strikes") is the happening's; the day of the verb that reports
# it ("officials said on Tuesday that strikes had killed 500") is the telling's.
DATE_RANK = {"own": 0, "attendant": 0, "sequel": 0, "governing": 1}


def _better_date(a: Event, a_frame: EventFrame, b: Event, b_frame: EventFrame) -> bool:
    """Whether ``a``'s date beats ``b``'s of the same precision: found nearer its words."""
    if a.date is None or a.time_precision != b.time_precision:
        return False
    return DATE_RANK.get(a_frame.date_from, 2) < DATE_RANK.get(b_frame.date_from, 2)


def _take_date(target: Event, other: Event, target_frame: EventFrame, other_frame: EventFrame) -> None:
    target.date, target.date_start, target.date_end = other.date, other.date_start, other.date_end
    target.time_precision = other.time_precision
    target_frame.date_from = other_frame.date_from


def confidence_features(event: Event, frame: EventFrame, lead: bool = False) -> dict[str, float]:
    """What the event rests on, as the 0/1 features ``confidence.toml`` weighs; ``lead``:
    it is the article's first event (news tells its main happening first)."""
    location = event.location or {}
    return {
        "actor1_country": float(event.actor1 is not None and bool(event.actor1.country)),
        "actor2": float(event.actor2 is not None),
        "day_precise": float(event.time_precision == 1),
        "place_precise": float(location.get("geo_precision", 3) <= 2),
        "mentions": float(bool(event.evidence.get("mentions"))),
        "attribution": float(bool(event.attribution)),
        "noun_trigger": float(frame.trigger.pos_ in ("NOUN", "PROPN")),
        "not_occurred": float(event.status != "occurred"),
        "refined": float(frame.refined),
        "bare_noun": float(frame.bare),
        "acled_coded": float(event.acled_sub_event_type is not None),
        "learned": float(frame.learned is not None),
        "lead": float(lead),
    }


@functools.lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    text = resources.files("frontwatch").joinpath("data", "ontology", "confidence.toml").read_text("utf-8")
    return {k: float(v) for k, v in tomllib.loads(text)["weights"].items()}


def confidence(event: Event, frame: EventFrame, lead: bool = False) -> float:
    """The chance the event is right, by a logistic model over its evidence whose weights
    (``data/ontology/confidence.toml``) were fitted on the dev half of CASE 2021."""
    weights = _weights()
    z = weights["intercept"] + sum(weights.get(k, 0.0) * v for k, v in confidence_features(event, frame, lead).items())
    return max(MIN_CONFIDENCE, min(MAX_CONFIDENCE, 1.0 / (1.0 + math.exp(-z))))
