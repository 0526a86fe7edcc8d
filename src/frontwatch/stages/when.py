"""When each event happened: its own temporal expression, else the governing one.

"Turkey on Saturday reinforced ..." dates the event by its own expression; "rejected
the plan, telling reporters on Monday" by the participle clause that goes with it; "Iran is
ready to mediate, the ministry said on Saturday" by the say-verb's; "X on Friday sent
troops and threatened ..." gives the threat its coordinated verb's date. An event
with none that follows, in its paragraph, an act of the same actor dated to a day
takes that day; any other took place in the days the report covers: the day before
publication, at week precision.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Token

from frontwatch.document import (NESTED_CLAUSE_DEPS, Document, EventFrame, clause_marks, clause_tokens,
                                 mentions_by_token, paragraph_start)
from frontwatch.ontology import load_frames
from frontwatch.records import Event, TimeMention

FALLBACK_PRECISION = 2
# The days a report covers before its publication, for an event no expression dates.
REPORT_WINDOW_DAYS = 2
SUPERLATIVE_TAGS = ("JJS", "RBS")  # "deadliest", "most"
# A live page's entry: a clock time (and a zone) and a dash or colon opening a paragraph.
_CLOCK_ENTRY = re.compile(r"\s*(?:[01]?\d|2[0-3])[:.h]?[0-5]\d(?:\s*(?:GMT|UTC|local|[AP]\.?M\.?))?\s*[-\u2013\u2014:]\s",
                          re.IGNORECASE)
_FRAMES = load_frames()


class EventDatesStage:
    name = "event_dates"
    requires = ("events", "frames", "times")
    sets = ("events.date", "events.date_start", "events.date_end", "events.time_precision", "events.status",
            "frames.date_from")

    def __call__(self, doc: Document) -> None:
        if not doc.events or doc.spacy is None:
            return
        by_token = _times_by_token(doc)
        previous: dt.date | None = None  # the day of the last event an expression dated
        told: tuple | None = None  # (paragraph, day, actor) of the last event an expression dated
        for event in sorted(doc.events, key=lambda e: doc.frames[e].trigger.i):
            frame = doc.frames[event]
            days_on = _sequel(frame)
            if days_on is not None and previous is not None:
                _apply_sequel(event, frame, previous, days_on)
                frame.date_from = "sequel"
                previous = event.date  # a chain: "The next day ... Two days later ..."
                continue
            mention, frame.date_from = _own_time(frame, by_token), "own"
            if mention is None:
                mention, frame.date_from = _attendant_time(frame, by_token), "attendant"
            if mention is None:
                mention, frame.date_from = _governing_time(frame, by_token), "governing"
            paragraph = paragraph_start(doc.text, frame.trigger.idx)
            if mention is not None:
                _apply(event, frame, mention)
                if event.time_precision == 1 and event.status != "intended":
                    previous = event.date
                    told = (paragraph, event.date, _actor_key(event))
            elif told is not None and told[0] == paragraph and told[2] is not None and told[2] == _actor_key(event):
                _apply_narrative(event, frame, told[1])
            elif (before := _referred_day(doc, frame, by_token, paragraph)) is not None:
                _apply(event, frame, before)
                frame.date_from = "referred"
                frame.notes.append("date: the day of the sentence its definite noun refers back to")
            elif event.status == "intended" and (plan := _plan_time(doc, frame, paragraph)) is not None:
                _apply(event, frame, plan)
                frame.date_from = "plan"
            else:
                frame.date_from = None
                _fallback(event, frame, doc.published)


def _referred_day(doc: Document, frame: EventFrame, by_token: dict[int, TimeMention],
                  paragraph: int) -> TimeMention | None:
    """An event told by a definite noun ("The demonstration dispersed by midday") refers
    back to the happening the sentence before it, in its paragraph, told: that sentence's
    own day, from its main clause ("On Tuesday morning, hundreds gathered in front of the
    governorate ..."; not "soldiers killed on Sunday" inside it).  None when the noun is
    not definite, or that clause gives no single day."""
    trigger = frame.trigger
    if trigger.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ in _FRAMES.definite_determiners for c in trigger.children):
        return None
    before = _sentence_before(doc, frame, paragraph)
    if before is None:
        return None
    found = _clause_times(before.root, by_token)
    days = {(m.date, m.time_precision) for m in found}
    if (len(days) != 1 or found[0].time_precision != 1 or found[0].relation != "at"
            or _after(found[0], doc.published)):
        return None
    return found[0]


def _plan_time(doc: Document, frame: EventFrame, paragraph: int) -> TimeMention | None:
    """A planned act no expression dates takes the future time the sentence before it, in
    its paragraph, gave the plan ("She is expected to visit India in late April. Her
    travels will include talks with ..."): a plan is never dated to the days before
    publication."""
    before = _sentence_before(doc, frame, paragraph)
    if before is None:
        return None
    future = [m for m in doc.times if before.start_char <= m.char_start < before.end_char
              and (m.relation == "future" or _after(m, doc.published))]
    return future[-1] if future else None


def _sentence_before(doc: Document, frame: EventFrame, paragraph: int):
    """The sentence before the event's, when it is in the same paragraph (which starts
    at ``paragraph``)."""
    sent = frame.trigger.sent
    if sent.start == 0:
        return None
    before = doc.spacy[sent.start - 1].sent
    return before if paragraph_start(doc.text, before.start_char) == paragraph else None


def _after(mention: TimeMention, published: dt.date | None) -> bool:
    """The expression names a time after publication ("in late April" of a story of the
    16th)."""
    start = mention.date_start or mention.date
    return published is not None and start is not None and start > published


def _actor_key(event: Event) -> tuple | None:
    actor = event.actor1
    return None if actor is None or actor.kind == "implied" else (actor.country, tuple(actor.sectors or ()))


def _apply_narrative(event: Event, frame: EventFrame, day: dt.date) -> None:
    """No expression dates the event, but its paragraph told the same actor's act of a
    named day before it ("The president travelled to the capital on Wednesday ... 'We
    will not rest,' he said."): the paragraph goes on telling that day."""
    event.date = event.date_start = event.date_end = day
    event.time_precision = 1
    frame.date_from = "narrative"
    frame.notes.append("date: the day its paragraph told of the same actor before it")


def _times_by_token(doc: Document) -> dict[int, TimeMention]:
    """Dates only: expressions that resolved to no day, and durations, date nothing."""
    dated = (
        m for m in doc.times
        if (m.date is not None or m.date_start is not None) and m.relation != "duration"
    )
    return mentions_by_token(doc.spacy, dated)


def _clause_times(head: Token, by_token: dict[int, TimeMention]) -> list[TimeMention]:
    found: list[TimeMention] = []
    stack = [head]
    while stack:
        token = stack.pop()
        mention = by_token.get(token.i)
        if mention is not None and mention not in found:
            found.append(mention)
        stack.extend(
            c for c in token.children
            if (c.dep_ not in NESTED_CLAUSE_DEPS or _joined_time(c)) and not _comparison_baseline(c)
        )
    return found


def _comparison_baseline(token: Token) -> bool:
    """ "the deadliest day since the 2006 war", "the biggest protests since 2019": the
    time after a superlative (before it, under the same head, however the parser
    attached "since") is what the event is measured against, not its date."""
    if token.dep_ != "prep" or token.lower_ not in _FRAMES.comparison_preps:
        return False
    return any(
        t.i < token.i and (t.tag_ in SUPERLATIVE_TAGS or t.lower_ in _FRAMES.comparison_ordinals)
        for t in token.head.subtree
    )


def _joined_time(token: Token) -> bool:
    """A preposition joined to another ("in 2023 and again in January") opens no clause:
    its time is the same act's."""
    return token.dep_ == "conj" and token.pos_ == "ADP"


def _own_time(frame: EventFrame, by_token: dict[int, TimeMention]) -> TimeMention | None:
    found = _clause_times(frame.head, by_token)
    if not found and frame.trigger is not frame.head:
        found = _clause_times(frame.trigger, by_token)
    if not found:
        # "the attack, which took place on Saturday night, killed 11": a relative clause
        # that only tells that the event happened gives its time
        for clause in frame.trigger.children:
            if clause.dep_ == "relcl" and clause.lemma_.lower() in _FRAMES.happening_verbs:
                found = _clause_times(clause, by_token)
                break
    return _most_precise(found, frame.trigger.idx)


def _attendant_time(frame: EventFrame, by_token: dict[int, TimeMention]) -> TimeMention | None:
    """The time of a participle clause that goes with the event and has no subject of
    its own: "rejected the warrant, telling reporters on Wednesday ...", "speaking on
    Sunday, the minister dismissed ..." happened on the same occasion."""
    for child in frame.head.children:
        if child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "mark") for c in child.children
        ):
            found = _clause_times(child, by_token)
            if found:
                return _most_precise(found)
        elif child.dep_ == "advcl" and _same_occasion(frame.head, child):
            found = _clause_times(child, by_token)
            if found:
                return _most_precise(found)
    return None


