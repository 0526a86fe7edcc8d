"""JSON exports: fused records as JSON lines, a GeoJSON FeatureCollection, PLOVER records."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

PLOVER_VERSION = "PLOVER 1.0 (frontwatch)"
MILITARY_SECTORS = {"MIL", "REB", "UAF"}


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
    """One fused event in PLOVER's field names (source/target actors, location, context)."""
    source = record.get("actor1") or {}
    target = record.get("actor2") or {}
    location = record.get("location") or {}
    sectors = set(source.get("sectors") or []) | set(target.get("sectors") or [])
    return {
        "id": record["event_id"],
        "date": record.get("date") or record.get("date_start"),
        "date_start": record.get("date_start"),
        "date_end": record.get("date_end"),
        "event_type": record["event_type"],
        "mode": record.get("mode"),
        "context": ["military"] if sectors & MILITARY_SECTORS else [],
        "status": record.get("status"),
        "source": source.get("name"),
        "source_text": source.get("text"),
        "source_country": source.get("country"),
        "source_sector": list(source.get("sectors") or []),
        "target": target.get("name"),
        "target_text": target.get("text"),
        "target_country": target.get("country"),
        "target_sector": list(target.get("sectors") or []),
        "location": {
            "placename": location.get("name"),
            "admin1": location.get("admin1"),
            "country": location.get("country"),
            "lat": location.get("lat"),
            "lon": location.get("lon"),
            "geonameid": location.get("geonameid"),
            "feature": location.get("feature"),
            "geo_precision": location.get("geo_precision"),
        } if location else None,
        "fatalities": record.get("fatalities"),
        "quantities": record.get("quantities") or [],
        "text": (record.get("evidence") or {}).get("sentence"),
        "publisher": record.get("source"),
        "publication_date": record.get("published"),
        "num_sources": record.get("num_sources"),
        "num_articles": record.get("num_articles"),
        "confidence": record.get("confidence"),
        "version": PLOVER_VERSION,
    }
