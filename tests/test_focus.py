"""The focus stage: the countries a story is about."""

from __future__ import annotations

from frontwatch.document import Document
from frontwatch.records import ActorMention, Article, Place, Toponym
from frontwatch.stages.focus import FocusStage, alpha2, alpha3


def _toponym(text, start, country, feature="place"):
    place = Place(text, 1, country, None, 0.0, 0.0, feature=feature)
    return Toponym(text, start, start + len(text), place=place, score=0.9)


def _doc(toponyms, actors=()):
    return Document(article=Article(text="x" * 1000), toponyms=list(toponyms), actors=list(actors))


def test_contract():
    stage = FocusStage(gazetteer=None)
    assert stage.name == "focus"
    assert stage.requires == ("toponyms", "actors")
    assert stage.sets == ("focus_country", "focus_countries")


def test_most_cited_country_first():
    doc = _doc([_toponym("Idlib", 300, "SY"), _toponym("Ankara", 400, "TR"),
                _toponym("Aleppo", 500, "SY"), Toponym("Nowhere", 600, 607)],
               [ActorMention("Turkish troops", 700, 714, "Turkey", "TUR")])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_countries == ["SY", "TR"]
    assert doc.focus_country == "SYR"


def test_dateline_beats_a_neighbour_mentioned_as_often():
    doc = _doc([_toponym("Beirut", 0, "LB"), _toponym("Damascus", 300, "SY")])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_country == "LBN"


def test_a_bureau_dateline_named_nowhere_else_counts_once():
    doc = _doc([_toponym("Geneva", 0, "CH"), _toponym("Kivu", 300, "CD", "admin1"),
                _toponym("Uvira", 400, "CD")])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_country == "COD"


def test_a_dateline_whose_country_is_named_again_counts_twice():
    doc = _doc([_toponym("Beirut", 0, "LB"), _toponym("Tyre", 200, "LB"),
                _toponym("Damascus", 300, "SY"), _toponym("Homs", 400, "SY"),
                _toponym("Aleppo", 500, "SY")])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_country == "LBN"


def test_nothing_resolved_gives_no_focus():
    doc = _doc([Toponym("Nowhere", 10, 17)])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_countries == [] and doc.focus_country is None


def test_implicit_actors_get_the_focus_country():
    actor = ActorMention("government forces", 800, 817, "Military Forces", None,
                         sectors=["MIL"], implicit_country=True)
    doc = _doc([_toponym("Idlib", 300, "SY")], [actor])
    FocusStage(gazetteer=None)(doc)
    assert doc.actors[0].country == "SYR"


def test_iso_tables():
    assert alpha3("sy") == "SYR" and alpha2("TUR") == "TR" and alpha3(None) is None


def test_a_place_word_inside_an_actors_name_counts_only_as_the_actor():
    # "the Front for Change and Concord in Chad": "Concord" is no town of the story
    group = ActorMention("Front for Change and Concord in Chad", 100, 136, "FACT", "TCD",
                         sectors=["REB"])
    doc = _doc([_toponym("Concord", 121, "US"), _toponym("Zouar", 300, "TD")], [group])
    FocusStage(gazetteer=None)(doc)
    assert doc.focus_countries == ["TD"]
