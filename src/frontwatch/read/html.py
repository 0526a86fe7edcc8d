"""HTML pages: the main text and metadata, by trafilatura.

``Article.text`` is the extracted main text (navigation, footers and ads left out);
title, date, site name and URL come from the page's metadata.
"""

from __future__ import annotations

import re

from frontwatch.read.dates import parse_published
from frontwatch.read.decode import Unreadable
from frontwatch.read.text import read_text
from frontwatch.records import Article

_LOOKS_LIKE_HTML = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<body\b)"
    r"|<(?:p|div|article|span|br|h[1-6]|a\s+href)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_html(text: str) -> bool:
    """Whether a text of unknown kind is markup (sniffed on its first 2,000 characters)."""
    return _LOOKS_LIKE_HTML.search(text[:2000]) is not None


def read_html(markup: str, origin: str = "<input>", *, url: str | None = None) -> Article:
    """An Article from an HTML page; raises ``Unreadable`` when no text can be found."""
    import lxml.etree
    import lxml.html
    import trafilatura

    try:
        # Parsed here, not by trafilatura: its loader refuses fragments without <html>.
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise Unreadable(f"HTML could not be parsed: {exc}") from None
    try:
        found = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - a third-party extractor on arbitrary markup
        raise Unreadable(f"HTML text extraction failed: {type(exc).__name__}: {exc}") from None
    text = (found.text if found is not None else "") or trafilatura.html2txt(tree) or ""
    if not text.strip():
        raise Unreadable("no readable text in the HTML page")
    meta = found if found is not None else None
    try:
        published = parse_published(getattr(meta, "date", None))
    except ValueError:
        published = None
    return read_text(
        text,
        origin,
        title=_clean(getattr(meta, "title", None)),
        published=published,
        source=_clean(getattr(meta, "sitename", None)) or _clean(getattr(meta, "hostname", None)),
        url=_clean(getattr(meta, "url", None)) or url,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
