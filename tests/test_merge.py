"""The merge stage's reading of one sentence: which of its words tell one happening."""

from __future__ import annotations

import pytest

from frontwatch.stages.merge import _in_sequence


def _word(doc, text):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(("sentence", "first", "other", "apart"), [
    # "a day after" puts the bomb before the raid: two happenings
    ("Gunmen raided a village near Kidal on Friday, a day after a roadside bomb struck an army truck.",
     "raided", "struck", True),
    # a participle telling what the raid did is the raid
    ("Gunmen raided a village near Kidal on Friday, killing three herders.", "raided", "killing", False),
])
def test_words_told_one_after_the_other_are_in_sequence(nlp, sentence, first, other, apart):
    doc = nlp(sentence)
    assert _in_sequence(_word(doc, first), _word(doc, other)) is apart
    assert _in_sequence(_word(doc, other), _word(doc, first)) is apart


def _placed(name, lat, lon, admin1):
    from frontwatch.records import Event

    event = Event(article_id="a", event_type="ASSAULT", cameo_root="19", evidence={"char_start": 0, "char_end": 1})
    event.location = {"name": name, "country": "ML", "admin1": admin1, "feature": "place", "lat": lat, "lon": lon,
                      "geonameid": hash(name), "geo_precision": 2}
    return event


@pytest.mark.parametrize(("rungs", "apart"), [
    (("paragraph", "paragraph"), True),  # two paragraphs, each on its own town: two happenings
    (("paragraph", "article"), False),  # the article's focus lends a place to anything
    (("clause", "paragraph"), False),  # a place of its own words is weighed elsewhere
])
def test_places_two_paragraphs_lend_apart_are_two_happenings(rungs, apart):
    from types import SimpleNamespace

    from frontwatch.stages.merge import _two_paragraph_places

    a, b = _placed("Northtown", 16.0, 0.0, "01"), _placed("Southtown", 15.0, 0.5, "01")  # 120 km apart
    frame_a, frame_b = (SimpleNamespace(location_from=rung) for rung in rungs)
    assert _two_paragraph_places(a, frame_a, b, frame_b) is apart


@pytest.mark.parametrize(("sentence", "kept"), [
    # "the protests" refer back, placed only by their paragraph (told of the next town):
    # no place for the happening they refer to
    ("The protests were not limited to the capital.", "Northtown"),
    # a happening told with its own actor lends its place as before
    ("Farmers protested on Friday.", "Southtown"),
])
def test_a_reference_back_placed_by_its_paragraph_lends_no_place(nlp, sentence, kept):
    from types import SimpleNamespace

    from frontwatch.records import ActorMention
    from frontwatch.stages.merge import _take_place

    target, other = _placed("Northtown", 16.0, 0.0, "01"), _placed("Southtown", 15.0, 0.5, "01")
    doc = nlp(sentence)
    trigger = next(t for t in doc if t.lemma_ in ("protest",))
    if trigger.pos_ == "VERB":
        other.actor1 = ActorMention(text="Farmers", char_start=0, char_end=7, name="Farmers", country="ML")
    target_frame = SimpleNamespace(location_from="article", location_span=None)
    other_frame = SimpleNamespace(trigger=trigger, location_from="paragraph", location_span=None)
    _take_place(target, other, target_frame, other_frame)
    assert target.location["name"] == kept
