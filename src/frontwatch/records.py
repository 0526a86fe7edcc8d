"""Typed records at every boundary, defined once.

The JSON written by ``frontwatch extract``, the store's rows and the API's schema all
derive from these classes.  Field names follow ``EVENT-SCHEMA.md``: they are a public
contract, so rename nothing without a migration.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

PLOVER_TYPES = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
    "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()
STATUSES = ("occurred", "threatened", "intended", "denied", "conditional")
SECTORS = "GOV MIL POL REB OPP CVL REF MED NGO IGO UAF BUS JUD LEG REL".split()
QUANTITY_KINDS = (
    "killed injured displaced arrested troops vehicles refugees distance_km other".split()
)
FEATURES = ("place", "admin1", "admin2", "country", "region", "road")


def content_hash(*parts: object, length: int = 16) -> str:
    """A stable hex id from the given parts: the same content always gives the same id."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def normalise_text(text: str) -> str:
    """Whitespace-normalised text, the basis of article ids."""
    return " ".join(text.split())


@dataclass
class Article:
    """One news article as read from its input, before any analysis.

    ``text`` is kept exactly as given: every offset in every record points into it.
    ``ignored`` lists spans of ``text`` that are not running prose (the header with
    title, dateline and byline, photo captions repeated verbatim, closing credits);
    the NLP stage blanks them so offsets stay valid.
    """

    text: str
    id: str = ""
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    url: str | None = None
    contributors: list[str] = field(default_factory=list)
    ignored: list[tuple[int, int, str]] = field(default_factory=list)
    origin: str = "<input>"

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(normalise_text(self.text))

    def analysable_text(self) -> str:
        """The text with ignored spans blanked (newlines kept), offsets unchanged. A span
        that starts inside a line (a dateline's date and agency after its place: "CAIRO
        (AP) - Police ...") starts with a line break, so the words before it stand as a
        sentence of their own and never run into the prose after it."""
        if not self.ignored:
            return self.text
        chars = list(self.text)
        for start, end, _reason in self.ignored:
            for i in range(start, min(end, len(chars))):
                if chars[i] != "\n":
                    chars[i] = " "
            if 0 < start < len(chars) and self.text[:start].rstrip(" \t")[-1:] not in ("", "\n"):
                chars[start] = "\n"
        return "".join(chars)


@dataclass(frozen=True)
class Rejected:
    """An input that could not be read or analysed, and why (one line, names the input)."""

    origin: str
    reason: str

    def message(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Place:
    """A gazetteer entry. ``country`` is ISO 3166-1 alpha-2, ``admin1`` a name."""

    name: str
    geonameid: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str = "place"
    population: int = 0
    feature_code: str = ""
    admin1_code: str | None = None
    admin2: str | None = None

    @property
    def geonames_id(self) -> int | None:
        """GeoNames' id; frontwatch's own entries (world regions) have negative ids and none."""
        return self.geonameid if self.geonameid is not None and self.geonameid > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "geonameid": self.geonames_id,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
        }


@dataclass
class Toponym:
    """A place name in the text and the place it resolves to (None: no match)."""

    text: str
    char_start: int
    char_end: int
    place: Place | None = None
    score: float = 0.0
    cue: str | None = None  # "province", "town", "village", "road", ... from context


@dataclass
class ActorMention:
    """A reference to an actor in the text, resolved against the actor dictionary.

    ``country`` is ISO alpha-3, ``IGO``, or None while unresolved (an unnamed
    country, as in "government forces", which the story's country fills in later).
    """

    text: str
    char_start: int
    char_end: int
    name: str
    country: str | None
    sectors: list[str] = field(default_factory=list)
    kind: str = "actor"  # actor | country | capital | media | monitor | person
    implicit_country: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sectors": list(self.sectors),
        }


@dataclass
class TimeMention:
    """A temporal expression resolved against the publication date."""

    text: str
    char_start: int
    char_end: int
    date: dt.date | None
    date_start: dt.date | None
    date_end: dt.date | None
    time_precision: int  # ACLED: 1 day, 2 week, 3 month or longer
    relation: str = "at"  # at | since | until | future


@dataclass
class Quantity:
    """A counted thing: ``kind`` from QUANTITY_KINDS, ``value`` a lower bound."""

    kind: str
    value: float
    text: str
    char_start: int = -1
    char_end: int = -1
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return {"kind": self.kind, "value": value, "text": self.text}


