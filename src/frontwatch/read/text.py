"""Plain-text wire copy: title, dateline, byline and publisher at the head; repeated
captions; closing credits.

The text is never changed.  What is not running prose is recorded in
``Article.ignored`` as ``(start, end, reason)`` spans, reason ``header``,
``duplicate`` or ``credit``, which the NLP stage blanks so offsets stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from frontwatch.read.dates import dateline_date, find_date
from frontwatch.records import Article

# Only this many non-blank lines at the top can be header lines; scanning stops
# earlier, at the first line that reads as prose.
HEAD_MAX_LINES = 6
# A title has at most this many words (wire headlines rarely pass 20).
TITLE_MAX_WORDS = 25
# A publisher line ("CGTN", "The Associated Press") has at most this many words.
PUBLISHER_MAX_WORDS = 5
# Credits ("(Reporting by ...)") are looked for in this many last non-blank lines.
CREDIT_TAIL_LINES = 3
# Repeated lines shorter than this stay: short repeats ("he said.") are prose.
DUPLICATE_MIN_CHARS = 20

# A name in a credit ("Suleiman Al-Khalidi", "Agence France-Presse") is this short.
CREDIT_NAME_MAX_WORDS = 5
# Unnamed sources a credit may cite ("With inputs from agencies").
_GENERIC_CREDITS = frozenset("agencies agency wires wire services news reports staff our".split())

_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_FINAL_PUNCT = tuple(".,;:!?")
# Lower-case words a publisher's name may carry ("Ministry of Defence", "Voice of America").
_NAME_JOINERS = frozenset("of the and & de des du la le al el for on in".split())
# What follows "By Jane Doe," when it is a role rather than a publisher.
_ROLES = frozenset(
    "staff writer writers reporter reporters correspondent correspondents editor editors "
    "contributor contributors team desk special senior chief bureau news".split()
)

_SPLIT_PARTS = re.compile(r"\s+[|\u2022\u00b7]\s+|\s+[\u2013\u2014-]{1,2}\s+(?=\S)")
_BYLINE = re.compile(r"^by\s+(?P<rest>\S.*)$", re.IGNORECASE)
_SOURCE_LABEL = re.compile(r"^(?:source|sources|publisher)\s*:\s*(?P<name>\S.*)$", re.IGNORECASE)
# "DAMASCUS, Syria (AP) — ", "BEIRUT, Feb 9 (Reuters) - ": the agency in parentheses.
_CITY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z'\u2019.\-]+(?:\s+[A-Z][A-Z'\u2019.\-]+)*"
    r"(?:\s*,\s*[A-Z][\w'\u2019.\-]*(?:\s+[\w'\u2019.\-]+){0,3})*?"
    r"\s*(?P<credit>\((?P<org>[A-Za-z][\w&.' \-]{0,40})\)\s*(?:[-\u2013\u2014]{1,3}|:))\s*"
)
_CREDIT_CUE = re.compile(
    r"^\s*(?:with\s+(?:additional\s+)?(?:inputs?|reports?|reporting|files)\s+from"
    r"|(?:additional\s+)?(?:reporting|writing|editing|compiled|contributed|written|"
    r"edited|produced|translated|contributions?)(?:\s+by|\s*:)"
    r"|(?:sources?|inputs?|credits?)\s*:|source\s+from)\s*(?P<names>.*)$",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(
    r"^\s*(?P<names>[A-Z].{0,80}?)\s+contributed(?:\s+(?:reporting|to\s+this\s+(?:report|story)))?"
    r"(?:\s+(?:from|in)\s+.*)?\s*$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|&)\s*")
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z].*$")


@dataclass
class Head:
    """What the head of a text says about it, and the spans that carried it."""

    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def read_text(
    text: str,
    origin: str = "<input>",
    *,
    id: str = "",
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    detect_head: bool | None = None,
) -> Article:
    """An Article from plain text, metadata found in its head unless given.

    The head is searched when ``detect_head`` is True, or (default) when the title or
    the publication date is missing.  Given values win over found ones.
    """
    lines = _lines(text)
    ignored: list[tuple[int, int, str]] = []
    if detect_head is None:
        detect_head = title is None or published is None
    if detect_head:
        head = find_head(text, lines)
        title = title or head.title
        published = published or head.published
        source = source or head.source
        ignored.extend(head.spans)
    if title and lines and " ".join(lines[0][2].split()) == " ".join(title.split()):
        # Pages and feeds often repeat the headline as the first line of the text.
        ignored.append((lines[0][0], lines[0][1], "header"))
    ignored.extend(_duplicates(lines, {start for start, _end, _r in ignored}))
    contributors, credit_spans = find_credits(lines)
    ignored.extend(credit_spans)
    return Article(
        text=text,
        id=id,
        title=title,
        source=source,
        published=published,
        url=url,
        contributors=contributors,
        ignored=sorted(set(ignored)),
        origin=origin,
    )


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped content); end excludes the line break."""
    lines = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip(_LINE_BREAKS)
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append((offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw)
    return lines


def find_head(text: str, lines: list[tuple[int, int, str]] | None = None) -> Head:
    """Title, publication date and publisher from the first lines of wire copy."""
    lines = _lines(text) if lines is None else lines
    head = Head()
    # The last line is never header: a one-line snippet is all prose, whatever its shape.
    limit = min(HEAD_MAX_LINES, len(lines) - 1)
    body_index = 0
    while body_index < limit:
        start, end, line = lines[body_index]
        had_title = head.title is not None
        if not _header_line(line, head):
            break
        if not had_title and head.title is not None and not _set_apart(text, lines, body_index, head):
            head.title = None
            break
        head.spans.append((start, end, "header"))
        body_index += 1
    if body_index < len(lines):
        start, _end, line = lines[body_index]
        _city_dateline(line, start, head)
    return head


def _set_apart(text: str, lines: list[tuple[int, int, str]], index: int, head: Head) -> bool:
    """Whether the title candidate at ``index`` stands apart from the prose below it.

    A headline is followed by a blank line or by more header (a dateline, a byline):
    a first paragraph that merely lacks its full stop runs straight into the next.
    """
    following_start, _end, following = lines[index + 1]
    if text.count("\n", lines[index][1], following_start) >= 2:
        return True
    return _header_line(following, Head(title=head.title))


def _header_line(line: str, head: Head) -> bool:
    """Whether ``line`` is a header line; what it says is recorded on ``head``."""
    parts = [p for p in _SPLIT_PARTS.split(line) if p.strip()]
    found = Head()
    if all(_metadata_part(part, found, head) for part in parts):
        head.published = head.published or found.published
        head.source = head.source or found.source
        return True
    if head.title is None and _title_like(line):
        head.title = line
        return True
    return False


def _metadata_part(part: str, found: Head, head: Head) -> bool:
    part = part.strip()
    dateline = dateline_date(part)
    if dateline is not None:
        found.published = found.published or dateline.day
        return True
    byline = _BYLINE.match(part)
    if byline:
        return _byline(byline.group("rest"), found)
    label = _SOURCE_LABEL.match(part)
    if label and _publisher_like(label.group("name")):
        found.source = found.source or label.group("name").strip()
        return True
    # Before the title only an all-caps line ("REUTERS") is taken for the publisher:
    # a capitalised short first line is more likely the headline.
    if _publisher_like(part) and (head.title is not None or _all_caps(part)):
        found.source = found.source or part
        return True
    return False


def _byline(rest: str, found: Head) -> bool:
    """"By Jane Doe, Reuters", "By REUTERS", "By Jane Doe and John Roe | AP"."""
    date = find_date(rest)
    if date is not None:
        found.published = found.published or date.day
        rest = (rest[: date.start] + rest[date.end :]).strip(" ,;|-")
    pieces = [p.strip() for p in re.split(r"\s*[,/]\s*", rest) if p.strip()]
    if not pieces or len(pieces[0].split()) > 8 or not pieces[0][:1].isupper():
        return False
    org = pieces[-1] if len(pieces) > 1 else None
    if org and _publisher_like(org) and not (set(org.lower().split()) & _ROLES):
        found.source = found.source or org
    elif len(pieces) == 1 and _looks_like_org(pieces[0]):
        found.source = found.source or pieces[0]
    return True


def _looks_like_org(name: str) -> bool:
    words = name.split()
    return len(words) == 1 or words[0].lower() == "the" or _all_caps(name)


def _publisher_like(line: str) -> bool:
    line = line.strip()
    words = line.split()
    if not words or len(words) > PUBLISHER_MAX_WORDS or line.endswith(_FINAL_PUNCT):
        return False
    if find_date(line) is not None:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_JOINERS for w in words)


