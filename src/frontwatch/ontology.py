"""The event ontology: triggers, syntactic frames and the PLOVER / CAMEO / ACLED maps.

Everything here is read from the reviewable data files in ``data/ontology/``, once per
process, on first use.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from importlib import resources


@dataclass(frozen=True)
class Trigger:
    """One sense of a trigger word (a row of ``triggers.tsv``)."""

    lemma: str
    pos: str
    particle: str | None
    objects: frozenset[str]
    preps: frozenset[str]
    event_type: str
    mode: str | None
    cameo: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    control: str | None

    @property
    def specificity(self) -> int:
        return bool(self.objects) + bool(self.particle) + bool(self.preps)

    @property
    def cameo_root(self) -> str:
        return self.cameo[:2]


@dataclass(frozen=True)
class Frames:
    say_verbs: frozenset[str]
    light_verbs: frozenset[str]
    intent_words: frozenset[str]
    speculative_words: frozenset[str]
    preparation_verbs: frozenset[str]
    norm_nouns: frozenset[str]
    norm_preps: frozenset[str]
    assist_verbs: frozenset[str]
    endangered_objects: frozenset[str]
    public_addressees: frozenset[str]
    threat_words: frozenset[str]
    refusable_types: frozenset[str]
    agreed_measure_lemmas: frozenset[str]
    agreed_measure_types: frozenset[str]
    victim_pronouns: frozenset[str]
    event_anaphors: frozenset[str]
    non_agent_nouns: frozenset[str]
    author_preps: frozenset[str]
    pronoun_subjects: frozenset[str]
    personal_pronouns: frozenset[str]
    speaker_pronouns: frozenset[str]
    statement_types: frozenset[str]
    worded_types: frozenset[str]
    happening_verbs: frozenset[str]
    order_verbs: frozenset[str]
    standing_lemmas: frozenset[str]
    press_nouns: frozenset[str]
    work_stoppage_nouns: frozenset[str]
    work_stoppage_modifiers: frozenset[str]
    work_stoppage_verbs: frozenset[str]
    identifying_participles: frozenset[str]
    question_clause_verbs: frozenset[str]
    question_words: frozenset[str]
    future_aux: frozenset[str]
    target_preps: frozenset[str]
    figurative_preps: frozenset[str]
    measure_nouns: frozenset[str]
    noun_event_verbs: frozenset[str]
    definite_determiners: frozenset[str]
    fresh_modifiers: frozenset[str]
    crowd_acts: frozenset[str]
    speaker_nouns: frozenset[str]
    indefinite_determiners: frozenset[str]
    one_statement_types: frozenset[str]
    non_event_modifiers: frozenset[str]
    civilian_targets: frozenset[str]
    civilian_victims: frozenset[str]
    figurative_targets: frozenset[str]
    weapon_nouns: frozenset[str]
    weapon_use_verbs: frozenset[str]
    force_sites: frozenset[str]
    non_event_entities: frozenset[str]
    habit_types: frozenset[str]
    frequency_words: frozenset[str]
    condition_marks: frozenset[str]
    condition_mark_exceptions: frozenset[str]
    obligation_verbs: frozenset[str]
    non_event_objects: frozenset[str]
    participation_verbs: frozenset[str]
    encounter_preps: frozenset[str]
    blame_nouns: frozenset[str]
    aid_carriers: frozenset[str]
    aid_goods: frozenset[str]
    blame_preps: frozenset[str]
    means_preps: frozenset[str]
    press_sectors: frozenset[str]
    statement_sectors: frozenset[str]
    confinement_nouns: frozenset[str]
    confinement_verbs: frozenset[str]
    state_nouns: frozenset[str]
    intransitive_triggers: frozenset[str]
    sheltered_people: frozenset[str]
    disguise_verbs: frozenset[str]
    struggle_triggers: frozenset[str]
    single_person_pronouns: frozenset[str]
    own_subject_triggers: frozenset[str]
    extraction_triggers: frozenset[str]
    rescued_people: frozenset[str]
    goods_objects: frozenset[str]
    showing_nouns: frozenset[str]
    simultaneous_marks: frozenset[str]
    sequence_marks: frozenset[str]
    short_spans: frozenset[str]
    comparison_preps: frozenset[str]
    comparison_ordinals: frozenset[str]
    question_verbs: frozenset[str]
    question_marks: frozenset[str]
    question_preps: frozenset[str]
    long_onsets: frozenset[str]
    onset_nouns: frozenset[str]
    stretch_units: frozenset[str]
    stretch_preps: frozenset[str]
    counted_stretch_units: frozenset[str]
    counted_stretch_preps: frozenset[str]
    anonymity_words: frozenset[str]
    anonymity_conditions: frozenset[str]
    into_senses: frozenset[str]
    figurative_into_objects: frozenset[str]
    sequel_day_nouns: frozenset[str]
    sequel_next: frozenset[str]
    sequel_same: frozenset[str]
    part_verbs: frozenset[str]
    realized_in_past: frozenset[str]

    def confinement(self, noun: str, verb: str) -> bool:
        """ "has been in custody since ...": a confinement noun held by its verb (lemmas)."""
        return noun in self.confinement_nouns and verb in self.confinement_verbs


class Cues:
    """A list of cue phrases matched at word starts in lower-cased text; a phrase negated
    by a "non-" prefix ("non-violent") does not match."""

    def __init__(self, phrases: list[str]):
        self.phrases = tuple(phrases)
        alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!non-)(?<!non )\b(?:{alternatives})") if phrases else None

    def find(self, text: str) -> str | None:
        match = self._pattern.search(text) if self._pattern else None
        return match.group(0) if match else None


@dataclass(frozen=True)
class AcledRules:
    """``acled_rules.toml``: the cues that refine an event's ACLED sub-event type."""

    weapons: tuple[tuple[str, Cues], ...]  # (sub-event type, cues), in precedence order
    sexual: Cues
    mob: Cues
    protesters: Cues
    state_forces: Cues
    excessive_force: Cues
    violent: Cues
    intervention: Cues
    agreement: Cues
    disaster: Cues
    victim_verbs: frozenset[str]  # whose object names victims, not the weapon


