"""What ``watch`` remembers in the store: its feeds, and every item they listed.

An item is ``pending`` from the moment its feed's poll is committed (in one transaction
with the feed's new validators, so a 304 later can never hide it) until its page is
dealt with. ``stored`` is committed in the same transaction as the article itself
(``Store.ingest(..., also=...)``). A restart therefore finishes every item a round left
pending and fetches none that it finished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from frontwatch.records import FeedItem, content_hash
from frontwatch.store.models import ArticleRow, FusedEvent, WatchFeed, WatchItem

PENDING, STORED, DUPLICATE, SKIPPED, REJECTED, FAILED = "pending", "stored", "duplicate", "skipped", "rejected", "failed"
# pending: to fetch; stored: its article is in the store; duplicate: its text is an article
# already stored (another URL); skipped: dated before --since (taken up again by a later
# watch whose --since is earlier, or absent: ``take_up_skipped``); rejected: read or analysed
# but refused (not English, no text); failed: could not be fetched (4xx, too large, robots.txt).
STATES = (PENDING, STORED, DUPLICATE, SKIPPED, REJECTED, FAILED)
# A page that failed this many rounds in a row for a passing reason (5xx, time-out) is given up.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Pending:
    """An item to fetch, with what its feed said of it."""

    id: str
    item: FeedItem
    attempts: int


def feed_id(url: str) -> str:
    return content_hash("feed", url)


def item_id(url: str) -> str:
    return content_hash("item", url)


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def add_feeds(engine: Engine, urls: Iterable[str], titles: dict[str, str] | None = None) -> None:
    """Register feeds (known ones are left as they are, a title from the list filled in)."""
    titles = titles or {}
    rows = [{"id": feed_id(u), "url": u, "title": titles.get(u), "added_at": now(), "polls": 0, "failures": 0} for u in urls]
    if rows:
        with engine.begin() as conn:
            conn.execute(_insert(conn).values(rows).on_conflict_do_nothing())


def location(engine: Engine, url: str) -> str:
    """Where to poll the feed listed as ``url``: where it last moved for good, else ``url``."""
    with engine.connect() as conn:
        moved = conn.scalar(select(WatchFeed.moved_to).where(WatchFeed.id == feed_id(url)))
    return moved or url


def validators(engine: Engine, url: str) -> tuple[str | None, str | None]:
    """The feed's ETag and Last-Modified from its last good poll."""
    with engine.connect() as conn:
        row = conn.execute(select(WatchFeed.etag, WatchFeed.last_modified).where(WatchFeed.id == feed_id(url))).first()
    return (row[0], row[1]) if row else (None, None)


def record_poll(
    engine: Engine, url: str, items: list[FeedItem], *, status: int, title: str | None = None,
    etag: str | None = None, last_modified: str | None = None, since: dt.date | None = None,
    moved_to: str | None = None,
) -> int:
    """Add the feed's unseen items as pending (or skipped, dated before ``since``) with its new
    validators (and its new URL, when it moved for good), in one transaction; the number of
    items new to the store."""
    with engine.begin() as conn:
        unique = {item_id(i.url): i for i in items}
        known = set(conn.scalars(select(WatchItem.id).where(WatchItem.id.in_(list(unique))))) if unique else set()
        fresh = [(i, item) for i, item in unique.items() if i not in known]
        added = 0
        if fresh:  # another watcher's poll may add one of them meanwhile: count only what this one added
            seen = now()
            added = len(conn.execute(_insert(conn, WatchItem).values([
                {"id": i, "url": item.url, "feed_id": feed_id(url), "title": item.title, "published": item.published,
                 "state": SKIPPED if since and item.published and item.published < since else PENDING,
                 "attempts": 0, "seen_at": seen}
                for i, item in fresh
            ]).on_conflict_do_nothing().returning(WatchItem.id)).all())
        values = {"last_polled": now(), "last_status": "ok" if status != 304 else "not modified", "http_status": status,
                  "last_error": None, "polls": WatchFeed.polls + 1, "failures": 0}
        if status != 304:
            values.update(etag=etag, last_modified=last_modified)
        if title:
            values["title"] = title
        if moved_to:
            values["moved_to"] = None if moved_to == url else moved_to
        conn.execute(update(WatchFeed).where(WatchFeed.id == feed_id(url)).values(values))
    return added


def record_feed_error(engine: Engine, url: str, error: str, status: int | None = None) -> None:
    """A poll that failed: its one-line reason; the feed's validators are kept."""
    with engine.begin() as conn:
        conn.execute(update(WatchFeed).where(WatchFeed.id == feed_id(url)).values(
            last_polled=now(), last_status="error", http_status=status, last_error=error,
            polls=WatchFeed.polls + 1, failures=WatchFeed.failures + 1,
        ))


