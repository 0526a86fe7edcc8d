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


def paired_median_seconds(repeats: int, first, second) -> tuple[float, float]:
    """The median wall times of ``first()`` and ``second()``, called in turn ``repeats``
    times each, so that drift in the machine's speed falls on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for work, out in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            work()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.1f} articles/s ({seconds:.2f} s)"


def markdown(rows: list[tuple[str, str]]) -> str:
    """A two-column Markdown table of (measure, value) rows."""
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)