def _same_occasion(head: Token, clause: Token) -> bool:
    """A time clause of the same occasion: "when"/"as"/"while" ("opened fire as the
    convoy passed on Monday"), or "after"/"before" within hours ("took over the train
    hours after it left Quetta on Tuesday", "shortly before")."""
    marks = clause_marks(clause, _FRAMES.simultaneous_marks)
    words = {m.lower_ for m in marks}
    if words & _FRAMES.simultaneous_marks:
        return True
    if not words & _FRAMES.sequence_marks:
        return False
    near = [c for t in (head, clause) for c in t.children if c.dep_ in ("npadvmod", "advmod")]
    near += [m.nbor(-1) for m in marks if m.i > 0]  # "hours after", however it was parsed
    return any(_FRAMES.short_spans.intersection((t.lemma_.lower(), t.lower_)) for t in near)


def _governing_time(frame: EventFrame, by_token: dict[int, TimeMention]) -> TimeMention | None:
    for ancestor in frame.head.ancestors:
        found = _clause_times(ancestor, by_token)
        if found:
            return _most_precise(found)
    return None


def _most_precise(found: list[TimeMention], anchor: int | None = None) -> TimeMention | None:
    """The expression of the finest precision; among equals, the narrowest span ("in
    2023 and again in January": January), then the one nearest the trigger ("launched
    504 attacks in 2024, compared with 116 in 2023": 2024)."""
    if not found:
        return None
    return min(found, key=lambda m: (m.time_precision, _span_days(m), _distance(m, anchor)))


