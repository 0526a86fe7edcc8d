"""Sentence-coding mode: one event code for every input sentence.

The article pipeline reads whole stories, where most sentences tell of no happening and a
wrong event costs an analyst's trust: there the learned event core neither makes nor
retypes events by default. Event data sets are coded the other way: PETRARCH and the
Phoenix pipeline take sentences one at a time and give each the code of the happening it
reports (a CAMEO root, and its Phoenix penta class: statement, verbal or material
cooperation, verbal or material conflict). In this mode every input is such a sentence
and gets its code: the rules' event where they read one, unless the learned core is
confident of another code, else the core's (``stages/sentence_code.py`` says how).

The mode needs the learned event core: the ``event_core`` setting's core, or the packaged
one where the setting is ``"off"`` (that setting is about whole articles). With the
typer off (``typing_model = ""``, or no ``learned`` extra) sentences get the rules' code
alone, and those the rules read nothing in get none.

Use it from Python (``code_sentences`` in ``frontwatch.api``, or ``load_coder``) or from
the command line: ``frontwatch code sentences FILE`` (JSONL with ``text`` and an optional
``id`` a line, or plain text, one sentence a line).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontwatch.eventcore import CORE_OFF, CoreReader, _core_reader
from frontwatch.learned import TyperUnavailable, warn_typer_off
from frontwatch.read import read_text
from frontwatch.records import Rejected, SentenceCoding
from frontwatch.settings import Settings, load_settings

MODES = ("article", "sentence")


def load_sentence_core(settings: Settings) -> CoreReader | None:
    """The core that codes sentences: the configured one, or the packaged one where the
    article setting is off; None when the typer is off or not installed."""
    if not settings.typing_model:
        return None
    path = "" if settings.event_core == CORE_OFF else settings.event_core
    try:
        return _core_reader(settings.typing_model, path)
    except TyperUnavailable as error:
        warn_typer_off(str(error))
        return None


class SentenceCoder:
    """A sentence-mode pipeline: (id, sentence) pairs in, ``SentenceCoding`` out."""

    def __init__(self, pipeline):
        stage = next((s for s in pipeline.stages if s.name == "sentence_code"), None)
        if stage is None:
            raise ValueError("not a sentence-coding pipeline: build it with sentence_pipeline()")
        self.pipeline = pipeline
        self._stage = stage

    def code(self, items: Iterable[tuple[str, str] | Rejected]) -> Iterator[SentenceCoding | Rejected]:
        """Each (id, sentence)'s code, in order; a Rejected input (or one the pipeline
        rejects) passes through in its place."""
        batch_size = max(1, self.pipeline.settings.batch_size)
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, batch_size)):
            articles = [item if isinstance(item, Rejected) else read_text(item[1], origin=item[0], id=item[0],
                                                                          detect_head=False)
                        for item in batch]
            self._embed_ahead([a.text for a in articles if not isinstance(a, Rejected)])
            for result in self.pipeline.run(articles):
                yield result if isinstance(result, Rejected) else _final(result)

    def _embed_ahead(self, texts: list[str]) -> None:
        """Encode the batch's sentences together (the stage then finds them in the
        embedder's recent passages, one at a time)."""
        core = self._stage.core
        if core is None or not texts:
            return
        try:
            core.embedder.encode(texts)
        except TyperUnavailable as error:
            warn_typer_off(str(error))


def _final(result) -> SentenceCoding:
    """The coding with the event as it came out of the later stages (dated, placed; one
    merged into another is that one)."""
    coding = result.document.coding
    if coding is None:  # a stage before the coder left the document early: nothing read
        return SentenceCoding(id=result.article.id, text=result.article.text, cameo_root=None, cameo_code=None,
                              penta=None, event_type=None, coded_by="rules", probability=None)
    event = coding.event
    if event is not None and not any(e is event for e in result.events):
        frames = result.document.frames
        event = next((e for e in result.events if e in frames and any(m is event for m in frames[e].mentions)), None)
        coding.event = event
    return coding


def sentence_pipeline(settings: Settings | None = None):
    """The pipeline of sentence-coding mode: the article pipeline's stages, with the
    coding stage (``stages/sentence_code.py``) in the place of ``learned_events``."""
    from frontwatch.nlp import load_nlp
    from frontwatch.pipeline import Pipeline
    from frontwatch.stages import default_stages

    settings = settings or load_settings()
    return Pipeline(load_nlp(settings.model), default_stages(settings, mode="sentence"), settings)


def load_pipeline_for(mode: str, settings: Settings | None = None):
    """The article pipeline (``"article"``) or the sentence-coding one (``"sentence"``)."""
    from frontwatch.pipeline import load_pipeline

    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: choose one of {', '.join(MODES)}")
    return sentence_pipeline(settings) if mode == "sentence" else load_pipeline(settings)


def load_coder(settings: Settings | None = None) -> SentenceCoder:
    return SentenceCoder(sentence_pipeline(settings))


def read_sentences(path: str | Path) -> Iterator[tuple[str, str] | Rejected]:
    """(id, sentence) pairs from a file: JSONL (``text``, optional ``id``; the line number
    otherwise) or plain text, one sentence a line. A line that cannot be read is a
    Rejected naming the file and line; blank lines are skipped."""
    path = Path(path)
    jsonl = path.suffix.lower() == ".jsonl"
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            origin = f"{path.name}:{number}"
            if not jsonl:
                yield str(number), line.strip()
                continue
            try:
                record = json.loads(line)
                text = record["text"] if isinstance(record, dict) else None
            except (json.JSONDecodeError, KeyError):
                yield Rejected(origin, "not a JSON object with a 'text' field")
                continue
            if not isinstance(text, str) or not text.strip():
                yield Rejected(origin, "'text' is empty or not a string")
                continue
            yield str(record.get("id", number)), text
