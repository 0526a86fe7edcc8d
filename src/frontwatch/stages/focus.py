"""Stage "focus": the countries a story is about, most cited first.

Resolved toponyms count once each (a province or town counts for its country, the
dateline -- the first toponym, when it opens the text -- twice, if the story names its
country again), actor mentions with a country count once.  The top country becomes ``doc.focus_country`` (alpha-3), which
then fills in the country of unnamed actors ("government forces") when
``frontwatch.actors.fill_implicit_countries`` exists.
"""

from __future__ import annotations

import functools
from collections import Counter

from frontwatch.document import Document
from frontwatch.geo.gazetteer import Gazetteer

DATELINE_CHARS = 120  # a toponym this close to the start is taken as the dateline
DATELINE_WEIGHT = 2.0
ACTOR_WEIGHT = 1.0
TOPONYM_WEIGHT = 1.0


@functools.lru_cache(maxsize=1)
def _iso_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(alpha-2 -> alpha-3, alpha-3 -> alpha-2) from GeoNames' countryInfo."""
    from importlib import resources

    text = resources.files("frontwatch.data").joinpath("geonames").joinpath("countryInfo.txt")
    two_three: dict[str, str] = {}
    for line in text.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) > 2 and not line.startswith("#") and len(parts[0]) == 2 and len(parts[1]) == 3:
            two_three[parts[0]] = parts[1]
    return two_three, {v: k for k, v in two_three.items()}


def alpha3(iso2: str | None) -> str | None:
    return _iso_tables()[0].get(iso2.upper()) if iso2 else None


def alpha2(iso3: str | None) -> str | None:
    return _iso_tables()[1].get(iso3.upper()) if iso3 else None


class FocusStage:
    """Sets ``doc.focus_countries`` (alpha-2, most cited first) and ``doc.focus_country`` (alpha-3)."""

    name = "focus"
    requires = ("toponyms", "actors")
    sets = ("focus_country", "focus_countries")

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, doc: Document) -> None:
        weights: Counter[str] = Counter()
        first = True
        dateline_country = None
        inside = [(a.char_start, a.char_end) for a in doc.actors if a.kind not in ("country", "capital")]
        for toponym in doc.toponyms:
            place = toponym.place
            if place is None or not place.country:
                continue
            if any(s <= toponym.char_start and toponym.char_end <= e and (s, e) != (toponym.char_start, toponym.char_end)
                   for s, e in inside):
                continue  # a word of an actor's name ("Front for Change and Concord"): the actor counts
            if first and toponym.char_start < DATELINE_CHARS:
                dateline_country = place.country
            weights[place.country] += TOPONYM_WEIGHT
            first = False
        first_actor: dict[str, int] = {}
        for actor in doc.actors:
            iso2 = alpha2(actor.country) if actor.country and actor.country != "IGO" else None
            if iso2:
                weights[iso2] += ACTOR_WEIGHT
                first_actor[iso2] = min(first_actor.get(iso2, actor.char_start), actor.char_start)
        if dateline_country is not None and weights[dateline_country] > TOPONYM_WEIGHT:
            # the dateline counts twice where the story names its country again; a bureau
            # city named nowhere else ("GENEVA --" over fighting in Kivu) counts once
            weights[dateline_country] += DATELINE_WEIGHT - TOPONYM_WEIGHT
        # ties: the country named first as a place, then the one whose actor comes first,
        # then the code -- a full key, so no tie falls to the order weights were counted in
        order = {c: i for i, c in enumerate(self._first_seen(doc))}
        ranked = sorted(weights, key=lambda c: (-weights[c], order.get(c, len(order)),
                                                first_actor.get(c, len(doc.text)), c))
        doc.focus_countries = ranked
        doc.focus_country = alpha3(ranked[0]) if ranked else None
        self._fill_actors(doc)

    @staticmethod
    def _first_seen(doc: Document) -> list[str]:
        seen: list[str] = []
        for toponym in doc.toponyms:
            if toponym.place and toponym.place.country and toponym.place.country not in seen:
                seen.append(toponym.place.country)
        return seen

    @staticmethod
    def _fill_actors(doc: Document) -> None:
        try:
            from frontwatch.actors import fill_implicit_countries
        except ImportError:
            return
        fill_implicit_countries(doc.actors, doc.focus_country)
