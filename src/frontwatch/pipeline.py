"""Runs the stages over articles; names the failing stage in errors.

The NLP stage runs spaCy over batches (``nlp.pipe``); every later stage is a small
callable over one ``Document``. ``Pipeline.run`` never raises for one bad article: it
yields a ``Rejected`` naming the article and the stage, and goes on. A very long article
is analysed section by section (``sections.py``), one section's parse at a time, and
gives one ``Result``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from frontwatch.document import Document, Stage, undeclarable
from frontwatch.records import Article, Event, Rejected
from frontwatch.sections import sections
from frontwatch.settings import Settings, load_settings


class PipelineOrderError(RuntimeError):
    pass


class UndeclaredFieldError(PipelineOrderError):
    """A stage names, in ``requires`` or ``sets``, something that is no field of ``Document``."""


@dataclass
class Result:
    """One analysed article and the events found in it."""

    article: Article
    events: list[Event]
    document: Document


class Pipeline:
    """An NLP model plus an ordered list of stages over ``Document``."""

    def __init__(self, nlp, stages: Sequence[Stage], settings: Settings | None = None):
        self.nlp = nlp
        self.stages = list(stages)
        self.settings = settings or load_settings()
        self._check_order()

    def _check_order(self) -> None:
        available = {"article", "spacy"}
        for stage in self.stages:
            unknown = undeclarable((*stage.requires, *stage.sets))
            if unknown:
                raise UndeclaredFieldError(
                    f"stage {stage.name!r} declares {unknown}, which are no fields of Document: "
                    "name a Document field or a field of its records ('events.location')"
                )
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineOrderError(
                    f"stage {stage.name!r} requires {missing} but no earlier stage sets them"
                )
            available.update(stage.sets)

    @property
    def stage_names(self) -> list[str]:
        return ["nlp", *(s.name for s in self.stages)]

    def run(self, items: Iterable[Article | Rejected]) -> Iterator[Result | Rejected]:
        """Analyse articles in batches; Rejected inputs pass through in order."""
        batch_size = max(1, self.settings.batch_size)
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, batch_size)):
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article | Rejected]) -> Iterator[Result | Rejected]:
        """The batch's articles parsed together; an article long enough to have sections is
        parsed and annotated one section at a time, when its turn comes (``_sectioned``)."""
        parts = {id(item): sections(item) for item in batch if isinstance(item, Article)}
        whole = [article_parts[0] for article_parts in parts.values() if len(article_parts) == 1]
        parsed = self._parse(whole)
        for item in batch:
            if isinstance(item, Rejected):
                yield item
            elif len(parts[id(item)]) == 1:
                yield self._annotated(parts[id(item)][0], parsed[id(parts[id(item)][0])])
            else:
                yield self._sectioned(item, parts[id(item)])

    def _sectioned(self, article: Article, parts: list[Article]) -> Result | Rejected:
        """An article analysed section by section, as a stream: one section's parse at a time.

        Parsed together, the sections of a 1,000,000-character text held every section's
        parse and the parser's working arrays for all of them at once (3.9 GB at the peak;
        ``bench/bench_long_input.py``); one at a time, the peak is one section's.

        A stage that reads the whole article's events together (``whole_article``: merge,
        so that a happening told in the first section and again in the last is one event)
        runs once over every section's events; the stages around it read the parse, and run
        section by section, each on the events its section told."""
        (_, first), *runs = _runs(self.stages)
        docs: list[Document] = []
        for part in parts:
            sdoc = self._parse([part])[id(part)]
            if isinstance(sdoc, Rejected):
                return sdoc
            doc = Document(article=part, spacy=sdoc)
            if rejected := self._apply(doc, first):
                return rejected
            docs.append(doc)
        events = [e for doc in docs for e in doc.events]
        told = [{id(e) for e in doc.frames} for doc in docs]  # the events each section told
        for whole, stages in runs:
            if whole:
                joined = _joined(article, docs, events)
                if rejected := self._apply(joined, stages):
                    return rejected
                events = joined.events
                for doc, own in zip(docs, told, strict=True):  # its own events; every section's frames
                    doc.events, doc.frames = [e for e in events if id(e) in own], joined.frames
            else:
                for doc in docs:
                    if rejected := self._apply(doc, stages):
                        return rejected
                events = sorted((e for doc in docs for e in doc.events),  # in the article's order, as merge leaves them
                                key=lambda e: (e.evidence["char_start"], (e.trigger or {}).get("char_start", 0)))
        document = _joined(article, docs, events)
        return Result(article=article, events=self._confident(document.events), document=document)

    def _annotated(self, part: Article, sdoc: object) -> Result | Rejected:
        return sdoc if isinstance(sdoc, Rejected) else self._annotate(Document(article=part, spacy=sdoc))

    def _parse(self, articles: list[Article]) -> dict[int, object]:
        """spaCy over the batch; if the batch fails, article by article, so one bad
        article is rejected alone and the rest of the batch goes on."""
        from frontwatch.nlp import parse_input

        texts = [parse_input(self.nlp, article.analysable_text()) for article in articles]
        try:
            return dict(zip((id(a) for a in articles), self.nlp.pipe(texts), strict=True))
        except Exception:  # noqa: BLE001 - isolated below, article by article
            parsed: dict[int, object] = {}
            for article, text in zip(articles, texts, strict=True):
                try:
                    parsed[id(article)] = self.nlp(text)
                except Exception as exc:  # noqa: BLE001
                    parsed[id(article)] = Rejected(
                        article.origin, f"stage 'nlp' failed: {type(exc).__name__}: {exc}"
                    )
            return parsed

    def _annotate(self, doc: Document) -> Result | Rejected:
        if rejected := self._apply(doc, self.stages):
            return rejected
        return Result(article=doc.article, events=self._confident(doc.events), document=doc)

    @staticmethod
    def _apply(doc: Document, stages: Sequence[Stage]) -> Rejected | None:
        """Run ``stages`` over ``doc``; the first that fails rejects the article, naming the stage."""
        for stage in stages:
            try:
                stage(doc)
            except Exception as exc:  # one bad article never stops a batch
                return Rejected(
                    doc.article.origin,
                    f"stage {stage.name!r} failed: {type(exc).__name__}: {exc}",
                )
        return None

    def _confident(self, events: list[Event]) -> list[Event]:
        return [e for e in events if e.confidence >= self.settings.min_confidence]

    def process(self, article: Article) -> Result | Rejected:
        """Analyse one article."""
        return next(self.run([article]))


def _runs(stages: Sequence[Stage]) -> list[tuple[bool, list[Stage]]]:
    """The stages in runs of (reads the whole article's events together, stages); the first
    run is the stages read section by section before any whole-article stage."""
    runs: list[tuple[bool, list[Stage]]] = [(False, [])]
    for stage in stages:
        whole = bool(getattr(stage, "whole_article", False))
        if runs[-1][0] != whole:
            runs.append((whole, []))
        runs[-1][1].append(stage)
    return runs


def _joined(article: Article, docs: list[Document], events: list[Event]) -> Document:
    """One document for an article analysed in sections: their findings in order, ``events``,
    and every section's frames."""
    document = Document(
        article=article,
        toponyms=[t for doc in docs for t in doc.toponyms],
        actors=[a for doc in docs for a in doc.actors],
        times=[t for doc in docs for t in doc.times],
        quantities=[q for doc in docs for q in doc.quantities],
        events=list(events),
        focus_country=docs[0].focus_country,
        focus_countries=docs[0].focus_countries,
        control_claims=list({c.claim_id: c for doc in docs for c in doc.control_claims}.values()),
    )
    for doc in docs:
        document.frames.update(doc.frames)
    return document


def load_pipeline(settings: Settings | None = None) -> Pipeline:
    """The default pipeline: the configured spaCy model and every stage, loaded once."""
    from frontwatch.nlp import load_nlp
    from frontwatch.stages import default_stages

    settings = settings or load_settings()
    return Pipeline(load_nlp(settings.model), default_stages(settings), settings)
