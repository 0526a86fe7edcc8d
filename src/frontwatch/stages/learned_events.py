"""Learned events: the event core reads every sentence that could hold an event.

After the trigger rules (``stages/events.py``) and before the stages that date, place and
merge events, each sentence with a rule event or a trigger word (any sense, framed or
not: the words are the core's inputs, not its gate; a sentence with none, half of a
news story, is skipped for speed) goes to the learned event core
(``frontwatch.eventcore``) in one batch per article, with what the rules read in it as
inputs. Then, sentence by sentence:

* the rules read events and the core calls the sentence no event above its reject
  threshold: the events go (a figurative sense: "vowed to fight back against tariffs",
  "the clash between two trade plans"); each drop is logged (debug level);
* the rules read none and the core gives a PLOVER type above that type's threshold: an
  event of that type, read over the parse like a rule event (actors, counts, status;
  speculation and hypotheticals still give none), with the core's CAMEO root and, where
  its ACLED head agrees, its ACLED sub-event type;
* a rule event whose type the core all but rules out while it is sure of another takes
  the core's type (the disown probability is chosen on the dev parts, out of fold);
* a rule event with no ACLED type takes the core's where both agree on the PLOVER type.

The stage is absent when the core is off (``typing_model = ""``, no ``learned`` extra).
"""

from __future__ import annotations

import logging

from spacy.tokens import Span

from frontwatch.document import Document
from frontwatch.eventcore import NONE, NOT_ACLED, CoreReader, Reading, rule_features
from frontwatch.learned import TyperUnavailable, warn_typer_off
from frontwatch.ontology import Ontology, UsesOntology
from frontwatch.records import Event
from frontwatch.stages.events import _forms, event_reader

log = logging.getLogger(__name__)

# A sentence shorter than this many word tokens tells no event of its own (a byline, a
# caption, "Read more.").
MIN_TOKENS = 4


def sentence_cued(sentence: Span, lemmas: frozenset[str]) -> bool:
    return any(lemmas.intersection(_forms(t)) for t in sentence)


def readable(sentence: Span, cued: bool) -> bool:
    """Could the sentence hold an event? A few words with a verb, or a trigger word."""
    words = sum(1 for t in sentence if t.is_alpha)
    return words >= MIN_TOKENS and (cued or any(t.pos_ in ("VERB", "AUX") for t in sentence))


def event_sentence(event: Event, starts: list[int]) -> int:
    """Index of the sentence (by start characters) that holds the event's evidence."""
    at = event.evidence.get("char_start", 0)
    index = 0
    for i, start in enumerate(starts):
        if start <= at:
            index = i
    return index