def _acled_rules(raw: dict) -> AcledRules:
    return AcledRules(
        weapons=tuple((w["sub"], Cues(w["cues"])) for w in raw["weapon"]),
        sexual=Cues(raw["crowd"]["sexual"]),
        mob=Cues(raw["crowd"]["mob"]),
        protesters=Cues(raw["crowd"]["protesters"]),
        state_forces=Cues(raw["crowd"]["state_forces"]),
        excessive_force=Cues(raw["protest"]["excessive_force"]),
        violent=Cues(raw["protest"]["violent"]),
        intervention=Cues(raw["protest"]["intervention"]),
        agreement=Cues(raw["agreement"]["cues"]),
        disaster=Cues(raw["disaster"]["cues"]),
        victim_verbs=frozenset(raw["victims"]["verbs"]),
    )


@dataclass(frozen=True)
class AcledSubtype:
    """One of ACLED's 25 sub-event types, with the PLOVER type it usually is."""

    event_type: str
    sub_event_type: str
    plover_type: str


@dataclass(frozen=True)
class ImpliedActor:
    """Who did it when the text does not say (``implied_actors.tsv``): ACLED's convention."""

    event_type: str
    mode: str  # a PLOVER mode, or * for any
    acled: str  # an ACLED sub-event type, or * for any
    sector: str
    name: str  # {country} is the country's name

    def fits(self, event_type: str, mode: str | None, acled_sub_event_type: str | None) -> bool:
        return (
            event_type == self.event_type
            and self.mode in ("*", mode)
            and self.acled in ("*", acled_sub_event_type)
        )


@dataclass(frozen=True)
class CodeFix:
    """A row of ``trigger_fixes.tsv``: legacy trigger codes -> the codebooks' ("*" any, "=" keep)."""

    event_type: str
    mode: str
    cameo: str
    new_type: str
    new_mode: str
    new_cameo: str

    def fits(self, event_type: str, mode: str | None, cameo: str) -> bool:
        return (
            self.event_type in ("*", event_type)
            and self.mode in ("*", mode or "-")
            and self.cameo in ("*", cameo)
        )

    def apply(self, event_type: str, mode: str | None, cameo: str) -> tuple[str, str | None, str]:
        def pick(new: str, old: str | None) -> str | None:
            return old if new == "=" else _dash(new)

        return pick(self.new_type, event_type) or event_type, pick(self.new_mode, mode), pick(self.new_cameo, cameo) or cameo


