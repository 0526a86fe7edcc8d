"""Date resolution: one expression at a time, then over parsed sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.document import Document
from frontwatch.records import Article
from frontwatch.stages.dates import DatesStage, find_times, resolve_expression

D = dt.date
PUB = D(2020, 2, 9)  # a Sunday


@pytest.mark.parametrize(
    ("text", "date", "start", "end", "precision", "relation"),
    [
        ("on Saturday", D(2020, 2, 8), D(2020, 2, 8), D(2020, 2, 8), 1, "at"),
        # a range of days of one month: the second day is no year
        ("on 6-7 February", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 7), 1, "at"),
        ("between 3 and 5 February", D(2020, 2, 4), D(2020, 2, 3), D(2020, 2, 5), 2, "at"),
        ("January 17-18", D(2020, 1, 17), D(2020, 1, 17), D(2020, 1, 18), 1, "at"),
        ("on Friday", D(2020, 2, 7), D(2020, 2, 7), D(2020, 2, 7), 1, "at"),
        ("on Sunday", PUB, PUB, PUB, 1, "at"),
        ("last Sunday", D(2020, 2, 2), D(2020, 2, 2), D(2020, 2, 2), 1, "at"),
        ("next Friday", D(2020, 2, 14), D(2020, 2, 14), D(2020, 2, 14), 1, "future"),
        ("since Friday", D(2020, 2, 7), D(2020, 2, 7), PUB, 2, "since"),
        ("since December", D(2019, 12, 1), D(2019, 12, 1), PUB, 3, "since"),
        ("two months ago", D(2019, 12, 9), D(2019, 11, 18), D(2019, 12, 30), 3, "at"),
        ("two month ago", D(2019, 12, 9), D(2019, 11, 18), D(2019, 12, 30), 3, "at"),
        ("in the last 24 hours", D(2020, 2, 8), D(2020, 2, 8), PUB, 1, "at"),
        ("yesterday", D(2020, 2, 8), D(2020, 2, 8), D(2020, 2, 8), 1, "at"),
        ("today", PUB, PUB, PUB, 1, "at"),
        ("tomorrow", D(2020, 2, 10), D(2020, 2, 10), D(2020, 2, 10), 1, "future"),
        ("last week", D(2020, 1, 30), D(2020, 1, 27), D(2020, 2, 2), 2, "at"),
        ("next week", D(2020, 2, 13), D(2020, 2, 10), D(2020, 2, 16), 2, "future"),
        ("this week", D(2020, 2, 6), D(2020, 2, 3), PUB, 2, "at"),
        ("the past week", D(2020, 2, 5), D(2020, 2, 2), PUB, 2, "at"),
        ("earlier this month", D(2020, 2, 4), D(2020, 2, 1), D(2020, 2, 8), 3, "at"),
        ("last month", D(2020, 1, 16), D(2020, 1, 1), D(2020, 1, 31), 3, "at"),
        ("last month's", D(2020, 1, 16), D(2020, 1, 1), D(2020, 1, 31), 3, "at"),  # "last month's vote"
        ("Saturday\u2019s", D(2020, 2, 8), D(2020, 2, 8), D(2020, 2, 8), 1, "at"),  # "Saturday's attack"
        ("February 6, 2020", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 6), 1, "at"),
        ("6 February", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 6), 1, "at"),
        ("Feb. 6", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 6), 1, "at"),
        ("09-Feb-2020", PUB, PUB, PUB, 1, "at"),
        ("2020-02-06", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 6), 1, "at"),
        ("the 6th of February 2020", D(2020, 2, 6), D(2020, 2, 6), D(2020, 2, 6), 1, "at"),
        ("2018", D(2018, 7, 2), D(2018, 1, 1), D(2018, 12, 31), 3, "at"),
        ("in 2017", D(2017, 7, 2), D(2017, 1, 1), D(2017, 12, 31), 3, "at"),
        ("since 2017", D(2017, 1, 1), D(2017, 1, 1), PUB, 3, "since"),
        ("in December", D(2019, 12, 16), D(2019, 12, 1), D(2019, 12, 31), 3, "at"),
        ("late last year", D(2019, 10, 31), D(2019, 9, 1), D(2019, 12, 31), 3, "at"),
        ("the weekend", D(2020, 2, 8), D(2020, 2, 8), PUB, 2, "at"),
        ("a few days ago", D(2020, 2, 6), D(2020, 2, 5), D(2020, 2, 7), 2, "at"),
        ("in January of this year", D(2020, 1, 16), D(2020, 1, 1), D(2020, 1, 31), 3, "at"),
        ("March last year", D(2019, 3, 16), D(2019, 3, 1), D(2019, 3, 31), 3, "at"),
        # two times joined: the span from the first's start to the last's end
        ("in November and January", D(2019, 12, 16), D(2019, 11, 1), D(2020, 1, 31), 3, "at"),
        ("between 2013 and 2015", D(2014, 7, 2), D(2013, 1, 1), D(2015, 12, 31), 3, "at"),
    ],
)
def test_resolve_expression(text, date, start, end, precision, relation):
    resolved = resolve_expression(text, PUB)
    assert resolved is not None, text
    assert (resolved.date, resolved.date_start, resolved.date_end) == (date, start, end)
    assert (resolved.time_precision, resolved.relation) == (precision, relation)


@pytest.mark.parametrize(
    "text",
    ["weeks-long", "nearly nine-year", "three hours", "weeks", "for two days",
     "February 31", "30 February 2019", "", "   ", "banana", "the", "430", "M5",
     "ago ago", "last", "since"],
)
def test_durations_garbage_and_impossible_dates_give_none(text):
    assert resolve_expression(text, PUB) is None


@pytest.mark.parametrize("text", ["on Saturday", "yesterday", "since December",
                                  "two months ago", "next week", "6 February"])
def test_relative_expressions_need_a_publication_date(text):
    assert resolve_expression(text, None) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [("February 6, 2020", D(2020, 2, 6)), ("09-Feb-2020", PUB), ("2018", D(2018, 7, 2))],
)
def test_explicit_dates_resolve_without_publication_date(text, date):
    resolved = resolve_expression(text, None)
    assert resolved is not None and resolved.date == date


def test_future_verb_looks_forward():
    assert resolve_expression("on Friday", PUB, future=True).date == D(2020, 2, 14)
    assert resolve_expression("in March", PUB, future=True).date_start == D(2020, 3, 1)


def test_month_without_year_is_the_latest_not_after_publication():
    assert resolve_expression("in March", PUB).date_start == D(2019, 3, 1)
    assert resolve_expression("in February", PUB).date_start == D(2020, 2, 1)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.dates()), st.booleans())
def test_resolve_expression_never_raises(text, published, future):
    resolve_expression(text, published, future=future)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["on Saturday", "two months ago", "since December", "last week",
                        "Feb. 29", "last month", "in the last 24 hours", "next week"]),
       st.dates(min_value=D(1901, 1, 1), max_value=D(2999, 1, 1)))
def test_resolved_spans_are_ordered(text, published):
    resolved = resolve_expression(text, published)
    if resolved is not None and resolved.date_end is not None:
        assert resolved.date_start <= resolved.date <= resolved.date_end


@pytest.mark.slow
def test_find_times_on_sample_sentences(nlp):
    text = (
        "The Syrian army took control of the strategic northwestern crossroads town on "
        "Saturday in the latest gain of a weeks-long offensive. Since December, "
        "government forces have pressed a blistering assault. Officials held three "
        "hours of talks, agreeing to meet again next week."
    )
    times = find_times(nlp(text), PUB)
    by_text = {t.text.lower(): t for t in times}
    assert by_text["on saturday"].date == D(2020, 2, 8)
    assert text[by_text["on saturday"].char_start:by_text["on saturday"].char_end] == "on Saturday"
    assert by_text["since december"].relation == "since"
    assert by_text["since december"].date_start == D(2019, 12, 1)
    assert by_text["next week"].relation == "future"
    assert not any("weeks" in key or "hours" in key for key in by_text)


@pytest.mark.slow
def test_find_times_catches_dates_the_model_mislabels(nlp):
    sdoc = nlp("Updated 11:01, 09-Feb-2020. Talks will resume on Friday.")
    times = find_times(sdoc, PUB)
    assert [t.date for t in times] == [PUB, D(2020, 2, 14)]
    assert times[1].relation == "future"


@pytest.mark.slow
def test_dates_stage_fills_document(nlp):
    article = Article(text="Rebels fled the town yesterday.", published=PUB)
    doc = Document(article=article, spacy=nlp(article.text))
    DatesStage()(doc)
    assert [(t.text, t.date) for t in doc.times] == [("yesterday", D(2020, 2, 8))]


@pytest.mark.slow
@pytest.mark.parametrize("sentence", [
    "John Doe, 19, of 1935 Orchard St., Alexandria, was arrested on Monday.",
    "Police were called to 2010 North Main Street on Monday.",
])
def test_house_numbers_are_not_years(nlp, sentence):
    found = find_times(nlp(sentence), dt.date(2009, 3, 10))
    assert [m.text for m in found] == ["on Monday"]
