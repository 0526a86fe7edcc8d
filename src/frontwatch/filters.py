"""Event filters and ids as users give them (API query parameters, CLI options), checked:
each bad one is a ``BadParameter`` naming it.

Empty values count as not given (an HTML form sends its empty fields). Numbers and
days are read strictly (ASCII digits; no ``nan``, ``inf``, ``1_000`` or ``2020W06``),
because Python's own parsers accept more than the API documents.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from frontwatch.records import PLOVER_TYPES
from frontwatch.store import codes

# Paging: a page holds at most MAX_PAGE items (the map fetches pages of this size).
DEFAULT_PAGE = 100
MAX_PAGE = 1000
MAX_OFFSET = 2**31 - 1  # keeps every offset a 32-bit integer on both backends
# Free-text filters (q, actor, place): longer needles are never names or phrases.
MAX_TEXT_CHARS = 200
# Ids are 16-hex-digit content hashes; other well-formed tokens are simply not found (404).
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)

DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COUNTRY = re.compile(r"[A-Za-z]{2,3}", re.ASCII)


class BadParameter(ValueError):
    """A parameter the API cannot use; the message starts with its name."""


def day(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    if not DAY.fullmatch(value):
        raise BadParameter(f"{name}: {_shown(value)} is not a day (use YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name}: {_shown(value)} is not a possible date") from None


def day_range(since: dt.date | None, until: dt.date | None) -> None:
    if since and until and since > until:
        raise BadParameter(f"since: {since} is after until {until}")


def event_type(value: str | None) -> str | None:
    if not value:
        return None
    if value.upper() not in PLOVER_TYPES:
        raise BadParameter(f"type: {_shown(value)} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
    return value.upper()


def country(value: str | None) -> str | None:
    """An ISO 3166 alpha-3 code for an alpha-2 or alpha-3 ``value`` (any case)."""
    if not value:
        return None
    if not _COUNTRY.fullmatch(value) or codes.iso3(value) is None:
        raise BadParameter(f"country: {_shown(value)} is not an ISO 3166 alpha-2 or alpha-3 country code")
    return codes.iso3(value)


def text(value: str | None, name: str) -> str | None:
    if not value:
        return None
    if len(value) > MAX_TEXT_CHARS:
        raise BadParameter(f"{name}: {len(value):,} characters, longer than {MAX_TEXT_CHARS}")
    if _CONTROL.search(value):
        raise BadParameter(f"{name}: {_shown(value)} holds control characters")
    return value


def bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)``; west > east is a box across the antimeridian (RFC 7946)."""
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4 or not all(NUMBER.fullmatch(p.strip()) for p in parts):
        raise BadParameter(f"bbox: {_shown(value)} is not four numbers WEST,SOUTH,EAST,NORTH in degrees")
    west, south, east, north = (float(p) for p in parts)
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise BadParameter(f"bbox: {_shown(value)} holds a number too large")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise BadParameter(f"bbox: {_shown(value)}: longitudes must be within -180..180")
    if not -90 <= south <= north <= 90:
        raise BadParameter(f"bbox: {_shown(value)}: latitudes must be within -90..90, south not above north")
    return west, south, east, north


def identifier(value: str, name: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise BadParameter(f"{name}: {_shown(value)} is not an id (1 to 64 letters, digits, '-' or '_')")
    return value


def _shown(value: str, width: int = 60) -> str:
    """``value`` quoted on one line, cut to ``width`` characters."""
    cut = value if len(value) <= width else value[:width] + "..."
    return repr(cut)
