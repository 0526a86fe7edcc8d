"""Number phrases and what they count."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.document import Document
from frontwatch.records import QUANTITY_KINDS, Article
from frontwatch.stages.quantities import QuantitiesStage, find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value", "approximate"),
    [
        ("430", 430, False),
        ("some 586,000", 586_000, True),
        ("more than 300", 300, True),
        ("3.6 million", 3_600_000, False),
        ("dozens", 12, True),
        ("a dozen", 12, True),
        ("two dozen", 24, False),
        ("hundreds", 100, True),
        ("several", 10, True),
        ("two", 2, False),
        ("Thirty-five", 35, False),
        ("1.5m", 1_500_000, False),
        ("2bn", 2_000_000_000, False),
        ("at least 12", 12, False),
        ("nearly 40", 40, True),
        ("tens of thousands", 10_000, True),
        ("hundreds of thousands", 100_000, True),
        ("two hundred and thirty-five", 235, False),
        ("three thousand five hundred", 3_500, False),
        ("20 to 30", 20, True),
        ("20-30", 20, True),
        ("an estimated 5,000", 5_000, True),
    ],
)
def test_parse_number(text, value, approximate):
    assert parse_number(text) == (value, approximate)


@pytest.mark.parametrize("text", ["", "abc", "the", "1e5", "9" * 40, "M5", "-", "of"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_number_never_raises_and_is_non_negative(text):
    result = parse_number(text)
    if result is not None:
        assert result[0] >= 0 and isinstance(result[1], bool)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_any_grouped_integer(n):
    assert parse_number(f"{n:,}") == (n, False)


def _kinds(nlp, text):
    return [(q.kind, q.value) for q in find_quantities(nlp(text))]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The violence has killed more than 300 civilians and sent some 586,000 fleeing "
         "civilians onto the roads.", [("killed", 300), ("displaced", 586_000)]),
        ("The monitor reported that 430 Turkish military vehicles had crossed into the "
         "province.", [("vehicles", 430)]),
        ("Already host to 3.6 million Syrian refugees, the country said it can't take more.",
         [("refugees", 3_600_000)]),
        ("At least 12 people were killed and 30 wounded in the attack.",
         [("killed", 12), ("injured", 30)]),
        ("Police arrested dozens of protesters on Monday.", [("arrested", 12)]),
        ("Only a 30 kilometer (20 mile) section now remains in rebel hands.",
         [("distance_km", 30)]),
        ("The death toll rose to 40 on Tuesday.", [("killed", 40)]),
        ("Thirty-five soldiers died and tens of thousands fled.",
         [("killed", 35), ("displaced", 10_000)]),
        ("Russia deployed 2,000 troops to the border.", [("troops", 2_000)]),
        ("Gunmen killed five soldiers and wounded two civilians.",
         [("killed", 5), ("injured", 2)]),
        ("Witnesses said convoys of 50 trucks crossed.", [("vehicles", 50)]),
        ("About 1.5m people were displaced by the fighting.", [("displaced", 1_500_000)]),
    ],
)
def test_find_quantities(nlp, text, expected):
    assert _kinds(nlp, text) == expected


@pytest.mark.slow
def test_miles_alone_become_kilometres(nlp):
    (quantity,) = find_quantities(nlp("The convoy stopped 20 miles from the border."))
    assert quantity.kind == "distance_km"
    assert quantity.value == pytest.approx(32.19, abs=0.01)


@pytest.mark.slow
def test_quantities_point_into_text_and_parse(nlp):
    text = "Rebels said the army killed more than 300 civilians in the city."
    sdoc = nlp(text)
    (quantity,) = find_quantities(sdoc)
    assert text[quantity.char_start:quantity.char_end] == quantity.text == "more than 300 civilians"
    assert sdoc[quantity.governor_i].lemma_ == "kill"
    assert sdoc[quantity.counted_i].text == "civilians"
    assert quantity.to_dict() == {"kind": "killed", "value": 300, "text": quantity.text}


@pytest.mark.slow
def test_dates_and_money_are_not_quantities(nlp):
    assert _kinds(nlp, "On February 6, 2020, the fund gave $30 million and 5% more.") == []


@pytest.mark.slow
def test_quantities_stage_fills_document(nlp):
    article = Article(text="Some 586,000 people fled the fighting.")
    doc = Document(article=article, spacy=nlp(article.text))
    QuantitiesStage()(doc)
    assert [(q.kind, q.value) for q in doc.quantities] == [("displaced", 586_000)]
    assert all(q.kind in QUANTITY_KINDS for q in doc.quantities)