def _span_days(mention: TimeMention) -> int:
    if mention.date_start is None or mention.date_end is None:
        return 0
    return ((mention.date_end - mention.date_start).days + 1) // 28  # in months: leap years alike


def _distance(mention: TimeMention, anchor: int | None) -> int:
    if anchor is None:
        return 0
    return min(abs(mention.char_start - anchor), abs(mention.char_end - anchor))


def _apply(event: Event, frame: EventFrame, mention: TimeMention) -> None:
    if mention.relation == "since" and _confinement(frame) and mention.date_start is not None:
        # "in custody since Feb. 24": the arrest is the start, a day
        event.date = event.date_start = event.date_end = mention.date_start
        event.time_precision = 1
        frame.notes.append(f"date from the start of {mention.text!r}")
        return
    event.date_start = mention.date_start or mention.date
    event.date_end = mention.date_end or mention.date
    event.date = mention.date or event.date_start
    event.time_precision = mention.time_precision
    frame.notes.append(f"date from {mention.text!r}")
    if mention.relation == "future" and event.status == "occurred":
        event.status = "intended"


def _sequel(frame: EventFrame) -> int | None:
    """The days after the event told before it that the event's own clause names: "Hours
    later" and "later that night" 0, "The next day" 1, "Two days later" 2; None when it
    names no such time (an event noun in its clause's subject or object reads the clause
    of its verb: "The next day, hundreds of protesters blocked the road")."""
    head = frame.head
    for _ in range(4):  # "hundreds of protesters blocked": up the noun phrase to its verb
        if head.pos_ not in ("NOUN", "PROPN", "ADP", "NUM") or head.head.i == head.i:
            break
        head = head.head
    for token in clause_tokens(head):
        word = token.lower_
        if word == "later":
            before = token.nbor(-1) if token.i > 0 else token
            after = token.nbor(1) if token.i + 1 < len(token.doc) else token
            if {before.lemma_.lower(), before.lower_} & _FRAMES.short_spans or after.lower_ in _FRAMES.sequel_same:
                return 0
            if before.lemma_.lower() == "day":
                return _count(before)
        elif token.lemma_.lower() in _FRAMES.sequel_day_nouns and token.dep_ in ("npadvmod", "pobj", "advmod", "tmod"):
            words = {c.lower_ for c in token.children if c.dep_ in ("amod", "det")}
            if words & _FRAMES.sequel_next:
                return 1
            if words & _FRAMES.sequel_same and token.dep_ != "pobj":
                return 0
    return None


