"""The event store: SQLite by default, PostgreSQL for scale, with fusion and exports.

    from frontwatch.store import Store
    with Store.open("sqlite:///events.db") as store:
        store.ingest(article, events)
        store.events(country="SYR", type="ASSAULT")
"""

from frontwatch.store.batch import BatchSummary, ingest_results
from frontwatch.store.store import IngestReport, Store, StoreError, database_url

__all__ = ["BatchSummary", "IngestReport", "Store", "StoreError", "database_url", "ingest_results"]