def pending(engine: Engine) -> list[Pending]:
    """Every item waiting to be fetched, oldest first, with its feed's URL and title."""
    w, f = WatchItem, WatchFeed
    query = (
        select(w.id, w.url, w.title, w.published, w.attempts, f.url, f.title)
        .join(f, f.id == w.feed_id).where(w.state == PENDING).order_by(w.seen_at, w.id)
    )
    with engine.connect() as conn:
        return [
            Pending(i, FeedItem(url, title, published, feed_url, feed_title), attempts)
            for i, url, title, published, attempts, feed_url, feed_title in conn.execute(query)
        ]


def mark(conn: Connection, item: str, state: str, article_id: str | None = None, error: str | None = None,
         published: dt.date | None = None) -> None:
    """Settle an item, inside the caller's transaction; ``published``: the page's own date, when it decided."""
    values: dict[str, Any] = {"published": published} if published else {}
    conn.execute(update(WatchItem).where(WatchItem.id == item).values(
        state=state, article_id=article_id, error=error, done_at=now(), attempts=WatchItem.attempts + 1, **values,
    ))


def settle(engine: Engine, item: str, state: str, article_id: str | None = None, error: str | None = None,
           published: dt.date | None = None) -> None:
    """Settle an item in a transaction of its own."""
    with engine.begin() as conn:
        mark(conn, item, state, article_id, error, published)


def take_up_skipped(engine: Engine, since: dt.date | None) -> int:
    """Items an earlier watch left out as dated before its --since, which ``since`` keeps (dated
    on or after it, or no --since at all): pending again, so this round fetches and stores them.
    A --since leaves items out of a watch; it does not strike them from the store's future."""
    w = WatchItem
    kept = w.state == SKIPPED if since is None else (w.state == SKIPPED) & (w.published >= since)
    with engine.begin() as conn:
        return conn.execute(update(w).where(kept).values(state=PENDING, error=None, done_at=None, attempts=0)).rowcount


def retry_later(engine: Engine, item: str, error: str) -> bool:
    """A passing failure: the item stays pending for the next round, unless it has failed
    ``MAX_ATTEMPTS`` times; whether it was given up."""
    with engine.begin() as conn:
        attempts = conn.scalar(select(WatchItem.attempts).where(WatchItem.id == item)) or 0
        if attempts + 1 >= MAX_ATTEMPTS:
            mark(conn, item, FAILED, error=f"{error}; given up after {attempts + 1} rounds")
            return True
        conn.execute(update(WatchItem).where(WatchItem.id == item).values(attempts=attempts + 1, error=error))
    return False


def stored_article(engine: Engine, article_id: str) -> bool:
    """Whether an article with this content hash is already in the store."""
    with engine.connect() as conn:
        return conn.scalar(select(ArticleRow.id).where(ArticleRow.id == article_id)) is not None


# -- what the CLI and the API show -----------------------------------------------------------


def feeds(engine: Engine) -> list[dict[str, Any]]:
    """Each feed: URL (and where it moved for good), title, last poll and its outcome, items seen,
    articles stored, items pending."""
    w, f = WatchItem, WatchFeed
    counts = (
        select(
            w.feed_id,
            func.count().label("items_seen"),
            func.sum(case((w.state == STORED, 1), else_=0)).label("articles_stored"),
            func.sum(case((w.state == PENDING, 1), else_=0)).label("items_pending"),
            func.sum(case((w.state.in_((FAILED, REJECTED)), 1), else_=0)).label("items_failed"),
        ).group_by(w.feed_id).subquery()
    )
    query = (
        select(f.url, f.moved_to, f.title, f.last_polled, f.last_status, f.http_status, f.last_error, f.polls, f.failures,
               counts.c.items_seen, counts.c.articles_stored, counts.c.items_pending, counts.c.items_failed)
        .outerjoin(counts, counts.c.feed_id == f.id).order_by(f.added_at, f.url)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        {
            "url": r["url"], "moved_to": r["moved_to"], "title": r["title"],
            "last_polled": r["last_polled"].isoformat() if r["last_polled"] else None,
            "status": r["last_status"] or "never polled", "http_status": r["http_status"], "last_error": r["last_error"],
            "polls": r["polls"], "failures_in_a_row": r["failures"],
            **{k: int(r[k] or 0) for k in ("items_seen", "articles_stored", "items_pending", "items_failed")},
        }
        for r in rows
    ]


def last_change(engine: Engine) -> dict[str, Any]:
    """How many events the store holds and when one last changed: the map polls this to refresh."""
    with engine.connect() as conn:
        count, latest = conn.execute(select(func.count(), func.max(FusedEvent.updated_at))).one()
    if isinstance(latest, str):  # SQLite hands back an aggregate's datetime as text
        latest = dt.datetime.fromisoformat(latest)
    return {"events": int(count), "updated_at": latest.isoformat() if latest else None}


def _insert(conn: Connection, model: type = WatchFeed) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__)
