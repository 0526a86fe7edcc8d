"""frontwatch: news about armed conflict and politics in; geocoded, dated events out.

    >>> import frontwatch
    >>> events = frontwatch.extract("The army took control of ... on Saturday.", published="2020-02-09")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Pipeline", "extract", "load_pipeline", "__version__"]


def __getattr__(name: str):
    if name in ("Pipeline", "load_pipeline"):
        from frontwatch import pipeline

        return getattr(pipeline, name)
    if name == "extract":
        from frontwatch.api import extract

        return extract
    raise AttributeError(name)
