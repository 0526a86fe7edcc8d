"""Plain-text wire copy: title, dateline, byline and publisher at the head; repeated
captions; closing credits.

The text is never changed.  What is not running prose is recorded in
``Article.ignored`` as ``(start, end, reason)`` spans, reason ``header``,
``duplicate`` or ``credit``, which the NLP stage blanks so offsets stay valid.

The first paragraph may open with a byline or a wire dateline and run on into the
story on the same line ("KHARKIV, Ukraine, March 14, 2024 (Reuters) - Russian
forces..."): only the opening is header, and it ends where the prose starts.  A
dateline's place stays prose (the toponym and focus stages read it as the story's
place); its date, agency and dash are header.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from dataclasses import dataclass, field
from importlib import resources

from frontwatch.read.dates import MONTH, DateMatch, dateline_date, find_date, only_filler, opening_date
from frontwatch.records import Article

log = logging.getLogger(__name__)

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
# No header line or opening is longer than this: a title of TITLE_MAX_WORDS words runs to
# about 200 characters, the bylines and datelines of tests/test_read.py (role, affiliation,
# date and time) to under 100; a longer "header" is prose read wrongly.
HEADER_SPAN_MAX_CHARS = 300
# A byline's name ("Jane Doe and John Roe") has at most this many words, the whole
# byline after "By" at most BYLINE_MAX_WORDS (a name, a role, an affiliation, a date).
BYLINE_NAME_MAX_WORDS = 8
BYLINE_MAX_WORDS = 20
# Safety net: header spans covering more than this share of a text at least
# HEADER_SHARE_MIN_CHARS long are dropped, with a warning (a head is a few lines).
HEADER_MAX_SHARE = 0.5
HEADER_SHARE_MIN_CHARS = 600

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

# Capitalised function words that open a sentence but no name or role: after a byline's
# name or role they start the prose ("By Jane Doe, Analyst On 12 February, ...").
_OPENERS = frozenset(
    "on in at the an after before during since when while as last this these those "
    "according amid despite following over under until yesterday today earlier it its there".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Lower-case words that join a byline's words ("Analyst for The Planet", "Editor at ...");
# with roles, the lower-case words a byline's role or affiliation may carry.
_BYLINE_JOINERS = _NAME_JOINERS | frozenset("at to from with".split())
_BYLINE_LOWER = _BYLINE_JOINERS | _ROLES | {"reporting"}
# Marks between a byline's pieces ("By Jane Doe | Reuters | Feb. 9, 2020").
_PIECE_SEPARATORS = frozenset("| / - -- \u2013 \u2014 \u00b7 \u2022".split())
_NEXT_SEPARATOR = re.compile(r"\s(?:[|/\u2013\u2014\u00b7\u2022]|-{1,2})(?=\s)|;")
_PROSE_END = tuple(".!?\"'\u201d\u2019")

# Labels of a story's kind or section ("PRESS RELEASE", "LIVE UPDATES"): header, no publisher.
_SECTION_LABELS = frozenset(
    line.strip().lower()
    for line in resources.files("frontwatch").joinpath("data/read/section_labels.txt")
    .read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.lstrip().startswith("#")
)

_SPLIT_PARTS = re.compile(r"\s+[|\u2022\u00b7]\s+|\s+[\u2013\u2014-]{1,2}\s+(?=\S)")
_BYLINE = re.compile(r"^by\s+(?P<rest>\S.*)$", re.IGNORECASE)
_BY = re.compile(r"by\s+", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_SOURCE_LABEL = re.compile(r"^(?:source|sources|publisher)\s*:\s*(?P<name>\S.*)$", re.IGNORECASE)
_PLACE_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019.\-]*"
# "KHARKIV, Ukraine, March 14, 2024 (Reuters) - ", "BEIRUT, Feb 9 (Reuters) - ",
# "CAIRO (AP) — ", "KYIV, Ukraine — ", "La Paz, Oct 24 (EFE).- ": a place, its region or
# country, a date, the agency in parentheses (a full stop may follow it, as in Spanish
# agencies' copy), a dash (or a colon after the agency).
_CITY_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:(?:\s+|\s*/\s*){_PLACE_WORD}){{0,3}})"
    rf"(?:\s*,\s*(?!{MONTH}\s*\d){_PLACE_WORD}(?:\s+(?:of|the|and|{_PLACE_WORD})){{0,3}}){{0,2}}"
    rf"(?:\s*,?\s*(?P<date>(?:{MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH})"
    rf"(?:,?\s*\d{{4}})?))?"
    r"(?:\s*(?P<agency>\((?P<org>[A-Za-z][\w&.'\u2019 \-]{0,40}?)\)\.?))?"
    r"\s*(?P<dash>[-\u2013\u2014]{1,3}|:)\s*"
)
# A line that is only a place and a full date: "Jayapura, 20 May 2025", "Port Sudan /
# Geneva, 13 May 2024".
_PLACE_AND_DATE = re.compile(rf"{_PLACE_WORD}(?:(?:\s+|\s*/\s*){_PLACE_WORD}){{0,3}}\s*,\s*")
# Without capitals, a place needs an agency of this many words at most ("Kyiv (AFP) -"):
# "Hamas (Islamic Resistance Movement) - " opens prose.
TITLE_CASE_DATELINE_MAX_WORDS = 2
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
        head = _bounded(find_head(text, lines), text, origin)
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


def _bounded(head: Head, text: str, origin: str) -> Head:
    """``head``, unless its spans would blank most of a long text: then an empty head, with
    a warning, so that a misread head costs a few lines of prose, never the story."""
    covered = sum(end - start for start, end, _reason in head.spans)
    if len(text) < HEADER_SHARE_MIN_CHARS or covered <= HEADER_MAX_SHARE * len(text):
        return head
    log.warning("%s: the head (title, dateline, byline) would cover %s of %s characters; "
                "read as prose instead", origin, f"{covered:,}", f"{len(text):,}")
    return Head()


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
    """Title, publication date and publisher from the first lines of wire copy, and from
    a byline or dateline opening the first paragraph (its prose may follow on its line)."""
    lines = _lines(text) if lines is None else lines
    head = Head()
    # The last line is never header: a one-line snippet is all prose, whatever its shape.
    limit = min(HEAD_MAX_LINES, len(lines) - 1)
    body_index = 0
    while body_index < limit:
        start, end, line = lines[body_index]
        had_title = head.title is not None
        if end - start > HEADER_SPAN_MAX_CHARS or not _header_line(line, head):
            break
        if not had_title and head.title is not None and not _set_apart(text, lines, body_index, head):
            head.title = None
            break
        head.spans.append((start, end, "header"))
        body_index += 1
    if body_index < len(lines):
        start, _end, line = lines[body_index]
        _opening(line, start, head)
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
    if _section_label(part):
        return True
    dateline = dateline_date(part)
    if dateline is not None:
        found.published = found.published or dateline.day
        return True
    placed = _PLACE_AND_DATE.match(part)
    if placed is not None:
        date = find_date(part)
        if date is not None and date.start == placed.end() and only_filler(part[date.end:]) and date.day:
            found.published = found.published or date.day  # "Jayapura, 20 May 2025"
            return True
    byline = _BYLINE.match(part)
    if byline:
        return _byline_end(part) == len(part) and _byline(byline.group("rest"), found)
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


def _section_label(part: str) -> bool:
    """A story's kind or section ("PRESS RELEASE", "Live updates:"): header, not publisher."""
    return " ".join(part.rstrip(":").lower().split()) in _SECTION_LABELS


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
    return opens_well and _dateline(line) is None


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _opening(line: str, start: int, head: Head) -> None:
    """A byline, then a dateline, opening the first paragraph, up to where its prose starts."""
    offset = 0
    end = _byline_end(line)
    if end is not None and end < len(line):
        offset = _prose_start(line, end)
        if offset > HEADER_SPAN_MAX_CHARS:
            return
        found = Head()
        _byline(line[_BY.match(line).end() : end].strip(" ,;|/-\u2013\u2014"), found)
        head.published = head.published or found.published
        head.source = head.source or found.source
        head.spans.append((start, start + offset, "header"))
    _city_dateline(line[offset:], start + offset, head)


