"""Event location as its own step, measured on sentences whose event verb and place are marked.

Input: JSON lines ``{"text", "verb", "verb_span", "locations", "location_spans"}``
(shared/dev/event_location_dev.jsonl, Halterman 2019).  Each sentence is read as a
one-sentence article through the whole pipeline.  The event at the marked verb is the
one whose clause holds the verb; when no event of frontwatch's holds it (a verb no
trigger knows: "patrolled"), the locate stage still places the verb's clause, so the
step is measured on every marked verb, not only on those the event stage keeps.

A chosen place is right when its name's characters overlap a marked span, or its words
are a marked place's name (a few records' spans do not line up with their text).  The
headline figure is the share of verbs with a marked place whose chosen place is right,
over the records whose marked spans lie on word boundaries (see ``_whole_words``);
beside it, the share of verbs with no marked place for which frontwatch names no place
in the sentence either.

The split is fixed: CRC-32 of the sentence's text, the 30% with a remainder (mod 10)
below 3 are kept for checking; tune on the rest.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter

from frontwatch.document import EventFrame
from frontwatch.eval import read_reference
from frontwatch.records import Article, Event

CHECKING_SHARE = 3  # of 10: the part of the set kept for checking, never tuned on
SENTENCE_RUNGS = ("clause", "meeting", "sentence")  # rungs that name a place in the sentence


def split_of(text: str) -> str:
    return "checking" if zlib.crc32(text.encode("utf-8")) % 10 < CHECKING_SHARE else "tuning"


def evaluate_event_locations(path: str, pipeline, split: str = "checking",
                             limit: int | None = None) -> dict:
    """Accuracy of the chosen place of each marked event verb, on one split ("all" for all)."""
    records = read_reference(path, None)
    for number, record in enumerate(records, 1):
        if not (isinstance(record, dict) and isinstance(record.get("text"), str)
                and isinstance(record.get("verb_span"), list)
                and isinstance(record.get("location_spans"), list)):
            raise ValueError(f"{path}: record {number} has no \"text\", \"verb_span\" and "
                             "\"location_spans\"")
    chosen = [r for r in records if split == "all" or split_of(r["text"]) == split]
    if limit is not None:
        chosen = chosen[:limit]
    if not chosen:
        raise ValueError(f"{path}: no records in the {split} split")
    locate = next((s for s in pipeline.stages if s.name == "locate"), None)
    counts: Counter = Counter()
    rungs: Counter = Counter()
    for number, record in enumerate(chosen):
        span, rung, evented = locate_marked_verb(pipeline, locate, record, number)
        counts["evented"] += evented
        marked = record["location_spans"]
        if marked:
            counts["with_place"] += 1
            right = span is not None and _matches(record, span)
            counts["with_place_right"] += right
            if _whole_words(record):
                counts["scorable"] += 1
                counts["scorable_right"] += right
            rungs[f"{rung or 'none'}:{'right' if right else 'wrong'}"] += 1
        else:
            counts["without_place"] += 1
            counts["without_place_right"] += rung not in SENTENCE_RUNGS
    with_place = counts["with_place"]
    without = counts["without_place"]
    scorable = counts["scorable"]
    return {
        "split": split,
        "sentences": len(chosen),
        "accuracy": round(counts["scorable_right"] / scorable, 4) if scorable else None,
        "scorable": scorable,
        "accuracy_all_marked": round(counts["with_place_right"] / with_place, 4) if with_place else None,
        "with_place": with_place,
        "no_place_right": round(counts["without_place_right"] / without, 4) if without else None,
        "without_place": without,
        "verbs_with_event": round(counts["evented"] / len(chosen), 4),
        "by_rung": dict(sorted(rungs.items())),
    }


def locate_marked_verb(pipeline, locate, record: dict, number: int = 0):
    """(chosen name's character span or None, locate rung or None, whether an event held
    the verb) for one record."""
    article = Article(text=record["text"], id=f"loc-{number}", published=dt.date(2000, 1, 1),
                      origin="<event-location>")
    result = pipeline.process(article)
    doc = getattr(result, "document", None)
    if doc is None or doc.spacy is None:
        return None, None, False
    start, end = record["verb_span"]
    span = doc.spacy.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None, None, False
    verb = span.root
    for event in result.events:
        frame = doc.frames.get(event)
        if frame is not None and (verb.i in frame.scope or frame.trigger.i == verb.i):
            return frame.location_span, frame.location_from, True
    if locate is None:
        return None, None, False
    event, frame = _bare_event(doc, verb)
    saved = doc.events
    doc.events = [event]
    doc.frames[event] = frame
    try:
        locate(doc)
    finally:
        doc.events = saved
    return frame.location_span, frame.location_from, False


def _bare_event(doc, verb) -> tuple[Event, EventFrame]:
    """An event of no type at a verb no trigger knows, and its frame, so the locate stage
    can place it."""
    from frontwatch.stages.events import _clause

    sentence = verb.sent
    event = Event(
        article_id=doc.article.id, event_type="", cameo_root="",
        evidence={"sentence": sentence.text, "char_start": sentence.start_char,
                  "char_end": sentence.end_char},
    )
    return event, EventFrame(sentence, verb, verb, _clause(verb), sense=None)


def _whole_words(record: dict) -> bool:
    """A marked span that starts and ends on word boundaries: about one record in six of
    the set has spans shifted off their text (names such as "" or "w"); those are left out
    of the headline accuracy and counted in ``accuracy_all_marked``."""
    text = record["text"]
    for start, end in record["location_spans"]:
        if (0 <= start < end <= len(text) and text[start].isalnum()
                and (start == 0 or not text[start - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())):
            return True
    return False


def _matches(record: dict, span: tuple[int, int]) -> bool:
    start, end = span
    if any(start < b and a < end for a, b in record["location_spans"]):
        return True
    words = record["text"][start:end].lower()
    return any(name and (name.lower() in words or words in name.lower())
               for name in record.get("locations") or [] if len(name) > 2)
