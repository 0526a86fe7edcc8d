"""One report of who holds a place: a control statement or a control change.

A ``ControlClaim`` says that, on ``date``, ``controller`` held ``place`` (``kind``
"statement": "X were in control of Y", "Y is controlled by X") or had just taken it
(``kind`` "change": "X took control of Y", from an event's ``control_change``). Claims
are the rows of the control timeline; ``timeline.py`` resolves them per place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from frontwatch.records import content_hash

KINDS = ("statement", "change")
EXTENTS = ("whole", "partial")
# Government-side and opposition-side sectors: two actors of one country on one side
# hold a place together ("the army" and "government forces" agree).
GOVERNMENT_SECTORS = ("GOV", "MIL", "POL", "LEG", "JUD")
OPPOSITION_SECTORS = ("REB", "OPP", "UAF")


@dataclass
class ControlClaim:
    """Who held a place on a day, with the sentence that says so."""

    article_id: str
    kind: str
    place: dict[str, Any]  # EVENT-SCHEMA location fields; roads may lack lat/lon
    controller: dict[str, Any]  # EVENT-SCHEMA actor: text, name, country, sectors
    date: dt.date | None
    evidence: dict[str, Any]  # sentence, char_start, char_end
    confidence: float = 0.5
    extent: str | None = None  # "whole", "partial" or None when the text does not say
    previous_controller: dict[str, Any] | None = None
    source: str | None = None
    published: dt.date | None = None
    event_id: str | None = None  # the event a "change" claim comes from
    claim_id: str = field(default="")

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"claim kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if not self.claim_id:
            self.claim_id = content_hash(
                "control", self.article_id, self.kind, place_key(self.place), self.evidence.get("char_start")
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "article_id": self.article_id,
            "kind": self.kind,
            "place": self.place,
            "place_key": place_key(self.place),
            "controller": self.controller,
            "controller_key": controller_key(self.controller),
            "previous_controller": self.previous_controller,
            "date": self.date.isoformat() if self.date else None,
            "extent": self.extent,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "event_id": self.event_id,
        }


def place_key(place: dict[str, Any]) -> str:
    """A place's identity: its GeoNames id, else (roads, unresolved names) kind + name + country."""
    if place.get("geonameid"):
        return f"gn:{place['geonameid']}"
    name = " ".join(str(place.get("name") or "").lower().split())
    return f"{place.get('feature') or 'place'}:{name}:{(place.get('country') or '').lower()}"


def side(actor: dict[str, Any]) -> str:
    """``government``, ``opposition`` or ``other``: which side of its country an actor is on."""
    sectors = set(actor.get("sectors") or ())
    if sectors & set(OPPOSITION_SECTORS):
        return "opposition"
    if sectors & set(GOVERNMENT_SECTORS) or not sectors:
        return "government"
    return "other"


def controller_key(actor: dict[str, Any]) -> str:
    """Actors that hold a place together share a key: their country and side (``SYR:government``)."""
    return f"{actor.get('country') or '?'}:{side(actor)}"


def from_change_event(record: dict[str, Any]) -> ControlClaim | None:
    """The claim an EVENT-SCHEMA record's ``control_change`` makes, or None when it names no new holder."""
    change = record.get("control_change") or {}
    place, controller = change.get("place"), change.get("new_controller")
    if not place or not controller:
        return None
    day = record.get("date") or record.get("date_end") or record.get("date_start") or record.get("published")
    published = record.get("published")
    return ControlClaim(
        article_id=record["article_id"],
        kind="change",
        place=place,
        controller=controller,
        previous_controller=change.get("previous_controller"),
        date=dt.date.fromisoformat(day) if day else None,
        evidence=dict(record.get("evidence") or {}),
        confidence=float(record.get("confidence") or 0.5),
        source=record.get("source"),
        published=dt.date.fromisoformat(published) if published else None,
        event_id=record.get("event_id"),
    )
