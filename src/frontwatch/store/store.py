"""The event store: articles, per-article reports and fused events, in SQLite or PostgreSQL.

Each ``ingest`` is one transaction holding the fusion lock (SQLite ``BEGIN IMMEDIATE``;
PostgreSQL transaction-scoped advisory locks on the article and on each event type it
reports), so a failure leaves no partial rows and concurrent ingests fuse correctly.
Ids are content hashes: ingesting the same article again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Connection, Engine, and_, create_engine, delete, event, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from frontwatch.records import Article, Event, content_hash
from frontwatch.store import codes
from frontwatch.store.fusion import (
    DATE_GAP_DAYS,
    MAX_TOLERANCE_KM,
    REGION_FEATURE,
    FusionPlan,
    PlannedEvent,
    ReportKey,
    StoredReport,
    edge_reason,
    match,
    plan,
)
from frontwatch.store.migrations import LATEST, current_version, migrate
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

DEFAULT_LIMIT = 100
KM_PER_DEGREE = 111.32
# SQLite waits this long for another writer's lock before giving up (seconds).
SQLITE_BUSY_TIMEOUT_S = 60


class StoreError(RuntimeError):
    """A store operation failed; the message names the input and the problem in one line."""


@dataclass
class IngestReport:
    """What one ``ingest`` did: reports stored as new events, merged into existing ones, or already there."""

    article_id: str = ""
    new: int = 0
    merged: int = 0
    unchanged: int = 0

    def __add__(self, other: IngestReport) -> IngestReport:
        return IngestReport("", self.new + other.new, self.merged + other.merged, self.unchanged + other.unchanged)


def database_url(url: str | None, settings: Any = None) -> str:
    """The SQLAlchemy URL for a user's ``--db``: default file, ``postgresql://`` -> psycopg 3."""
    if not url:
        if settings is None:
            from frontwatch.settings import load_settings

            settings = load_settings()
        path = Path(settings.data_dir) / "events.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url:  # a bare path: a SQLite file
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return " ".join(text.split("\n")[0].split()) or type(exc).__name__


