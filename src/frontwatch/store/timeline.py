"""Resolve control claims into a timeline of holders per place.

Rules (the issue's "most recent, best-attested claim; the disagreement stays visible"):

* claims are taken day by day in date order; the newest day's claims decide who holds
  the place from that day on, so a later report supersedes an earlier one;
* claims of one day that disagree are weighed by attestation: each article counts once
  (its most confident claim), and independent articles combine as a noisy-OR, so two
  sources at 0.6 (0.84) outweigh one at 0.7;
* the claims that lost stay on the period as ``disputed``, with their sentences, so a
  reader sees who said otherwise.

Claims are plain dicts (``ControlClaim.to_dict()``, the store's rows), so the same code
serves the pipeline, the store and the API.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from frontwatch.records import controller_key, place_key

# A controller's weight when no article attests it (never reached: every claim has one).
NO_ATTESTATION = 0.0


def timelines(claims: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One timeline per place (``{"place", "place_key", "periods"}``), places sorted by name."""
    by_place: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        if _day(claim) is not None:
            by_place.setdefault(claim.get("place_key") or place_key(claim["place"]), []).append(claim)
    result = [
        {"place_key": key, "place": _best_place(group), "periods": periods(group)}
        for key, group in by_place.items()
    ]
    return sorted(result, key=lambda t: (str(t["place"].get("name") or "").lower(), t["place_key"]))


def periods(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The holders of one place, oldest first: ``{"controller", "since", "until", ...}``."""
    ordered = sorted(claims, key=lambda c: (_day(c), c.get("claim_id") or ""))
    result: list[dict[str, Any]] = []
    for day, group in itertools.groupby(ordered, key=_day):
        day_claims = list(group)
        weights = _attestation(day_claims)
        winner = max(weights, key=lambda k: (weights[k], _has_change(day_claims, k), k))
        current = result[-1] if result else None
        if current is None or current["controller_key"] != winner:
            if current is not None:
                current["until"] = day.isoformat()
            current = _open_period(winner, day)
            result.append(current)
        for claim in day_claims:
            target = "evidence" if _key(claim) == winner else "disputed"
            current[target].append(_summary(claim))
        current["confidence"] = round(_noisy_or(_per_article(current["evidence"])), 3)
        current["controller"] = _best_controller(current["evidence"])
    return result


def on(timeline: dict[str, Any], day: dt.date) -> dict[str, Any] | None:
    """The period of a place's timeline that covers ``day`` (None before the first claim)."""
    for period in timeline["periods"]:
        since = dt.date.fromisoformat(period["since"])
        until = dt.date.fromisoformat(period["until"]) if period["until"] else None
        if since <= day and (until is None or day < until):
            return period
    return None


def control_on(claims: Iterable[dict[str, Any]], day: dt.date) -> list[dict[str, Any]]:
    """Every place with a known holder on ``day``: ``{"place", "place_key", **period}``.

    Only claims dated on or before ``day`` count: what was known then.
    """
    known = [c for c in claims if _day(c) is not None and _day(c) <= day]
    result = []
    for timeline in timelines(known):
        period = on(timeline, day)
        if period is not None:
            result.append({"place": timeline["place"], "place_key": timeline["place_key"], **period})
    return result


def _open_period(key: str, day: dt.date) -> dict[str, Any]:
    return {
        "controller_key": key,
        "controller": None,
        "since": day.isoformat(),
        "until": None,
        "confidence": 0.0,
        "evidence": [],
        "disputed": [],
    }


def _attestation(claims: list[dict[str, Any]]) -> dict[str, float]:
    by_key: dict[str, list[dict[str, Any]]] = {}
    for claim in claims:
        by_key.setdefault(_key(claim), []).append(claim)
    return {key: _noisy_or(_per_article(group)) for key, group in by_key.items()}


def _per_article(claims: list[dict[str, Any]]) -> list[float]:
    best: dict[str, float] = {}
    for claim in claims:
        article = claim.get("article_id") or ""
        best[article] = max(best.get(article, NO_ATTESTATION), float(claim.get("confidence") or 0.0))
    return list(best.values())


def _noisy_or(confidences: list[float]) -> float:
    miss = 1.0
    for value in confidences:
        miss *= 1.0 - min(max(value, 0.0), 1.0)
    return 1.0 - miss


def _has_change(claims: list[dict[str, Any]], key: str) -> bool:
    return any(c.get("kind") == "change" and _key(c) == key for c in claims)


def _key(claim: dict[str, Any]) -> str:
    return claim.get("controller_key") or controller_key(claim["controller"])


def _day(claim: dict[str, Any]) -> dt.date | None:
    value = claim.get("date")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else None


def _summary(claim: dict[str, Any]) -> dict[str, Any]:
    """What a reader needs to judge a claim: who, when, how sure, the sentence and its source."""
    fields = ("claim_id", "kind", "controller", "date", "extent", "confidence", "evidence",
              "article_id", "source", "published", "event_id")
    summary = {name: claim.get(name) for name in fields}
    if isinstance(summary["date"], dt.date):
        summary["date"] = summary["date"].isoformat()
    return summary


def _best_place(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The most complete description of a place among its claims (coordinates first)."""
    return max((c["place"] for c in claims), key=lambda p: (p.get("lat") is not None, len([v for v in p.values() if v])))


def _best_controller(evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The most confident claim's actor names the holder."""
    return max(evidence, key=lambda c: float(c.get("confidence") or 0.0))["controller"]