def _count(days: Token) -> int | None:
    """ "a day", "two days", "3 days": how many (None: a number it cannot read)."""
    from frontwatch.stages.quantities import parse_number

    numbers = [c for c in days.children if c.dep_ in ("nummod", "det")]
    if not numbers:
        return None
    if numbers[0].lower_ in ("a", "one"):
        return 1
    parsed = parse_number(numbers[0].text)
    return int(parsed[0]) if parsed and parsed[0] < 32 else None


def _apply_sequel(event: Event, frame: EventFrame, previous: dt.date, days_on: int) -> None:
    event.date = event.date_start = event.date_end = previous + dt.timedelta(days=days_on)
    event.time_precision = 1
    if event.status == "intended":
        event.status = "occurred"  # "the next day" of a past happening is no future
    frame.notes.append(f"date: {days_on} day(s) after the event told before it")


def _confinement(frame: EventFrame) -> bool:
    """ "has been in custody since ...": a confinement noun held by its verb."""
    return frame.trigger is not frame.head and _FRAMES.confinement(frame.trigger.lemma_.lower(), frame.head.lemma_.lower())


def _fallback(event: Event, frame: EventFrame, published: dt.date | None) -> None:
    """No expression dates the event: it happened in the days the report covers (the
    REPORT_WINDOW_DAYS up to publication), dated at the window's middle, the day before
    publication, at week precision (as ACLED codes a happening known only to the week);
    its span runs to publication, so that a report of the same day's news still fuses.
    On the annotated stories this beat the publication day (0.335 -> 0.365 on their
    tuning part) and left the VOA references as they were."""
    if published is None:
        event.date = event.date_start = event.date_end = None
        event.time_precision = 3
        frame.notes.append("date: none (no expression, no publication date)")
        return
    head = frame.head
    if (event.event_type in _FRAMES.statement_types and head.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children)):
        # "the network condemns the attacks", "the ministry calls on ...": a statement in
        # the simple present is the report's own, made the day it was published
        event.date = event.date_start = event.date_end = published
        event.time_precision = 1
        frame.notes.append("date: a statement in the present tense (the publication day)")
        return
    if _ongoing(head) or _stamped_entry(frame):
        # "thousands are gathering in the square"; "15:15 - Police have started using
        # water cannon": told as it happens, on the day of the report
        event.date = event.date_start = event.date_end = published
        event.time_precision = 1
        frame.notes.append("date: told as happening, in the present or under a clock time (the publication day)")
        return
    event.date = event.date_start = published - dt.timedelta(days=REPORT_WINDOW_DAYS // 2)
    event.date_end = published
    event.time_precision = FALLBACK_PRECISION
    frame.notes.append("date: the days before publication (no expression)")


def _ongoing(head: Token) -> bool:
    """A verb in the present progressive ("are gathering", "is holding")."""
    return head.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" for c in head.children)


def _stamped_entry(frame: EventFrame) -> bool:
    """The event's paragraph opens with a clock time and a dash or colon, as a live
    page's entries do ("15:15 - Police ...", "0942 GMT: ...")."""
    text = frame.sentence.doc.text
    return _CLOCK_ENTRY.match(text, paragraph_start(text, frame.sentence.start_char)) is not None