class Store:
    """Articles, reports and fused events behind a small API; see the module docstring."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, settings: Any = None, read_only: bool = False) -> Store:
        """Open (creating and migrating as needed) the store at ``url``; None: the default SQLite file.

        ``read_only``: the store must exist; it is migrated first if its schema is older,
        then every connection is read-only (SQLite ``mode=ro``; PostgreSQL
        ``default_transaction_read_only``), so no query through it can write.
        """
        parsed, shown = _parse(url, settings)
        if read_only:
            return cls(_read_only_engine(parsed, shown))
        engine = _engine(parsed, shown)
        try:
            migrate(engine)
        except (SQLAlchemyError, OSError) as exc:
            engine.dispose()
            raise StoreError(f"{shown}: cannot open the store: {_one_line(exc)}") from exc
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------

    def ingest(self, article: Article, events: Sequence[Event], claims: Sequence[Any] = ()) -> IngestReport:
        """Store one article, its events and its control claims in one transaction, fusing events.

        ``claims`` are ``control.ControlClaim``s (``doc.control_claims``); the events'
        ``control_change``s join them unless a claim already comes from that event.
        Raises ``StoreError`` (nothing of the article stored) when it cannot.
        """
        records = _records(article, events)
        try:
            with self.engine.begin() as conn:
                self._lock(conn, article.id, {r["event_type"] for r in records})
                report = self._ingest(conn, article, records)
                self._ingest_claims(conn, _claim_records(records, claims))
                return report
        except (SQLAlchemyError, TypeError, ValueError) as exc:
            raise StoreError(f"{article.origin}: article {article.id} not stored: {_one_line(exc)}") from exc

    def record_rejection(self, origin: str, reason: str) -> None:
        """Remember an input that could not be read or analysed, and why.

        The same origin and reason again (a batch re-run) counts on the existing row:
        ``count`` goes up and ``last_seen`` moves on; no row is added.
        """
        now = _now()
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
            conn.execute(ArticleRow.__table__.insert().values(_article_row(article)))
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
        conn.execute(EventSource.__table__.insert(), [_source_row(r, fusion_plan.fused_of[r["event_id"]]) for r in fresh])
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
            conn.execute(self._insert_ignore(ControlClaimRow), [_claim_row(c) for c in claims])

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
        actors = {a["id"]: a for r in records for a in (_actor_row(r.get("actor1")), _actor_row(r.get("actor2"))) if a}
        places = {p["id"]: p for r in records if (p := _place_row(r.get("location")))}
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
        rows = {
            e.fused_id: _fused_row(e.record, e.fusion, [(r.get("evidence") or {}).get("sentence") or "" for r in e.reports])
            for e in events
        }
        existing = set(conn.scalars(select(FusedEvent.id).where(FusedEvent.id.in_(rows))))
        for fid in existing:
            conn.execute(update(FusedEvent).where(FusedEvent.id == fid).values(rows[fid]))
        inserts = [rows[fid] for fid in rows if fid not in existing]
        if inserts:
            conn.execute(FusedEvent.__table__.insert(), inserts)

    # -- reading ---------------------------------------------------------------------

    def events(
        self,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        country: str | None = None,
        type: str | None = None,  # noqa: A002  (the public filter is called "type")
        actor: str | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        q: str | None = None,
        min_confidence: float | None = None,
        limit: int | None = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Fused events (EVENT-SCHEMA records plus num_sources, num_articles, sources), newest first.

        ``since``/``until`` keep events whose day span reaches into the range; ``country``
        is ISO alpha-3 or alpha-2; ``actor`` matches a name (substring) or a country code;
        ``bbox`` is ``(west, south, east, north)`` in degrees; ``q`` searches evidence
        sentences, actor and place names; ``limit=None`` returns all.
        """
        e = FusedEvent
        query = select(e.record).order_by(e.date_lo.desc().nulls_last(), e.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        if since:
            query = query.where(e.date_hi >= _as_date(since, "since"))
        if until:
            query = query.where(e.date_lo <= _as_date(until, "until"))
        if country:
            query = query.where(e.country == (codes.iso3(country) or country.upper()))
        if type:
            query = query.where(e.event_type == type.upper())
        if actor:  # a name substring: "%" and "_" in it are literal characters, not wildcards
            query = query.where(
                or_(e.actor1_name.icontains(actor, autoescape=True), e.actor2_name.icontains(actor, autoescape=True),
                    e.actor1_country == actor.upper(), e.actor2_country == actor.upper())
            )
        if bbox:
            west, south, east, north = bbox
            query = query.where(e.latitude.between(south, north))
            if west <= east:
                query = query.where(e.longitude.between(west, east))
            else:  # the box crosses the antimeridian
                query = query.where(or_(e.longitude >= west, e.longitude <= east))
        if q:
            query = query.where(e.search_text.contains(q.lower(), autoescape=True))
        if min_confidence is not None:
            query = query.where(e.confidence >= min_confidence)
        with self.engine.connect() as conn:
            records = [dict(r) for r in conn.scalars(query)]
            sources = self._sources(conn, [r["event_id"] for r in records], full=False)
        for record in records:
            record["sources"] = sources.get(record["event_id"], [])
        return records

    def iter_events(self, page: int = 1000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every fused event matching ``filters`` (as for ``events``), fetched a page at a time."""
        offset = 0
        while batch := self.events(limit=page, offset=offset, **filters):
            yield from batch
            offset += len(batch)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One fused event by its id or by the id of any of its reports, with every source."""
        with self.engine.connect() as conn:
            fused_id = self._fused_id(conn, event_id)
            if fused_id is None:
                return None
            record = dict(conn.scalar(select(FusedEvent.record).where(FusedEvent.id == fused_id)))
            record["sources"] = self._sources(conn, [fused_id], full=True).get(fused_id, [])
        record["evidence_sentences"] = [s["evidence"]["sentence"] for s in record["sources"]]
        return record

    def explain(self, event_id: str) -> dict[str, Any] | None:
        """What was merged into the event and why: members, match edges, field provenance."""
        with self.engine.connect() as conn:
            fused_id = self._fused_id(conn, event_id)
            if fused_id is None:
                return None
            fusion = dict(conn.scalar(select(FusedEvent.fusion).where(FusedEvent.id == fused_id)))
            sources = self._sources(conn, [fused_id], full=False).get(fused_id, [])
        fusion["sources"] = sources
        fusion["reasons"] = [edge_reason(edge) for edge in fusion.get("edges", [])]
        return fusion

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's metadata and text, and the reports (and fused events) it supports."""
        with self.engine.connect() as conn:
            row = conn.execute(select(ArticleRow.__table__).where(ArticleRow.id == article_id)).mappings().first()
            if row is None:
                return None
            reports = conn.execute(
                select(EventSource.id, EventSource.fused_id).where(EventSource.article_id == article_id).order_by(EventSource.char_start)
            ).all()
        result = {k: row[k] for k in ("id", "title", "source", "url", "origin", "text")}
        result["published"] = row["published"].isoformat() if row["published"] else None
        result["events"] = [{"event_id": rid, "fused_id": fid} for rid, fid in reports]
        return result

    def control_claims(
        self, place: str | None = None, until: dt.date | str | None = None, place_keys: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """Stored control claims (``ControlClaim.to_dict()``), oldest first; ``place`` matches a name or key,
        ``place_keys`` (when given) lists the places whose claims are wanted."""
        c = ControlClaimRow
        query = self._claims_where(select(c.record), place, until).order_by(c.date.nulls_first(), c.id)
        if place_keys is not None:
            query = query.where(c.place_key.in_(place_keys))
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.scalars(query)]

    def control_timeline(self, place: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Per place, its holders over time with evidence and disputes (``control.timelines``).

        With ``limit``, one page of places (``offset`` skipped), ordered by name: only their claims are read.
        """
        from frontwatch.control import timelines

        if limit is None:
            return timelines(self.control_claims(place))
        keys = self._place_page(place, None, limit, offset)
        return _in_order(timelines(self.control_claims(place, place_keys=keys)), keys)

    def control_on(
        self, date: dt.date | str, place: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Every place with a known holder on ``date``, from the claims dated on or before it.

        With ``limit``, one page of places (``offset`` skipped), ordered by name: only their claims are read.
        """
        from frontwatch.control import control_on

        day = _as_date(date, "date")
        if limit is None:
            return control_on(self.control_claims(place, until=day), day)
        keys = self._place_page(place, day, limit, offset)
        return _in_order(control_on(self.control_claims(place, until=day, place_keys=keys), day), keys)

    def _place_page(self, place: str | None, until: dt.date | None, limit: int, offset: int) -> list[str]:
        """The keys of one page of the places with dated claims (up to ``until``), by lowest name then key."""
        c = ControlClaimRow
        query = self._claims_where(select(c.place_key), place, until).where(c.date.is_not(None))
        query = query.group_by(c.place_key).order_by(func.min(func.lower(c.place_name)), c.place_key)
        with self.engine.connect() as conn:
            return list(conn.scalars(query.limit(limit).offset(offset)))

    @staticmethod
    def _claims_where(query, place: str | None, until: dt.date | str | None):
        c = ControlClaimRow
        if place:
            query = query.where(or_(c.place_name.icontains(place, autoescape=True), c.place_key == place))
        if until:
            query = query.where(c.date <= _as_date(until, "date"))
        return query

    def rejections(self, counted: bool = False) -> list[dict[str, Any]]:
        """Rejected inputs in the order first seen: origin and reason, once each.

        ``counted`` adds ``count`` (times rejected), ``first_seen`` and ``last_seen`` (ISO).
        """
        r = RejectedInput
        with self.engine.connect() as conn:
            rows = conn.execute(select(r.origin, r.reason, r.count, r.first_seen, r.last_seen).order_by(r.seq)).all()
        if not counted:
            return [{"origin": row.origin, "reason": row.reason} for row in rows]
        return [{"origin": row.origin, "reason": row.reason, "count": row.count,
                 "first_seen": row.first_seen.isoformat(), "last_seen": row.last_seen.isoformat()} for row in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, actors, places, events, event_sources, rejections (distinct inputs and reasons)."""
        tables = {"articles": ArticleRow, "actors": ActorRow, "places": PlaceRow, "events": FusedEvent,
                  "event_sources": EventSource, "rejections": RejectedInput}
        with self.engine.connect() as conn:
            return {name: conn.scalar(select(func.count()).select_from(model)) for name, model in tables.items()}

    def _fused_id(self, conn: Connection, event_id: str) -> str | None:
        if conn.scalar(select(FusedEvent.id).where(FusedEvent.id == event_id)):
            return event_id
        return conn.scalar(select(EventSource.fused_id).where(EventSource.id == event_id))

    def _sources(self, conn: Connection, fused_ids: list[str], full: bool) -> dict[str, list[dict[str, Any]]]:
        if not fused_ids:
            return {}
        s, a = EventSource, ArticleRow
        columns = [s.fused_id, s.id, s.article_id, a.source, a.title, a.published, a.url, s.sentence, s.char_start, s.char_end]
        if full:
            columns.append(s.record)
        query = select(*columns).join(a, a.id == s.article_id).where(s.fused_id.in_(fused_ids)).order_by(s.id)
        out: dict[str, list[dict[str, Any]]] = {}
        for row in conn.execute(query):
            source = {
                "event_id": row.id,
                "article_id": row.article_id,
                "source": row.source,
                "title": row.title,
                "published": row.published.isoformat() if row.published else None,
                "url": row.url,
                "evidence": {"sentence": row.sentence, "char_start": row.char_start, "char_end": row.char_end},
            }
            if full:
                source["record"] = row.record
            out.setdefault(row.fused_id, []).append(source)
        return out


# -- engines ---------------------------------------------------------------------------


def _parse(url: str | None, settings: Any) -> tuple[Any, str]:
    """The SQLAlchemy URL for ``url`` and its password-free text for messages."""
    resolved = database_url(url, settings)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise StoreError(f"{url}: not a database URL (use sqlite:///PATH or postgresql://USER@HOST/DB)") from exc
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"{shown}: unsupported database (use sqlite:///PATH or postgresql://USER@HOST/DB)")
    return parsed, shown


def _engine(parsed: Any, shown: str) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True)


def _read_only_engine(parsed: Any, shown: str) -> Engine:
    """An engine whose every connection is read-only, over a store migrated to this version."""
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if sqlite_file and not Path(parsed.database).expanduser().is_file():
        raise StoreError(f"{shown}: no store there (ingest articles into it first, or check --db)")
    try:
        with _engine(parsed, shown).connect() as conn:
            version = current_version(conn)
        if version < LATEST:  # an older schema: upgrade it once, then serve it read-only
            writer = _engine(parsed, shown)
            try:
                migrate(writer)
            finally:
                writer.dispose()
        if sqlite_file:
            uri = Path(parsed.database).expanduser().resolve().as_uri()  # percent-encodes "?", "#", "%"
            engine = _sqlite_engine(parsed.set(database=uri, query={"mode": "ro", "uri": "true"}), read_only=True)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
            event.listen(engine, "connect", _postgresql_read_only)
        with engine.connect() as conn:
            current_version(conn)  # fails now, not at the first request, if it cannot be read
    except (SQLAlchemyError, OSError, RuntimeError) as exc:
        raise StoreError(f"{shown}: cannot open the store read-only: {_one_line(exc)}") from exc
    return engine


def _postgresql_read_only(dbapi_connection: Any, _record: Any) -> None:
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    dbapi_connection.autocommit = autocommit


def _sqlite_engine(url: Any, read_only: bool = False) -> Engine:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{url}: directory {parent} does not exist (create it or choose another --db)")
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" hook issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:  # a read-only connection cannot switch the journal; stores are WAL already
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # a writer takes the write lock up front; a reader's plain BEGIN never blocks ingests
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


# -- rows ------------------------------------------------------------------------------


def _records(article: Article, events: Sequence[Event]) -> list[dict[str, Any]]:
    """Per-article event records, with the article's publisher and date, one per id."""
    records: dict[str, dict[str, Any]] = {}
    for ev in events:
        if ev.article_id != article.id:
            raise StoreError(
                f"{article.origin}: event {ev.event_id or '?'} belongs to article {ev.article_id}, not {article.id}"
            )
        if ev.event_type is None:
            raise StoreError(f"{article.origin}: event {ev.event_id or '?'} has no event_type")
        if not ev.event_id:
            ev.assign_id()
        record = ev.to_dict()
        record["source"] = record["source"] or article.source
        record["published"] = record["published"] or (article.published.isoformat() if article.published else None)
        records.setdefault(record["event_id"], record)
    return list(records.values())


def _claim_records(records: list[dict[str, Any]], claims: Sequence[Any]) -> list[dict[str, Any]]:
    """The article's control claims as dicts, plus those of its control changes no claim covers."""
    from frontwatch.control import from_change_event

    result = [c if isinstance(c, dict) else c.to_dict() for c in claims]
    covered = {c.get("event_id") for c in result if c.get("event_id")}
    for record in records:
        if record.get("control_change") and record["event_id"] not in covered:
            claim = from_change_event(record)
            if claim is not None:
                result.append(claim.to_dict())
    return list({c["claim_id"]: c for c in result}.values())


def _claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    place, controller = claim["place"], claim["controller"]
    return {
        "id": claim["claim_id"],
        "article_id": claim["article_id"],
        "kind": claim["kind"],
        "place_key": claim["place_key"],
        "place_name": place.get("name"),
        "place_feature": place.get("feature"),
        "place_country": place.get("country"),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "controller_key": claim["controller_key"],
        "controller_name": controller.get("name"),
        "date": _as_date(claim["date"], "date") if claim.get("date") else None,
        "confidence": claim.get("confidence") or 0.0,
        "event_id": claim.get("event_id"),
        "record": claim,
    }


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "origin": article.origin,
        "text": article.text,
        "ingested_at": _now(),
    }


def _actor_row(actor: dict[str, Any] | None) -> dict[str, Any] | None:
    if not actor or not actor.get("name"):
        return None
    return {
        "id": content_hash("actor", actor["name"], actor.get("country")),
        "name": actor["name"],
        "country": actor.get("country"),
        "sectors": list(actor.get("sectors") or []),
    }


def _place_row(location: dict[str, Any] | None) -> dict[str, Any] | None:
    if not location or location.get("lat") is None:
        return None
    gid = location.get("geonameid")
    return {
        "id": f"gn:{gid}" if gid else content_hash("place", location.get("name"), location.get("country"), location["lat"], location["lon"]),
        "geonameid": gid,
        "name": location.get("name"),
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "feature": location.get("feature"),
        "latitude": location.get("lat"),
        "longitude": location.get("lon"),
    }


def _source_row(record: dict[str, Any], fused_id: str) -> dict[str, Any]:
    key = ReportKey.from_record(record)
    actor1, actor2, place = _actor_row(record.get("actor1")), _actor_row(record.get("actor2")), _place_row(record.get("location"))
    evidence = record.get("evidence") or {}
    return {
        "id": key.id,
        "fused_id": fused_id,
        "article_id": key.article_id,
        "event_type": key.event_type,
        "date_lo": key.date_lo,
        "date_hi": key.date_hi,
        "latitude": key.latitude,
        "longitude": key.longitude,
        "geo_precision": key.geo_precision,
        "actor1_country": key.actor1_country,
        "time_precision": key.time_precision,
        "actor1_id": actor1 and actor1["id"],
        "actor2_id": actor2 and actor2["id"],
        "place_id": place and place["id"],
        "sentence": evidence.get("sentence"),
        "char_start": evidence.get("char_start"),
        "char_end": evidence.get("char_end"),
        "record": record,
    }


def _fused_row(record: dict[str, Any], fusion: dict[str, Any], sentences: list[str]) -> dict[str, Any]:
    key = ReportKey.from_record(record)
    location = record.get("location") or {}
    actor1, actor2, place = _actor_row(record.get("actor1")), _actor_row(record.get("actor2")), _place_row(location)
    a1, a2 = record.get("actor1") or {}, record.get("actor2") or {}
    country = codes.iso3(location.get("country")) or (a1.get("country") if a1.get("country") not in (None, "IGO") else None)
    text = " ".join([*sentences, a1.get("name") or "", a2.get("name") or "", location.get("name") or ""])
    return {
        "id": record["event_id"],
        "event_type": record["event_type"],
        "cameo_root": record.get("cameo_root"),
        "status": record.get("status"),
        "date": _as_date(record.get("date"), "date") if record.get("date") else None,
        "date_lo": key.date_lo,
        "date_hi": key.date_hi,
        "time_precision": record.get("time_precision"),
        "latitude": key.latitude,
        "longitude": key.longitude,
        "geo_precision": key.geo_precision,
        "country": country,
        "actor1_id": actor1 and actor1["id"],
        "actor2_id": actor2 and actor2["id"],
        "place_id": place and place["id"],
        "actor1_name": a1.get("name"),
        "actor1_country": a1.get("country"),
        "actor2_name": a2.get("name"),
        "actor2_country": a2.get("country"),
        "fatalities": record.get("fatalities"),
        "confidence": record.get("confidence") or 0.0,
        "num_sources": record["num_sources"],
        "num_articles": record["num_articles"],
        "num_mentions": record["num_mentions"],
        "search_text": text.lower(),
        "record": record,
        "fusion": fusion,
        "updated_at": _now(),
    }


def _in_order(places: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """``places`` (dicts with ``place_key``) in the order of ``keys``."""
    rank = {key: i for i, key in enumerate(keys)}
    return sorted(places, key=lambda p: rank.get(p["place_key"], len(rank)))


def _by_value(mapping: dict[str, str]) -> dict[str, list[str]]:
    inverted: dict[str, list[str]] = {}
    for key, value in sorted(mapping.items()):
        inverted.setdefault(value, []).append(key)
    return inverted


def _as_date(value: dt.date | str, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise StoreError(f"{name}={value!r}: not a date (use YYYY-MM-DD)") from exc


def _cos_deg(degrees: float) -> float:
    import math

    return math.cos(math.radians(degrees))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
