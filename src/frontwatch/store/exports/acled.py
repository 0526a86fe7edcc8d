"""ACLED's 31-column CSV (names and order as in ACLED's data export)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, TextIO

from frontwatch.store import codes
from frontwatch.store.exports.common import event_country, event_day, long_date

ACLED_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type "
    "actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting "
    "iso region country admin1 admin2 admin3 location latitude longitude geo_precision "
    "source source_scale notes fatalities tags timestamp"
).split()

PROTESTERS, RIOTERS, CIVILIANS = 6, 5, 7
# Words for unarmed people in a count of the dead or wounded ("12 civilians", "three
# children"): a strike whose only victims are told so targeted civilians.
CIVILIAN_WORDS = frozenset(
    "civilian villager resident worshipper passenger student pupil child children woman women "
    "people family farmer herder trader shopper pilgrim tourist journalist".split()
)


def write_acled(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """ACLED rows of the events ACLED codes (an ACLED event type); the others are not
    written. Returns the number of rows written."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        if not record.get("acled_event_type"):
            continue
        writer.writerow(acled_row(record))
        count += 1
    return count


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    """One fused event as an ACLED row (ACLED's conventions for codes and notes)."""
    location = record.get("location") or {}
    country = event_country(record) or {}
    acled_country = codes.acled_country(country) or {}
    day = event_day(record)
    acled_type = record.get("acled_event_type") or ""
    sub_type = record.get("acled_sub_event_type") or ""
    inter1 = inter_code(record.get("actor1"), country.get("iso3"), acled_type)
    inter2 = inter_code(record.get("actor2"), country.get("iso3"), acled_type)
    disorder = codes.acled_disorder().get((acled_type, sub_type)) or codes.acled_disorder().get((acled_type, ""), "")
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{int(record['event_id'][:10], 16)}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": record.get("time_precision") or 3,
        "disorder_type": disorder,
        "event_type": acled_type,
        "sub_event_type": sub_type,
        "actor1": (record.get("actor1") or {}).get("name") or "",
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": (record.get("actor2") or {}).get("name") or "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian_targeting(record, inter2) else "",
        "iso": acled_country.get("iso_numeric", country.get("isonumeric", "")),
        "region": acled_country.get("region", ""),
        "country": acled_country.get("country", country.get("name", "")),
        "admin1": location.get("admin1") or "",
        "admin2": location.get("admin2") or "",
        "admin3": location.get("admin3") or "",
        "location": location.get("name") or "",
        "latitude": location.get("lat", ""),
        "longitude": location.get("lon", ""),
        "geo_precision": location.get("geo_precision") or (3 if location else ""),
        "source": record.get("source") or "",
        "source_scale": "",
        "notes": notes(record),
        "fatalities": record.get("fatalities") or 0,
        "tags": "",
        "timestamp": _timestamp(record),
    }


def inter_code(actor: dict[str, Any] | None, event_iso3: str | None, acled_type: str = "") -> int:
    """ACLED's inter code for an actor (0: no actor), from its sectors (data/ontology/acled_inter.tsv)."""
    if not actor:
        return 0
    sectors = set(actor.get("sectors") or [])
    country = actor.get("country")
    foreign = bool(country and event_iso3 and country not in ("IGO", event_iso3))
    code = 0
    for sector, scope, inter in codes.acled_inter_rules():
        if sector in sectors and (scope == "any" or (scope == "foreign") == foreign):
            code = inter
            break
    if acled_type == "Protests" and code in (0, 3, CIVILIANS):
        return PROTESTERS
    if acled_type == "Riots" and code in (0, 3, CIVILIANS):
        return RIOTERS
    return code


def civilian_targeting(record: dict[str, Any], inter2: int) -> bool:
    """ACLED's civilian_targeting: civilians were the main or only target. Every
    'Violence against civilians' event and 'Excessive force against protesters'; an
    explosion, remote strike or mob attack whose target is civilians (inter2 7), or, with
    no armed target, whose dead or wounded are told as civilians ("killing 12 civilians")."""
    acled_type, sub = record.get("acled_event_type"), record.get("acled_sub_event_type")
    if acled_type == "Violence against civilians" or sub == "Excessive force against protesters":
        return True
    if acled_type not in ("Explosions/Remote violence", "Riots"):
        return False
    if inter2 == CIVILIANS:
        return True
    if inter2:
        return False
    victims = {"killed", "injured", "wounded", "dead"}
    told = " ".join(q.get("text") or "" for q in record.get("quantities") or [] if q.get("kind") in victims)
    return any(word.rstrip("s") in CIVILIAN_WORDS for word in re.findall(r"[a-z]+", told.lower()))


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's two-digit interaction: both inter codes, lower first; one actor: inter1 then 0."""
    if not inter2 or not inter1:
        return (inter1 or inter2) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def notes(record: dict[str, Any]) -> str:
    """ACLED-style summary: 'On 8 February 2020, <evidence>' (a span: 'Between ... and ...')."""
    sentence = " ".join(((record.get("evidence") or {}).get("sentence") or "").split())
    start, end = record.get("date_start"), record.get("date_end")
    if record.get("date") and (record.get("time_precision") or 3) == 1:
        lead = f"On {long_date(dt.date.fromisoformat(record['date']))}"
    elif start and end and start != end:
        lead = f"Between {long_date(dt.date.fromisoformat(start))} and {long_date(dt.date.fromisoformat(end))}"
    elif day := event_day(record):
        lead = f"Around {long_date(day)}" if (record.get("time_precision") or 3) == 2 else f"In {day:%B %Y}"
    else:
        return sentence
    summary = f"{lead}, {sentence}"
    fatalities = record.get("fatalities")
    if fatalities is not None:
        summary += f" [fatalities: {fatalities}, lowest reported]"
    return summary


def _timestamp(record: dict[str, Any]) -> int | str:
    """ACLED's timestamp is when the row was last changed; the latest publication stands in."""
    if not record.get("published"):
        return ""
    day = dt.date.fromisoformat(record["published"])
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
