"""An item's page: fetched politely, read as ``extract`` reads HTML, completed from the feed.

``read_item`` returns an ``Article`` ready for the pipeline, or an ``Outcome`` saying
why there is none: the item is to be tried again next round (``retry``), or it is
settled (``failed``, ``rejected``, ``skipped``, ``duplicate``) with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from frontwatch.read import check_article, read_html, read_text
from frontwatch.read.decode import Unreadable, decode
from frontwatch.read.html import looks_like_html
from frontwatch.records import Article, FeedItem, Rejected
from frontwatch.watch.fetch import Fetcher, FetchError
from frontwatch.watch.state import DUPLICATE, FAILED, REJECTED, SKIPPED

# Content types read as a web page; others (PDF, images, feeds) are refused with their type.
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
RETRY = "retry"


@dataclass(frozen=True)
class Outcome:
    """Why an item gave no article: ``state`` (RETRY or a settled state) and the reason."""

    state: str
    reason: str | None = None
    article_id: str | None = None
    published: dt.date | None = None  # the page's date, when it is why the item was skipped


def read_item(fetcher: Fetcher, item: FeedItem, since: dt.date | None = None) -> Article | Outcome:
    """The item's page as an ``Article`` (origin and URL: the item's link), or why not."""
    try:
        page = fetcher.get(item.url)
    except FetchError as exc:
        return Outcome(RETRY if exc.transient else FAILED, str(exc))
    try:
        article = _read(page.body, page.content_type, item.url)
    except Unreadable as exc:
        return Outcome(REJECTED, " ".join(str(exc).split())[:300])
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a round
        return Outcome(REJECTED, f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); please report this")
    _complete(article, item)
    if since and article.published and article.published < since:
        return Outcome(SKIPPED, f"published {article.published.isoformat()}, before --since {since.isoformat()}",
                       published=article.published)
    checked = check_article(article)
    if isinstance(checked, Rejected):
        return Outcome(REJECTED, checked.reason)
    return checked


def duplicate(article_id: str) -> Outcome:
    return Outcome(DUPLICATE, None, article_id)


def _read(body: bytes, content_type: str, url: str) -> Article:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and kind not in HTML_TYPES + TEXT_TYPES:
        raise Unreadable(f"not a web page (Content-Type {kind})")
    text = decode(body)
    if kind in HTML_TYPES or (not kind and looks_like_html(text)):
        return read_html(text, url, url=url)
    return read_text(text, url, url=url)


def _complete(article: Article, item: FeedItem) -> None:
    """The feed's title, date and name where the page gave none; the item's link as the URL.

    A page naming no site gets its host name as its source from trafilatura; the feed's
    own title names the publisher better."""
    article.title = article.title or item.title
    article.published = article.published or item.published
    parts = urlsplit(item.url)
    if not article.source or article.source in (parts.netloc, parts.hostname):
        article.source = item.feed_title or article.source
    article.url = item.url
