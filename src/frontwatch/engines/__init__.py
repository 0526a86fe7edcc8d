"""Beyond one machine: the same pipeline over many articles, locally or on Spark.

``run_local`` (a process pool, resumable) and ``run_spark`` (``frontwatch[spark]``)
write the same event rows, partitioned by event date, and a rejects file; see
``output`` for the layout and ``tasks`` for how inputs are split.  ``read_events``
reads either engine's output back as event records.
"""

from __future__ import annotations

from frontwatch.engines.local import BatchReport, run_local
from frontwatch.engines.output import read_events, read_rejects
from frontwatch.engines.tasks import DEFAULT_CHUNK, plan

__all__ = ["DEFAULT_CHUNK", "BatchReport", "plan", "read_events", "read_rejects", "run_local", "run_spark"]


def run_spark(*args, **kwargs):
    """``spark.run_spark``, imported on use: PySpark is an optional extra."""
    from frontwatch.engines.spark import run_spark as run

    return run(*args, **kwargs)
