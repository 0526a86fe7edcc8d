"""Sentence coding: every input is one sentence that reports a happening; it gets its code.

The stage of the sentence-coding pipeline (``frontwatch.sentences``), in the place the
article pipeline gives ``learned_events``: after the trigger rules, before the stages that
date, place and merge events. The learned event core (``frontwatch.eventcore``) reads the
whole input, with what the rules read in it as inputs, and its CAMEO root head and Phoenix
penta head are joined (``coded_root``). Then:

* the rules read an event: its CAMEO root (and penta class) stands, unless the core gives
  another root with at least ``OVERRIDE`` of its joint probability; then the rules' most
  confident event takes the core's code (the core's PLOVER type among the root's types,
  where the root has one, with the core's ACLED type where its ACLED head agrees);
* the rules read none: the core's code, and an event of the core's type anchored on the
  sentence's trigger word of that type, read over the parse like a rule event
  (``core_event`` of the events stage; speculation still gives none);
* a root PLOVER has no type for (01 statement, 02 appeal) is a code with no event.

``ROOT_WEIGHT`` and ``OVERRIDE`` were chosen on the dev parts of the ConfliBERT and
PETRARCH sets with the core's heads out of fold (BENCHMARKS.md, sentence coding): the
rules' roots were right for 12% of the PETRARCH dev records where they read an event,
the core's for 67%, so the core wins nearly every disagreement.
"""

from __future__ import annotations

import logging

from spacy.tokens import Span

from frontwatch.document import Document
from frontwatch.eventcore import NONE, NOT_ACLED, CoreReader, Reading, rule_features
from frontwatch.learned import TyperUnavailable, warn_typer_off
from frontwatch.ontology import AcledSubtype, Ontology, UsesOntology
from frontwatch.records import Event, SentenceCoding
from frontwatch.stages.events import _forms, event_reader
from frontwatch.stages.learned_events import sentence_cued

log = logging.getLogger(__name__)

# The joint score of a CAMEO root: P(root)^ROOT_WEIGHT * P(its penta class). The penta
# head knows the ConfliBERT classes, the root head the PETRARCH and VOA roots; a weight
# under 1 lets the class lead and the root choose within it.
ROOT_WEIGHT = 0.6
# The core's joint probability of another root from which it replaces the rules' code.
OVERRIDE = 0.15
STATEMENT_PENTA = 0


def coded_root(reading: Reading, ontology: Ontology) -> tuple[str, float]:
    """The core's CAMEO root for a sentence known to report a happening (never NONE) and
    its share of the joint score; see ROOT_WEIGHT."""
    scores = {
        root: (p ** ROOT_WEIGHT) * reading.penta.get(str(ontology.cameo_penta.get(root, STATEMENT_PENTA)), 0.0)
        for root, p in reading.root.items() if root != NONE
    }
    total = sum(scores.values())
    best = max(sorted(scores), key=scores.get)
    return best, (scores[best] / total if total else 0.0)


def root_share(reading: Reading, ontology: Ontology, root: str) -> float:
    scores = {
        r: (p ** ROOT_WEIGHT) * reading.penta.get(str(ontology.cameo_penta.get(r, STATEMENT_PENTA)), 0.0)
        for r, p in reading.root.items() if r != NONE
    }
    total = sum(scores.values())
    return scores.get(root, 0.0) / total if total else 0.0


