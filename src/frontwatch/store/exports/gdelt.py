"""GDELT 2.0's 61-column event table (tab-separated, GDELT's field names in order)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import Any, TextIO

from frontwatch.store import codes
from frontwatch.store.exports.common import event_day

_ACTOR_FIELDS = (
    "Code Name CountryCode KnownGroupCode EthnicCode Religion1Code Religion2Code Type1Code Type2Code Type3Code"
).split()
_GEO_FIELDS = "Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID".split()
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
]

# GDELT counts an event as a "root event" when it is told in the lead paragraph; a news
# lead runs to about this many characters.
LEAD_PARAGRAPH_CHARS = 500
# GDELT's geographic match types.
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5


def write_gdelt(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(GDELT_COLUMNS)
    count = 0
    for record in records:
        row = gdelt_row(record)
        writer.writerow(_clean(row[c]) for c in GDELT_COLUMNS)
        count += 1
    return count


def gdelt_row(record: dict[str, Any]) -> dict[str, Any]:
    """One fused event as a GDELT 2.0 event row (docs/exports.md names each column's source)."""
    day = event_day(record)
    code = codes.gdelt_event_code(record.get("cameo_code") or record.get("cameo_root"))
    root = code[:2]
    evidence = record.get("evidence") or {}
    sources = record.get("sources") or []
    row: dict[str, Any] = {
        "GLOBALEVENTID": int(record["event_id"][:15], 16),
        "SQLDATE": f"{day:%Y%m%d}" if day else "",
        "MonthYear": f"{day:%Y%m}" if day else "",
        "Year": day.year if day else "",
        "FractionDate": fraction_date(day) if day else "",
        "IsRootEvent": int((evidence.get("char_start") or 0) < LEAD_PARAGRAPH_CHARS),
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": root,
        "QuadClass": codes.gdelt_quad_class().get(root, ""),
        "GoldsteinScale": _optional(codes.goldstein(code)),
        "NumMentions": record.get("num_mentions", 1),
        "NumSources": record.get("num_sources", 1),
        "NumArticles": record.get("num_articles", 1),
        "AvgTone": 0,
        "DATEADDED": (record.get("published") or "").replace("-", "") + "000000" if record.get("published") else "",
        "SOURCEURL": next((s.get("url") for s in sources if s.get("url")), ""),
    }
    for n in (1, 2):
        row.update(_actor(f"Actor{n}", record.get(f"actor{n}")))
        row.update(_geo(f"Actor{n}Geo_", None))
    row.update(_geo("ActionGeo_", record.get("location")))
    return row


def fraction_date(day: dt.date) -> str:
    """GDELT's YYYY.FFFF: FFFF is ((month - 1) * 30 + day) / 365, as in GDELT's rows
    (2007-07-04 is 2007.5041; the codebook's text says month * 30, its data does not)."""
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def _optional(value: Any) -> Any:
    return "" if value is None else value


def _actor(prefix: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    """CAMEO actor code: country (ISO alpha-3) or IGO, the CAMEO role codes of the actor's
    sectors, then its known-group code (data/ontology/cameo_known_groups.tsv)."""
    actor = actor or {}
    values = dict.fromkeys((f"{prefix}{f}" for f in _ACTOR_FIELDS), "")
    if not actor:
        return values
    country = actor.get("country") or ""
    roles = [codes.cameo_sectors().get(s, s) for s in actor.get("sectors") or [] if s not in (country, "IGO")]
    roles = [r for r in dict.fromkeys(roles) if r]
    group = codes.known_groups().get(actor.get("name") or "", "")
    if country == "IGO":
        values[f"{prefix}Code"] = "IGO" + group + "".join(roles[:1])
    else:
        values[f"{prefix}Code"] = country + "".join(roles[:1]) + group
    values[f"{prefix}Name"] = (actor.get("name") or "").upper()
    values[f"{prefix}CountryCode"] = country if country != "IGO" else ""
    values[f"{prefix}KnownGroupCode"] = group
    for i, role in enumerate(roles[:3], start=1):
        values[f"{prefix}Type{i}Code"] = role
    return values


def _geo(prefix: str, location: dict[str, Any] | None) -> dict[str, Any]:
    """GDELT's geography of a place. ADM1Code, ADM2Code and FeatureID are GDELT's FIPS 10-4,
    GAUL and GNS/GNIS identifiers, which frontwatch's GeoNames gazetteer does not hold: they
    are written only for a country (its FIPS code, as GDELT does) and left empty otherwise."""
    values: dict[str, Any] = dict.fromkeys((f"{prefix}{f}" for f in _GEO_FIELDS), "")
    values[f"{prefix}Type"] = 0
    if not location or location.get("lat") is None:
        return values
    info = codes.country(location.get("country")) or {}
    fips = info.get("fips", "")
    feature = location.get("feature") or "place"
    us = info.get("iso") == "US"
    if feature == "country":
        geo_type = GEO_COUNTRY
    elif feature == "place":
        geo_type = GEO_US_CITY if us else GEO_WORLD_CITY
    else:
        geo_type = GEO_US_STATE if us else GEO_WORLD_STATE
    names = [location.get("name"), location.get("admin1"), info.get("name")]
    full = ", ".join(dict.fromkeys(n for n in names if n))
    values.update({
        f"{prefix}Type": geo_type,
        f"{prefix}FullName": full,
        f"{prefix}CountryCode": fips,
        f"{prefix}ADM1Code": fips if geo_type == GEO_COUNTRY else "",
        f"{prefix}Lat": location.get("lat"),
        f"{prefix}Long": location.get("lon"),
        f"{prefix}FeatureID": fips if geo_type == GEO_COUNTRY else "",
    })
    return values


def _clean(value: Any) -> Any:
    """Tabs and newlines would break GDELT's one-line, tab-separated rows."""
    return " ".join(value.split()) if isinstance(value, str) else value
