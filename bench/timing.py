"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time


def median_seconds(repeats: int, work) -> float:
    """The median wall time of ``repeats`` calls of ``work()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.1f} articles/s ({seconds:.2f} s)"


def markdown(rows: list[tuple[str, str]]) -> str:
    """A two-column Markdown table of (measure, value) rows."""
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)
