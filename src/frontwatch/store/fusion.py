"""Fusion of reports of the same happening across articles, explainable and order-free.

Two reports *match* when they come from different articles, share the PLOVER event
type, have compatible first actors (same country, or one unknown), lie within a
distance set by the coarser of their two ``geo_precision`` values, and have day
spans that overlap or lie at most ``DATE_GAP_DAYS`` apart, with time precisions
at most one step apart (a day's report is not a months-long campaign's). A fused event is a
connected component of the match graph over every stored report; since that graph
depends only on which reports are stored, ingesting A then B or B then A gives the
same fused events, and ``fuse`` derives every field from the member set alone.

Merged fields follow ACLED's practice: the most conservative (lowest) fatality
figure, the most precise place and date; ``provenance`` names the report (and its
article) that each merged field came from.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Place tolerance by ACLED geo_precision (1 the town itself, 2 a nearby or larger part
# of a region, 3 a provincial capital or region stands in): about a town's extent, a
# district's, a province's.
TOLERANCE_KM = {1: 10.0, 2: 50.0, 3: 150.0}
MAX_TOLERANCE_KM = max(TOLERANCE_KM.values())
# Reports of one happening often date it a day apart ("on Saturday" vs "overnight").
DATE_GAP_DAYS = 1
# A one-day report is not the same happening as a months-long campaign it falls in:
# ACLED time precisions (1 day, 2 week, 3 month+) may differ by at most this much.
MAX_TIME_PRECISION_STEP = 1
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class ReportKey:
    """What fusion compares in a report (one per-article event record)."""

    id: str
    article_id: str
    event_type: str
    date_lo: dt.date | None
    date_hi: dt.date | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1_country: str | None
    time_precision: int | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ReportKey:
        lo, hi = day_span(record)
        location = record.get("location") or {}
        return cls(
            id=record["event_id"],
            article_id=record["article_id"],
            event_type=record["event_type"],
            date_lo=lo,
            date_hi=hi,
            latitude=location.get("lat"),
            longitude=location.get("lon"),
            geo_precision=location.get("geo_precision"),
            actor1_country=(record.get("actor1") or {}).get("country"),
            time_precision=record.get("time_precision"),
        )


def day_span(record: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """The widest span of days a record allows: (date_start or date, date_end or date)."""
    start, day, end = (_day(record.get(k)) for k in ("date_start", "date", "date_end"))
    lo = start or day or end
    hi = end or day or start
    return lo, hi


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def tolerance_km(precision_a: int | None, precision_b: int | None) -> float:
    coarser = max(precision_a or 3, precision_b or 3)
    return TOLERANCE_KM.get(coarser, MAX_TOLERANCE_KM)


def match(a: ReportKey, b: ReportKey) -> dict[str, Any] | None:
    """The edge between two reports of one happening with the evidence for it, or None."""
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return None
    if a.actor1_country and b.actor1_country and a.actor1_country != b.actor1_country:
        return None
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    if None in (a.date_lo, a.date_hi, b.date_lo, b.date_hi):
        return None
    if abs((a.time_precision or 3) - (b.time_precision or 3)) > MAX_TIME_PRECISION_STEP:
        return None
    distance = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
    tolerance = tolerance_km(a.geo_precision, b.geo_precision)
    gap = max(0, (max(a.date_lo, b.date_lo) - min(a.date_hi, b.date_hi)).days)
    if distance > tolerance or gap > DATE_GAP_DAYS:
        return None
    first, second = sorted((a, b), key=lambda k: k.id)
    return {
        "a": first.id,
        "b": second.id,
        "event_type": a.event_type,
        "actor1_country": _actor_reason(first.actor1_country, second.actor1_country),
        "distance_km": round(distance, 2),
        "tolerance_km": tolerance,
        "date_gap_days": gap,
        "time_precision": f"{first.time_precision or 3}/{second.time_precision or 3}",
    }


def _actor_reason(a: str | None, b: str | None) -> str:
    if a and b:
        return f"same ({a})"
    return f"one unknown ({a or b})" if (a or b) else "both unknown"


def components(nodes: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Connected components (each sorted), sorted by their smallest member."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in parent:
        groups.setdefault(root(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def fuse(reports: list[dict[str, Any]], edges: list[dict[str, Any]]) -> tuple[dict, dict]:
    """The fused record and its explanation, from the member reports alone.

    Each report is a per-article event record (EVENT-SCHEMA) whose ``source`` and
    ``published`` are its article's. Returns ``(record, fusion)``; ``fusion`` holds
    the members, the match edges and the provenance of every merged field.
    """
    ordered = sorted(reports, key=lambda r: r["event_id"])
    lead = min(ordered, key=lambda r: (-(r.get("confidence") or 0), r["event_id"]))
    record = copy.deepcopy(lead)
    provenance: dict[str, dict[str, str]] = {}

    def take(fields: tuple[str, ...], report: dict[str, Any], rule: str) -> None:
        for name in fields:
            record[name] = copy.deepcopy(report.get(name))
            provenance[name] = {"event_id": report["event_id"], "article_id": report["article_id"], "rule": rule}

    take(("event_type", "cameo_root", "cameo_code", "mode", "status", "evidence"), lead, "most confident report")
    for name in ("actor1", "actor2", "attribution", "control_change", "acled_event_type", "acled_sub_event_type"):
        donor = next((r for r in _by_confidence(ordered) if r.get(name)), lead)
        take((name,), donor, "most confident report that has it")
    located = [r for r in ordered if (r.get("location") or {}).get("lat") is not None]
    if located:
        best = min(located, key=lambda r: (r["location"].get("geo_precision") or 3, -(r.get("confidence") or 0), r["event_id"]))
        take(("location",), best, "most precise place (lowest geo_precision)")
    dated = [r for r in ordered if any(day_span(r))]
    if dated:
        best = min(dated, key=lambda r: (r.get("time_precision") or 3, _span_days(r), -(r.get("confidence") or 0), r["event_id"]))
        take(("date", "date_start", "date_end", "time_precision"), best, "most precise date (lowest time_precision)")
    counted = [r for r in ordered if r.get("fatalities") is not None]
    if counted:
        lowest = min(counted, key=lambda r: (r["fatalities"], r["event_id"]))
        take(("fatalities",), lowest, "lowest reported figure (ACLED: most conservative)")
    if len(ordered) > 1:
        record["quantities"] = _conservative_quantities(ordered)
    record["confidence"] = max(r.get("confidence") or 0 for r in ordered)
    publishers = sorted({r.get("source") or f"article:{r['article_id']}" for r in ordered})
    articles = sorted({r["article_id"] for r in ordered})
    published = sorted(r["published"] for r in ordered if r.get("published"))
    fused_id = ordered[0]["event_id"]
    record.update(
        event_id=fused_id,
        source="; ".join(sorted({r["source"] for r in ordered if r.get("source")})) or None,
        published=published[0] if published else None,
        num_sources=len(publishers),
        num_articles=len(articles),
        num_mentions=len(ordered),
    )
    fusion = {
        "event_id": fused_id,
        "members": [r["event_id"] for r in ordered],
        "articles": articles,
        "edges": sorted(edges, key=lambda e: (e["a"], e["b"])),
        "provenance": provenance,
        "criteria": {
            "event_type": "identical PLOVER event type",
            "actor1_country": "identical, or unknown in one report",
            "tolerance_km_by_geo_precision": TOLERANCE_KM,
            "max_date_gap_days": DATE_GAP_DAYS,
            "max_time_precision_step": MAX_TIME_PRECISION_STEP,
            "articles": "reports from the same article are never matched directly",
        },
    }
    return record, fusion


def _by_confidence(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(reports, key=lambda r: (-(r.get("confidence") or 0), r["event_id"]))


def _span_days(record: dict[str, Any]) -> int:
    lo, hi = day_span(record)
    return (hi - lo).days if lo and hi else 10**6


def _conservative_quantities(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One quantity per kind: the lowest value any report gives (a lower bound)."""
    best: dict[str, dict[str, Any]] = {}
    for report in reports:
        for quantity in report.get("quantities") or []:
            kind = quantity.get("kind")
            if kind not in best or quantity.get("value", 0) < best[kind].get("value", 0):
                best[kind] = dict(quantity, event_id=report["event_id"])
    return [best[k] for k in sorted(best)]
