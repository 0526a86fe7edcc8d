"""Publication dates: in datelines at the head of wire copy, and in metadata values.

A date that is impossible ("2020-02-31") or later than today is no publication date:
callers get None and the article is still read.  Only a value with no date shape at
all is an error (``ValueError``), which the JSONL reader reports as a rejected line;
with ``strict=True`` (given metadata, not a guess from the page) impossible and future
dates are errors too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<mon>{_MONTH_NAMES})\.?"
# A month's name as a whole word, any case, without a group: for other modules' patterns.
MONTH = rf"(?i:(?:{_MONTH_NAMES})(?![a-z])\.?)"
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_ORD = r"(?:st|nd|rd|th)?"

# Date shapes, each with named parts: y (year), m or mon (month), d (day).
_DATE_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # 2020-02-09, 2020/02/09, 2020-02-09T11:01:00Z
        r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
        # 09-Feb-2020, 9 February 2020, 9th of February, 2020
        rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}(?:\s+of\s+|[\s-])?{_MONTH}[\s,-]*(?P<y>\d{{4}})(?!\d)",
        # February 9, 2020; Feb. 9 2020
        rf"\b{_MONTH}\s*(?P<d>\d{{1,2}}){_ORD},?\s*(?P<y>\d{{4}})(?!\d)",
        # 09/02/2020 (day first when unambiguous or dotted), 02/09/2020 (US)
        r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)",
    )
)

# A day and month without a year ("Feb 9", "March 14th", "12 February"), as wire datelines
# write the day of filing.
_MONTH_DAY_SHAPES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?P<mon>{_MONTH_NAMES})(?![a-z])\.?\s*(?P<d>\d{{1,2}}){_ORD}(?![\d:])",
        rf"(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+(?P<mon>{_MONTH_NAMES})(?![a-z])\.?",
    )
)
# A date opening a string is looked for in this many characters.
OPENING_DATE_CHARS = 40

# What may surround a date on a dateline: labels, weekdays, times, time zones, punctuation.
_DATELINE_FILLER = re.compile(
    r"\b(?:last|first|originally|updated?|published|posted|modified|created|date[d]?|on|at|"
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|[ap]\.?m\b\.?|(?-i:[A-Z]{2,5})(?:[+-]\d{1,2}(?::?\d{2})?)?)"
    r"|\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?)?|[+-]\d{2}:?\d{2}|[\s,.:;|()\[\]\-\u2013\u2014/@]+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date shape found in a string: its span and the day (None if impossible)."""

    start: int
    end: int
    day: dt.date | None


def find_date(text: str) -> DateMatch | None:
    """The first date shape in ``text``, earliest match across shapes."""
    found = None
    for shape in _DATE_SHAPES:
        match = shape.search(text)
        if match and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return None
    return DateMatch(found.start(), found.end(), _valid(_day_of(found)))


def dateline_date(line: str) -> DateMatch | None:
    """The date of a line that is only a dateline ("Updated 11:01, 09-Feb-2020"), else None."""
    match = find_date(line)
    if match is None:
        return None
    if not only_filler(line[: match.start] + " " + line[match.end :]):
        return None
    return match


def opening_date(text: str) -> DateMatch | None:
    """The date that opens ``text``, else None.

    A full date ("March 14, 2024", "14 March 2024") has its day (None if impossible);
    a day and month without a year ("Feb 9", "12 February") has day None: its year is
    not in the text, and is never guessed.
    """
    window = text[:OPENING_DATE_CHARS]
    full = find_date(window)
    if full is not None and full.start == 0:
        return full
    for shape in _MONTH_DAY_SHAPES:
        match = shape.match(window)
        if match and _possible_month_day(_MONTHS[match["mon"][:3].lower()], int(match["d"])):
            return DateMatch(0, match.end(), None)
    return None


def only_filler(text: str) -> bool:
    """Whether ``text`` holds nothing a dateline may not carry beside its date (times,
    weekdays, labels such as "Updated", punctuation)."""
    return not _DATELINE_FILLER.sub("", text)


def _possible_month_day(month: int, day: int) -> bool:
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a possible day
    except ValueError:
        return False
    return True


def parse_published(value: object, *, strict: bool = False) -> dt.date | None:
    """A publication date from a metadata value (date, ISO string, prose date, epoch).

    Returns None for impossible or future dates (``strict``: raises ValueError saying
    which); raises ValueError when the value does not look like a date at all.
    """
    if value is None or value == "":
        return None
    day = _parse_published(value)
    if strict and day is None:
        raise ValueError(f"{_shown(value)} {_impossible(value)}")
    return day


def _parse_published(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return _valid(value.date())
    if isinstance(value, dt.date):
        return _valid(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _valid(dt.datetime.fromtimestamp(value, dt.timezone.utc).date())
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"timestamp {value!r} is out of range") from None
    if not isinstance(value, str):
        raise ValueError(f"published must be a date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return _valid(dt.datetime.fromisoformat(text).date())
    except ValueError:
        pass
    match = find_date(text)
    if match is not None:
        return match.day
    parsed = _dateparser_parse_unchecked(text)
    if parsed is None:
        raise ValueError(f"unparseable date {value[:40]!r}")
    return _valid(parsed)


def _shown(value: object) -> str:
    return repr(value[:40]) if isinstance(value, str) else repr(value)


def _impossible(value: object) -> str:
    """Why a date-shaped value is no publication date: no such day, in the future, or too old."""
    day = _unchecked_day(value)
    if day is None:
        return "is not a possible date"
    return "is in the future" if day > dt.date.today() else "is before 1800"


def _unchecked_day(value: object) -> dt.date | None:
    """The day a value names, without the plausibility checks; None if it names none."""
    if isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc).date()  # in range: checked before
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for shape in _DATE_SHAPES:
        if match := shape.search(text):
            try:
                return dt.date(*_day_of(match))
            except ValueError:
                return None
    return _dateparser_parse_unchecked(text)


def _dateparser_parse_unchecked(text: str) -> dt.date | None:
    import dateparser

    parsed = dateparser.parse(
        text[:100],
        languages=["en"],
        settings={
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
            # "yesterday" in a metadata field has no anchor: only absolute dates count.
            "PARSERS": ["timestamp", "custom-formats", "absolute-time", "no-spaces-time"],
        },
    )
    return parsed.date() if parsed else None


def _day_of(match: re.Match[str]) -> tuple[int, int, int]:
    parts = match.groupdict()
    year = int(parts["y"])
    if parts.get("mon"):
        return year, _MONTHS[parts["mon"][:3].lower()], int(parts["d"])
    if parts.get("a"):
        first, second = int(parts["a"]), int(parts["b"])
        day_first = first > 12 or (second <= 12 and parts["sep"] == ".")
        return (year, second, first) if day_first else (year, first, second)
    return year, int(parts["m"]), int(parts["d"])


def _valid(day: dt.date | tuple[int, int, int]) -> dt.date | None:
    if isinstance(day, tuple):
        try:
            day = dt.date(*day)
        except ValueError:
            return None
    if day > dt.date.today() or day.year < 1800:
        return None
    return day
