"""The pipeline runner: stage order is checked at start-up; one bad article never stops a batch."""

from __future__ import annotations

import pytest

from frontwatch.document import Document
from frontwatch.pipeline import Pipeline, PipelineOrderError
from frontwatch.records import Article, Rejected


class Marks:
    name, requires, sets = "marks", ("spacy",), ("marked",)

    def __call__(self, doc: Document) -> None:
        doc.focus_country = "XXX"


class NeedsMarks:
    name, requires, sets = "needs_marks", ("marked",), ()

    def __call__(self, doc: Document) -> None:
        if "explode" in doc.text:
            raise ValueError("cannot handle this text")


class FailingNLP:
    """A stand-in parse whose batch call fails on one text: the runner must isolate it."""

    def __init__(self, nlp):
        self.nlp = nlp

    def pipe(self, texts):
        texts = list(texts)
        if any("poison" in t for t in texts):
            raise RuntimeError("batch failed")
        return self.nlp.pipe(texts)

    def __call__(self, text):
        if "poison" in text:
            raise RuntimeError("cannot parse")
        return self.nlp(text)


def test_order_is_checked_at_start_up(nlp):
    with pytest.raises(PipelineOrderError, match="needs_marks"):
        Pipeline(nlp, [NeedsMarks(), Marks()])


@pytest.mark.slow
def test_a_failing_stage_rejects_only_its_article(nlp):
    pipeline = Pipeline(nlp, [Marks(), NeedsMarks()])
    items = [Article("Fine text.", origin="a"), Article("Please explode.", origin="b"), Rejected("c", "unreadable")]
    out = list(pipeline.run(items))
    assert [type(x).__name__ for x in out] == ["Result", "Rejected", "Rejected"]
    assert out[1].origin == "b" and "stage 'needs_marks' failed" in out[1].reason
    assert out[0].document.focus_country == "XXX"


@pytest.mark.slow
def test_a_failing_parse_rejects_only_its_article(nlp):
    pipeline = Pipeline(FailingNLP(nlp), [Marks()])
    out = list(pipeline.run([Article("One.", origin="a"), Article("poison", origin="b"), Article("Two.", origin="c")]))
    assert [getattr(x, "origin", None) or x.article.origin for x in out] == ["a", "b", "c"]
    assert isinstance(out[1], Rejected) and "stage 'nlp' failed" in out[1].reason
    assert not isinstance(out[2], Rejected)
