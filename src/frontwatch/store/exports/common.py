"""Small helpers the export writers share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontwatch.store import codes


def event_day(record: dict[str, Any]) -> dt.date | None:
    """The day an export files the event under: its date, else the start of its span."""
    for name in ("date", "date_start", "date_end"):
        if record.get(name):
            return dt.date.fromisoformat(record[name])
    return None


def event_country(record: dict[str, Any]) -> dict[str, Any] | None:
    """Country info of where it happened, else of its first actor."""
    location = record.get("location") or {}
    return codes.country(location.get("country")) or codes.country((record.get("actor1") or {}).get("country"))


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