class LearnedEventsStage(UsesOntology):
    name = "learned_events"
    requires = ("spacy", "actors", "quantities", "events", "frames")
    sets = ("events", "frames", "events.event_type", "events.cameo_code", "events.acled_sub_event_type")

    def __init__(self, core: CoreReader, ontology: Ontology | None = None):
        self.core = core
        self._ontology = ontology

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None or self.core is None:
            return
        sentences = [s for s in doc.spacy.sents if s.text.strip()]
        if not sentences:
            return
        starts = [s.start_char for s in sentences]
        by_sentence: dict[int, list[Event]] = {}
        for event in doc.events:
            by_sentence.setdefault(event_sentence(event, starts), []).append(event)
        lemmas = self.ontology.trigger_lemmas
        chosen, rules = [], []
        for i, sentence in enumerate(sentences):
            cued = sentence_cued(sentence, lemmas)
            events = by_sentence.get(i, [])
            if not events and not (cued and readable(sentence, cued)):
                continue  # the cheap skip: no trigger word and no rule event (half of news sentences)
            chosen.append(i)
            rules.append(rule_features([e.event_type for e in events],
                                       any(e.acled_sub_event_type for e in events), cued))
        if not chosen:
            return
        try:
            readings = self.core.read([sentences[i].text.strip() for i in chosen], rules)
        except TyperUnavailable as error:  # the model loads on first use: off from here on
            warn_typer_off(str(error))
            self.core = None
            return
        reader = None
        dropped: set[int] = set()
        for i, reading in zip(chosen, readings):
            events = by_sentence.get(i, [])
            if events:
                if self._rejects(reading):
                    dropped.update(id(e) for e in events)
                    for event in events:
                        log.debug("%s: learned core drops %s at %s (P(no event)=%.2f)", doc.article.id,
                                  event.event_type, event.evidence.get("char_start"), reading.plover[NONE])
                    continue
                for event in events:
                    self._retype(event, reading)
                    self._type_acled(event, reading)
                continue
            made = self._new_event(reading)
            if made is None:
                continue
            if reader is None:
                reader = event_reader(doc, self.ontology)
            event_type, cameo, subtype, probability = made
            reader.core_event(sentences[i], event_type, cameo, subtype, probability)
        events = reader.events if reader is not None else doc.events
        # a dropped event's frame stays in doc.frames, unread: frames are looked up by event
        doc.events = sorted((e for e in events if id(e) not in dropped),
                            key=lambda e: (e.evidence.get("char_start", 0), e.trigger.get("char_start", 0)))

    # -- decisions --------------------------------------------------------------------

    def _rejects(self, reading: Reading) -> bool:
        return reading.plover.get(NONE, 0.0) >= self.core.core.reject

    def _new_event(self, reading: Reading):
        label, probability = reading.best("plover")
        if label == NONE or probability < self.core.core.thresholds.get(label, 1.01):
            return None
        return label, self._cameo(reading, label), self._subtype(reading, label), probability

    def _cameo(self, reading: Reading, event_type: str) -> str:
        """The most likely CAMEO root of the type (root head times penta head), as its
        root code; the type's own code when no root of it is known to the head."""
        onto = self.ontology
        best, score = None, -1.0
        for root, p in reading.root.items():
            if root == NONE or event_type not in onto.plover_types_of(root):
                continue
            value = p * reading.penta.get(str(onto.cameo_penta.get(root, 0)), 0.0)
            if value > score:
                best, score = root, value
        default = onto.plover_cameo_root.get(event_type, "010")
        if best is None or best == default[:2]:
            return default
        return best + "0"

    def _subtype(self, reading: Reading, event_type: str):
        code, probability = reading.best("acled")
        if code == NOT_ACLED or probability < self.core.core.acled_min:
            return None
        subtype = self.ontology.acled_by_case_code.get(code)
        return subtype if subtype is not None and subtype.plover_type == event_type else None

    def _retype(self, event: Event, reading: Reading) -> None:
        """A rule event whose type the core all but rules out (under its disown
        probability) while it is sure of another type takes the core's type, CAMEO code
        and ACLED type ("ordered the party to disband" is no mobilisation)."""
        disown = float(self.core.core.extra.get("disown", 0.0))
        label, probability = reading.best("plover")
        if label in (NONE, event.event_type) or probability < self.core.core.thresholds.get(label, 1.01):
            return
        if reading.plover.get(event.event_type, 1.0) >= disown:
            return
        cameo = self._cameo(reading, label)
        subtype = self._subtype(reading, label)
        log.debug("learned core retypes %s as %s (p=%.2f)", event.event_type, label, probability)
        event.event_type, event.mode, event.cameo_code, event.cameo_root = label, None, cameo, cameo[:2]
        event.acled_event_type = subtype.event_type if subtype else None
        event.acled_sub_event_type = subtype.sub_event_type if subtype else None

    def _type_acled(self, event: Event, reading: Reading) -> None:
        if event.acled_sub_event_type is not None:
            return
        subtype = self._subtype(reading, event.event_type)
        if subtype is not None:
            event.acled_event_type, event.acled_sub_event_type = subtype.event_type, subtype.sub_event_type

