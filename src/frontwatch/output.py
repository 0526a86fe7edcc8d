"""Writing events: JSON lines, a JSON array, CSV, or a Rich table for people."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table

from frontwatch.terminal import dumps, safe

FORMATS = ("table", "jsonl", "json", "csv")

CSV_COLUMNS = [
    "event_id", "article_id", "source", "published", "event_type", "mode", "cameo_root",
    "cameo_code", "acled_event_type", "acled_sub_event_type", "status",
    "actor1_text", "actor1_name", "actor1_country", "actor1_sectors",
    "actor2_text", "actor2_name", "actor2_country", "actor2_sectors",
    "location_text", "location_name", "geonameid", "location_country", "admin1",
    "latitude", "longitude", "feature", "geo_precision",
    "date", "date_start", "date_end", "time_precision", "fatalities", "quantities",
    "attribution", "control_new_controller", "control_place",
    "evidence_sentence", "evidence_char_start", "evidence_char_end", "confidence",
]


def flat_row(event: dict) -> dict:
    """One event record as a flat CSV row."""
    row = {key: event.get(key) for key in CSV_COLUMNS if key in event}
    for side in ("actor1", "actor2"):
        actor = event.get(side) or {}
        row[f"{side}_text"] = actor.get("text")
        row[f"{side}_name"] = actor.get("name")
        row[f"{side}_country"] = actor.get("country")
        row[f"{side}_sectors"] = ";".join(actor.get("sectors") or [])
    location = event.get("location") or {}
    row.update(
        location_text=location.get("text"), location_name=location.get("name"),
        geonameid=location.get("geonameid"), location_country=location.get("country"),
        admin1=location.get("admin1"), latitude=location.get("lat"),
        longitude=location.get("lon"), feature=location.get("feature"),
        geo_precision=location.get("geo_precision"),
    )
    row["quantities"] = ";".join(f"{q['kind']}={q['value']}" for q in event.get("quantities") or [])
    row["attribution"] = (event.get("attribution") or {}).get("name")
    control = event.get("control_change") or {}
    row["control_new_controller"] = (control.get("new_controller") or {}).get("country")
    row["control_place"] = (control.get("place") or {}).get("name")
    evidence = event.get("evidence") or {}
    row["evidence_sentence"] = evidence.get("sentence")
    row["evidence_char_start"] = evidence.get("char_start")
    row["evidence_char_end"] = evidence.get("char_end")
    return row


class EventWriter:
    """Streams event records to ``out`` in one of FORMATS."""

    def __init__(self, out: TextIO, fmt: str):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out, self.fmt = out, fmt
        self._buffer: list[dict] = []
        self._csv: csv.DictWriter | None = None

    def write(self, events: Iterable[dict]) -> None:
        for event in events:
            if self.fmt == "jsonl":
                self.out.write(dumps(event) + "\n")
            elif self.fmt == "csv":
                if self._csv is None:
                    self._csv = csv.DictWriter(self.out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
                    self._csv.writeheader()
                self._csv.writerow(flat_row(event))
            else:
                self._buffer.append(event)
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write(dumps(self._buffer, indent=2))
            self.out.write("\n")
        elif self.fmt == "table":
            render_table(self._buffer, self.out)
        elif self.fmt == "csv" and self._csv is None:
            csv.DictWriter(self.out, fieldnames=CSV_COLUMNS).writeheader()
        self.out.flush()


def render_table(events: list[dict], out: TextIO) -> None:
    table = Table(title=f"{len(events)} events", show_lines=False, expand=False)
    for column in ("date", "type", "ACLED", "actor1", "actor2", "where", "status", "n", "conf", "evidence"):
        table.add_column(column, overflow="fold")
    for e in events:
        location = e.get("location") or {}
        where = location.get("name") or ""
        if location:
            where += f" ({location.get('country')}, p{location.get('geo_precision')})"
        table.add_row(*map(safe, (
            e.get("date") or "",
            e["event_type"] + (f"/{e['mode']}" if e.get("mode") else ""),
            "/".join(x for x in (e.get("acled_event_type"), e.get("acled_sub_event_type")) if x) or "-",
            _actor(e.get("actor1")),
            _actor(e.get("actor2")),
            where,
            e.get("status") or "",
            _counts(e),
            f"{e.get('confidence', 0):.2f}",
            _snippet(e),
        )))
    Console(file=out, width=max(160, Console().width)).print(table)


def _actor(actor: dict | None) -> str:
    if not actor:
        return ""
    return f"{actor.get('name')} [{actor.get('country') or '?'} {'/'.join(actor.get('sectors') or [])}]"


def _counts(event: dict) -> str:
    return ", ".join(f"{q['kind']} {q['value']:,}" for q in event.get("quantities") or [])


def _snippet(event: dict, width: int = 90) -> str:
    sentence = " ".join((event.get("evidence") or {}).get("sentence", "").split())
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"
