"""Reading the store: fused events with their sources, explanations, articles, control, rejections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select

from frontwatch.store import codes, rows
from frontwatch.store.fusion import edge_reason
from frontwatch.store.models import ActorRow, ArticleRow, ControlClaimRow, EventSource, FusedEvent, PlaceRow, RejectedInput
from frontwatch.store.timeline import control_on, timelines

DEFAULT_LIMIT = 100


class Reader:
    """The store's reading half, over ``self.engine``; ``Store`` combines it with ``Writer``."""

    engine: Engine

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
            query = query.where(e.date_hi >= rows.as_date(since, "since"))
        if until:
            query = query.where(e.date_lo <= rows.as_date(until, "until"))
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
        """Per place, its holders over time with evidence and disputes (``timeline.timelines``).

        With ``limit``, one page of places (``offset`` skipped), ordered by name: only their claims are read.
        """
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
        day = rows.as_date(date, "date")
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
            query = query.where(c.date <= rows.as_date(until, "date"))
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


def _in_order(places: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """``places`` (dicts with ``place_key``) in the order of ``keys``."""
    rank = {key: i for i, key in enumerate(keys)}
    return sorted(places, key=lambda p: rank.get(p["place_key"], len(rank)))
