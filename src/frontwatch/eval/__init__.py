"""Measuring frontwatch against reference annotations (``frontwatch eval``)."""

from __future__ import annotations

import json
from pathlib import Path


def read_reference(path: str | Path, limit: int | None = None) -> list[dict]:
    """The records of a reference JSON Lines file (blank lines skipped), at most ``limit``."""
    records: list[dict] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and len(records) >= limit:
                break
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
    return records
