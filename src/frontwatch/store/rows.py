"""Row mapping: event records, articles, actors, places, reports, fused events and claims as table rows.

Each function takes a record and returns the dict of one row's columns; none touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from frontwatch.records import Article, ControlClaim, Event, content_hash
from frontwatch.store import codes
from frontwatch.store.errors import StoreError
from frontwatch.store.fusion import ReportKey


def records(article: Article, events: Sequence[Event]) -> list[dict[str, Any]]:
    """Per-article event records, with the article's publisher and date, one per id."""
    by_id: dict[str, dict[str, Any]] = {}
    for ev in events:
        if ev.article_id != article.id:
            raise StoreError(
                f"{article.origin}: event {ev.event_id or '?'} belongs to article {ev.article_id}, not {article.id}"
            )
        if ev.event_type is None:
            raise StoreError(f"{article.origin}: event {ev.event_id or '?'} has no event_type")
        if not ev.event_id:
            ev.assign_id()
        record = ev.to_dict()
        record["source"] = record["source"] or article.source
        record["published"] = record["published"] or (article.published.isoformat() if article.published else None)
        by_id.setdefault(record["event_id"], record)
    return list(by_id.values())


def claim_records(records: list[dict[str, Any]], claims: Sequence[Any]) -> list[dict[str, Any]]:
    """The article's control claims as dicts, plus those of its control changes no claim covers."""
    result = [c if isinstance(c, dict) else c.to_dict() for c in claims]
    covered = {c.get("event_id") for c in result if c.get("event_id")}
    for record in records:
        if record.get("control_change") and record["event_id"] not in covered:
            claim = ControlClaim.from_change(record)
            if claim is not None:
                result.append(claim.to_dict())
    return list({c["claim_id"]: c for c in result}.values())


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    place, controller = claim["place"], claim["controller"]
    return {
        "id": claim["claim_id"],
        "article_id": claim["article_id"],
        "kind": claim["kind"],
        "place_key": claim["place_key"],
        "place_name": place.get("name"),
        "place_feature": place.get("feature"),
        "place_country": place.get("country"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "controller_key": claim["controller_key"],
        "controller_name": controller.get("name"),
        "date": as_date(claim["date"], "date") if claim.get("date") else None,
        "confidence": claim.get("confidence") or 0.0,
        "event_id": claim.get("event_id"),
        "record": claim,
    }


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "origin": article.origin,
        "text": article.text,
        "ingested_at": now(),
    }


def actor_row(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if not actor or not actor.get("name"):
        return None
    return {
        "id": content_hash("actor", actor["name"], actor.get("country")),
        "name": actor["name"],
        "country": actor.get("country"),
        "sectors": list(actor.get("sectors") or []),
    }


def place_row(location: dict[str, Any] | None) -> dict[str, Any] | None:
    if not location or location.get("lat") is None:
        return None
    gid = location.get("geonameid")
    return {
        "id": f"gn:{gid}" if gid else content_hash("place", location.get("name"), location.get("country"), location["lat"], location["lon"]),
        "geonameid": gid,
        "name": location.get("name"),
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "feature": location.get("feature"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
    }


def source_row(record: dict[str, Any], fused_id: str) -> dict[str, Any]:
    key = ReportKey.from_record(record)
    actor1, actor2, place = actor_row(record.get("actor1")), actor_row(record.get("actor2")), place_row(record.get("location"))
    evidence = record.get("evidence") or {}
    return {
        "id": key.id,
        "fused_id": fused_id,
        "article_id": key.article_id,
        "event_type": key.event_type,
        "date_lo": key.date_lo,
        "date_hi": key.date_hi,
        "latitude": key.latitude,
        "longitude": key.longitude,
        "geo_precision": key.geo_precision,
        "actor1_country": key.actor1_country,
        "time_precision": key.time_precision,
        "actor1_id": actor1 and actor1["id"],
        "actor2_id": actor2 and actor2["id"],
        "place_id": place and place["id"],
        "sentence": evidence.get("sentence"),
        "char_start": evidence.get("char_start"),
        "char_end": evidence.get("char_end"),
        "record": record,
    }


def fused_row(record: dict[str, Any], fusion: dict[str, Any], sentences: list[str]) -> dict[str, Any]:
    key = ReportKey.from_record(record)
    location = record.get("location") or {}
    actor1, actor2, place = actor_row(record.get("actor1")), actor_row(record.get("actor2")), place_row(location)
    a1, a2 = record.get("actor1") or {}, record.get("actor2") or {}
    country = codes.iso3(location.get("country")) or (a1.get("country") if a1.get("country") not in (None, "IGO") else None)
    text = " ".join([*sentences, a1.get("name") or "", a2.get("name") or "", location.get("name") or ""])
    return {
        "id": record["event_id"],
        "event_type": record["event_type"],
        "cameo_root": record.get("cameo_root"),
        "status": record.get("status"),
        "date": as_date(record.get("date"), "date") if record.get("date") else None,
        "date_lo": key.date_lo,
        "date_hi": key.date_hi,
        "time_precision": record.get("time_precision"),
        "latitude": key.latitude,
        "longitude": key.longitude,
        "geo_precision": key.geo_precision,
        "country": country,
        "actor1_id": actor1 and actor1["id"],
        "actor2_id": actor2 and actor2["id"],
        "place_id": place and place["id"],
        "actor1_name": a1.get("name"),
        "actor1_country": a1.get("country"),
        "actor2_name": a2.get("name"),
        "actor2_country": a2.get("country"),
        "fatalities": record.get("fatalities"),
        "confidence": record.get("confidence") or 0.0,
        "num_sources": record["num_sources"],
        "num_articles": record["num_articles"],
        "num_mentions": record["num_mentions"],
        "search_text": text.lower(),
        "record": record,
        "fusion": fusion,
        "updated_at": now(),
    }


def as_date(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise StoreError(f"{name}={value!r}: not a date (use YYYY-MM-DD)") from exc


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