def _city_dateline(line: str, start: int, head: Head) -> None:
    """ "KHARKIV, Ukraine, March 14, 2024 (Reuters) - ...": the agency is the publisher and
    a full date the publication day; the place stays prose, the rest is header.

    A day and month without a year ("BEIRUT, Feb 9 (Reuters) -") give no publication
    day: the year is not guessed (a date in the head's lines, or a given one, says it).
    """
    match = _dateline(line)
    if match is None:
        return
    if match["org"]:
        head.source = head.source or match["org"].strip()
    if head.published is None and match["date"]:
        date = opening_date(match["date"])
        head.published = date.day if date else None
    first = min(match.start(name) for name in ("date", "agency", "dash") if match[name] is not None)
    head.spans.append((start + first, start + match.end(), "header"))


def _dateline(line: str) -> re.Match[str] | None:
    """The wire dateline opening ``line``, or None.

    Without an agency the place is in capitals, the mark a dash, and the line runs on
    into prose ("WASHINGTON — The president said ... ."), so that a headline ("GAZA —
    Five killed in strike") is no dateline.
    """
    match = _CITY_DATELINE.match(line)
    if match is None:
        return None
    if match["org"] is None:
        rest = line[match.end() :].rstrip()
        prose = rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"'\u201c\u2018"
        long_enough = rest.endswith(_PROSE_END) or len(rest.split()) > TITLE_MAX_WORDS
        # a place in title case needs a full date to be no headline ("Geneva, 13 May 2024 -
        # Teams of ..."): a headline carries no year
        dated = match["date"] is not None and re.search(r"\d{4}", match["date"]) is not None
        if match["dash"] == ":" or not (_all_caps(match["place"]) or dated) or not (prose and long_enough):
            return None
    elif not _all_caps(match["place"]):
        short = TITLE_CASE_DATELINE_MAX_WORDS
        if len(match["place"].split()) > short or len(match["org"].split()) > short:
            return None
    return match


