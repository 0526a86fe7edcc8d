"""Writing the store: one transaction per article, fusing its reports with the stored ones.

Each ``ingest`` holds the fusion lock (SQLite ``BEGIN IMMEDIATE``; PostgreSQL
transaction-scoped advisory locks on the article and on each event type it reports),
so a failure leaves no partial rows and concurrent ingests fuse correctly. The writer
reads the match-graph components a new report reaches, asks ``fusion.plan`` what to
change, and applies that plan. Ids are content hashes: the same article again changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Connection, Engine, and_, delete, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from frontwatch.records import Article, Event, content_hash
from frontwatch.store import rows
from frontwatch.store.errors import StoreError, one_line
from frontwatch.store.fusion import (
    DATE_GAP_DAYS,
    MAX_TOLERANCE_KM,
    REGION_FEATURE,
    FusionPlan,
    PlannedEvent,
    ReportKey,
    StoredReport,
    match,
    plan,
)
from frontwatch.store.models import (
    ActorRow,
    ArticleRow,
    ControlClaimRow,
    EventSource,
    FusedEvent,
    PlaceRow,
    RejectedInput,
    ReportComponent,
)

KM_PER_DEGREE = 111.32


@dataclass
class IngestReport:
    """What one ``ingest`` did: reports stored as new events, merged into existing ones, or already there."""

    article_id: str = ""
    new: int = 0
    merged: int = 0
    unchanged: int = 0

    def __add__(self, other: IngestReport) -> IngestReport:
        return IngestReport("", self.new + other.new, self.merged + other.merged, self.unchanged + other.unchanged)


class Writer:
    """The store's writing half, over ``self.engine``; ``Store`` combines it with ``Reader``."""

    engine: Engine
    dialect: str

    def ingest(
        self, article: Article, events: Sequence[Event], claims: Sequence[Any] = (),
        also: Callable[[Connection], None] | None = None,
    ) -> IngestReport:
        """Store one article, its events and its control claims in one transaction, fusing events.

        ``claims`` are ``records.ControlClaim``s (``doc.control_claims``); the events'
        ``control_change``s join them unless a claim already comes from that event.
        ``also(conn)`` runs in the same transaction (``watch`` marks its item done there,
        so the article and that mark are committed together or not at all).
        Raises ``StoreError`` (nothing of the article stored) when it cannot.
        """
        records = rows.records(article, events)
        try:
            with self.engine.begin() as conn:
                self._lock(conn, article.id, {r["event_type"] for r in records})
                report = self._ingest(conn, article, records)
                self._ingest_claims(conn, rows.claim_records(records, claims))
                if also is not None:
                    also(conn)
                return report
        except (SQLAlchemyError, TypeError, ValueError) as exc:
            raise StoreError(f"{article.origin}: article {article.id} not stored: {one_line(exc)}") from exc

    def record_rejection(self, origin: str, reason: str) -> None:
        """Remember an input that could not be read or analysed, and why.

        The same origin and reason again (a batch re-run) counts on the existing row:
        ``count`` goes up and ``last_seen`` moves on; no row is added.
        """
        now = rows.now()
        row = {"key": content_hash(origin, reason), "origin": origin, "reason": reason,
               "count": 1, "first_seen": now, "last_seen": now}
        table = RejectedInput.__table__
        insert = self._insert(RejectedInput).values(row)
        upsert = insert.on_conflict_do_update(
            index_elements=[table.c.key], set_={"count": table.c.count + 1, "last_seen": now}
        )
        with self.engine.begin() as conn:
            conn.execute(upsert)

    def _lock(self, conn: Connection, article_id: str, event_types: set[str]) -> None:
        if self.dialect != "postgresql":
            return  # SQLite: BEGIN IMMEDIATE already holds the database's write lock
        keys = sorted(int(content_hash(k), 16) >> 4 for k in [f"article:{article_id}", *(f"fusion:{t}" for t in event_types)])
        for key in keys:  # always in the same order: no deadlock between ingests
            conn.execute(select(func.pg_advisory_xact_lock(literal(key, BigInteger))))

    def _ingest(self, conn: Connection, article: Article, records: list[dict[str, Any]]) -> IngestReport:
        report = IngestReport(article.id)
        if conn.execute(select(ArticleRow.id).where(ArticleRow.id == article.id)).first() is None:
            conn.execute(ArticleRow.__table__.insert().values(rows.article_row(article)))
        ids = [r["event_id"] for r in records]
        known = set(conn.scalars(select(EventSource.id).where(EventSource.id.in_(ids)))) if ids else set()
        fresh = [r for r in records if r["event_id"] not in known]
        report.unchanged = len(known)
        if not fresh:
            return report
        self._upsert_actors_and_places(conn, fresh)
        reached: set[str] = set()
        for record in fresh:
            key = ReportKey.from_record(record)
            reached.update(component for candidate, component in self._candidates(conn, key) if match(key, candidate))
        fusion_plan = plan(fresh, self._components(conn, reached))
        self._apply(conn, fusion_plan, fresh)
        report.new, report.merged = fusion_plan.new, fusion_plan.merged
        return report

    def _components(self, conn: Connection, components: set[str]) -> list[StoredReport]:
        """Every stored report of ``components``."""
        if not components:
            return []
        s, c = EventSource, ReportComponent
        query = select(s.record, s.fused_id, c.component).join(c, c.report_id == s.id).where(c.component.in_(components))
        return [StoredReport(record, fused_id, component) for record, fused_id, component in conn.execute(query)]

    def _apply(self, conn: Connection, fusion_plan: FusionPlan, fresh: list[dict[str, Any]]) -> None:
        """Write a fusion plan: events first, then their reports, then drop the events left empty."""
        self._write_fused(conn, fusion_plan.write)
        ids = sorted(r["event_id"] for r in fresh)
        conn.execute(EventSource.__table__.insert(), [rows.source_row(r, fusion_plan.fused_of[r["event_id"]]) for r in fresh])
        conn.execute(ReportComponent.__table__.insert(),
                     [{"report_id": i, "component": fusion_plan.component_of[i]} for i in ids])
        for fused_id, rids in _by_value(fusion_plan.moved).items():
            conn.execute(update(EventSource).where(EventSource.id.in_(rids)).values(fused_id=fused_id))
        for component, rids in _by_value(fusion_plan.regrouped).items():
            conn.execute(update(ReportComponent).where(ReportComponent.report_id.in_(rids)).values(component=component))
        if fusion_plan.stale:
            conn.execute(delete(FusedEvent).where(FusedEvent.id.in_(fusion_plan.stale)))

    def _ingest_claims(self, conn: Connection, claims: list[dict[str, Any]]) -> None:
        if claims:
            conn.execute(self._insert_ignore(ControlClaimRow), [rows.claim_row(c) for c in claims])

    def _candidates(self, conn: Connection, key: ReportKey) -> list[tuple[ReportKey, str]]:
        """Stored reports that could match ``key``, with their components: same type, near in days and place."""
        if None in (key.latitude, key.longitude, key.date_lo, key.date_hi):
            return []
        gap = dt.timedelta(days=DATE_GAP_DAYS)
        dlat = MAX_TOLERANCE_KM / KM_PER_DEGREE
        s, c, p = EventSource, ReportComponent, PlaceRow
        near = [s.latitude.between(key.latitude - dlat, key.latitude + dlat)]
        cos_lat = _cos_deg(key.latitude)
        dlon = dlat / cos_lat if cos_lat > 0.05 else 360.0
        if abs(key.longitude) + dlon < 180:  # otherwise the window wraps: skip the longitude filter
            near.append(s.longitude.between(key.longitude - dlon, key.longitude + dlon))
        place = and_(*near)
        if key.admin1 and key.country:  # a province and the places in it, however far from its centre
            region = and_(p.country == key.country, p.admin1 == key.admin1)
            place = or_(place, region if key.is_region else and_(region, p.feature == REGION_FEATURE))
        query = (
            select(s.record, c.component)
            .join(c, c.report_id == s.id)
            .outerjoin(p, p.id == s.place_id)
            .where(
                s.event_type == key.event_type,
                s.article_id != key.article_id,
                s.date_lo <= key.date_hi + gap,
                s.date_hi >= key.date_lo - gap,
                place,
            )
        )
        return [(ReportKey.from_record(record), component) for record, component in conn.execute(query)]

    def _upsert_actors_and_places(self, conn: Connection, records: list[dict[str, Any]]) -> None:
        actors = {a["id"]: a for r in records for a in (rows.actor_row(r.get("actor1")), rows.actor_row(r.get("actor2"))) if a}
        places = {p["id"]: p for r in records if (p := rows.place_row(r.get("location")))}
        if actors:
            conn.execute(self._insert_ignore(ActorRow), list(actors.values()))
        if places:
            conn.execute(self._insert_ignore(PlaceRow), list(places.values()))

    def _insert_ignore(self, model: type) -> Any:
        return self._insert(model).on_conflict_do_nothing()

    def _insert(self, model: type) -> Any:
        """The dialect's INSERT, which has ON CONFLICT on both backends."""
        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(model.__table__)

    def _write_fused(self, conn: Connection, events: list[PlannedEvent]) -> None:
        by_id = {
            e.fused_id: rows.fused_row(e.record, e.fusion, [(r.get("evidence") or {}).get("sentence") or "" for r in e.reports])
            for e in events
        }
        existing = set(conn.scalars(select(FusedEvent.id).where(FusedEvent.id.in_(by_id))))
        for fid in existing:
            conn.execute(update(FusedEvent).where(FusedEvent.id == fid).values(by_id[fid]))
        inserts = [by_id[fid] for fid in by_id if fid not in existing]
        if inserts:
            conn.execute(FusedEvent.__table__.insert(), inserts)


def _by_value(mapping: dict[str, str]) -> dict[str, list[str]]:
    inverted: dict[str, list[str]] = {}
    for key, value in sorted(mapping.items()):
        inverted.setdefault(value, []).append(key)
    return inverted


def _cos_deg(degrees: float) -> float:
    return math.cos(math.radians(degrees))
