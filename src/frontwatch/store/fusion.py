"""Fusion of reports of the same happening across articles: a pure plan, explainable and order-free.

Two reports *match* when they come from different articles, share the PLOVER event
type and the ACLED event and sub-event types, have compatible first actors (same
country, or one unknown), lie within a distance set by the coarser of their two
``geo_precision`` values (or one names only a province and the other lies in it),
and have day spans that overlap or lie at most ``DATE_GAP_DAYS`` apart, with time
precisions at most one step apart (a day's report is not a months-long campaign's).

A fused event is a *clique* of the match graph holding at most one report per
article: every two of its reports match, so two happenings that do not match never
meet in one event through a third report, and a syndicated copy pairs 1:1 with its
original. Reports join in order of how alike they are (the same evidence sentence
first, then the nearest place and date), over a whole connected component of the
match graph; since the component depends only on which reports are stored, ingesting
A then B or B then A gives the same fused events. ``plan`` is a pure function from
the reports to what the store must write; ``fuse`` derives every field of an event
from its member set alone.

Merged fields follow ACLED's practice: the most conservative (lowest) fatality
figure, the most precise place and date; ``provenance`` names the report (and its
article) that each merged field came from.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
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
# A place that stands for a whole first-level division ("in Balochistan province"):
# any place inside that division is compatible with it, however far from its centroid.
REGION_FEATURE = "admin1"
_WORD = re.compile(r"\w+")


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
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    country: str | None = None  # ISO alpha-2 of the place
    admin1: str | None = None
    feature: str | None = None
    place: str | None = None
    words: frozenset[str] = frozenset()  # the evidence sentence's words, lower-cased

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ReportKey:
        lo, hi = day_span(record)
        location = record.get("location") or {}
        sentence = (record.get("evidence") or {}).get("sentence") or ""
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
            acled_event_type=record.get("acled_event_type"),
            acled_sub_event_type=record.get("acled_sub_event_type"),
            country=location.get("country"),
            admin1=location.get("admin1"),
            feature=location.get("feature"),
            place=location.get("name"),
            words=frozenset(_WORD.findall(sentence.lower())),
        )

    @property
    def is_region(self) -> bool:
        return self.feature == REGION_FEATURE and bool(self.admin1 and self.country)


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
    if (a.acled_event_type, a.acled_sub_event_type) != (b.acled_event_type, b.acled_sub_event_type):
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
    place = _place_reason(a, b, distance, tolerance)
    if place is None or gap > DATE_GAP_DAYS:
        return None
    first, second = sorted((a, b), key=lambda k: k.id)
    return {
        "a": first.id,
        "b": second.id,
        "event_type": a.event_type,
        "acled_type": "/".join(t for t in (a.acled_event_type, a.acled_sub_event_type) if t) or None,
        "actor1_country": _actor_reason(first.actor1_country, second.actor1_country),
        "distance_km": round(distance, 2),
        "tolerance_km": tolerance,
        "place": place,
        "date_gap_days": gap,
        "time_precision": f"{first.time_precision or 3}/{second.time_precision or 3}",
        "similarity": similarity(a, b),
    }


def similarity(a: ReportKey, b: ReportKey) -> float:
    """How alike two reports' evidence sentences are: the Jaccard index of their words (1.0: the same)."""
    if not a.words or not b.words:
        return 0.0
    return round(len(a.words & b.words) / len(a.words | b.words), 3)


def _place_reason(a: ReportKey, b: ReportKey, distance: float, tolerance: float) -> str | None:
    if distance <= tolerance:
        return "within tolerance"
    for region, other in ((a, b), (b, a)):
        if region.is_region and (other.country, other.admin1) == (region.country, region.admin1):
            return f"{other.place or 'the place'} lies in {region.place or region.admin1}, which the other report names"
    return None


def _actor_reason(a: str | None, b: str | None) -> str:
    if a and b:
        return f"same ({a})"
    return f"one unknown ({a or b})" if (a or b) else "both unknown"


def edge_reason(edge: dict[str, Any]) -> str:
    """One line saying why two reports were merged."""
    place = edge.get("place", "within tolerance")
    where = (f"{edge['distance_km']} km apart (tolerance {edge['tolerance_km']:g} km)" if place == "within tolerance"
             else f"{place} ({edge['distance_km']} km from its centre)")
    return (
        f"{edge['a']} ~ {edge['b']}: same event type {edge['event_type']}"
        f"{' (' + edge['acled_type'] + ')' if edge.get('acled_type') else ''}; actor1 country {edge['actor1_country']}; "
        f"{where}; dates {edge['date_gap_days']} day(s) apart (at most {DATE_GAP_DAYS}); "
        f"time precisions {edge.get('time_precision', '?')}; evidence {edge.get('similarity', 0):.0%} alike"
    )


def _strength(edge: dict[str, Any]) -> tuple:
    """Sort key, strongest first: the same sentence, then the nearest place and date; ids break ties."""
    return (-edge.get("similarity", 0), edge["distance_km"] / edge["tolerance_km"], edge["date_gap_days"], edge["a"], edge["b"])