def _title_like(line: str) -> bool:
    words = line.split()
    if len(words) < 2 or len(words) > TITLE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    opens_well = line[:1].isalnum() or line[:1] in "\"'\u201c\u2018"
    return opens_well and _CITY_DATELINE.match(line) is None


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _city_dateline(line: str, start: int, head: Head) -> None:
    """ "DAMASCUS, Syria (AP) — ...": the agency is the publisher; the place stays prose."""
    match = _CITY_DATELINE.match(line)
    if match is None:
        return
    head.source = head.source or match.group("org").strip()
    if head.published is None:
        date = find_date(line[: match.start("credit")])
        head.published = date.day if date else None
    head.spans.append((start + match.start("credit"), start + match.end("credit"), "header"))


def _duplicates(lines: list[tuple[int, int, str]], skip: set[int]) -> list[tuple[int, int, str]]:
    """Later verbatim copies of an earlier line (photo captions repeated by scrapers)."""
    seen: set[str] = set()
    spans = []
    for start, end, line in lines:
        if start in skip or len(line) < DUPLICATE_MIN_CHARS:
            continue
        key = " ".join(line.split())
        if key in seen:
            spans.append((start, end, "duplicate"))
        else:
            seen.add(key)
    return spans


def find_credits(lines: list[tuple[int, int, str]]) -> tuple[list[str], list[tuple[int, int, str]]]:
    """Contributors named in closing credits, and the credit lines' spans.

    Credits are the last few lines when they read "(With input from AFP and Reuters)",
    "(Reporting by X; Editing by Y)", "(Source: Xinhua)" or "AP contributed to this
    report."; a fully parenthesised credit line is taken anywhere in the text.
    """
    contributors: list[str] = []
    spans = []
    tail_from = len(lines) - CREDIT_TAIL_LINES
    for index, (start, end, line) in enumerate(lines):
        inner = line
        bracketed = line[:1] in "([" and line[-1:] in ")]"
        if bracketed:
            inner = line[1:-1]
        elif index < tail_from:
            continue
        names = _credit_names(inner)
        if names is None:
            continue
        spans.append((start, end, "credit"))
        contributors.extend(n for n in names if n not in contributors)
    return contributors, spans


def _credit_names(text: str) -> list[str] | None:
    """Names in a credit, or None when ``text`` is not a credit."""
    clauses = [c for c in re.split(r"\s*;\s*", text.strip().rstrip(".")) if c]
    if not clauses:
        return None
    names: list[str] = []
    for clause in clauses:
        match = _CREDIT_CUE.match(clause) or _CONTRIBUTED.match(clause)
        if match is None:
            return None
        found = _names(match.group("names"))
        if found is None:
            return None
        names.extend(found)
    return names


def _names(text: str) -> list[str] | None:
    """Capitalised names in a credit ("AFP and Reuters"); None when it reads as prose."""
    names = []
    for piece in _NAME_SPLIT.split(text):
        piece = _IN_PLACE.sub("", piece.strip(" .()[]"))
        piece = re.sub(r"^the\s+", "", piece, flags=re.IGNORECASE)
        if not piece:
            continue
        if len(piece.split()) > CREDIT_NAME_MAX_WORDS:
            return None
        if piece[:1].isupper():
            names.append(piece)
        elif not set(piece.lower().split()) <= _GENERIC_CREDITS:
            return None
    return names
