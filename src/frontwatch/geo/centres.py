"""Centre points of countries and provinces from the countries-states-cities database.

GeoNames gives countries and provinces a point near their geographic middle; its
cities (all the packaged gazetteer has without a dump) only show where people live,
so a point computed from them sits too far south in Ontario or Alaska and lands
in the sea when a province has far islands.  The countries-states-cities database
(dr5hn, ODbL; PyPI ``countrystatecity-countries``) carries a centre for 250 countries
and 5,300 provinces.  ``blend`` combines it with the member places' centre: two
rough estimates of one middle, averaged, unless they disagree so much that the
member places must be lopsided (islands, the date line), where the database wins.
"""

from __future__ import annotations

from collections.abc import Callable

from frontwatch.geo.gazetteer import haversine_km

# Within this distance the two centres are averaged; farther apart, the database's
# is taken.  On the 66 provinces LGL's local news names, the average is within
# 161 km of GeoNames' own point for 65 (the member places' centre alone: 62, the
# database's alone: 64).
BLEND_MAX_KM = 300.0

Point = tuple[float, float]


def country_points() -> dict[str, Point]:
    """``{ISO alpha-2: (lat, lon)}``; empty when the package is missing."""
    try:
        from countrystatecity_countries import get_countries
    except ImportError:
        return {}
    return {c.iso2: (float(c.latitude), float(c.longitude))
            for c in get_countries() if c.latitude and c.longitude}


def province_points(countries: set[str], fold: Callable[[str], str]) -> dict[tuple[str, str], Point]:
    """``{(ISO alpha-2, folded name): (lat, lon)}`` of the provinces of ``countries``;
    ``fold`` is the gazetteer's own name folding, so the keys meet its admin names."""
    try:
        from countrystatecity_countries import get_states_of_country
    except ImportError:
        return {}
    points: dict[tuple[str, str], Point] = {}
    for iso in sorted(countries):
        for state in get_states_of_country(iso):
            if state.latitude and state.longitude:
                point = (float(state.latitude), float(state.longitude))
                for name in (state.name, state.native or ""):
                    if name:
                        points.setdefault((iso, fold(name)), point)
    return points


def blend(own: Point | None, outside: Point | None) -> Point | None:
    """The point for a division from its member places' centre and the database's."""
    if own is None or outside is None:
        return outside or own
    if haversine_km(*own, *outside) > BLEND_MAX_KM:
        return outside
    return round((own[0] + outside[0]) / 2, 5), round((own[1] + outside[1]) / 2, 5)