@dataclass(frozen=True)
class Ontology:
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) -> senses
    frames: Frames
    acled_disorder: dict[tuple[str, str], str]  # (event type, sub-event type) -> disorder
    plover_cameo_root: dict[str, str]  # PLOVER type -> its default CAMEO code (plover_types.tsv)
    plover_quad_class: dict[str, int]  # PLOVER type -> the manual's quad class
    cameo_penta: dict[str, int]  # CAMEO root -> Phoenix five-class value (phoenix_penta.tsv)
    cameo_goldstein: dict[str, float]  # every CAMEO code -> GDELT's Goldstein value
    cameo_names: dict[str, str]  # every CAMEO code -> GDELT's description
    acled_case_codes: dict[str, str]  # ACLED sub-event type -> its CASE 2021 label
    acled_rules: AcledRules
    acled_by_case_code: dict[str, AcledSubtype]  # CASE 2021 label -> the sub-event type
    implied_actors: tuple[ImpliedActor, ...] = ()  # first that fits wins
    plover_modes: dict[str, frozenset[str]] = field(default_factory=dict)  # type -> the manual's modes
    cameo_plover: dict[str, frozenset[str]] = field(default_factory=dict)  # CAMEO code -> CAMEO2PLOVER types
    code_fixes: tuple[CodeFix, ...] = ()

    def plover_types_of(self, cameo: str) -> frozenset[str]:
        """The PLOVER types CAMEO2PLOVER gives a CAMEO code, or its nearest listed parent's
        (empty for the roots 01 and 02, which PLOVER drops)."""
        for length in range(len(cameo), 1, -1):
            if cameo[:length] in self.cameo_plover:
                return self.cameo_plover[cameo[:length]]
        return frozenset()

    def fix_codes(self, event_type: str, mode: str | None, cameo: str) -> tuple[str, str | None, str]:
        """(type, mode, CAMEO code) as the codebooks have them (``trigger_fixes.tsv``)."""
        fix = next((f for f in self.code_fixes if f.fits(event_type, mode, cameo)), None)
        return fix.apply(event_type, mode, cameo) if fix else (event_type, mode, cameo)

    def plover_mode(self, event_type: str, mode: str | None, cameo: str = "") -> str | None:
        """``mode`` under PLOVER's name for it, or None when the type has no such mode."""
        _type, mode, _cameo = self.fix_codes(event_type, mode, cameo or "*")
        return mode if mode in self.plover_modes.get(event_type, ()) else None

    @functools.cached_property
    def condemning_words(self) -> frozenset[str]:
        """``judgements.toml``: the words that make a description a denunciation."""
        return frozenset(_toml("judgements.toml")["condemning"])

    @functools.cached_property
    def adverse_conditions(self) -> frozenset[str]:
        """``judgements.toml`` [condition]: the verbs of an "if" clause that make a
        conditional statement of one's own action a threat."""
        return frozenset(_toml("judgements.toml")["condition"]["adverse_verbs"])

    @functools.cached_property
    def penalty_words(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """``judgements.toml`` [penalty]: the passive verbs, the nouns of "faces" and the
        words of a passive clause that make a warning's future complement a threat to
        punish."""
        data = _toml("judgements.toml")["penalty"]
        return frozenset(data["verbs"]), frozenset(data["nouns"]), frozenset(data["marks"])

    @functools.cached_property
    def intentions(self) -> dict[tuple[str, str | None], tuple[str, str]]:
        """``intentions.tsv``: an intended act's (PLOVER type, mode) -> the intention's
        (type, CAMEO code)."""
        return {
            (r["type"], None if r["mode"] == "-" else r["mode"]): (r["intended_type"], r["cameo"])
            for r in _rows("intentions.tsv")
        }

    @functools.cached_property
    def penalty_idioms(self) -> dict[str, frozenset[str]]:
        """``judgements.toml`` [penalty]: the idioms of a threat to deal harshly with
        others ("must deal decisively with", "no leniency for", "will not rest until")."""
        data = _toml("judgements.toml")["penalty"]
        keys = ("handling_verbs", "handling_manners", "withheld", "unresting", "until_verbs", "obligation_modals")
        return {key: frozenset(data[key]) for key in keys}

    @functools.cached_property
    def denial_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """``judgements.toml``: (the untruths a denial calls a claim, the claim nouns)."""
        data = _toml("judgements.toml")
        return frozenset(data["denying"]), frozenset(data["claims"])

    @functools.cached_property
    def denial_sense(self) -> Trigger:
        """The sense of a statement that calls a claim untrue: the "deny" trigger's."""
        return next(s for s in self.senses("deny", "VERB") if not s.objects)

    @functools.cached_property
    def judgement_sense(self) -> Trigger:
        """The sense of a statement that condemns with no act word (``judgements.toml``)."""
        data = _toml("judgements.toml")["statement"]
        return Trigger(
            lemma="say", pos="VERB", particle=None, objects=frozenset(), preps=frozenset(),
            event_type=data["type"], mode=None, cameo=data["cameo"], acled_event_type=None,
            acled_sub_event_type=None, control=None,
        )

    @functools.cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """Every trigger lemma: computed once, read for every sentence."""
        return frozenset(lemma for lemma, _pos in self.triggers)

    def senses(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.triggers.get((lemma, "NOUN" if pos in ("NOUN", "PROPN") else "VERB"), ())


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("frontwatch").joinpath("data", "ontology", name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


def _toml(name: str) -> dict:
    return tomllib.loads(resources.files("frontwatch").joinpath("data", "ontology", name).read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def load_frames() -> Frames:
    """The word lists of ``frames.toml``, read once (also ``load_ontology().frames``)."""
    return Frames(**{key: frozenset(values) for key, values in _toml("frames.toml").items()})


@functools.lru_cache(maxsize=None)
def word_lists(path: str) -> dict[str, tuple[str, ...]]:
    """The word lists of a TOML file under ``frontwatch/data`` ("actors/grammar.toml"),
    each in its file order, read once per process."""
    text = resources.files("frontwatch").joinpath("data", *path.split("/")).read_text("utf-8")
    return {key: tuple(values) for key, values in tomllib.loads(text).items()}


def _dash(value: str) -> str | None:
    value = value.strip()
    return None if value in ("", "-") else value


ACLED_EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)


def split_acled(value: str | None) -> tuple[str | None, str | None]:
    """ "Explosions/Remote violence/Air/drone strike" -> (event type, sub-event type)."""
    for event_type in ACLED_EVENT_TYPES:
        if value and value.startswith(event_type + "/"):
            return event_type, value[len(event_type) + 1 :]
    return None, None


def _trigger(row: dict[str, str]) -> Trigger:
    acled_type, acled_sub = split_acled(_dash(row["acled"]))
    objects = _dash(row["object"])
    preps = _dash(row["prep"])
    return Trigger(
        lemma=row["lemma"].strip(),
        pos=row["pos"].strip(),
        particle=_dash(row["particle"]),
        objects=frozenset(objects.split("|")) if objects else frozenset(),
        preps=frozenset(preps.split("|")) if preps else frozenset(),
        event_type=row["type"].strip(),
        mode=_dash(row["mode"]),
        cameo=row["cameo"].strip(),
        acled_event_type=acled_type or None,
        acled_sub_event_type=acled_sub or None,
        control=_dash(row["control"]),
    )


def _fixed(trigger: Trigger, fixes: tuple[CodeFix, ...]) -> Trigger:
    fix = next((f for f in fixes if f.fits(trigger.event_type, trigger.mode, trigger.cameo)), None)
    if fix is None:
        return trigger
    event_type, mode, cameo = fix.apply(trigger.event_type, trigger.mode, trigger.cameo)
    return replace(trigger, event_type=event_type, mode=mode, cameo=cameo)


def _cameo_plover() -> dict[str, frozenset[str]]:
    types: dict[str, set[str]] = defaultdict(set)
    for row in _rows("cameo_to_plover.tsv"):
        types[row["cameo_code"]].add(row["plover_type"])
    return {code: frozenset(names) for code, names in types.items()}


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    fixes = tuple(
        CodeFix(r["type"], r["mode"], r["cameo"], r["new_type"], r["new_mode"], r["new_cameo"])
        for r in _rows("trigger_fixes.tsv")
    )
    triggers: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for row in _rows("triggers.tsv"):
        trigger = _fixed(_trigger(row), fixes)
        triggers[(trigger.lemma, trigger.pos)].append(trigger)
    frames = load_frames()
    plover = _rows("plover_types.tsv")
    acled = _rows("acled_types.tsv")
    return Ontology(
        triggers={
            key: tuple(sorted(senses, key=lambda t: -t.specificity))
            for key, senses in triggers.items()
        },
        frames=frames,
        acled_disorder={(r["acled_event_type"], r["acled_sub_event_type"]): r["disorder_type"] for r in acled},
        plover_cameo_root={r["plover_type"]: r["cameo_code"] for r in plover},
        plover_quad_class={r["plover_type"]: int(r["quad_class"]) for r in plover},
        cameo_penta={r["cameo_root"]: int(r["phoenix_class"]) for r in _rows("phoenix_penta.tsv")},
        cameo_goldstein={r["cameo_code"]: float(r["goldstein"]) for r in _rows("cameo_goldstein.tsv")},
        cameo_names={r["cameo_code"]: r["description"] for r in _rows("cameo_event_codes.tsv")},
        acled_case_codes={r["acled_sub_event_type"]: r["case_code"] for r in acled},
        acled_rules=_acled_rules(_toml("acled_rules.toml")),
        acled_by_case_code={
            r["case_code"]: AcledSubtype(r["acled_event_type"], r["acled_sub_event_type"], r["plover_type"])
            for r in acled
        },
        implied_actors=tuple(
            ImpliedActor(r["type"], r["mode"], r["acled"], r["sector"], r["name"])
            for r in _rows("implied_actors.tsv")
        ),
        plover_modes={r["plover_type"]: frozenset(filter(None, r["modes"].split("|"))) for r in plover},
        cameo_plover=_cameo_plover(),
        code_fixes=fixes,
    )


class UsesOntology:
    """A stage that reads the ontology: the one it was given, else the packaged one,
    loaded on first use (``load_ontology`` reads it once per process)."""

    _ontology: Ontology | None = None

    @property
    def ontology(self) -> Ontology:
        if self._ontology is None:
            self._ontology = load_ontology()
        return self._ontology