class SentenceCodingStage(UsesOntology):
    name = "sentence_code"
    requires = ("spacy", "actors", "quantities", "events", "frames")
    sets = ("coding", "events", "frames", "events.event_type", "events.cameo_code", "events.acled_sub_event_type")

    def __init__(self, core: CoreReader | None, ontology: Ontology | None = None):
        self.core = core
        self._ontology = ontology

    def __call__(self, doc: Document) -> None:
        top = max(doc.events, key=lambda e: e.confidence, default=None)
        reading = self._read(doc)
        if reading is None:  # the core off: the rules' code, or none
            doc.coding = self._coding(doc, top, top.cameo_root if top else None, "rules", None, top)
            return
        root, probability = coded_root(reading, self.ontology)
        if top is not None and (top.cameo_root == root or probability < OVERRIDE):
            share = root_share(reading, self.ontology, top.cameo_root)
            doc.coding = self._coding(doc, top, top.cameo_root, "rules", share, top)
            return
        event_type = self._type(reading, root)
        cameo = self._cameo_code(root, event_type)
        event = None
        if event_type is not None:
            subtype = self._subtype(reading, event_type)
            if top is not None:
                event = self._recode(top, event_type, cameo, subtype)
            elif doc.spacy is not None:
                reader = event_reader(doc, self.ontology)
                event = reader.core_event(self._anchor(doc, event_type), event_type, cameo, subtype, probability)
                doc.events = sorted(reader.events, key=lambda e: (e.evidence.get("char_start", 0),
                                                                  (e.trigger or {}).get("char_start", 0)))
        coding = self._coding(doc, event, root, "core", probability, event)
        coding.cameo_code, coding.event_type = cameo, event_type
        doc.coding = coding

    # -- reading ------------------------------------------------------------------------

    def _read(self, doc: Document) -> Reading | None:
        if self.core is None or doc.spacy is None:
            return None
        lemmas = self.ontology.trigger_lemmas
        cued = any(sentence_cued(s, lemmas) for s in doc.spacy.sents)
        rules = rule_features([e.event_type for e in doc.events],
                              any(e.acled_sub_event_type for e in doc.events), cued)
        try:
            return self.core.read([doc.article.text], [rules])[0]
        except TyperUnavailable as error:  # the model loads on first use: off from here on
            warn_typer_off(str(error))
            self.core = None
            return None

    def _type(self, reading: Reading, root: str) -> str | None:
        """The PLOVER type of the root the core's PLOVER head finds likeliest; None for a
        root PLOVER has no type for."""
        types = self.ontology.plover_types_of(root)
        return max(sorted(types), key=lambda t: reading.plover.get(t, 0.0)) if types else None

    def _cameo_code(self, root: str, event_type: str | None) -> str:
        default = self.ontology.plover_cameo_root.get(event_type or "", "")
        return default if default[:2] == root else root + "0"

    def _subtype(self, reading: Reading, event_type: str) -> AcledSubtype | None:
        code, probability = reading.best("acled")
        if code == NOT_ACLED or probability < self.core.core.acled_min:
            return None
        subtype = self.ontology.acled_by_case_code.get(code)
        return subtype if subtype is not None and subtype.plover_type == event_type else None

    def _anchor(self, doc: Document, event_type: str) -> Span:
        """The sentence of the input that holds a trigger word of the type, else any
        trigger word, else the longest (an input is one sentence, but the parser may cut it)."""
        sentences = [s for s in doc.spacy.sents if s.text.strip()] or [doc.spacy[:]]
        if len(sentences) == 1:
            return sentences[0]
        onto = self.ontology

        def typed(sentence: Span) -> bool:
            return any(s.event_type == event_type for t in sentence for f in _forms(t) for s in onto.senses(f, t.pos_))

        for test in (typed, lambda s: sentence_cued(s, onto.trigger_lemmas)):
            found = [s for s in sentences if test(s)]
            if found:
                return found[0]
        return max(sentences, key=len)

    # -- the code --------------------------------------------------------------------------

    def _recode(self, event: Event, event_type: str, cameo: str, subtype: AcledSubtype | None) -> Event:
        """The rules' event takes the core's code; a new type drops its mode and its ACLED
        type for the core's (where the ACLED head agrees with the type)."""
        log.debug("sentence coding: %s %s recoded as %s %s", event.event_type, event.cameo_root, event_type, cameo)
        if event.event_type != event_type:
            event.event_type, event.mode = event_type, None
            event.acled_event_type = subtype.event_type if subtype else None
            event.acled_sub_event_type = subtype.sub_event_type if subtype else None
        event.cameo_code, event.cameo_root = cameo, cameo[:2]
        return event

    def _coding(self, doc: Document, source: Event | None, root: str | None, coded_by: str,
                probability: float | None, event: Event | None) -> SentenceCoding:
        penta = None if root is None else self.ontology.cameo_penta.get(root, STATEMENT_PENTA)
        return SentenceCoding(
            id=doc.article.id, text=doc.article.text, cameo_root=root,
            cameo_code=source.cameo_code if source is not None else None, penta=penta,
            event_type=source.event_type if source is not None else None, coded_by=coded_by,
            probability=probability, event=event,
        )
