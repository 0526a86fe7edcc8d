"""Scoring events against a hand-made reference (the format of shared/gold/*.json).

Matching rules, from the reference's ``notes``: an extracted event matches a reference
event when its PLOVER type is among the accepted ``types``, actor1's country is the
reference's (or one of them), its coordinates lie within ``tolerance_km`` of the
reference point, and its date lies within ``date_tolerance_days`` of the reference
date or inside [``date_from``, ``date_to``]; constraints the reference leaves out are
not checked. Matching is one-to-one (a duplicate report of one happening counts
against precision). Required events count for recall; extracted events matched to
optional ones are neither rewarded nor penalised.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED_FIELDS = (
    "event_id", "article_id", "source", "published", "event_type", "mode", "cameo_root",
    "acled_event_type", "acled_sub_event_type", "status", "actor1", "actor2", "location",
    "date", "date_start", "date_end", "time_precision", "fatalities", "quantities",
    "attribution", "control_change", "evidence", "confidence",
)


@dataclass
class GoldScore:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: int
    neutral: int
    required: int
    matches: dict[str, str] = field(default_factory=dict)  # gold id -> event id
    unmatched_gold: list[str] = field(default_factory=list)
    unmatched_events: list[dict] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    control_ok: dict[str, bool] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3), "recall": round(self.recall, 3),
            "f1": round(self.f1, 3), "true_positives": self.true_positives,
            "false_positives": self.false_positives, "neutral": self.neutral,
            "required": self.required, "matches": self.matches,
            "unmatched_gold": self.unmatched_gold,
            "unmatched_events": [
                {"event_id": e["event_id"], "type": e["event_type"], "sentence": e["evidence"]["sentence"][:100]}
                for e in self.unmatched_events
            ],
            "missing_fields": self.missing_fields, "control": self.control_ok,
        }


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def score(events: list[dict], gold: dict) -> GoldScore:
    gold_events = gold["events"]
    required = [g for g in gold_events if g.get("required")]
    optional = [g for g in gold_events if not g.get("required")]
    fits = {g["id"]: [i for i, e in enumerate(events) if matches(e, g)] for g in gold_events}
    # required first: an augmenting path never unmatches a reference, so the required
    # matched stay as many as can be, and an optional one then takes any event it can
    # without costing a required one (an event that fits only it is never counted wrong)
    match = _max_matching([g["id"] for g in required] + [g["id"] for g in optional], fits)
    _prefer_told_changes(match, fits, events, gold_events)
    required_ids = {g["id"] for g in required}
    required_match = {gid: i for gid, i in match.items() if gid in required_ids}
    optional_match = {gid: i for gid, i in match.items() if gid not in required_ids}
    used = set(required_match.values()) | set(optional_match.values())
    tp = len(required_match)
    fp = len(events) - len(used)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(required) if required else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return GoldScore(
        precision=precision, recall=recall, f1=f1, true_positives=tp, false_positives=fp,
        neutral=len(optional_match), required=len(required),
        matches={gid: events[i]["event_id"] for gid, i in {**required_match, **optional_match}.items()},
        unmatched_gold=[g["id"] for g in required if g["id"] not in required_match],
        unmatched_events=[e for i, e in enumerate(events) if i not in used],
        missing_fields=sorted({f for e in events for f in REQUIRED_FIELDS if f not in e}),
        control_ok=_control(events, gold, required_match),
    )


def matches(event: dict, gold: dict) -> bool:
    return type_ok(event, gold) and not failed_checks(event, gold)


def type_ok(event: dict, gold: dict) -> bool:
    return event["event_type"] in gold.get("types", [event["event_type"]])


def failed_checks(event: dict, gold: dict) -> list[str]:
    """Which of the reference's actor, place and date checks the event fails."""
    failed = []
    if "actor1" in gold and not _actor_ok(event.get("actor1"), gold["actor1"]):
        failed.append("actor")
    if "location" in gold and not _location_ok(event.get("location"), gold["location"]):
        failed.append("place")
    if not _date_ok(event, gold):
        failed.append("date")
    return failed


def _actor_ok(actor: dict | None, gold: dict) -> bool:
    if not actor:
        return False
    countries = gold.get("country")
    countries = [countries] if isinstance(countries, str) else countries or []
    return not countries or actor.get("country") in countries


def _location_ok(location: dict | None, gold: dict) -> bool:
    if not location or location.get("lat") is None:
        return False
    return km(location["lat"], location["lon"], gold["lat"], gold["lon"]) <= gold.get("tolerance_km", 25)


def _date_ok(event: dict, gold: dict) -> bool:
    day = event.get("date")
    if "date" in gold:
        if not day:
            return False
        delta = abs((dt.date.fromisoformat(day) - dt.date.fromisoformat(gold["date"])).days)
        return delta <= gold.get("date_tolerance_days", 0)
    if "date_from" in gold:
        if not day:
            return False
        return gold["date_from"] <= day <= gold["date_to"]
    return True


def _control(events: list[dict], gold: dict, required_match: dict[str, int]) -> dict[str, bool]:
    out = {}
    for g in gold["events"]:
        expected = g.get("control_change")
        if not expected:
            continue
        i = required_match.get(g["id"])
        change = events[i].get("control_change") if i is not None else None
        new = (change or {}).get("new_controller") or {}
        out[g["id"]] = bool(change) and new.get("country") == expected["new_controller"]["country"]
    return out


def _prefer_told_changes(match: dict[str, int], fits: dict[str, list[int]], events: list[dict], gold_events: list[dict]) -> None:
    """Among matchings of the same size, the one that pairs a reference event telling a
    control change with the report's event telling it: when two events fit the same
    reference event, which one the search happened to pick must not decide the control
    check. Swaps with another reference event only where both still fit."""
    owner = {i: gid for gid, i in match.items()}
    for g in gold_events:
        gid = g["id"]
        if not g.get("control_change") or gid not in match or events[match[gid]].get("control_change"):
            continue
        mine = match[gid]
        for i in fits[gid]:
            if not events[i].get("control_change"):
                continue
            other = owner.get(i)
            if other is None:  # an event no reference took: take it instead
                del owner[mine]
            elif mine in fits[other]:  # swap with the reference that took it
                match[other] = mine
                owner[mine] = other
            else:
                continue
            match[gid] = i
            owner[i] = gid
            break


def _max_matching(gold_ids: list[str], fits: dict[str, list[int]]) -> dict[str, int]:
    """Maximum bipartite matching gold -> event (augmenting paths; the sets are small),
    in the order of ``gold_ids``: a reference matched early stays matched."""
    owner: dict[int, str] = {}

    def augment(gid: str, seen: set[int]) -> bool:
        for i in fits[gid]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or augment(owner[i], seen):
                owner[i] = gid
                return True
        return False

    for gid in gold_ids:
        augment(gid, set())
    return {gid: i for i, gid in owner.items()}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
