"""Events: triggers read over the dependency parse.

For each sentence, trigger words (``data/ontology/triggers.tsv``) are taken from the
root down. A trigger whose frame holds (its object, particle or preposition; for a
noun, a light verb or its own participants) becomes one event; every trigger inside
that event's clause is absorbed into it, so one happening gives one event. Reported
speech ("X said that Y happened") gives the event Y attributed to X; aims and
speculation ("seeks to", "is likely to", "could") give none; "ready to", "will" make
it intended, a negation denied, an "if" clause conditional.

In an article where the rules found no ACLED-coded event, the first sentences of its
lead with a trigger word go to the learned typer (``frontwatch.learned``) when one is configured: a confident
verdict types the sentence's event of the matching PLOVER type or, in a sentence where
the rules read no event, makes one, read over the parse like any other and anchored on
the sentence's highest trigger word.

The stage leaves each event's frame (``Document.frames``: trigger token and clause) for
the stages that date it, locate it and merge duplicates.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Collection
from dataclasses import replace

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span, Token

from frontwatch.document import Document, EventFrame, clause_marks, clause_tokens, mentions_by_token
from frontwatch.learned import PassageTyper, TyperUnavailable, Verdict, warn_typer_off
from frontwatch.ontology import AcledRules, AcledSubtype, Ontology, Trigger, UsesOntology, load_frames
from frontwatch.records import ActorMention, Event, Quantity
from frontwatch.stages.actors import HONORIFICS, TITLE_NOUNS, names_place

SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
# A trigger's object word meaning "a complement telling what the subject will do" (triggers.tsv).
OWN_FUTURE = "@own_future"
# Object marker: a passive act by an agent, told by someone ("the ministry said the attack
# was orchestrated by X"): the teller blames the agent.
BLAMED_AGENT = "@blamed_agent"
# Object marker: a blame noun held by a party, told by someone ("the ministry states that
# the responsibility lies with X", "X bears full responsibility, the army said").
BLAMED_HOLDER = "@blamed_holder"
# Object marker: the subject carries aid ("a convoy carrying food reached Djibo").
AID_ARRIVAL = "@aid_arrival"
# Object marker: the verb condemns its object ("called the ruling arbitrary", "described
# the strikes as a war crime").
CONDEMNS = "@condemns"
# Object marker: the verb's future complement punishes others ("warned that anyone who
# defies the ban would face the full force of the law"; judgements.toml [penalty]).
PENALTY = "@penalty"
# Object marker: the verb's future complement tells what the subject's own side will do
# if the other side does not comply ("said Ankara would not stand by if the attacks
# continued"; judgements.toml [condition]).
OWN_CONDITION = "@own_condition"
# Object marker: the verb tells its object what to do ("warned residents to leave",
# "told the rebels to lay down their arms"): a demand made of the object.
TOLD_TO = "@told_to"
# Dependencies of a judging verb's predicate: "called X [oprd]", "branded X [dobj] Y [dobj]".
PREDICATE_DEPS = ("oprd",)
# The words of a statement's predicate that judge: its head and these modifiers.
JUDGEMENT_MODIFIER_DEPS = ("amod", "advmod", "conj", "compound", "acomp")
# Word lists of data/ontology/frames.toml (each explained there).
_WORDS = load_frames()
FUTURE_AUX = _WORDS.future_aux
OBJECT_DEPS = ("dobj", "obj", "attr", "oprd", "xcomp", "ccomp", "acomp")
# Clauses of their own: never part of the clause that governs them.
SEPARATE_CLAUSE_DEPS = ("conj", "parataxis", "cc")
# Participle clauses that borrow a subject from the clause above ("caught them entering",
# "when entering", "after entering"); a conjoined verb shares its subject outright.
BORROWING_DEPS = ("advcl", "xcomp", "acl", "pcomp", "ccomp", "relcl")
# Heads whose subject a complement clause shares ("ready to help", "agreed to meet").
SUBJECT_SHARING_DEPS = ("xcomp", "conj", "advcl", "acomp", "pcomp")
TARGET_PREPS = _WORDS.target_preps
FIGURATIVE_PREPS = _WORDS.figurative_preps
MEASURE_NOUNS = _WORDS.measure_nouns
# Event types that need a named actor: saying who talked, aided or threatened is the event.
ACTOR_REQUIRED = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN SANCTION MOBILIZE".split()
)
# Types whose two sides are interchangeable ("officials from A and B held talks").
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "ASSAULT"})
# Types whose object is the actor's own means ("sent troops", "reinforced its presence").
OWN_FORCE_TYPES = frozenset({"MOBILIZE", "AID"})
STATE_SECTORS = frozenset({"GOV", "MIL", "POL"})
EXCESSIVE_FORCE = "Excessive force against protesters"
CROWD_CONTROL = "crowd-control"  # PLOVER's ASSAULT mode for force on a crowd
# Most tokens between an event noun and a possessive before it ("Hamas's October 7, 2023 attack").
PREMODIFIER_SPAN = 6
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "POL"})
NONSTATE_ARMED = frozenset({"REB", "UAF"})
# Doers whose combat verb is a clash even with no opponent named ("troops fought for hours").
FIGHTING_SECTORS = ARMED_SECTORS | {"GOV"}
HEADLINE_MAX_TOKENS = 16
# A bare event noun that only modifies another word is no event of its own.
BARE_NOUN_EXCLUDED_DEPS = ("compound", "amod", "poss", "npadvmod", "nmod")
# Inflections undone when the lemmatiser's lemma is not a known word: (suffix, replacement).
SUFFIXES = (("ed", "e"), ("ed", ""), ("es", "e"), ("s", ""), ("ing", ""), ("ing", "e"))
NOUN_EVENT_VERBS = _WORDS.noun_event_verbs
# Sub-event types a weapon cue never overrides: who holds the ground, or what was done.
TERRITORY_SUBS = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory", "Sexual violence",
     "Abduction/forced disappearance"}
)
# Types that ACLED codes as an Agreement when armed actors or peace are involved.
AGREEMENT_TYPES = frozenset({"CONSULT", "AGREE", "CONCEDE", "COOPERATE"})
# Sentences per article the learned typer reads (news tells its events first). Each
# costs an embedding (about 10 ms on one core), so this bounds the typer's share of the
# pipeline's time; on the CASE 2021 snippets, 2 scored as well as 3.
MAX_TYPED_SENTENCES = 2
# ... and only from the article's lead, where news tells its main happening.
LEAD_SENTENCES = 4
PEACEFUL_PROTEST_CODE = "PEACE_PROTEST"
# Counts that belong to a violent event told beside them (the dead, the wounded).
CASUALTY_KINDS = frozenset({"killed", "injured"})
# A sentence where the rules read another kind of happening ("threatened to respond",
# "called for an end to the fighting") takes a learned event beside it only on this
# much stronger evidence ("demonstrators staged a sit-in, urging lawmakers to ...").
BESIDE_RULE_EVENT_PROBABILITY = 0.85
# A stretch of time longer than this (about half a year) that a perfect-tense act spans
# ("has killed thousands since 2015", "over the past two years") makes the act a running
# tally or the conflict's history, not a happening an ACLED coder codes; a shorter one
# ("since Thursday", "since December" in February) is the campaign the report tells.
TALLY_SPAN_DAYS = 180
# A stretch "reaches" the report when it ends this close to publication.
REPORT_REACH_DAYS = 7


class EventsStage(UsesOntology):
    name = "events"
    requires = ("spacy", "actors", "quantities")
    sets = ("events", "frames")

    def __init__(self, ontology: Ontology | None = None, typer: PassageTyper | None = None):
        self._ontology = ontology
        self.typer = typer

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            return
        reader = _EventReader(doc, self.ontology)
        reader.read()
        if self.typer is not None:
            try:
                reader.read_learned(self.typer)
            except TyperUnavailable as error:  # the model loads on first use: off from here on
                warn_typer_off(str(error))
                self.typer = None
        doc.events = reader.events


def event_reader(doc: Document, ontology: Ontology) -> _EventReader:
    """A reader over a document whose events the rules already read (for later stages
    that add events read over the same parse: ``stages/learned_events.py``)."""
    reader = _EventReader(doc, ontology)
    reader.events = list(doc.events)
    return reader


class _EventReader:
    """Reads one document's events; holds the per-document lookups."""

    def __init__(self, doc: Document, ontology: Ontology):
        self.doc = doc
        self.sdoc: SpacyDoc = doc.spacy
        self.onto = ontology
        self.frames = ontology.frames
        # a capital named after "the capital," is a place, no participant
        self.actor_at = mentions_by_token(self.sdoc, [a for a in doc.actors if not names_place(self.sdoc, a)])
        self.lemmas = ontology.trigger_lemmas
        self.judgements = ontology.condemning_words
        self.events: list[Event] = []
        self.cued: list[tuple[Span, list[Token]]] = []  # sentences with trigger words
        self.time_at = mentions_by_token(self.sdoc, (
            m for m in doc.times
            if (m.date is not None or m.date_start is not None) and m.relation != "duration"
        ))
        self.tallied: set[int] = set()  # tokens of running tallies: their counts are no one's

    def read(self) -> list[Event]:
        for sentence in self.sdoc.sents:
            if not sentence.text.strip():
                continue
            self._read_sentence(sentence)
        self._attach_loose_casualties()
        return self.events

    def _attach_loose_casualties(self) -> None:
        """The dead and wounded told beside an attack rather than inside its clause ("A
        bomb exploded, and 20 people were wounded"; "A bomb exploded. 20 people were
        wounded.") are the attack's: counts of a sentence that tells no event of its own,
        or of another clause of the attack's sentence, go to the last violent event of
        that sentence or of the one before it in the paragraph."""
        attached = {id(q) for event in self.events for q in event.quantities}
        told = {self.doc.frames[event].sentence.start for event in self.events}
        for quantity in self.doc.quantities:
            if quantity.kind not in CASUALTY_KINDS or id(quantity) in attached:
                continue
            token = self.sdoc.char_span(quantity.char_start, quantity.char_end, alignment_mode="expand")
            if token is None or token[0].i in self.tallied:
                continue  # "has killed more than 5,000 since the takeover" counts no happening
            sentence = token[0].sent
            target = self._violent_event_before(sentence, own=sentence.start in told)
            if target is not None:
                target.quantities.append(quantity)
                target.fatalities = _fatalities(target.quantities)

    def _violent_event_before(self, sentence: Span, own: bool) -> Event | None:
        """The last ASSAULT of ``sentence`` or, when the sentence tells no event of its
        own, of the sentence right before it in the same paragraph."""
        previous = _previous_sentence(sentence)
        if own or previous is None or "\n\n" in self.sdoc[previous.end - 1 : sentence.start + 1].text_with_ws:
            starts = {sentence.start}
        else:
            starts = {sentence.start, previous.start}
        return next(
            (e for e in reversed(self.events) if e.event_type == "ASSAULT" and self.doc.frames[e].sentence.start in starts),
            None,
        )

    # -- sentences ---------------------------------------------------------------

    def _read_sentence(self, sentence: Span) -> None:
        candidates = [
            t for t in sentence
            if self.lemmas.intersection(_forms(t)) and t.ent_type_ not in self.frames.non_event_entities
        ]
        if not candidates:
            self._read_statement(sentence, _is_headline(sentence))
            return
        self.cued.append((sentence, candidates))
        headline = _is_headline(sentence)
        absorbed: set[int] = set()  # the clauses of frames read, evented or not
        told: set[int] = set()  # the clauses of frames that gave an event
        found = len(self.events)
        for token in sorted(candidates, key=_depth):
            if token.i in told:
                continue
            frame = self._frame(token, sentence)
            if frame is None or self._agreed_measure(frame, sentence):
                continue
            absorbed |= frame.scope
            before = len(self.events)
            self._add(frame, headline)
            told |= frame.scope
            if len(self.events) == before:
                # A frame that gives no event leaves the act of its time clause to be read
                # on its own: "17 civilians were killed when gunmen stormed a hamlet" is
                # the storming, even where the killing names no one.
                told -= self._time_clauses(frame.head)
        if len(self.events) == found and not absorbed:
            frame = self._bare_noun_frame(candidates, sentence)
            if frame is not None:
                self._add(frame, headline)
        if all(self.doc.frames[e].trigger.lemma_.lower() in self.frames.say_verbs and e.event_type != "ACCUSE"
               for e in self.events[found:]):
            # none, or only what the telling itself was ("told the council", "told them to
            # leave"): what the statement calls something is still a denunciation
            self._read_statement(sentence, headline)

    def _agreed_measure(self, frame: EventFrame, sentence: Span) -> bool:
        """The frame is an agreement on a measure its clause tells ("agreed to impose
        sanctions"): the measure, read on its own, is the event."""
        if frame.trigger.lemma_.lower() not in self.frames.agreed_measure_lemmas:
            return False
        for child in frame.trigger.children:
            if child.dep_ != "xcomp" or not self.lemmas.intersection(_forms(child)):
                continue
            inner = self._frame(child, sentence)
            if inner is not None and inner.sense.event_type in self.frames.agreed_measure_types:
                return True
        return False

    def _time_clauses(self, head: Token) -> set[int]:
        """The tokens of the clauses that tell when ``head``'s act happened by another
        act ("when gunmen stormed the village", "after rebels attacked")."""
        return {t.i for clause in self._time_clauses_of(head) for t in clause.subtree}

    def _time_clauses_of(self, head: Token) -> list[Token]:
        """The heads of ``head``'s clauses that tell its time by another act: "when",
        "as", "while", "after", "before"."""
        marks = self.frames.simultaneous_marks | self.frames.sequence_marks
        return [clause for clause in head.children if clause.dep_ == "advcl" and any(
            m.lower_ in marks for m in clause_marks(clause, self.frames.simultaneous_marks))]

    def _read_statement(self, sentence: Span, headline: bool) -> None:
        frame = self._statement_frame(sentence)
        if frame is not None:
            self._add(frame, headline)

    # -- the learned typer ---------------------------------------------------------

    def read_learned(self, typer: PassageTyper) -> None:
        """An article with no ACLED-coded event: its first sentences with trigger words,
        typed by the typer."""
        if any(e.acled_sub_event_type for e in self.events):
            return
        lead = {sentence.start for sentence in itertools.islice(self.sdoc.sents, LEAD_SENTENCES)}
        untyped = [(s, c) for s, c in self.cued if s.start in lead][:MAX_TYPED_SENTENCES]
        if not untyped:
            return
        verdicts = typer.classify([s.text.strip() for s, _ in untyped])
        for (sentence, candidates), verdict in zip(untyped, verdicts):
            if typer.confident(verdict):
                self._type_sentence(sentence, candidates, verdict)
        frames = self.doc.frames
        self.events.sort(key=lambda e: (frames[e].sentence.start, frames[e].trigger.i))

    def _type_sentence(self, sentence: Span, candidates: list[Token], verdict: Verdict) -> None:
        subtype = self.onto.acled_by_case_code.get(verdict.code)
        if subtype is None:
            return
        if subtype.plover_type == "PROTEST":
            # the typer tells that people protested; how it went is for ACLED's rules
            subtype = self.onto.acled_by_case_code[PEACEFUL_PROTEST_CODE]
        if subtype.plover_type in self.frames.worded_types and not any(
                sense.event_type == subtype.plover_type
                for token in candidates for form in _forms(token)
                for sense in self.onto.senses(form, token.pos_)):
            return  # an agreement or a demand is told in its words: "rejects the offer" is none
        read = [e for e in self.events if self.doc.frames[e].sentence.start == sentence.start]
        for event in read:
            if event.event_type == subtype.plover_type:
                event.acled_event_type, event.acled_sub_event_type = subtype.event_type, subtype.sub_event_type
                frame = self.doc.frames[event]
                frame.learned = verdict.probability
                frame.notes.append(f"ACLED type from the learned typer (p={verdict.probability:.2f})")
                _refine_acled(event, frame, self.onto.acled_rules, _context(frame))
                return
        if read and verdict.probability < BESIDE_RULE_EVENT_PROBABILITY:
            return  # the rules read another kind of happening here
        frame = self._learned_frame(sentence, candidates, subtype)
        frame.learned = verdict.probability
        frame.notes.append(f"event and ACLED type from the learned typer (p={verdict.probability:.2f})")
        self._add(frame, _is_headline(sentence))

    def _learned_frame(self, sentence: Span, candidates: list[Token], subtype: AcledSubtype) -> EventFrame:
        trigger = min(candidates, key=_depth)
        head = trigger if trigger.pos_ in ("VERB", "AUX") else sentence.root
        sense = Trigger(
            lemma=trigger.lemma_.lower(), pos="NOUN" if trigger.pos_ in ("NOUN", "PROPN") else "VERB",
            particle=None, objects=frozenset(), preps=frozenset(), event_type=subtype.plover_type,
            mode=None, cameo=self.onto.plover_cameo_root.get(subtype.plover_type, "01"),
            acled_event_type=subtype.event_type, acled_sub_event_type=subtype.sub_event_type, control=None,
        )
        return EventFrame(sentence, trigger, head, _clause(head), sense)

    def core_event(
        self, sentence: Span, event_type: str, cameo: str, subtype: AcledSubtype | None, probability: float
    ) -> Event | None:
        """The event the learned core (``frontwatch.eventcore``) reads in a sentence where
        the rules read none, anchored on its highest trigger word of that type (else its
        highest trigger word, else its root) and read over the parse like any other."""
        candidates = [
            t for t in sentence
            if self.lemmas.intersection(_forms(t)) and t.ent_type_ not in self.frames.non_event_entities
        ]
        typed = [t for t in candidates if any(
            s.event_type == event_type for f in _forms(t) for s in self.onto.senses(f, t.pos_))]
        trigger = min(typed or candidates or [sentence.root], key=_depth)
        head = trigger if trigger.pos_ in ("VERB", "AUX") else sentence.root
        sense = Trigger(
            lemma=trigger.lemma_.lower(), pos="NOUN" if trigger.pos_ in ("NOUN", "PROPN") else "VERB",
            particle=None, objects=frozenset(), preps=frozenset(), event_type=event_type, mode=None, cameo=cameo,
            acled_event_type=subtype.event_type if subtype else None,
            acled_sub_event_type=subtype.sub_event_type if subtype else None, control=None,
        )
        frame = EventFrame(sentence, trigger, head, _clause(head), sense, learned=probability)
        frame.notes.append(f"event from the learned event core (p={probability:.2f})")
        found = len(self.events)
        self._add(frame, _is_headline(sentence))
        return self.events[-1] if len(self.events) > found else None

    def _add(self, frame: EventFrame, headline: bool) -> None:
        if self._speculative(frame) or self._hypothetical(frame) or self._asked_about(frame):
            return
        if not headline and self._habitual(frame):
            return
        if self._tally(frame):
            return
        frame.headline = headline
        event = self._event(frame)
        if event is not None:
            self.events.append(event)

    def _habitual(self, frame: EventFrame) -> bool:
        """An act told in the simple present, in a sentence that names no time, is a
        habit or a general truth ("she helps traders run a business", "dogs are killed
        for their meat"), not a happening. Speech acts are not: "Iran rejects the offer"
        is one."""
        if frame.sense.event_type not in self.frames.habit_types:
            return False
        head = frame.head
        if head.pos_ in ("NOUN", "PROPN") and frame.bare:
            # a bare event noun: the verb that governs it tells the tense
            # ("others encounter violence at work")
            head = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), head)
        auxes = [a.lower_ for a in _auxiliaries(head)]
        present = head.tag_ in ("VBZ", "VBP") and not auxes
        present_passive = head.tag_ == "VBN" and auxes in (["is"], ["are"])
        if head.pos_ not in ("VERB", "AUX") or not (present or present_passive):
            return False
        if any(ent.label_ in ("DATE", "TIME") and not self._frequency(ent) for ent in frame.sentence.ents):
            return False
        return not _headline_subject(head)

    def _tally(self, frame: EventFrame) -> bool:
        """A running tally or the conflict's history, not a happening: a perfect-tense
        act over a long stretch that reaches the report ("has killed thousands over the
        past decade", "have seized several districts since the war began in 2019", "has
        besieged the city since 2015", "have since retaken dozens of towns" after "last
        year"), or the act that opened such a stretch ("since the government deployed the
        army in 2006"). A short stretch ("has killed 14 since Thursday") is the happening
        told, its count a quantity of it. Speech acts are not tallies: "Iran has
        denied for years that ..." is a stance it still holds (the types of a habit)."""
        if frame.sense.event_type not in self.frames.habit_types:
            return False
        head = frame.head
        if head.pos_ in ("NOUN", "PROPN") and frame.bare:
            head = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), head)
        heads = [head]
        if head.dep_ == "conj" and not _auxiliaries(head) and not self._own_times(head):
            # "has attacked villages and seized towns since 2019"; not "has fought them
            # for decades, and on Monday shelled their camp"
            heads.append(head.head)
        if self._opens_long_stretch(head) or (_perfect(heads[-1]) and any(self._long_stretch(h) for h in heads)):
            self.tallied |= _clause(head)
            return True
        return False

    def _opens_long_stretch(self, head: Token) -> bool:
        """The act is the onset of a long stretch ("since the army seized power in 2021",
        "since Russia launched its invasion"), or what set off a war dated long before the
        report ("the conflict erupted in August 2023 after the government moved to ...")."""
        for token in (head, *head.ancestors):
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in token.children):
                return self._long_onset(token)
            if token.dep_ == "pobj" and token.head.lower_ == "since":
                return self._long_onset(token.head)
            if token.dep_ == "advcl" and self._set_off_old_war(token):
                return True
        return False

    def _set_off_old_war(self, clause: Token) -> bool:
        """``clause`` tells what set off a war-scale stretch told as begun long before the
        report: an "after"/"when" clause of a beginning verb (happening_verbs) whose subject
        is one of long_onsets, the verb's own clause dated long ago."""
        if not any(c.dep_ == "mark" and c.lower_ in self.frames.sequence_marks | self.frames.simultaneous_marks
                   for c in clause.children):
            return False
        verb = clause.head
        if verb.lemma_.lower() not in self.frames.happening_verbs or not any(
                c.dep_ in SUBJECT_DEPS and c.lemma_.lower() in self.frames.long_onsets for c in verb.children):
            return False
        inside = {t.i for t in clause.subtree}
        times = [self.time_at[t.i] for t in verb.subtree if t.i in self.time_at and t.i not in inside]
        return any(self._long_ago(m) for m in times)

    def _long_stretch(self, head: Token) -> bool:
        """The act's clause spans a long stretch reaching the report."""
        published = self.doc.published
        for mention in self._own_times(head):
            if published is None or mention.date_start is None:
                continue
            if mention.relation == "since" and (published - mention.date_start).days > TALLY_SPAN_DAYS:
                return True
            if mention.relation == "at" and mention.date_end is not None and (
                (published - mention.date_end).days <= REPORT_REACH_DAYS
                and (published - mention.date_start).days > TALLY_SPAN_DAYS
            ):
                return True  # "over the past decade", "this year" in September
        for child in head.children:
            since = child.lower_ == "since"
            if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in child.children):
                if self._long_onset(child):
                    return True
            elif since and child.dep_ == "prep":
                if self._long_onset(child):
                    return True
            elif since and child.dep_ == "advmod" and self._long_ago(self._time_before(child)):
                return True  # "declared war last year, and have since retaken ..."
            elif child.dep_ == "prep" and child.lower_ in self.frames.stretch_preps and any(
                self._vague_stretch(o) for o in child.children if o.dep_ == "pobj"
            ):
                return True
            elif child.dep_ == "prep" and child.lower_ in self.frames.counted_stretch_preps and any(
                self._counted_stretch(o) for o in child.children if o.dep_ == "pobj"
            ):
                return True
        return False

    def _own_times(self, head: Token) -> list:
        found = []
        for mention in (self.time_at.get(t.i) for t in clause_tokens(head)):
            if mention is not None and mention not in found:
                found.append(mention)
        return found

    def _long_onset(self, onset: Token) -> bool:
        """A "since" clause or phrase names a start long before the report: its date
        ("since it took up arms in 2022"), or, undated, a war-scale start ("since the war
        began", "since the takeover", "since the outbreak of the conflict")."""
        times = [self.time_at[t.i] for t in onset.subtree if t.i in self.time_at]
        if times:
            return any(self._long_ago(m) for m in times)
        nouns = [t for t in onset.subtree if t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")]
        nouns += [o for n in nouns if n.lemma_.lower() in self.frames.onset_nouns for o in _prep_object(n, ("of",))]
        return any(n.lemma_.lower() in self.frames.long_onsets for n in nouns)

    def _long_ago(self, mention) -> bool:
        published = self.doc.published
        if mention is None or published is None:
            return False
        # a span's middle ("last year", told in March, is still long ago); a "since", its start
        onset = mention.date_start if mention.relation == "since" else (mention.date or mention.date_end)
        return onset is not None and (published - onset).days > TALLY_SPAN_DAYS

    def _time_before(self, token: Token):
        """The last dated expression of the sentence before ``token`` (what "since" refers to)."""
        before = [self.time_at[t.i] for t in token.sent if t.i < token.i and t.i in self.time_at]
        return before[-1] if before else None

    def _vague_stretch(self, noun: Token) -> bool:
        """ "recent years", "the years", "decades": an untold number of long units."""
        return (
            noun.tag_ in ("NNS", "NNPS")
            and noun.lemma_.lower() in self.frames.stretch_units
            and not any(c.dep_ == "nummod" for c in noun.children)
        )

    def _counted_stretch(self, noun: Token) -> bool:
        """ "more than 15 years", "three decades": a counted number of units each longer
        than TALLY_SPAN_DAYS."""
        return noun.lemma_.lower() in self.frames.counted_stretch_units and any(
            c.dep_ == "nummod" for c in noun.children)

    def _frequency(self, time: Span) -> bool:
        """A time expression that tells how often, not when ("annually", "every year",
        "each month"): it names no time of a happening."""
        return any(t.lower_ in self.frames.frequency_words for t in time)

    def _hypothetical(self, frame: EventFrame) -> bool:
        """The act lies inside the condition of an "if"/"unless" clause ("if convicted,
        they face life in prison"; "unless troops attack"): a supposition, never told as
        having happened. Not "as if", "even if". The act's own clause may carry the
        mark whatever the parse calls it ("for when (and if) the states strike a deal",
        read as a conjunct)."""
        for token in (frame.head, *frame.head.ancestors):
            if token.dep_ != "advcl" and token is not frame.head:
                continue
            for mark in token.children:
                if mark.dep_ != "mark" or mark.lower_ not in self.frames.condition_marks:
                    continue
                before = self.sdoc[mark.i - 1].lower_ if mark.i > 0 else ""
                if before not in self.frames.condition_mark_exceptions:
                    return True
        return False

    def _asked_about(self, frame: EventFrame) -> bool:
        """The act's clause is an indirect question under a verb of knowing or explaining
        ("no way to know who had been killed", "has not explained why they were not
        deported"): asked about, not told."""
        head = frame.head
        if head.pos_ not in ("VERB", "AUX") or head.dep_ not in ("ccomp", "xcomp"):
            return False
        if head.head.lemma_.lower() not in self.frames.question_clause_verbs:
            return False
        return any(c.lower_ in self.frames.question_words for c in head.children)

    def _bare_noun_frame(self, candidates: list[Token], sentence: Span) -> EventFrame | None:
        """A sentence with no framed trigger still tells of an ACLED event through its
        highest event noun ("a chlorine gas attack on the town", "mob violence against X")."""
        for token in sorted(candidates, key=_depth):
            if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in BARE_NOUN_EXCLUDED_DEPS:
                continue
            if token.lemma_.lower() in self.frames.state_nouns or self._confined_in(token):
                continue  # "still in Thai custody", "three in immigration detention": a state
            if self._weapon_noun(token) and token.dep_ in ("dobj", "obj", "pobj", "attr", "conj", "appos"):
                continue  # "buy the missile", "a deal for drones": a weapon that does nothing
            senses = next((found for form in _forms(token) if (found := self.onto.senses(form, "NOUN"))), ())
            sense = next((s for s in senses if s.acled_event_type and self._sense_holds(s, token)), None)
            if sense is not None:
                frame = EventFrame(sentence, token, token, _clause(token), sense)
                frame.notes.append("bare event noun: no verb frame in the sentence")
                frame.bare = True
                return frame
        return None

    # -- frames ------------------------------------------------------------------

    def _frame(self, token: Token, sentence: Span) -> EventFrame | None:
        senses = next((found for form in _forms(token) if (found := self.onto.senses(form, token.pos_))), ())
        if not senses:
            return None
        if token.pos_ in ("NOUN", "PROPN"):
            head = self._noun_frame_head(token)
            if head is None:
                return None
        else:
            if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBG"):
                return None
            if token.dep_ in ("amod", "compound"):
                return None  # a participle that describes ("the banned group", "jailed publisher")
            head = token
        sense = next((s for s in senses if self._sense_holds(s, token)), None)
        if sense is None:
            return None
        return EventFrame(sentence, token, head, _clause(head), sense)

    def _noun_frame_head(self, noun: Token) -> Token | None:
        """The token that anchors a noun trigger, or None when the noun is not an event."""
        head = noun.head
        if noun.dep_ in ("dobj", "obj") and self.frames.light_verbs.intersection(_forms(head)):
            if self._weapon_noun(noun) and not self.frames.weapon_use_verbs.intersection(_forms(head)):
                return None  # "was making bombs", "carrying weapons": made or held, not used
            return head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.dep_ in ("dobj", "obj"):
            # "held three hours of talks": the measure noun is the object
            measure = head.head
            if measure.lemma_.lower() in MEASURE_NOUNS and (
                measure.head.lemma_.lower() in self.frames.light_verbs
            ):
                return measure.head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "in" and self._participates(head.head):
            return head.head
        if noun.dep_ == "pobj" and head.lower_ == "in" and self._held_since(head.head, noun):
            return head.head
        if noun.lemma_.lower() in self.frames.state_nouns or self._confined_in(noun):
            return None  # "in Thai custody": a state, an event only with its start
        if self._names_people_by(noun):
            return None  # "officials involved in negotiations with X": who they are
        weapon = self._weapon_noun(noun)
        if not weapon and self._encounter(noun):
            return noun
        if not weapon and any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children):
            return noun
        if not weapon and self._own_actor(noun) is not None and noun.dep_ not in ("compound", "amod"):
            return noun
        if noun.dep_ in ("nsubj", "attr") and head.lemma_.lower() in NOUN_EVENT_VERBS:
            return head
        return None

    def _names_people_by(self, noun: Token) -> bool:
        """The noun is the "in" object of a participle describing a noun ("officials
        involved in negotiations", "men implicated in the attack"): it names who they are."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "in":
            return False
        participle = prep.head
        return participle.dep_ in ("acl", "amod", "relcl") and participle.lemma_.lower() in (
            self.frames.identifying_participles)

    def _confined_in(self, noun: Token) -> bool:
        """ "in detention", "in custody": a confinement noun after "in" names the state
        someone is in (its start, "since ...", is read by _held_since)."""
        return (
            noun.lemma_.lower() in self.frames.confinement_nouns
            and noun.dep_ == "pobj"
            and noun.head.lower_ == "in"
        )

    def _held_since(self, verb: Token, noun: Token) -> bool:
        """ "has been in custody since Feb. 24": a state of confinement dated by its start
        is the arrest that began it."""
        if verb.pos_ not in ("VERB", "AUX") or not self.frames.confinement(noun.lemma_.lower(), verb.lemma_.lower()):
            return False
        return any(
            c.dep_ == "prep" and c.lower_ == "since" and _names_time(c) for c in verb.children
        )

    def _participates(self, verb: Token) -> bool:
        """ "participated in", "took part in" (the "in" may hang on "part")."""
        if verb.lemma_.lower() == "part" and verb.dep_ in ("dobj", "obj"):
            verb = verb.head
            return f"{verb.lemma_.lower()} part" in self.frames.participation_verbs
        if verb.lemma_.lower() == "take" and any(c.lower_ == "part" for c in verb.children):
            return True
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in self.frames.participation_verbs

    def _encounter(self, noun: Token) -> bool:
        """An encounter noun with its other side named ("a meeting with X", "talks with
        X"), the noun itself not a light verb's object (read there)."""
        if noun.dep_ in ("compound", "amod"):
            return False
        return self._party_in(noun, self.frames.encounter_preps) and self._symmetric(noun)

    @staticmethod
    def _predicates(verb: Token) -> list[Token]:
        """What a judging verb says its object is: "called X arbitrary", "branded X a
        provocation" (a second object), "described X as a crime"."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if any(o.tag_ in ("WP", "WDT") for o in objects):
            return []  # "what officials described as ...": a label, not a judgement
        found = [c for c in verb.children if c.dep_ in PREDICATE_DEPS] + objects[1:]
        found += _prep_object(verb, ("as",))
        return found + [c for p in found for c in p.children if c.dep_ == "conj"]

    def _condemns(self, predicates: list[Token], heads_only: bool = False) -> bool:
        """The predicates hold a condemning word (``judgements.toml``) and no negation
        ("not illegal"); ``heads_only``: in the predicate's head and its modifiers ("a
        baseless case"), not in its complements ("subject to abuse")."""
        words: set[str] = set()
        for predicate in predicates:
            if heads_only:
                phrase = [predicate, *(c for c in predicate.children if c.dep_ in JUDGEMENT_MODIFIER_DEPS)]
            else:
                phrase = _subtree_without(predicate, ("relcl", "acl", "ccomp"))
            for t in phrase:
                if t.dep_ == "neg" or t.lower_ in ("not", "never", "no"):
                    return False
                words.update(_forms(t))
        return bool(words & self.judgements)

    def _statement_frame(self, sentence: Span) -> EventFrame | None:
        """A statement that condemns with no act word: "'This is a baseless case,' the
        president said" is the speaker's denunciation (ACCUSE) of what it names."""
        for verb in sentence:
            if verb.lemma_.lower() not in self.frames.say_verbs:
                continue
            speakers = self._subject_actors(verb)
            if not speakers or not self.frames.statement_sectors.intersection(speakers[0].sectors):
                continue  # a scholar's or a witness's view is no one's act
            for clause in (c for c in verb.children if c.dep_ in ("ccomp", "parataxis")):
                if clause.lemma_.lower() != "be" or any(c.dep_ == "neg" for c in clause.children):
                    continue
                predicates = [c for c in clause.children if c.dep_ in ("attr", "acomp")]
                if self._condemns(predicates, heads_only=True):
                    sense = self.onto.judgement_sense
                    untrue, claims = self.onto.denial_words
                    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
                    if (subjects and subjects[0].lemma_.lower() in claims
                            and any(untrue.intersection(_forms(p)) for p in predicates)):
                        sense = self.onto.denial_sense  # "the reports were baseless": a denial
                    frame = EventFrame(sentence, verb, verb, _clause(verb), sense)
                    frame.notes.append("a denunciation told with no act word")
                    return frame
        return None

    def _party_in_object(self, verb: Token) -> bool:
        """The verb's object names a party: an actor with a country that is not the press."""
        return any(
            actor.country is not None and not self.frames.press_sectors.intersection(actor.sectors)
            for actor in self._actors_in([c for c in verb.children if c.dep_ in ("dobj", "obj")])
        )

    def _party_in(self, token: Token, preps: Collection[str]) -> bool:
        """The object of one of ``preps`` names a party: an actor that is not the press."""
        return any(
            actor.country is not None and not self.frames.press_sectors.intersection(actor.sectors)
            for actor in self._actors_in(_prep_object(token, preps))
        )

    def _symmetric(self, noun: Token) -> bool:
        return any(
            s.event_type in SYMMETRIC_TYPES and s.event_type != "ASSAULT"
            for f in _forms(noun) for s in self.onto.senses(f, "NOUN")
        )

    def _sense_holds(self, sense: Trigger, token: Token) -> bool:
        children = list(token.children)
        if sense.particle and not any(
            c.lower_ == sense.particle and c.dep_ in ("prt", "advmod", "prep") for c in children
        ):
            return False
        if sense.preps and not any(
            c.dep_ in ("prep", "agent", "dative") and c.lower_ in sense.preps and not _names_time(c)
            for c in children
        ) and not _clause_mark(token, sense.preps):
            return False  # "called on Monday" is no "called on X"
        if sense.preps and sense.event_type in SYMMETRIC_TYPES and not self._party_in(token, sense.preps):
            return False  # "spoke with reporters", "talked with experts": no other side
        marks = self._object_marks(token, sense)
        if sense.objects and not (marks & sense.objects):
            return False
        if marks & self.frames.non_event_objects:
            return False
        if sense.event_type == "REQUEST" and sense.lemma in self.frames.question_verbs and \
                self._asks_question(token):
            return False  # "asked whether", "asked about", "asked by reporters": a question
        if sense.event_type in ("REQUEST", "AGREE") and self._asks_anonymity(token):
            return False  # "a resident who asked not to be named": a source's terms
        if self._turns_into(token, sense):
            return False  # "tensions exploded into fighting", "a drone slammed into a building"
        if sense.lemma in self.frames.intransitive_triggers and any(c.dep_ in ("dobj", "obj") for c in children):
            return False  # "to demonstrate the navy's strength" shows; it is no protest
        if sense.mode == "restrict" and marks & self.frames.goods_objects:
            return False  # "banned the trade in ivory" rules commerce, it restricts no one
        if sense.lemma in self.frames.own_subject_triggers and token.dep_ in BORROWING_DEPS and not any(
                c.dep_ in SUBJECT_DEPS for c in children):
            return False  # "caught migrants entering the country": no force moves
        if sense.event_type == "REQUEST" and self._advises_public(token):
            return False  # "urged people to seek medical attention": advice, no demand
        if sense.event_type == "THREATEN" and marks & self.frames.endangered_objects:
            return False  # "threatening the territorial integrity": a danger posed, no threat
        if sense.event_type == "AID" and sense.lemma in self.frames.assist_verbs and (
                self._helps_a_deed(token) or self._helps_no_party(token)):
            return False  # "helped fuel the growth", "really helped our family": no party aided
        if sense.lemma in self.frames.extraction_triggers and sense.particle and self._no_withdrawal(token, sense):
            return False  # "pulled two families out of the rubble", "pulled way out front"
        if token.pos_ in ("NOUN", "PROPN") and sense.lemma in self.frames.work_stoppage_nouns and (
                (sense.event_type == "PROTEST") != self._work_stoppage(token)):
            return False  # "held a general strike" is a walkout; "carried out strikes" an attack
        if sense.event_type == "CONSULT" and token.pos_ in ("VERB", "AUX") and self._meets_only_press(token):
            return False  # "officials met with reporters": a briefing, no meeting
        if sense.event_type == "CONSULT" and marks & self.frames.sheltered_people:
            return False  # "countries hosting refugees": shelter, no meeting
        if self._disguise(token):
            return False  # "gunmen posing as protesters": a disguise, no protest
        if sense.event_type == "ASSAULT" and self._figurative(token):
            return False
        if sense.lemma in self.frames.showing_nouns and self._shows_something(token):
            return False  # "a demonstration of our commitment" shows; it is no protest
        return not any(
            c.dep_ in ("amod", "compound") and c.lemma_.lower() in self.frames.non_event_modifiers
            for c in token.children
        )

    def _no_withdrawal(self, verb: Token, sense: Trigger) -> bool:
        """A pulling verb's particle sense that is no withdrawal: people pulled out of
        danger (its object one of rescued_people), or a particle heading a place of its
        own ("pulled way out front in the race": ahead, not out)."""
        children = list(verb.children)
        if any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in self.frames.rescued_people for c in children):
            return True
        particles = [c for c in children if c.lower_ == sense.particle]
        return bool(particles) and all(any(g.dep_ == "pobj" for g in p.children) for p in particles)

    def _work_stoppage(self, noun: Token) -> bool:
        """A strike that is a walkout: modified by a word of labour ("general strike"),
        the object of a verb that holds or calls one ("staged a strike"), or gone on."""
        if any(c.dep_ in ("amod", "compound") and self.frames.work_stoppage_modifiers.intersection(_forms(c))
               for c in noun.children):
            return True
        verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "on" else noun.head
        return noun.dep_ in ("dobj", "obj", "pobj") and verb.lemma_.lower() in self.frames.work_stoppage_verbs

    def _meets_only_press(self, verb: Token) -> bool:
        """Everyone the verb meets (its object and "with" object) is the press: a press
        noun, or an actor of a press sector."""
        met = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + _prep_object(verb, ("with",))
        met += [c for m in met for c in m.children if c.dep_ == "conj"]
        if not met:
            return False
        press = {a.char_start for a in self._actors_in(met) if self.frames.press_sectors.intersection(a.sectors)}
        return all(m.lemma_.lower() in self.frames.press_nouns or m.idx in press for m in met)

    def _advises_public(self, verb: Token) -> bool:
        """An appeal addressed to the general public (its object, or its "on" object, is
        one of public_addressees), not to a party."""
        addressees = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + _prep_object(verb, ("on",))
        return any(a.lemma_.lower() in self.frames.public_addressees and a.i not in self.actor_at for a in addressees)

    def _helps_no_party(self, verb: Token) -> bool:
        """A help verb whose helped (its object) names no party: a pronoun or people no
        actor list knows ("elders really helped our family", "helping them build their
        businesses"), a kindness between people, no aid."""
        helped = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        return bool(helped) and not self._party_in_object(verb)

    def _helps_a_deed(self, verb: Token) -> bool:
        """A help verb whose verb complement tells the deed, with no one helped: no object
        and no subject of the complement ("helped fuel the growth", "will help release
        him"; not "helped Ukraine defend itself")."""
        deeds = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
        if not deeds:
            return False
        helped = [c for c in verb.children if c.dep_ in ("dobj", "obj", "dative")]
        helped += [c for d in deeds for c in d.children if c.dep_ in SUBJECT_DEPS]
        return not helped

    def _disguise(self, token: Token) -> bool:
        """A word that tells what someone posed as ("posing as protesters", "disguised as
        soldiers", "posed as protesters delivering a petition"): the object of "as" under a
        verb of pretending, or the subject of the clause that object heads."""
        for _ in range(2):
            if token.dep_ in ("pobj", "pcomp") and token.head.lower_ == "as":
                return bool(self.frames.disguise_verbs.intersection(_forms(token.head.head)))
            if token.dep_ not in ("nsubj", "compound", "amod"):
                return False
            token = token.head
        return False

    def _asks_question(self, verb: Token) -> bool:
        """A question verb that puts a question rather than asks for something: passive
        ("Asked by reporters ...", "when asked"), about a topic ("asked about"), or with a
        question clause ("asked whether/if ...", "asked what ..."). "asked X to do" and
        "asked for" are requests."""
        children = list(verb.children)
        if any(c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ == "for" for c in children):
            return False
        if any(c.dep_ in ("agent", "auxpass", "nsubjpass") for c in children):
            return True
        if verb.tag_ == "VBN" and verb.dep_ == "advcl":
            return True  # "Asked about the strike, she said", "when asked"
        if any(c.dep_ == "prep" and c.lower_ in self.frames.question_preps for c in children):
            return True
        for clause in children:
            if clause.dep_ not in ("ccomp", "advcl") or clause.i < verb.i:
                continue
            if any(m.dep_ == "mark" and m.lower_ in self.frames.question_marks for m in clause.children):
                return True
            if clause.left_edge.tag_ in ("WDT", "WP", "WP$", "WRB"):
                return True
        return False

    def _asks_anonymity(self, verb: Token) -> bool:
        """A source's terms, not a request or an agreement: "asked not to be
        named/identified", "requested anonymity", "asked that his name not be used",
        "agreed to speak on condition of anonymity"."""
        for child in verb.children:
            if child.dep_ in ("dobj", "obj") and child.lemma_.lower() in self.frames.anonymity_words:
                return True
            if child.dep_ == "xcomp" and child.lemma_.lower() in self.frames.anonymity_words and any(
                    c.dep_ == "auxpass" for c in child.children):
                return True
            if child.dep_ == "xcomp" and any(
                    t.lemma_.lower() in self.frames.anonymity_conditions for t in child.subtree):
                return True  # "agreed to speak on condition of anonymity"
            if child.dep_ == "ccomp" and any(c.dep_ == "neg" for c in child.children) and any(
                    c.dep_ == "nsubjpass" and c.lemma_.lower() in self.frames.anonymity_words
                    for c in child.children):
                return True  # "asked that his last name not be used"
        return False

    def _turns_into(self, verb: Token, sense: Trigger) -> bool:
        """A verb of bursting or striking whose "into" tells what something became or hit,
        not the sense the trigger codes: "tensions exploded into open fighting" (no blast),
        "a drone slammed into a building" (no denunciation)."""
        if sense.lemma not in self.frames.into_senses:
            return False
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "into"):
            if sense.event_type != "ASSAULT":
                return True
            if any(o.lemma_.lower() in self.frames.figurative_into_objects for o in prep.children if o.dep_ == "pobj"):
                return True
        return False

    def _shows_something(self, noun: Token) -> bool:
        """A noun of showing whose "of" object is a thing, not people: "a demonstration
        of resolve" (not "a demonstration of farmers", "of thousands")."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return False
        shown = _prep_object(noun, ("of",))
        return bool(shown) and all(
            o.i not in self.actor_at and o.tag_ in ("NN", "VBG") and not any(c.dep_ == "nummod" for c in o.children)
            for o in shown
        )

    def _weapon_noun(self, noun: Token) -> bool:
        return bool(self.frames.weapon_nouns.intersection(_forms(noun)))

    def _figurative(self, token: Token) -> bool:
        """A violent word aimed at a policy, a disease or a plan, and at no actor."""
        targets = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        targets += _prep_object(token, FIGURATIVE_PREPS)
        for prep in (c for c in token.children if c.dep_ in ("prt", "advmod")):
            targets += _prep_object(prep, FIGURATIVE_PREPS)  # "fight back against"
        targets += [c for t in targets for c in t.children if c.dep_ == "conj"]
        if not targets or any(t.i in self.actor_at for t in targets):
            return False
        return any(self.frames.figurative_targets.intersection(_forms(t)) for t in targets)

    def _speculative(self, frame: EventFrame) -> bool:
        """An aim or a guess ("seeks to take", "is likely to capture", "could attack")."""
        speculative = self.frames.speculative_words
        for token in (frame.head, *frame.head.ancestors):
            lemma = token.lemma_.lower()
            if token is not frame.head:
                if lemma in self.frames.say_verbs:
                    return False
                if lemma in speculative or (lemma in self.frames.order_verbs and token.pos_ == "VERB"):
                    if not (lemma in self.frames.realized_in_past and _past_affirmed(token)):
                        return True
                if token.i == frame.head.head.i and self._obligation(frame.head):
                    return True
            modals = [m for m in _modifiers(token) if m.lemma_.lower() in speculative and not (
                m.lemma_.lower() in self.frames.realized_in_past and _past_affirmed(m))]
            if modals and not (token is frame.head and self._reported_future(token, modals)):
                return True
            if self._ruled(token):
                return True
            if _purpose(token) and self.frames.preparation_verbs.intersection(_forms(token.head)):
                return True  # "was making bombs to carry out attacks": an aim
        return False

    def _ruled(self, prep: Token) -> bool:
        """A preposition that names what a rule forbids or governs ("a law against
        deporting people", "a ban on torturing prisoners"), hung on the rule or, as the
        parse often has it, on the verb whose object the rule is ("violates its law
        against deporting")."""
        if prep.dep_ != "prep" or prep.lower_ not in self.frames.norm_preps:
            return False
        rule = prep.head if prep.head.pos_ in ("NOUN", "PROPN") else self.sdoc[prep.i - 1] if prep.i > 0 else prep
        return rule.i < prep.i and rule.lemma_.lower() in self.frames.norm_nouns

    def _obligation(self, head: Token) -> bool:
        """ "we have to support", "they have until May 4 to appeal": an infinitive under
        a present-tense verb of obligation is owed or due, not done ("had to flee" is)."""
        verb = head.head
        return (
            head.dep_ in ("xcomp", "advcl")
            and any(a.lower_ == "to" for a in _auxiliaries(head))
            and verb.lemma_.lower() in self.frames.obligation_verbs
            and verb.tag_ in ("VBP", "VBZ")
        )

    def _reported_future(self, head: Token, modals: list[Token]) -> bool:
        """ "announced it would cease aid": "would" under a say-verb is the reported
        "will", an announced intention, not speculation."""
        return (
            bool(modals)  # a head with no modal is no reported future
            and all(m.lower_ == "would" for m in modals)
            and head.dep_ == "ccomp"
            and head.head.lemma_.lower() in self.frames.say_verbs
        )

    # -- events ------------------------------------------------------------------

    def _event(self, frame: EventFrame) -> Event | None:
        sense = frame.sense
        actor1, actor2 = self._participants(frame)
        if actor1 is None and self._anaphoric_subject(frame.head):
            antecedent = self._antecedent(frame)
            if antecedent is not None:
                antecedent.quantities.extend(self._quantities(frame, whole_sentence=True))
                antecedent.fatalities = _fatalities(antecedent.quantities)
                return None
        if actor1 is None and sense.event_type in self.frames.statement_types and frame.trigger is frame.head:
            actor1 = self._named_body(frame.head)
        if actor1 is None and sense.event_type in ACTOR_REQUIRED and frame.learned is None and \
                not self._implied(sense, frame):
            return None  # the typer's verdict vouches for an event without a named actor
        if (sense.event_type == "PROTEST" and sense.lemma in self.frames.crowd_acts and actor1 is not None
                and FIGHTING_SECTORS.intersection(actor1.sectors)):
            return None  # "soldiers blocked the road": no protest
        if self._struggle(frame, actor1, actor2):
            return None  # "she is fighting for her land": a struggle, no clash
        if self._disaster(frame, actor1):
            return None
        if self._standing(frame) or self._victims_named(frame):
            return None
        if actor1 is not None and actor2 is not None and actor1.country == actor2.country and (
            actor1.sectors == actor2.sectors
        ):
            actor2 = None
        status = self._status(frame)
        intentions = self.onto.intentions
        intention = (intentions.get((sense.event_type, sense.mode)) or intentions.get((sense.event_type, "*"))
                     if status == "intended" else None)
        if intention is not None and intention[0] == "THREATEN" and not self._announced(frame.head):
            intention = None  # "planned to kill her": a plot, no threat made
        if intention is not None:  # "would meet with X": the intent to meet (CAMEO 036), no meeting
            sense = replace(sense, event_type=intention[0], cameo=intention[1], mode=None,
                            acled_event_type=None, acled_sub_event_type=None, control=None)
            if sense.event_type == "THREATEN":
                status = "conditional" if self._conditional(frame) else "threatened"
        start, end = content_bounds(frame.sentence)
        event = Event(
            article_id=self.doc.article.id,
            event_type=sense.event_type,
            cameo_root=sense.cameo_root,
            cameo_code=sense.cameo,
            mode=sense.mode,
            evidence={"sentence": self.doc.text[start:end], "char_start": start, "char_end": end},
            trigger={
                "text": frame.trigger.text,
                "lemma": frame.trigger.lemma_.lower(),
                "char_start": frame.trigger.idx,
                "char_end": frame.trigger.idx + len(frame.trigger.text),
            },
            status=status,
            actor1=actor1,
            actor2=actor2,
            attribution=self._attribution(frame),
            source=self.doc.article.source,
            published=self.doc.article.published,
        )
        self.doc.frames[event] = frame
        event.quantities = self._quantities(frame)
        event.fatalities = _fatalities(event.quantities)
        _code_acled(event, sense)
        if _attack_on_civilians(event, frame, self.frames.civilian_targets, self.frames.civilian_victims):
            event.acled_event_type, event.acled_sub_event_type = "Violence against civilians", "Attack"
        _refine_acled(event, frame, self.onto.acled_rules, _context(frame))
        self._protesters_first(event, frame)
        self._force_on_protesters(event)
        self._refusal(event, frame)
        return event

    def _struggle(self, frame: EventFrame, actor1: ActorMention | None, actor2: ActorMention | None) -> bool:
        """A combat verb with no opponent whose doer is unarmed (a person, a court, a
        campaign group), one person ("he", "she", "I", whatever the pronoun resolves to)
        or an unnamed "we": a struggle, not a clash."""
        if frame.sense.lemma not in self.frames.struggle_triggers or frame.trigger.pos_ != "VERB" or actor2 is not None:
            return False
        subjects = [c for c in frame.head.children if c.dep_ in SUBJECT_DEPS]
        if subjects and subjects[0].lower_ in self.frames.single_person_pronouns:
            return True  # "he's still fighting": one person, whoever "he" resolves to, fights no battle
        if actor1 is not None:
            return not FIGHTING_SECTORS.intersection(actor1.sectors)
        return bool(subjects) and subjects[0].lower_ in self.frames.personal_pronouns | self.frames.speaker_pronouns

    def _implied(self, sense: Trigger, frame: EventFrame) -> bool:
        """A passive act whose doer goes unsaid by convention (``implied_actors.tsv``):
        "the journalist was released on bail" was released by the authorities."""
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in frame.head.children)
        return passive and any(r.fits(sense.event_type, sense.mode, r.acled) for r in self.onto.implied_actors)

    def _refusal(self, event: Event, frame: EventFrame) -> None:
        """A cooperative act its own actor is told not to do ("X will not cooperate with
        the court", "Russia has not agreed to the ceasefire") is a refusal: REJECT, told as
        done; not under "if" ("if Russia does not agree, ...")."""
        if event.status != "denied" or event.event_type not in self.frames.refusable_types or event.actor1 is None:
            return
        if self._conditional(frame):
            return
        self._retype(event, "REJECT", None)
        event.status = "occurred"
        event.acled_event_type = event.acled_sub_event_type = None

    def _retype(self, event: Event, plover: str, mode: str | None) -> None:
        """Give the event another PLOVER type (and mode), with that type's CAMEO code."""
        event.event_type, event.mode = plover, mode
        event.cameo_code = self.onto.plover_cameo_root[plover]
        event.cameo_root = event.cameo_code[:2]

    def _force_on_protesters(self, event: Event) -> None:
        """Force used on protesters ("police fired live rounds at the crowd, killing
        four") is the force's own act: ACLED's "Excessive force against protesters",
        whose PLOVER type is the one acled_types.tsv gives it (ASSAULT), not a protest
        by the police."""
        if event.event_type != "PROTEST" or event.acled_sub_event_type != EXCESSIVE_FORCE:
            return
        subtype = self.onto.acled_by_case_code.get(self.onto.acled_case_codes.get(EXCESSIVE_FORCE, ""))
        plover = subtype.plover_type if subtype is not None else event.event_type
        if plover == event.event_type:
            return
        modes = self.onto.plover_modes.get(plover, frozenset())
        self._retype(event, plover, CROWD_CONTROL if CROWD_CONTROL in modes else None)

    def _protesters_first(self, event: Event, frame: EventFrame) -> None:
        """The protesters are the actor of a protest, the police who disperse them its
        target ("police fired tear gas to disperse protesters": protesters, police): a
        protest whose actor is a state force, with a crowd of civilians in its clause,
        turns round -- unless the force's own violence is the event (ACLED "Excessive
        force against protesters", where the force acts)."""
        actor1 = event.actor1
        if event.event_type != "PROTEST" or actor1 is None or not set(actor1.sectors) & STATE_SECTORS:
            return
        if event.acled_sub_event_type == EXCESSIVE_FORCE:
            return
        crowd = next((a for a in self._actors_in_subtree(frame.head)
                      if a is not actor1 and "CVL" in a.sectors), None)
        if crowd is not None:
            event.actor1, event.actor2 = crowd, actor1

    def _object_marks(self, token: Token, sense: Trigger) -> set[str]:
        marks = _object_lemmas(token, sense.preps)
        if BLAMED_AGENT in sense.objects and self._blamed_agent(token):
            marks.add(BLAMED_AGENT)
        if BLAMED_HOLDER in sense.objects and self._blamed_holder(token) is not None:
            marks.add(BLAMED_HOLDER)
        if AID_ARRIVAL in sense.objects and self._aid_arrival(token):
            marks.add(AID_ARRIVAL)
        if CONDEMNS in sense.objects and self._condemns(self._predicates(token)):
            marks.add(CONDEMNS)
        if PENALTY in sense.objects and self._penalty(token):
            marks.add(PENALTY)
        if OWN_CONDITION in sense.objects and self._own_condition(token):
            marks.add(OWN_CONDITION)
        if TOLD_TO in sense.objects and _told_to(token) and self._party_in_object(token):
            marks.add(TOLD_TO)  # a party told what to do, not "told reporters to expect rain"
        return marks

    def _own_condition(self, token: Token) -> bool:
        """A future complement telling what the speaker's own side will do under a
        condition of non-compliance: "(said) Ankara would not stand by if the attacks
        continued", "(warned) it will act unless the troops withdraw"."""
        speakers = self._subject_actors(token)
        for clause in token.children:
            if clause.dep_ != "ccomp" or not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children):
                continue
            own = _own_future(token, clause) or any(
                speakers and a.country and a.country == speakers[0].country
                for a in self._subject_actors(clause))
            if own and any(self._adverse_condition(c) for c in clause.children if c.dep_ == "advcl"):
                return True
        return False

    def _adverse_condition(self, clause: Token) -> bool:
        """ "unless ...", "if ... not ...", "if the attacks continue": a condition the
        other side meets by going on or by not complying."""
        mark = next((c.lower_ for c in clause.children if c.dep_ == "mark"), None)
        if mark == "unless":
            return True
        return mark == "if" and (any(c.dep_ == "neg" for c in clause.children)
                                 or bool(set(_forms(clause)) & self.onto.adverse_conditions))

    def _penalty(self, token: Token) -> bool:
        """A complement in the future that tells of others' punishment: "(warned that)
        those responsible will be held accountable", "(that) anyone ... would face
        prosecution", "(declared that) all involved will be identified and punished"."""
        verbs, nouns, marks = self.onto.penalty_words
        for clause in token.children:
            if clause.dep_ != "ccomp":
                continue
            if not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children):
                continue
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in clause.children)
            done = set(_forms(clause)).union(*(_forms(c) for c in clause.children if c.dep_ == "conj"))
            if passive and (done & verbs or any(
                t.lemma_.lower() in marks and t.pos_ != "VERB" for t in clause.subtree
            )):
                return True
            if clause.lemma_.lower() == "face" and any(
                c.dep_ in OBJECT_DEPS and set(_forms(c)) & nouns for c in clause.children
            ):
                return True
        return any(self._harsh_dealing(clause) for clause in token.children)

    def _harsh_dealing(self, clause: Token) -> bool:
        """A complement that says others will be dealt with harshly (``judgements.toml``
        [penalty]): "(said) the state must deal decisively with its opponents", "(vowed) to
        deal firmly with the rioters", "(said) there should be no leniency for the
        instigators", "(said) we will not rest until we capture those responsible"."""
        if clause.dep_ not in ("ccomp", "xcomp"):
            return False
        idioms = self.onto.penalty_idioms
        children = list(clause.children)
        modal = any(c.dep_ == "aux" and c.lower_ in idioms["obligation_modals"] for c in children)
        if clause.dep_ == "ccomp" and not modal:
            return False  # "said the state dealt firmly with them" tells, it does not threaten
        lemma = clause.lemma_.lower()
        if lemma in idioms["handling_verbs"]:
            return any(c.dep_ == "advmod" and c.lower_ in idioms["handling_manners"] for c in children) and any(
                self._people(o) for o in _prep_object(clause, ("with",)))
        if lemma == "be" and any(c.dep_ == "expl" for c in children):
            return any(
                c.dep_ in ("attr", "nsubj") and c.lemma_.lower() in idioms["withheld"]
                and any(d.dep_ == "det" and d.lower_ in ("no", "zero") for d in c.children)
                and any(self._people(o) for o in _prep_object(c, ("for", "towards", "toward")))
                for c in children
            )
        if lemma in idioms["unresting"] and any(c.dep_ == "neg" for c in children):
            verbs, _nouns, marks = self.onto.penalty_words
            for until in (c for c in children if c.dep_ == "advcl"):
                if not any(m.dep_ == "mark" and m.lower_ == "until" for m in until.children):
                    continue
                forms = set(_forms(until))
                if forms & (verbs | idioms["until_verbs"]) or any(t.lemma_.lower() in marks for t in until.subtree):
                    return True
        return False

    def _people(self, token: Token) -> bool:
        """A phrase that names people, not a problem ("deal firmly with the rioters",
        "with those who oppose it", "with them"; not "with the crisis", "with corruption"):
        an actor, a pronoun, a "who" clause, or a plural noun that is no figurative target."""
        if self._actors_in_subtree(token):
            return True
        if token.pos_ == "PRON" or token.tag_ in ("PRP", "DT") or any(
                c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in token.children):
            return True
        return token.tag_ == "NNS" and not self.frames.figurative_targets.intersection(_forms(token))

    def _tellers(self, token: Token):
        """The say-verbs whose complements hold the token, nearest first."""
        return (a for a in token.ancestors if a.lemma_.lower() in self.frames.say_verbs)

    def _blamed_agent(self, token: Token) -> bool:
        """ "(they said) the attack was orchestrated by X": an act the text tells of,
        done by an agent, in someone's statement."""
        if token.tag_ != "VBN" or next(self._tellers(token), None) is None:
            return False
        subjects = [c for c in token.children if c.dep_ == "nsubjpass"]
        return bool(_agents(token) and subjects) and subjects[0].lemma_.lower() in self.frames.event_anaphors

    def _aid_arrival(self, verb: Token) -> bool:
        """A carrier of aid arrives: "a convoy of trucks carrying food reached Djibo"."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lemma_.lower() not in self.frames.aid_carriers:
            return False
        return any(t.lemma_.lower() in self.frames.aid_goods for t in subject.subtree)

    def _blamed_holder(self, token: Token) -> Token | None:
        """Who holds the blame a statement names: the "with" object of "(states that) the
        responsibility lies with X", the subject of "X bears the responsibility"."""
        if next(self._tellers(token), None) is None:
            return None
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        if subjects and subjects[0].lemma_.lower() in self.frames.blame_nouns:
            holders = _prep_object(token, self.frames.blame_preps)
            return holders[0] if holders else None
        if objects and objects[0].lemma_.lower() in self.frames.blame_nouns and subjects:
            return subjects[0]
        return None

    def _participants(self, frame: EventFrame) -> tuple[ActorMention | None, ActorMention | None]:
        head, trigger = frame.head, frame.trigger
        if AID_ARRIVAL in frame.sense.objects:
            # "a convoy carrying food from the WFP": the giver may be named in the carrier's clause
            subject = next(c for c in head.children if c.dep_ == "nsubj")
            givers = [self.actor_at[t.i] for t in subject.subtree if t.i in self.actor_at]
            return (givers[0] if givers else None), None
        if BLAMED_HOLDER in frame.sense.objects:
            tellers = next((found for a in self._tellers(head) if (found := self._subject_actors(a))), [])
            holder = self._blamed_holder(head)
            blamed = self._actors_in_subtree(holder) if holder is not None else []
            return (tellers[0] if tellers else None), (blamed[0] if blamed else None)
        if BLAMED_AGENT in frame.sense.objects:
            # the nearest teller that is an actor ("reports confirmed that ..., the army said")
            tellers = next((found for a in self._tellers(head) if (found := self._subject_actors(a))), [])
            agents = [a for agent in _agents(head) for a in self._actors_in_subtree(agent)]
            return (tellers[0] if tellers else None), (agents[0] if agents else None)
        if trigger is head and (trigger.pos_ == "NOUN" or (
                trigger.tag_ == "VBG" and trigger.dep_ in SUBJECT_DEPS + ("dobj", "pobj"))):
            # a gerund the tagger calls a verb heads a noun phrase all the same:
            # "Fighting between the army and the RSF killed 14"
            between = self._between(trigger)
            if between:
                return between[0], (between[1] if len(between) > 1 else None)
            others = self._actors_in(_prep_object(trigger, self.frames.encounter_preps))
            if others and frame.sense.event_type in SYMMETRIC_TYPES:
                own = self._own_actor(trigger) or self._governing_subject(trigger)
                other = next((o for o in others if own is None or not _same_actor(o, own)), None)
                return (own, other) if own is not None else (other, None)
            return self._own_actor(trigger), None
        if trigger is not head and self._held_since(head, trigger):
            held = self._subject_actors(head)  # the subject is the one held
            return None, (held[0] if held else None)
        if trigger is not head:
            own = self._own_actor(trigger)
            subjects = self._subject_actors(head)
            actor1 = own or (subjects[0] if subjects else None)
            target = self._target_actor(trigger, frame.sense)
            return actor1, target or (subjects[1] if len(subjects) > 1 else None)
        if trigger.lemma_.lower() == "fall" and frame.sense.control == "gain":
            taker = self._actors_in(_prep_object(trigger, ("to",)))
            return (taker[0] if taker else None), None
        passive_subject = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        shared_passive = not passive_subject and any(c.dep_ == "auxpass" for c in head.children)
        if passive_subject or shared_passive:
            agents = [c for c in head.children if c.dep_ == "agent"]
            actor1 = next(iter(self._actors_in_subtree(agents[0])), None) if agents else None
            # "X spoke to reporters after being freed": the subject it shares is the patient
            patients = self._actors_in_subtree(passive_subject[0]) if passive_subject else self._subject_actors(head)
            patient = patients[0] if patients else None
            if actor1 is None and frame.sense.event_type == "ASSAULT":
                actor1 = self._attacker_of_time_clause(head, patient)
            if actor1 is None and frame.sense.event_type == "MOBILIZE" and patient is not None and \
                    not patient.implicit_country:
                # "units of the Russian army are being moved to the region": a force deployed
                # with no one named deploying it is its own state's deployment
                return patient, None
            return actor1, patient
        subjects = self._subject_actors(head)
        actor1 = subjects[0] if subjects else None
        actor2 = self._target_actor(trigger, frame.sense)
        if actor2 is None and len(subjects) > 1 and frame.sense.event_type in SYMMETRIC_TYPES:
            actor2 = subjects[1]
        if actor2 is None and frame.sense.event_type == "ASSAULT":
            actor2 = self._victims(head)
        return actor1, actor2

    def _attacker_of_time_clause(self, head: Token, patient: ActorMention | None) -> ActorMention | None:
        """Who did the violence a passive act with no agent was told by: "two protesters
        were killed when police opened fire", "17 died after gunmen stormed the village"
        -- the subject of an attack in its time clause, other than the victims."""
        for clause in self._time_clauses_of(head):
            senses = next((found for form in _forms(clause) if (found := self.onto.senses(form, "VERB"))), ())
            if not any(sense.event_type == "ASSAULT" for sense in senses):
                continue
            for subject in self._subject_actors(clause):
                if patient is None or not _same_actor(subject, patient):
                    return subject
        return None

    def _victims(self, head: Token) -> ActorMention | None:
        """Whom the participle that tells what an attack left names: "ambushed a convoy,
        killing seven soldiers" was an attack on the soldiers' force."""
        for clause in head.children:
            if clause.dep_ == "advcl" and clause.tag_ == "VBG" and not any(
                    c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS for c in clause.children):
                for obj in (c for c in clause.children if c.dep_ == "dobj"):
                    if obj.i in self.actor_at:
                        return self.actor_at[obj.i]
        return None

    def _governing_subject(self, noun: Token) -> ActorMention | None:
        """The subject of the nearest verb above a noun ("X, after talks with Y, said")."""
        verb = next((a for a in noun.ancestors if a.pos_ in ("VERB", "AUX")), None)
        found = self._subject_actors(verb) if verb is not None else []
        return found[0] if found else None

    def _subject_actors(self, head: Token) -> list[ActorMention]:
        """Actors of the clause's subject, following shared subjects up the tree."""
        token: Token | None = head
        # an active gerund after "after", "by", "upon" ... shares the subject of the
        # clause it hangs on, a passive clause's too: "X was released after apologizing"
        gerund = head.tag_ == "VBG" and head.dep_ == "pcomp"
        for step in range(6):
            if token is None:
                break
            deps = SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS if step and gerund else SUBJECT_DEPS
            subjects = [c for c in token.children if c.dep_ in deps] or _noun_read_subject(token)
            if subjects:
                subject = subjects[0]
                if subject.lower_ in self.frames.speaker_pronouns:
                    speaker = self._quoted_speaker(subject)
                    if speaker is not None:
                        return [speaker]
                if subject.lower_ in self.frames.pronoun_subjects:
                    resolved = self._resolve_pronoun(subject)
                    return [resolved] if resolved else []
                if subject.lemma_.lower() in self.frames.non_agent_nouns:
                    return self._author(subject) if token.lemma_.lower() in self.frames.say_verbs else []
                found = self._actors_in_subtree(subject, targets=False)
                if not found and len(subjects) > 1:
                    # "In the capital, Bamako, soldiers killed ...": a place parsed as a
                    # subject beside the real one
                    found = self._actors_in_subtree(subjects[1], targets=False)
                return found
            if token.dep_ in SUBJECT_SHARING_DEPS and token.head is not token:
                token = token.head
                if token.dep_ == "prep" and token.lower_ in self.frames.means_preps and token.head.pos_ in ("VERB", "AUX"):
                    token = token.head  # "In announcing X, the minister said": the minister's
                continue
            break
        return []

    def _author(self, document: Token) -> list[ActorMention]:
        """Who speaks through a document that is a say-verb's subject: "a statement from
        the ISPR said", "the ministry's statement said", "a UN report said"."""
        own = next((self.actor_at[c.i] for c in document.children
                    if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in self.actor_at), None)
        return [own] if own is not None else self._actors_in(_prep_object(document, self.frames.author_preps))

    def _quoted_speaker(self, pronoun: Token) -> ActorMention | None:
        """Who says "we" or "I": the actor subject of the nearest say-verb above the
        pronoun ("We urge X to act," the Pakistani spokesman told reporters), when the
        text gives its country; one of no stated country ("the foreign ministry
        spokesman", given the story's country later) is no surer than the pronoun's
        usual reading."""
        for teller in self._tellers(pronoun.head):
            found = self._subject_actors(teller)
            if found:
                return None if found[0].implicit_country else found[0]
        return None

    def _target_actor(self, trigger: Token, sense: Trigger) -> ActorMention | None:
        """Whom the action is done to: the object itself must be an actor ("with Russian
        support" has no target; "against the rebels" has). What an actor mobilises
        ("sent troops") is its own force, never a target."""
        objects = []
        if sense.event_type not in OWN_FORCE_TYPES:
            objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "dative")]
        objects += _prep_object(trigger, TARGET_PREPS | {"between"})
        for head in objects:
            for token in (head, *(c for c in head.children if c.dep_ == "conj")):
                if token.i in self.actor_at:
                    return self.actor_at[token.i]
                if token.lemma_.lower() in self.frames.force_sites:
                    # "attacked a police station", "ambushed an army convoy": the force's
                    owner = next((self.actor_at[c.i] for c in token.children
                                  if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i in self.actor_at), None)
                    if owner is not None:
                        return owner
        return None

    def _between(self, noun: Token) -> list[ActorMention]:
        return self._actors_in(_prep_object(noun, ("between",)))

    def _own_actor(self, noun: Token) -> ActorMention | None:
        """The actor a noun carries itself: "Israeli strikes", "Turkey's offensive", "attack by X"."""
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and child.i in self.actor_at:
                return self.actor_at[child.i]
        found = self._actors_in(_prep_object(noun, ("by",)))
        return found[0] if found else self._possessor_before(noun)

    def _possessor_before(self, noun: Token) -> ActorMention | None:
        """A possessive before the event noun across its dates, numbers and modifiers,
        which the parse may hang elsewhere: "Hamas's October 7, 2023 attack" is Hamas's."""
        sdoc = self.sdoc
        k = noun.i - 1
        start = noun.sent.start
        while k > start and noun.i - k <= PREMODIFIER_SPAN:
            token = sdoc[k]
            if token.tag_ == "POS":
                return self.actor_at.get(k - 1)
            modifier = token.dep_ in ("amod", "nummod", "compound", "npadvmod", "quantmod") or \
                token.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL") or token.text in (",", "-")
            if not modifier or token.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON"):
                return None
            k -= 1
        return None

    def _actors_in(self, tokens: list[Token]) -> list[ActorMention]:
        found: list[ActorMention] = []
        for token in tokens:
            for actor in self._actors_in_subtree(token):
                if not any(_same_actor(actor, other) for other in found):
                    found.append(actor)
        return found

    def _named_body(self, head: Token) -> ActorMention | None:
        """A body the actor lists do not know, named as the subject of what it said
        ("the Asia Civilian Protection Network urged ...", "ACPN condemned ..."): the
        tagger's organisation, of the country a place or nationality inside its name gives
        ("the Ethiopian Human Rights Commission"), else of the story's country."""
        token, subject = head, None
        for _ in range(4):  # "said ... and called for": the subject the clauses share
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            itself = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if itself is not None and itself.lower_ in ("it", "they") and token.dep_ == "ccomp" and \
                    token.head.lemma_.lower() in self.frames.say_verbs:
                token = token.head  # "X said it was concerned ... and called for": X speaks
                continue
            if subject is not None or token.dep_ not in SUBJECT_SHARING_DEPS or token.head is token:
                break
            token = token.head
        if subject is None or subject.i in self.actor_at:
            return None
        if subject.pos_ == "NOUN" and subject.lemma_.lower() in self.frames.speaker_nouns:
            # "a BNP spokesman denied ...": the body the speaker speaks for
            owner = next((c for c in subject.children if c.dep_ in ("compound", "poss")
                          and (c.ent_type_ == "ORG" or (c.pos_ == "PROPN" and c.is_upper))), None)
            if owner is None or owner.i in self.actor_at:
                return None
            subject = owner
        if subject.ent_type_ == "ORG":
            span = next((e for e in self.sdoc.ents if e.start <= subject.i < e.end), None)
            if span is not None and span[0].lower_ == "the":
                span = span[1:]
            if span is not None and (len(span) == 1 and not span[0].is_upper
                                     or span[-1].lower_ in TITLE_NOUNS | HONORIFICS):
                return None  # a surname or an office the tagger took for a body ("Balkhi",
                # "the Humanitarian Coordinator")
        elif subject.pos_ == "PROPN" and subject.is_upper and len(subject) >= 3 and subject.is_alpha:
            span = self.sdoc[subject.i:subject.i + 1]  # an acronym the tagger left unnamed: "ACPN"
        else:
            span = None
        if span is None:
            return None
        if not any(t.text[:1].isupper() and t.is_alpha for t in span) or any(
                self.actor_at[t.i].kind == "media" for t in span if t.i in self.actor_at):
            return None
        inner = [self.actor_at[t.i] for t in span if t.i in self.actor_at and self.actor_at[t.i].country]
        country = inner[0].country if inner else self.doc.focus_country
        return ActorMention(span.text, span.start_char, span.end_char, span.text, country,
                            [], kind="actor", implicit_country=not inner)

    def _actors_in_subtree(self, token: Token, targets: bool = True) -> list[ActorMention]:
        """Actors in the phrase of ``token``; without ``targets``, not those an event noun
        in it is aimed at ("the strike on Kyiv killed two": Kyiv did not strike)."""
        found: list[ActorMention] = []
        for t in _subtree_without(token, ("relcl", "acl", "appos")):
            if not targets and _aimed_at(t):
                continue
            actor = self.actor_at.get(t.i)
            if actor is not None and not any(_same_actor(actor, other) for other in found):
                found.append(actor)
        return found

    def _resolve_pronoun(self, pronoun: Token) -> ActorMention | None:
        """The nearest earlier actor that was itself a subject (a cheap, robust coreference).
        "he"/"she" (``personal_pronouns``) take the nearest such person when the story has
        named one ("Minister Jane Roe said ... He added"), not a country or a body."""
        best = person = None
        for actor in self.doc.actors:
            if actor.char_start >= pronoun.idx:
                break
            span = self.sdoc.char_span(actor.char_start, actor.char_end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
                best = actor
                if actor.kind == "person":
                    person = actor
        if pronoun.lower_ in self.frames.personal_pronouns:
            # "Mehdiyev said he ...": a person the text gives no office to, named as a
            # subject earlier in the pronoun's sentence, is whom "he" stands for -- no
            # actor (across sentences "he" or "she" may well be someone else)
            uncoded = [e for e in self.sdoc.ents if e.label_ == "PERSON" and e.end_char <= pronoun.idx
                       and e.start >= pronoun.sent.start
                       and e.root.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS
                       and not any(t.i in self.actor_at for t in e)]
            nearest = person or best
            if uncoded and (nearest is None or uncoded[-1].start_char > nearest.char_start):
                return None
            if person is not None:
                return person
        return best

    def _standing(self, frame: EventFrame) -> bool:
        """A position held, not taken on a day: a ``standing_lemmas`` verb in the simple
        present ("Beijing denies the allegations"), with no auxiliary, no day or time in
        its clause and no say-verb above it ("'We reject ...,' the spokesman said" is a
        statement made)."""
        head = frame.head
        if frame.trigger.lemma_.lower() not in self.frames.standing_lemmas or head is not frame.trigger:
            return False
        if head.tag_ not in ("VBZ", "VBP") or _auxiliaries(head):
            return False
        if any(self.sdoc[i].ent_type_ in ("DATE", "TIME") for i in frame.scope):
            return False
        return next(self._tellers(head), None) is None

    def _anaphoric_subject(self, head: Token) -> bool:
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and child.lemma_.lower() in self.frames.event_anaphors:
                return True
        return False

    def _antecedent(self, frame: EventFrame) -> Event | None:
        for event in reversed(self.events):
            previous = self.doc.frames[event]
            distance = frame.sentence.start - previous.sentence.end
            if event.event_type == "ASSAULT" and distance < 80:
                return event
        return None

    def _victims_named(self, frame: EventFrame) -> bool:
        """The trigger is a bare participle naming people ("the bodies of those killed"):
        who they are, not what happened to them on a day."""
        trigger = frame.trigger
        return (
            trigger.tag_ == "VBN" and trigger.dep_ == "acl"
            and trigger.head.lower_ in self.frames.victim_pronouns
            and all(c.dep_ in ("cc", "conj", "punct", "advmod") for c in trigger.children)
        )

    def _disaster(self, frame: EventFrame, actor1: ActorMention | None) -> bool:
        """A death or blast caused by a disaster or an accident ("a tsunami killed 222")."""
        if frame.sense.event_type not in ("ASSAULT", "COERCE"):
            return False
        cues = self.onto.acled_rules.disaster
        for child in frame.head.children:
            if child.dep_ in SUBJECT_DEPS + ("agent",):
                subject = self.sdoc[child.left_edge.i : child.right_edge.i + 1].text.lower()
                if cues.find(subject):
                    return True
        return actor1 is None and cues.find(frame.sentence.text.lower()) is not None

    # -- modality, attribution, quantities ----------------------------------------

    def _status(self, frame: EventFrame) -> str:
        head = frame.head
        if any(c.dep_ == "neg" for c in head.children) or any(
            c.dep_ == "neg" for c in frame.trigger.children
        ):
            return "denied"
        conditional = self._conditional(frame)
        if frame.sense.event_type == "THREATEN":
            return "conditional" if conditional else "threatened"
        if self._announced(head):
            return "intended"
        for ancestor in head.ancestors:
            lemma = ancestor.lemma_.lower()
            if lemma in self.frames.say_verbs:
                break
            if lemma in self.frames.intent_words:
                return "intended"
            if lemma in self.frames.part_verbs and any(
                    a.lemma_.lower() == "will" for a in _auxiliaries(ancestor)):
                return "intended"  # "the visit will include talks with X"
            if lemma in self.frames.threat_words:
                return "threatened"
        return "conditional" if conditional else "occurred"

    def _announced(self, head: Token) -> bool:
        """The act is told in the future tense ("will strike", "would arrest" under a
        say-verb): announced, as a threat is, rather than planned or agreed."""
        auxes = _auxiliaries(head)
        return any(a.lemma_.lower() == "will" for a in auxes) or self._reported_future(
            head, [a for a in auxes if a.lower_ == "would"]) or _going_to(head)

    def _conditional(self, frame: EventFrame) -> bool:
        """The clause is the condition's ("if Russia does not agree, ...")."""
        return any(t.dep_ == "mark" and t.lower_ in ("if", "unless") for t in _tokens(self.sdoc, frame.scope))

    def _attribution(self, frame: EventFrame) -> dict | None:
        """Who reports it: the subject of the nearest governing say-verb, or "according to X"."""
        for ancestor in frame.head.ancestors:
            if ancestor.lemma_.lower() in self.frames.say_verbs:
                return self._speaker(ancestor, frame)
        for child in frame.head.children:
            if child.dep_ in ("parataxis", "ccomp", "advcl") and (
                child.lemma_.lower() in self.frames.say_verbs
            ):
                return self._speaker(child, frame)
        for token in frame.sentence:
            if token.lower_ == "according" and token.nbor(1).lower_ == "to":
                objects = [t for t in token.nbor(1).children if t.dep_ == "pobj"]
                if objects:
                    return self._speaker_from(objects[0])
        return None

    def _speaker(self, say_verb: Token, frame: EventFrame) -> dict | None:
        frame.attribution_token = say_verb
        subjects = [c for c in say_verb.children if c.dep_ in SUBJECT_DEPS]
        if not subjects:
            return None
        return self._speaker_from(subjects[0])

    def _speaker_from(self, token: Token) -> dict:
        if token.lower_ in self.frames.pronoun_subjects:
            actor = self._resolve_pronoun(token)
            if actor is not None:
                return {"text": token.text, "name": actor.name, "country": actor.country}
        actors = self._actors_in_subtree(token)
        span = self.sdoc[token.left_edge.i : token.right_edge.i + 1]
        text = span.text
        if actors:
            return {"text": text, "name": actors[0].name, "country": actors[0].country}
        return {"text": text, "name": text, "country": None}

    def _quantities(self, frame: EventFrame, whole_sentence: bool = False) -> list[Quantity]:
        """Counts in the event's clause (in the whole sentence for "The violence killed X
        and displaced Y", which is all about the event it refers back to)."""
        if not self.doc.quantities:
            return []
        start = frame.sentence.start_char
        end = frame.sentence.end_char
        scope_chars = {self.sdoc[i].idx for i in frame.scope}
        found = []
        for quantity in self.doc.quantities:
            if not (start <= quantity.char_start < end):
                continue
            token = self.sdoc.char_span(quantity.char_start, quantity.char_end, alignment_mode="expand")
            if whole_sentence or token is None or any(t.idx in scope_chars for t in token):
                found.append(quantity)
        return found


# -- ACLED coding ------------------------------------------------------------------


def _code_acled(event: Event, sense: Trigger) -> None:
    """ACLED event and sub-event type: the trigger's default, refined by who did it to whom."""
    acled_type, sub = sense.acled_event_type, sense.acled_sub_event_type
    sectors1 = set(event.actor1.sectors) if event.actor1 else set()
    sectors2 = set(event.actor2.sectors) if event.actor2 else set()
    if sense.control == "gain" and acled_type == "Battles":
        if sectors1 & NONSTATE_ARMED:
            sub = "Non-state actor overtakes territory"
        elif sectors1 & STATE_SECTORS:
            sub = "Government regains territory"
        else:
            sub = "Armed clash"
    elif acled_type == "Violence against civilians" and sub == "Attack":
        if sectors2 & ARMED_SECTORS:
            acled_type, sub = "Battles", "Armed clash"
    elif acled_type == "Battles" and sub == "Armed clash" and sectors2 == {"CVL"}:
        acled_type, sub = "Violence against civilians", "Attack"
    event.acled_event_type = acled_type
    event.acled_sub_event_type = sub


def _attack_on_civilians(event: Event, frame: EventFrame, civilian_targets: frozenset[str],
                         civilian_victims: frozenset[str] = frozenset()) -> bool:
    """An attack on unarmed people or the places they gather ("gunmen attacked a mosque"),
    with no armed actor as its target, or whose counted dead and wounded are all such
    people ("stormed the village, killing more than 100 villagers"): ACLED codes it as
    violence against civilians."""
    sense = frame.sense
    if event.acled_sub_event_type != "Armed clash" or sense.control or sense.mode == "firearms":
        return False
    if event.actor2 is not None:
        return False
    trigger = frame.trigger
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    objects += _prep_object(trigger, ("on", "against", "at"))
    words: set[str] = set()
    for obj in objects:
        for token in (obj, *(c for c in obj.children if c.dep_ in ("conj", "compound", "amod"))):
            words.update(_forms(token))
    if words & civilian_targets:
        return True
    victims = [set(_forms(frame.sentence.doc[q.counted_i])) for q in event.quantities
               if q.kind in CASUALTY_KINDS and getattr(q, "counted_i", None) is not None]
    return bool(victims) and all(forms & civilian_victims for forms in victims)


def _refine_acled(event: Event, frame: EventFrame, rules: AcledRules, context: str) -> None:
    """ACLED's precedence rules over the words around the trigger (``acled_rules.toml``)."""
    acled_type, sub = event.acled_event_type, event.acled_sub_event_type
    refined = None
    if event.event_type == "ASSAULT" and acled_type and sub not in TERRITORY_SUBS:
        refined = _crowd_violence(event, rules, context) or _weapon(
            event, rules, _without_victims(frame, context, rules.victim_verbs))
    elif sub == "Looting/property destruction":
        refined = _crowd_damage(rules, context)
    elif event.event_type == "PROTEST" and acled_type in ("Protests", "Riots"):
        refined = _protest_outcome(rules, context)
    elif event.event_type in AGREEMENT_TYPES and (
        rules.agreement.find(context) or _between_armed(event)
    ):
        refined = ("Strategic developments", "Agreement")
    if refined is not None:
        event.acled_event_type, event.acled_sub_event_type = refined
        frame.notes.append(f"ACLED type refined to {refined[1]!r}")
        frame.refined = True


def _crowd_violence(event: Event, rules: AcledRules, context: str) -> tuple[str, str] | None:
    if rules.sexual.find(context):
        return "Violence against civilians", "Sexual violence"
    if rules.mob.find(context):
        return "Riots", "Mob violence"
    if not rules.protesters.find(context):
        return None
    sectors = set(event.actor1.sectors) if event.actor1 else set()
    by_state = bool(sectors & STATE_SECTORS) or rules.state_forces.find(context)
    if by_state and rules.excessive_force.find(context):
        return "Protests", "Excessive force against protesters"
    return "Riots", "Violent demonstration"


def _crowd_damage(rules: AcledRules, context: str) -> tuple[str, str] | None:
    """Destruction by a crowd is a riot (ACLED: rioters' property destruction)."""
    if rules.mob.find(context):
        return "Riots", "Mob violence"
    if rules.protesters.find(context):
        return "Riots", "Violent demonstration"
    return None


def _weapon(event: Event, rules: AcledRules, context: str) -> tuple[str, str] | None:
    """Remote violence by its weapon; a gun battle stays a battle (ACLED: ground fighting
    with shelling is an armed clash)."""
    if event.mode == "firearms":
        return None
    for sub, cues in rules.weapons:
        if cues.find(context):
            return "Explosions/Remote violence", sub
    return None


def _without_victims(frame: EventFrame, context: str, victim_verbs: frozenset[str]) -> str:
    """The context less the words that name victims, the object or passive subject of a
    verb of harm: "snipers killed suicide bombers" names who died, not the weapon."""
    sentence = frame.sentence
    for verb in sentence.doc[sentence.start : _context_end(frame)]:
        if verb.pos_ not in ("VERB", "AUX") or not victim_verbs.intersection(_forms(verb)):
            continue
        for victim in (c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")):
            context = context.replace(sentence.doc[victim.left_edge.i : victim.right_edge.i + 1].text.lower(), " ")
    return context


def _protest_outcome(rules: AcledRules, context: str) -> tuple[str, str] | None:
    if rules.excessive_force.find(context) and rules.state_forces.find(context):
        return "Protests", "Excessive force against protesters"
    if rules.violent.find(context):
        return "Riots", "Violent demonstration"
    if rules.intervention.find(context):
        return "Protests", "Protest with intervention"
    return None


def _between_armed(event: Event) -> bool:
    """Two sides of which one is a non-state armed group (government and rebels)."""
    if event.actor1 is None or event.actor2 is None:
        return False
    sides = set(event.actor1.sectors) | set(event.actor2.sectors)
    return bool(sides & NONSTATE_ARMED)


def _context(frame: EventFrame) -> str:
    """The event's sentence and the next one of its paragraph, lower-cased: where its
    outcome is told (a paragraph break starts another story's thread)."""
    return frame.sentence.doc[frame.sentence.start : _context_end(frame)].text.lower()


def _context_end(frame: EventFrame) -> int:
    sentence = frame.sentence
    end = sentence.end
    doc = sentence.doc
    if end < len(doc) and "\n\n" not in doc[sentence.end - 1 : end + 1].text_with_ws:
        end = doc[end].sent.end
    return end


def _fatalities(quantities: list[Quantity]) -> int | None:
    killed = [int(q.value) for q in quantities if q.kind == "killed"]
    return sum(killed) if killed else None


# -- parse helpers -------------------------------------------------------------------


def _previous_sentence(sentence: Span) -> Span | None:
    """The sentence before ``sentence`` that is not blank, or None."""
    doc = sentence.doc
    start = sentence.start
    while start > 0:
        previous = doc[start - 1].sent
        if previous.text.strip():
            return previous
        start = previous.start
    return None


def _same_actor(a: ActorMention, b: ActorMention) -> bool:
    """Two mentions of one actor: an office and its holder ("the envoy, Jane Roe")."""
    if a is b or (a.name, a.country, a.sectors) == (b.name, b.country, b.sectors):
        return True
    return "person" in (a.kind, b.kind) and (a.country, a.sectors) == (b.country, b.sectors)


def _forms(token: Token) -> tuple[str, ...]:
    """The token's lemma and the base forms its spelling suggests: the small model's
    lemmatiser slips on some words ("staged" -> "stag", "bases" -> "basis")."""
    return _forms_of(token.lemma_.lower(), token.lower_)


@functools.lru_cache(maxsize=65536)
def _forms_of(lemma: str, lower: str) -> tuple[str, ...]:
    forms = [lemma, lower]
    for suffix, replacement in SUFFIXES:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            forms.append(lower[: -len(suffix)] + replacement)
    return tuple(dict.fromkeys(forms))


def _depth(token: Token) -> tuple[int, int]:
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth, token.i


def _clause(head: Token) -> frozenset[int]:
    """The head's clause: its subtree without coordinated or paratactic clauses."""
    return frozenset(t.i for t in _subtree_without(head, SEPARATE_CLAUSE_DEPS))


def _aimed_at(token: Token) -> bool:
    """The token lies in the object of an event noun's target preposition ("attack on X")."""
    for ancestor in (token, *token.ancestors):
        if ancestor.dep_ == "pobj" and ancestor.head.lower_ in TARGET_PREPS and ancestor.head.head.pos_ in ("NOUN", "PROPN"):
            return True
        if ancestor.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
            return False
    return False


def _subtree_without(token: Token, deps: tuple[str, ...]) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ in deps:
            continue
        out.extend(_subtree_without(child, deps))
    return out


def _tokens(sdoc: SpacyDoc, indices: frozenset[int]) -> list[Token]:
    return [sdoc[i] for i in sorted(indices)]


def _purpose(verb: Token) -> bool:
    """An infinitive hung on another verb as its aim ("making bombs to carry out attacks",
    "recruited young men to fight")."""
    return verb.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _going_to(head: Token) -> bool:
    """The future told with "be going to" ("we're going to revoke it and kick you out"):
    the verb, or the verb it is coordinated with, is the infinitive of a "going" that
    has "be" as its auxiliary."""
    verb = head.head if head.dep_ == "conj" else head
    going = verb.head
    return (verb.dep_ == "xcomp" and going.lower_ == "going" and going.tag_ == "VBG"
            and any(c.dep_ == "aux" and c.lemma_.lower() == "to" for c in verb.children)
            and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in going.children))


def _perfect(head: Token) -> bool:
    """ "has killed", "have been killed", "has been fighting", "had seized"."""
    auxes = _auxiliaries(head)
    if head.tag_ not in ("VBN", "VBG"):
        return False
    if any(a.lemma_.lower() == "have" for a in auxes):
        return True
    # "there's been", "it's been fighting": a contracted "'s" before "been" is "has"
    been = head.lower_ == "been" or any(a.lower_ == "been" for a in auxes)
    return been and any(a.lower_ in ("'s", "’s") for a in auxes)


def _auxiliaries(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ in ("aux", "auxpass")]


def _modifiers(token: Token) -> list[Token]:
    """Auxiliaries and predicative adjectives: "could", "is likely (to)"."""
    return [c for c in token.children if c.dep_ in ("aux", "auxpass", "acomp", "advmod")]


def _clause_mark(verb: Token, preps: Collection[str]) -> bool:
    """One of ``preps`` that the parse hangs as the mark of a clause after the verb ("called
    for the charges to be dropped", "appealed for calm to be restored"): the preposition
    heads an infinitive with its own subject."""
    return any(
        m.dep_ == "mark" and m.lower_ in preps and m.i > verb.i
        for clause in verb.children if clause.dep_ in ("advcl", "ccomp") and clause.i > verb.i
        for m in clause.children
    )


def _names_time(prep: Token) -> bool:
    """The preposition's object is a date or a time ("on Monday", "in March")."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _prep_object(token: Token, preps: Collection[str]) -> list[Token]:
    objects = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in preps:
            objects.extend(c for c in child.children if c.dep_ == "pobj")
    return objects


def _object_lemmas(token: Token, preps: frozenset[str] = frozenset()) -> set[str]:
    """Lemmas of what the trigger acts on, looking through measure nouns ("hours of talks"),
    the objects of the sense's own prepositions ("took to the streets") and, for a noun,
    its "of" and its own modifiers ("the exchange of prisoners", "a prisoner exchange")."""
    lemmas: set[str] = set()
    own_preps = preps | ({"of"} if token.pos_ in ("NOUN", "PROPN") else set())
    for pobj in _prep_object(token, tuple(own_preps)):
        lemmas.update(_forms(pobj))
    for child in token.children:
        if child.dep_ in OBJECT_DEPS or child.dep_ in ("nsubjpass",):
            lemmas.update(_forms(child))
            for grandchild in child.children:
                if grandchild.dep_ in ("prep",) and grandchild.lower_ == "of":
                    for pobj in grandchild.children:
                        if pobj.dep_ == "pobj":
                            lemmas.update(_forms(pobj))
                if grandchild.dep_ in ("compound", "conj"):
                    lemmas.update(_forms(grandchild))
    if token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":
        lemmas.add(token.head.lemma_.lower())
    if token.pos_ in ("NOUN", "PROPN"):
        # a noun's own modifiers tell what it is of ("a prisoner exchange", "a general strike")
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod"):
                lemmas.update(_forms(child))
    if any(c.dep_ == "ccomp" and _own_future(token, c) for c in token.children):
        lemmas.add(OWN_FUTURE)
    return lemmas


def _noun_read_subject(verb: Token) -> list[Token]:
    """The subject of a verb the parser read as a noun: "The Ministry denounces that ..."
    parses "Ministry" as a compound of "denounces"; a verb has no compound of its own,
    so one before it is what the parser took for the head of its noun phrase."""
    if verb.pos_ != "VERB":
        return []
    return [c for c in verb.children if c.dep_ == "compound" and c.i < verb.i][-1:]


def _past_affirmed(word: Token) -> bool:
    """ "was able to": the word's copula is in the past tense, with no negation, no
    modal and no mark of a question or condition ("was not able", "would have been
    able", "whether they were able" are not)."""
    copula = word.head if word.dep_ == "acomp" else next(
        (c for c in word.children if c.dep_ in ("cop", "aux")), None)
    if copula is None or copula.tag_ != "VBD":
        return False
    return not any(c.dep_ in ("neg", "aux", "mark") for t in (word, copula) for c in t.children)


def _headline_subject(verb: Token) -> bool:
    """The subject of a headline written as a sentence: counted ("Four bombers blow
    themselves up") or a singular noun with no article ("Mob lynches man", "Police fire
    tear gas"), the historical present of news, not a habit."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    if any(c.dep_ == "nummod" for c in subject.children):
        return True
    return subject.tag_ == "NN" and not any(
        c.dep_ in ("det", "poss") for c in subject.children)


def _told_to(verb: Token) -> bool:
    """ "warned the villagers to leave", "told the rebels not to return": an object and,
    after it, an infinitive with no subject of its own (the parse makes it a complement or,
    with words between, an adverbial clause) that tells the object what to do."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if not objects:
        return False
    for clause in verb.children:
        if clause.dep_ not in ("xcomp", "advcl") or clause.i < objects[0].i or clause.tag_ != "VB":
            continue
        children = list(clause.children)
        if any(c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS for c in children):
            continue
        if any(c.dep_ == "aux" and c.tag_ == "TO" for c in children) and not any(
                c.dep_ == "mark" for c in children):
            return True  # not "in order to", "so as to": a purpose
    return False


def _agents(token: Token) -> list[Token]:
    """The "by" agents of a passive verb or of the passive verbs joined to it
    ("orchestrated and directed by X")."""
    verbs = [token, *(c for c in token.children if c.dep_ == "conj" and c.tag_ == "VBN")]
    return [c for verb in verbs for c in verb.children if c.dep_ == "agent"]


def _own_future(trigger: Token, clause: Token) -> bool:
    """ "Ankara warns it will turn to Moscow": the complement tells what the trigger's own
    subject will do (a pronoun or the same word), not a forecast about someone else."""
    if not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children):
        return False
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    own = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    return subject.lower_ in ("it", "we", "they", "he", "she", "i") or (
        own is not None and subject.lemma_.lower() == own.lemma_.lower())


def content_bounds(sentence: Span) -> tuple[int, int]:
    """Character offsets of the sentence without its surrounding whitespace."""
    words = [t for t in sentence if not t.is_space]
    if not words:
        return sentence.start_char, sentence.start_char
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _is_headline(sentence: Span) -> bool:
    """A heading line: alone on its line, short, with no closing punctuation."""
    start, end = content_bounds(sentence)
    doc_text = sentence.doc.text
    text = doc_text[start:end]
    if not text or text[-1] in ".!?\"'”’:)":
        return False
    before = doc_text[:start].rstrip(" \t")
    after = doc_text[end:].lstrip(" \t")
    # A heading stands above a body: the last line of a text is never one.
    alone = (not before or before.endswith("\n")) and after.startswith("\n") and bool(after.strip())
    words = sum(1 for t in sentence if not t.is_space)
    return alone and words <= HEADLINE_MAX_TOKENS
