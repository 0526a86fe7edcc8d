"""Numbered schema migrations, each applied in its own transaction.

``schema_version`` records which have run. A new schema change is a new function
appended to ``MIGRATIONS``; released migrations are never edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import BigInteger, Connection, Engine, func, inspect, literal, select, text

from frontwatch.records import content_hash
from frontwatch.store.models import (
    Base,
    ComponentsBase,
    ControlBase,
    EventSource,
    RejectedInput,
    Rejection,
    RejectionsBase,
    ReportComponent,
    SchemaVersion,
    WatchBase,
)

# Serialises concurrent first opens of the same PostgreSQL database.
MIGRATION_LOCK_KEY = 0x6677_6D69_6772  # "fwmigr"


def _initial_schema(conn: Connection) -> None:
    """Articles, actors, places, fused events, their sources, rejections."""
    Base.metadata.create_all(conn)


def _control_claims(conn: Connection) -> None:
    """Control claims: who held which place on which day, per article (the control timeline)."""
    ControlBase.metadata.create_all(conn)


def _counted_rejections(conn: Connection) -> None:
    """Rejections counted: one row per (origin, reason) with how often and when first and last seen."""
    RejectionsBase.metadata.create_all(conn)
    r = Rejection
    grouped = select(
        r.origin, r.reason, func.count(), func.min(r.recorded_at), func.max(r.recorded_at)
    ).group_by(r.origin, r.reason).order_by(func.min(r.id))
    rows = [
        {"key": content_hash(origin, reason), "origin": origin, "reason": reason, "count": count,
         "first_seen": first, "last_seen": last}
        for origin, reason, count, first, last in conn.execute(grouped)
    ]
    if rows:
        conn.execute(RejectedInput.__table__.insert(), rows)
    Rejection.__table__.drop(conn)


def _fusion_components(conn: Connection) -> None:
    """Fusion components: the match-graph component of each report (until now, its fused event)."""
    ComponentsBase.metadata.create_all(conn)
    conn.execute(
        ReportComponent.__table__.insert().from_select(
            ["report_id", "component"], select(EventSource.id, EventSource.fused_id)
        )
    )


def _watch(conn: Connection) -> None:
    """Watched feeds and the items they listed (``frontwatch watch``)."""
    WatchBase.metadata.create_all(conn)


def _moved_feeds(conn: Connection) -> None:
    """Where a feed moved for good (a 301 or 308), to poll it there from then on."""
    if "moved_to" not in {c["name"] for c in inspect(conn).get_columns("watch_feeds")}:  # migration 5 made it already
        conn.execute(text("ALTER TABLE watch_feeds ADD COLUMN moved_to TEXT"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _initial_schema),
    (2, "control claims", _control_claims),
    (3, "counted rejections", _counted_rejections),
    (4, "fusion components", _fusion_components),
    (5, "watched feeds", _watch),
    (6, "moved feeds", _moved_feeds),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table(SchemaVersion.__tablename__):
        return 0
    versions = conn.execute(select(SchemaVersion.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration; returns the schema version now in place."""
    for number, description, apply in MIGRATIONS:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(literal(MIGRATION_LOCK_KEY, BigInteger))))
            if current_version(conn) >= number:
                continue
            apply(conn)
            conn.execute(
                SchemaVersion.__table__.insert().values(
                    version=number,
                    description=description,
                    applied_at=dt.datetime.now(dt.timezone.utc),
                )
            )
    with engine.connect() as conn:
        version = current_version(conn)
    if version > LATEST:
        raise RuntimeError(
            f"database schema version {version} is newer than this frontwatch ({LATEST}): upgrade frontwatch"
        )
    return version
