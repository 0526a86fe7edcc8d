"""The store's tables, as typed SQLAlchemy 2 models (the same code on SQLite and PostgreSQL).

Two levels of events:

* ``EventSource`` is one report: a ``records.Event`` as one article told it, keyed by
  its content-hash ``event_id``, with its sentence span and the whole per-article
  record as JSON, so every field of a fused event can be traced back to a sentence.
* ``FusedEvent`` is one happening: the fusion of every report of it across articles
  (``fusion.py``), keyed by the smallest member ``event_id``.

Coordinate columns are ``latitude`` / ``longitude``; ``date_lo`` / ``date_hi`` are the
widest day span a report allows (``date_start or date`` .. ``date_end or date``), the
columns fusion and ``--since/--until`` filter on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(64)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ActorRow(Base):
    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # hash of name + country
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(3), index=True)
    sectors: Mapped[list[Any]] = mapped_column(JSON)


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # "gn:<geonameid>" or a hash
    geonameid: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    feature: Mapped[str | None] = mapped_column(String(20))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class FusedEvent(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(20), index=True)
    cameo_root: Mapped[str | None] = mapped_column(String(4))
    status: Mapped[str | None] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_lo: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_hi: Mapped[dt.date | None] = mapped_column(Date, index=True)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(3), index=True)  # ISO alpha-3
    actor1_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"))
    actor2_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"))
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"))
    actor1_name: Mapped[str | None] = mapped_column(Text)
    actor1_country: Mapped[str | None] = mapped_column(String(3))
    actor2_name: Mapped[str | None] = mapped_column(Text)
    actor2_country: Mapped[str | None] = mapped_column(String(3))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, index=True)
    num_sources: Mapped[int] = mapped_column(Integer)
    num_articles: Mapped[int] = mapped_column(Integer)
    num_mentions: Mapped[int] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text)  # lower-cased evidence, names, place
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the fused EVENT-SCHEMA record
    fusion: Mapped[dict[str, Any]] = mapped_column(JSON)  # members, edges, provenance
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EventSource(Base):
    __tablename__ = "event_sources"
    __table_args__ = (Index("ix_event_sources_fusion", "event_type", "date_lo", "date_hi"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # records.Event.event_id
    fused_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    event_type: Mapped[str] = mapped_column(String(20))
    date_lo: Mapped[dt.date | None] = mapped_column(Date)
    date_hi: Mapped[dt.date | None] = mapped_column(Date)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    actor1_country: Mapped[str | None] = mapped_column(String(3))
    time_precision: Mapped[int | None] = mapped_column(Integer)
    actor1_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"))
    actor2_id: Mapped[str | None] = mapped_column(ForeignKey("actors.id"))
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"))
    sentence: Mapped[str | None] = mapped_column(Text)
    char_start: Mapped[int | None] = mapped_column(Integer)
    char_end: Mapped[int | None] = mapped_column(Integer)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # the per-article event record


class Rejection(Base):
    """Migration 1's rejections, one row per rejection; migration 3 moves them to ``RejectedInput``."""

    __tablename__ = "rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# -- control (migration 2) ---------------------------------------------------------------
# A metadata of its own: migration 1 creates ``Base.metadata`` as released, migration 2
# creates this one, so an old database and a new one end up with the same tables.


class ControlBase(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ControlClaimRow(ControlBase):
    """One control claim (``records.ControlClaim``): who held a place on a day, and the sentence."""

    __tablename__ = "control_claims"
    __table_args__ = (Index("ix_control_claims_place_date", "place_key", "date"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # ControlClaim.claim_id
    article_id: Mapped[str] = mapped_column(ForeignKey(ArticleRow.id), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    place_key: Mapped[str] = mapped_column(String(200))
    place_name: Mapped[str | None] = mapped_column(Text)
    place_feature: Mapped[str | None] = mapped_column(String(20))
    place_country: Mapped[str | None] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    controller_key: Mapped[str] = mapped_column(String(40), index=True)
    controller_name: Mapped[str | None] = mapped_column(Text)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    confidence: Mapped[float] = mapped_column(Float)
    event_id: Mapped[str | None] = mapped_column(ID)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)  # ControlClaim.to_dict()


# -- counted rejections (migration 3) -------------------------------------------------------
# Replaces migration 1's ``rejections`` (one row per time an input was rejected): the same
# input rejected for the same reason is one row, counted, so re-running a batch adds nothing.


class RejectionsBase(DeclarativeBase):
    pass


class RejectedInput(RejectionsBase):
    """An input that could not be read, analysed or stored, and why; ``count`` times so far."""

    __tablename__ = "rejected_inputs"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)  # first-seen order
    key: Mapped[str] = mapped_column(ID, unique=True)  # content_hash(origin, reason)
    origin: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# -- fusion components (migration 4) --------------------------------------------------------
# Fusion re-clusters a whole connected component of the match graph when a report reaches
# it (so the result does not depend on ingest order); this table says which reports that is.


class ComponentsBase(DeclarativeBase):
    pass


class ReportComponent(ComponentsBase):
    """The match-graph component a report belongs to, named by its smallest report id."""

    __tablename__ = "report_components"

    report_id: Mapped[str] = mapped_column(ForeignKey(EventSource.id), primary_key=True)
    component: Mapped[str] = mapped_column(ID, index=True)


# -- watch (migration 5) --------------------------------------------------------------------
# What ``frontwatch watch`` knows of its feeds and of every item they listed, so that a
# restart fetches nothing twice and finishes a round cut off half-way (``frontwatch.watch``).


class WatchBase(DeclarativeBase):
    pass


class WatchFeed(WatchBase):
    """A watched feed: its validators for a conditional GET and how its last poll went."""

    __tablename__ = "watch_feeds"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # content_hash(url)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str | None] = mapped_column(String(20))  # "ok", "not modified", "error"
    http_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    polls: Mapped[int] = mapped_column(Integer)
    failures: Mapped[int] = mapped_column(Integer)  # polls in a row that failed
    moved_to: Mapped[str | None] = mapped_column(Text)  # where a permanent redirect (301, 308) sent it: polled there


class WatchItem(WatchBase):
    """An item a feed listed, by its page's URL: waiting, or what became of it."""

    __tablename__ = "watch_items"

    id: Mapped[str] = mapped_column(ID, primary_key=True)  # content_hash(normalised url)
    url: Mapped[str] = mapped_column(Text)
    feed_id: Mapped[str] = mapped_column(ForeignKey(WatchFeed.id), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), index=True)  # watch.state.STATES
    article_id: Mapped[str | None] = mapped_column(ID, index=True)  # the page text's content hash
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
