"""Property and fuzz tests (hypothesis) for what dirty feeds reach: JSON Lines, decoding,
publication dates, event dates, number phrases, language detection.

Complements the properties beside each module (tests/test_read.py: arbitrary bytes never
raise, ignored spans stay inside the text; tests/test_dates.py: resolving never raises,
spans are ordered; tests/test_quantities.py: parsing never raises, grouped integers).
"""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.language import not_english_reason
from frontwatch.read import read_bytes
from frontwatch.read.dates import parse_published
from frontwatch.read.jsonl import read_jsonl, read_record
from frontwatch.records import Article, Rejected
from frontwatch.stages.dates import resolve_expression
from frontwatch.stages.quantities import parse_number

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES, "text": st.one_of(st.text(max_size=80), JSON_VALUES), "title": JSON_VALUES,
        "published": st.one_of(st.dates().map(str), st.text(max_size=20), JSON_VALUES), "source": JSON_VALUES,
    },
)
ENGLISH = st.sampled_from([
    "Troops shelled the town on Saturday, officials said.",
    "Protesters gathered outside parliament to demand the minister's resignation.",
    "The ceasefire collapsed after rebels attacked an army checkpoint near the border.",
    "Aid agencies said thousands of families had fled the fighting in the north.",
])


def _one_line(item: Article | Rejected) -> bool:
    return isinstance(item, Article) or (bool(item.reason) and "\n" not in item.message())


# --- JSON Lines --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(RECORDS)
def test_any_json_record_is_an_article_or_a_one_line_rejection(record):
    item = read_record(json.dumps(record), "feed.jsonl:7")
    assert item.origin == "feed.jsonl:7" and _one_line(item)
    if isinstance(item, Article):
        assert item.text == record["text"] and item.text.strip()
        assert item.published is None or dt.date(1800, 1, 1) <= item.published <= dt.date.today()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(RECORDS.map(json.dumps), st.text(max_size=40).filter(lambda s: "\n" not in s),
                          st.binary(max_size=40).filter(lambda b: b"\n" not in b)), max_size=10))
def test_every_jsonl_line_is_accounted_for_by_its_number(lines):
    raw = b"\n".join(line if isinstance(line, bytes) else line.encode("utf-8") for line in lines) + b"\n"
    items = list(read_jsonl(io.BytesIO(raw), "feed.jsonl"))
    lines_read = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")[:-1]  # a byte-order mark is no content
    blank = {n for n, line in enumerate(lines_read, 1) if not line.strip()}
    assert [item.origin for item in items] == [
        f"feed.jsonl:{n}" for n in range(1, len(lines) + 1) if n not in blank
    ]
    assert all(_one_line(item) for item in items)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=3))
def test_lines_over_the_limit_are_skipped_and_counted(size, after):
    lines = [json.dumps({"text": "x" * size})] + [json.dumps({"text": f"Troops left {i}."}) for i in range(after)]
    items = list(read_jsonl(io.BytesIO(("\n".join(lines) + "\n").encode()), "f", max_bytes=200))
    assert [item.origin for item in items] == [f"f:{n}" for n in range(1, after + 2)]
    assert isinstance(items[0], Rejected) == (len(lines[0]) > 200)  # the limit is on the line, not its newline
    assert all(isinstance(item, Article) for item in items[1:])


# --- decoding ------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ENGLISH, min_size=1, max_size=4), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_text_in_any_unicode_encoding_with_its_mark_reads_back_unchanged(sentences, encoding):
    text = " ".join(sentences) + "\n"
    (item,) = read_bytes(text.encode(encoding), "a.txt", kind="text")
    assert isinstance(item, Article) and item.text == text


# --- publication dates ---------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.dates().map(str), st.datetimes().map(str),
                 st.integers(min_value=-(10**12), max_value=10**12), st.floats(allow_nan=False), JSON_VALUES))
def test_publication_dates_are_plausible_or_refused_with_value_error(value):
    try:
        day = parse_published(value)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert day is None or dt.date(1800, 1, 1) <= day <= dt.date.today()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_strict_dates_are_the_day_or_say_why_not(day):
    try:
        assert parse_published(day.isoformat(), strict=True) == day
        assert day <= dt.date.today()
    except ValueError as exc:
        assert day > dt.date.today() and str(exc).endswith("is in the future")


# --- event dates ---------------------------------------------------------------------------

PAST = st.sampled_from(["on Saturday", "last week", "two months ago", "yesterday", "last month", "in March",
                        "three days ago", "earlier this month", "last year", "on Feb. 3", "in December"])


@settings(max_examples=200, deadline=None)
@given(PAST, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_past_expressions_never_resolve_after_publication(text, published):
    resolved = resolve_expression(text, published)
    assert resolved is not None, text
    assert resolved.date_start <= published
    assert resolved.date_end is None or resolved.date_end <= published


@settings(max_examples=100, deadline=None)
@given(PAST, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_resolving_depends_only_on_its_inputs(text, published):
    assert resolve_expression(text, published) == resolve_expression(text, published)


# --- number phrases ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9),
       st.sampled_from(["about", "some", "nearly", "more than", "around", "up to", "over", "at least"]))
def test_a_modifier_keeps_the_number_and_only_hedges_it(n, modifier):
    value, approximate = parse_number(f"{modifier} {n:,}")
    assert value == n and approximate == (modifier != "at least")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from([("thousand", 10**3), ("million", 10**6)]))
def test_scale_words_multiply(n, scale):
    word, factor = scale
    assert parse_number(f"{n} {word}") == (n * factor, False)


# --- language ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_language_check_never_raises_and_says_one_line(text):
    reason = not_english_reason(text)
    assert reason is None or (reason.startswith("not English (looks like ") and "\n" not in reason)


@settings(max_examples=50, deadline=None)
@given(st.lists(ENGLISH, min_size=1, max_size=6))
def test_english_prose_is_never_rejected(sentences):
    assert not_english_reason(" ".join(sentences)) is None