@dataclass
class Event:
    """One happening, in the shape of EVENT-SCHEMA.md."""

    article_id: str
    event_type: str
    cameo_root: str
    evidence: dict[str, Any]
    status: str = "occurred"
    mode: str | None = None
    cameo_code: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    location: dict[str, Any] | None = None
    date: dt.date | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int = 3
    fatalities: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    attribution: dict[str, Any] | None = None
    control_change: dict[str, Any] | None = None
    confidence: float = 0.5
    source: str | None = None
    published: dt.date | None = None
    trigger: dict[str, Any] | None = None
    event_id: str = ""

    def assign_id(self) -> str:
        self.event_id = content_hash(
            self.article_id,
            self.event_type,
            self.evidence.get("char_start"),
            (self.trigger or {}).get("char_start"),
        )
        return self.event_id

    def to_dict(self) -> dict[str, Any]:
        """The public JSON record (EVENT-SCHEMA.md), dates as ISO strings."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "source": self.source,
            "published": _iso(self.published),
            "event_type": self.event_type,
            "mode": self.mode,
            "cameo_root": self.cameo_root,
            "cameo_code": self.cameo_code,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "status": self.status,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "location": self.location,
            "date": _iso(self.date),
            "date_start": _iso(self.date_start),
            "date_end": _iso(self.date_end),
            "time_precision": self.time_precision,
            "fatalities": self.fatalities,
            "quantities": [q.to_dict() for q in self.quantities],
            "attribution": self.attribution,
            "control_change": self.control_change,
            "evidence": self.evidence,
            "trigger": self.trigger,
            "confidence": round(self.confidence, 3),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


CODED_BY = ("rules", "core")


@dataclass
class SentenceCoding:
    """One sentence's event code, in sentence-coding mode (``frontwatch.sentences``):
    every sentence is taken to report a happening, as PETRARCH and Phoenix code news.

    ``cameo_root`` and ``penta`` (the Phoenix five-class value, ``phoenix_penta.tsv``)
    are None only when neither the rules nor the learned core gave a code (the core off);
    ``event_type`` is None for a CAMEO root PLOVER has no type for (01, 02). ``event`` is
    the full event record where the parse gives one (actors, place, date), carrying the
    same code."""

    id: str
    text: str
    cameo_root: str | None
    cameo_code: str | None
    penta: int | None
    event_type: str | None
    coded_by: str  # one of CODED_BY: the rules' event stood, or the core's class replaced or filled it
    probability: float | None  # the core's probability of its CAMEO root (None: the core off)
    event: Event | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "cameo_root": self.cameo_root, "cameo_code": self.cameo_code,
            "penta": self.penta, "event_type": self.event_type, "coded_by": self.coded_by,
            "probability": None if self.probability is None else round(self.probability, 3),
            "event": self.event.to_dict() if self.event else None,
        }


# -- territorial control ------------------------------------------------------------------

CLAIM_KINDS = ("statement", "change")
CLAIM_EXTENTS = ("whole", "partial")
# Government-side and opposition-side sectors: two actors of one country on one side
# hold a place together ("the army" and "government forces" agree).
GOVERNMENT_SECTORS = ("GOV", "MIL", "POL", "LEG", "JUD")
OPPOSITION_SECTORS = ("REB", "OPP", "UAF")


@dataclass
class ControlClaim:
    """One report of who holds a place, with the sentence that says so.

    On ``date``, ``controller`` held ``place`` (``kind`` "statement": "X were in control
    of Y", "Y is controlled by X") or had just taken it (``kind`` "change": "X took
    control of Y", from an event's ``control_change``). Claims are the rows of the
    control timeline (``store/timeline.py``).
    """

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
        if self.kind not in CLAIM_KINDS:
            raise ValueError(f"claim kind {self.kind!r} is not one of {', '.join(CLAIM_KINDS)}")
        if not self.claim_id:
            self.claim_id = content_hash(
                "control", self.article_id, self.kind, place_key(self.place), self.evidence.get("char_start")
            )

    @classmethod
    def from_change(cls, record: dict[str, Any]) -> ControlClaim | None:
        """The claim an EVENT-SCHEMA record's ``control_change`` makes, or None when it names no new holder."""
        change = record.get("control_change") or {}
        place, controller = change.get("place"), change.get("new_controller")
        if not place or not controller:
            return None
        day = record.get("date") or record.get("date_end") or record.get("date_start") or record.get("published")
        published = record.get("published")
        return cls(
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


def controller_side(actor: dict[str, Any]) -> str:
    """``government``, ``opposition`` or ``other``: which side of its country an actor is on."""
    sectors = set(actor.get("sectors") or ())
    if sectors & set(OPPOSITION_SECTORS):
        return "opposition"
    if sectors & set(GOVERNMENT_SECTORS) or not sectors:
        return "government"
    return "other"


def controller_key(actor: dict[str, Any]) -> str:
    """Actors that hold a place together share a key: their country and side (``SYR:government``)."""
    return f"{actor.get('country') or '?'}:{controller_side(actor)}"


def as_plain(obj: Any) -> Any:
    """Dataclass -> dict, recursively (dates as ISO strings), for debugging output."""
    if hasattr(obj, "__dataclass_fields__"):
        return as_plain(asdict(obj))
    if isinstance(obj, dict):
        return {k: as_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [as_plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


@dataclass(frozen=True)
class FeedItem:
    """One item of a watched feed (RSS, Atom or JSON Feed): the page it links to and what the feed says of it.

    ``title`` and ``published`` stand in for the page's own when the page lacks them.
    """

    url: str
    title: str | None = None
    published: dt.date | None = None
    feed_url: str = ""
    feed_title: str | None = None
