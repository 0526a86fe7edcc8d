"""Exports of fused events: ACLED CSV, GDELT 2.0 event table, GeoJSON, JSON lines, PLOVER.

Each writer takes fused event records (``Store.events``/``iter_events``) and a text
stream, writes one format and returns the number of events written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TextIO

from frontwatch.store.exports.acled import ACLED_COLUMNS, write_acled
from frontwatch.store.exports.gdelt import GDELT_COLUMNS, write_gdelt
from frontwatch.store.exports.simple import write_geojson, write_jsonl, write_plover

Writer = Callable[[Iterable[dict[str, Any]], TextIO], int]
FORMATS: dict[str, Writer] = {
    "acled": write_acled,
    "gdelt": write_gdelt,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "plover": write_plover,
}


def export(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write ``records`` to ``out`` in format ``fmt`` (one of FORMATS); returns how many."""
    try:
        writer = FORMATS[fmt.lower()]
    except KeyError:
        raise ValueError(f"export format {fmt!r} is unknown (choose one of {', '.join(FORMATS)})") from None
    return writer(records, out)


__all__ = ["ACLED_COLUMNS", "FORMATS", "GDELT_COLUMNS", "export"]
