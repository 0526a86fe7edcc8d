"""Storing a batch of pipeline results: one transaction per article, rejections recorded, the batch goes on.

``ingest_results`` is what ``frontwatch ingest`` and the engines (local pool, Spark) call.
Exit codes: 0 everything went in, 1 some inputs were rejected, 2 nothing could be done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from frontwatch.store.errors import StoreError
from frontwatch.store.store import Store
from frontwatch.store.writer import IngestReport

EXIT_OK, EXIT_SOME_REJECTED, EXIT_NOTHING_DONE = 0, 1, 2


@dataclass
class BatchSummary:
    """What a batch ingest did: articles stored, inputs rejected, event counts."""

    articles: int = 0
    rejected: list[str] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)

    @property
    def exit_code(self) -> int:
        if not self.articles:
            return EXIT_NOTHING_DONE
        return EXIT_SOME_REJECTED if self.rejected else EXIT_OK


def ingest_results(store: Store, results: Iterable[Any], on_item: Any = None) -> BatchSummary:
    """Store pipeline results (``pipeline.Result`` or ``records.Rejected``), one transaction each.

    Rejected inputs and articles the store refuses are recorded with their reason;
    the rest of the batch goes on. ``on_item(message | None)`` is called after each item.
    """
    from frontwatch.records import Rejected

    summary = BatchSummary()
    for item in results:
        message = None
        if isinstance(item, Rejected):
            message = item.message()
            store.record_rejection(item.origin, item.reason)
        else:
            try:
                claims = getattr(item.document, "control_claims", ())
                summary.report = summary.report + store.ingest(item.article, item.events, claims)
                summary.articles += 1
            except StoreError as exc:
                message = str(exc)
                store.record_rejection(item.article.origin, message)
        if message:
            summary.rejected.append(message)
        if on_item:
            on_item(message)
    return summary