def match_all(keys: Iterable[ReportKey]) -> list[dict[str, Any]]:
    """Every match edge among ``keys``, strongest first."""
    by_type: dict[tuple, list[ReportKey]] = {}
    for key in keys:
        by_type.setdefault((key.event_type, key.acled_event_type, key.acled_sub_event_type), []).append(key)
    edges = []
    for group in by_type.values():
        group.sort(key=lambda k: (k.date_lo is None, k.date_lo or dt.date.min, k.id))
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.date_lo is None or b.date_lo is None or (b.date_lo - a.date_hi).days > DATE_GAP_DAYS:
                    break  # sorted by first day: no later report can be near enough
                if edge := match(a, b):
                    edges.append(edge)
    return sorted(edges, key=_strength)


def cliques(keys: Iterable[ReportKey], edges: list[dict[str, Any]]) -> list[list[str]]:
    """Reports grouped so that every two in a group match and no article appears twice.

    Edges are taken strongest first (``match_all``'s order); two groups join only when
    every report of one matches every report of the other and they share no article.
    Groups (each sorted) come sorted by their smallest member.
    """
    keys = list(keys)
    linked = {(e["a"], e["b"]) for e in edges}
    group = {k.id: [k.id] for k in keys}
    articles = {k.id: {k.article_id} for k in keys}
    for edge in edges:
        ga, gb = group[edge["a"]], group[edge["b"]]
        if ga is gb or articles[ga[0]] & articles[gb[0]]:
            continue
        if not all((min(x, y), max(x, y)) in linked for x in ga for y in gb):
            continue
        ga.extend(gb)
        articles[ga[0]] |= articles[gb[0]]
        for member in gb:
            group[member] = ga
    unique = {id(g): sorted(g) for g in group.values()}
    return sorted(unique.values(), key=lambda g: g[0])


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
            "acled_type": "identical ACLED event and sub-event types (or none in both)",
            "actor1_country": "identical, or unknown in one report",
            "tolerance_km_by_geo_precision": TOLERANCE_KM,
            "region": "a place inside the province that the other report names as its place matches it",
            "max_date_gap_days": DATE_GAP_DAYS,
            "max_time_precision_step": MAX_TIME_PRECISION_STEP,
            "articles": "at most one report per article: an article's own reports are distinct happenings",
            "linkage": "every two reports of the event match (no chaining through a third report)",
        },
    }
    return record, fusion


@dataclass(frozen=True)
class StoredReport:
    """A report already in the store: its record, its fused event and its match-graph component."""

    record: dict[str, Any]
    fused_id: str
    component: str


@dataclass
class PlannedEvent:
    """A fused event the store must insert or update: its members, record and explanation."""

    fused_id: str
    members: list[str]
    record: dict[str, Any]
    fusion: dict[str, Any]
    reports: list[dict[str, Any]]  # the members' own records, in ``members`` order


@dataclass
class FusionPlan:
    """What ingesting fresh reports changes; the store's writer carries it out.

    ``fused_of`` and ``component_of`` cover every report of the plan, fresh or stored;
    ``write`` holds only the events whose members changed, ``moved`` and ``regrouped``
    only the stored reports whose event or component changed, ``stale`` the fused events
    that no longer exist. ``new``/``merged`` count the fresh reports that start an event
    or join one with stored reports.
    """

    write: list[PlannedEvent] = field(default_factory=list)
    fused_of: dict[str, str] = field(default_factory=dict)
    component_of: dict[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    regrouped: dict[str, str] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    new: int = 0
    merged: int = 0


def plan(fresh: list[dict[str, Any]], stored: list[StoredReport]) -> FusionPlan:
    """Fuse ``fresh`` reports with the ``stored`` ones of every component they reach.

    ``stored`` must hold whole components (every report of each), so the events come
    out the same whatever order the reports arrived in.
    """
    records = {s.record["event_id"]: s.record for s in stored} | {r["event_id"]: r for r in fresh}
    before = {s.record["event_id"]: s for s in stored}
    old_members: dict[str, set[str]] = {}
    for rid, report in before.items():
        old_members.setdefault(report.fused_id, set()).add(rid)
    keys = [ReportKey.from_record(r) for r in records.values()]
    edges = match_all(keys)
    result = FusionPlan()
    for component in components(records, [(e["a"], e["b"]) for e in edges]):
        result.component_of.update((rid, component[0]) for rid in component)
    for group in cliques(keys, edges):
        _plan_event(result, group, records, edges, old_members)
        joined = any(i in before for i in group)
        fresh_here = sum(1 for i in group if i not in before)
        result.merged += fresh_here if joined else 0
        result.new += 0 if joined else fresh_here
    result.moved = {i: f for i, f in result.fused_of.items() if i in before and before[i].fused_id != f}
    result.regrouped = {i: c for i, c in result.component_of.items() if i in before and before[i].component != c}
    result.stale = sorted(set(old_members) - set(result.fused_of.values()))
    return result


def _plan_event(result: FusionPlan, group: list[str], records: dict[str, dict[str, Any]],
                edges: list[dict[str, Any]], old_members: dict[str, set[str]]) -> None:
    fused_id, members = group[0], set(group)
    result.fused_of.update((rid, fused_id) for rid in group)
    if old_members.get(fused_id) == members:
        return  # the same reports make the same event: nothing to write
    reports = [records[i] for i in group]
    record, fusion = fuse(reports, [e for e in edges if e["a"] in members and e["b"] in members])
    result.write.append(PlannedEvent(fused_id, group, record, fusion, reports))


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