def _prose_start(line: str, end: int) -> int:
    """The offset of the first character after ``end`` that is not a space."""
    return end + len(line[end:]) - len(line[end:].lstrip())


def _byline_end(line: str) -> int | None:
    """Where the byline that opens ``line`` ends, or None when no byline opens it.

    A byline is "By", a name, then short pieces set off by commas or bars: a role, an
    affiliation, a publisher, a date.  It ends before the first word that starts prose:
    a capitalised function word ("... Database On 12 February, the ..."), a date with
    more than dateline filler after it, a name in capitals after a name in lower case
    (a dateline).  Where the start of prose is unclear (a lower-case word no role has,
    a number, or more than ``BYLINE_MAX_WORDS`` words), it ends after its last whole
    piece; with no whole piece there is no byline.
    """
    opening = _BY.match(line)
    if opening is None:
        return None
    words = list(itertools.islice(_WORD.finditer(line, opening.end()), BYLINE_MAX_WORDS + 1))
    end: int | None = None  # the end of the last whole piece
    piece: list[str] = []  # the words of the piece being read
    named = False  # whether the name (the first piece) is whole
    i = 0
    while i < len(words):
        word, token = words[i], words[i].group()
        if i == BYLINE_MAX_WORDS:
            return end
        if token in _PIECE_SEPARATORS:
            if not piece and not named:
                return None
            named, piece, end = True, [], word.end()
            i += 1
            continue
        date = opening_date(line[word.start() :])
        if date is not None:
            if not named and not piece:
                return None  # "By February 2020, the army ..."
            set_off = words[i - 1].group() in _PIECE_SEPARATORS
            date_end = _byline_date_end(line, word.start(), date, set_off)
            if date_end is None:
                return words[i - 1].end()
            while i < len(words) and words[i].start() < date_end:
                i += 1
            named, piece, end = True, [], date_end
            continue
        verdict = _byline_word(token, piece, named)
        if verdict == "prose":
            return words[i - 1].end() if (named or piece) else None
        if verdict == "unclear":
            return end
        piece.append(token)
        if not named and len(piece) > BYLINE_NAME_MAX_WORDS:
            return None
        if token.endswith((",", ";")):
            named, piece, end = True, [], word.end()
        i += 1
    return words[-1].end() if piece else end


def _byline_date_end(line: str, start: int, date: DateMatch, set_off: bool) -> int | None:
    """Where a byline's date at ``start`` ends, with the time and zone after it up to the
    next mark ("Feb. 9, 2020 11:01 AM EST |"); a full date set off by a bar or dash may
    be followed by the prose ("| 9 February 2020 Troops ..."); else None: the date is prose."""
    stop = _NEXT_SEPARATOR.search(line, start)
    stop_at = stop.start() if stop else len(line)
    if only_filler(line[start + date.end : stop_at]):
        return start + len(line[start:stop_at].rstrip())
    if set_off and date.day is not None:
        return start + date.end
    return None


def _byline_word(token: str, piece: list[str], named: bool) -> str:
    """ "byline", "prose" (the prose starts at this word) or "unclear", for ``token`` after
    the byline's ``piece`` so far."""
    core = token.strip(",;:()[]\"'\u201c\u201d\u2018\u2019")
    if not core:
        return "unclear"
    lower = core.lower()
    previous = piece[-1].strip(",;:()[]") if piece else ""
    if core[0].isupper():
        if not named and not piece and (lower in _WEEKDAYS or (lower in _OPENERS and lower != "the")):
            return "prose"  # "By Monday, ...", "By Last week ..."
        after_joiner = previous in _BYLINE_JOINERS
        if lower in _OPENERS and not after_joiner and not (lower == "the" and not piece):
            return "prose"
        letters = sum(c.isalpha() for c in core)
        if letters >= 3 and _all_caps(core) and previous and not _all_caps(previous) and not after_joiner:
            return "prose"  # "By Jane Doe KYIV, Ukraine (Reuters) - ..."
        return "byline"
    if core[0].islower() and lower in _BYLINE_LOWER and (named or piece):
        return "byline"
    return "unclear"


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
