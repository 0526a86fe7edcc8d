"""The pipeline runner: stage contracts and order are checked at start-up; one bad article
never stops a batch."""

from __future__ import annotations

import pytest

from frontwatch.document import Document, paragraph_end, paragraph_start
from frontwatch.pipeline import Pipeline, PipelineOrderError, UndeclaredFieldError
from frontwatch.records import Article, Rejected


class Marks:
    name, requires, sets = "marks", ("spacy",), ("focus_country",)

    def __call__(self, doc: Document) -> None:
        doc.focus_country = "XXX"


class NeedsMarks:
    name, requires, sets = "needs_marks", ("focus_country",), ()

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


def test_order_is_checked_at_start_up():
    with pytest.raises(PipelineOrderError, match="needs_marks"):
        Pipeline(None, [NeedsMarks(), Marks()])


class Declares:
    def __init__(self, requires: tuple[str, ...], sets: tuple[str, ...]):
        self.name, self.requires, self.sets = "declares", requires, sets

    def __call__(self, doc: Document) -> None:
        pass


@pytest.mark.parametrize(
    ("requires", "sets", "unknown"),
    [
        ((), ("marked",), "marked"),  # no field of Document
        (("spacy",), ("events.nowhere",), "events.nowhere"),  # no field of Event
        (("frames.trigger", "event_locations"), (), "event_locations"),
        (("focus_country.name",), (), "focus_country.name"),  # a string holds no fields
    ],
)
def test_a_stage_declaring_no_real_field_is_refused_by_name(requires, sets, unknown):
    with pytest.raises(UndeclaredFieldError, match=rf"stage 'declares' declares \['{unknown}'\]"):
        Pipeline(None, [Marks(), Declares(requires, sets)])


def test_a_stage_may_declare_fields_and_fields_of_their_records():
    Pipeline(None, [Declares(("spacy",), ("events", "frames", "events.location", "frames.location_from"))])


def test_every_default_stage_declares_real_fields_in_a_working_order():
    from frontwatch.stages import default_stages
    from frontwatch.settings import load_settings

    stages = default_stages(load_settings(typing_model=""))
    Pipeline(None, stages)
    assert all(stage.requires or stage.sets for stage in stages)


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


def test_paragraph_bounds():
    text = "First para.\n\nSecond para, one line.\nStill second.\n\nThird."
    second = text.index("Second")
    assert text[paragraph_start(text, second + 5):paragraph_end(text, second)] == \
        "\nSecond para, one line.\nStill second."
    assert paragraph_start(text, 3) == 0 and paragraph_end(text, text.index("Third")) == len(text)
