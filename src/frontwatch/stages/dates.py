"""Stage 5: temporal expressions, resolved against the publication date.

``resolve_expression`` handles one expression ("on Saturday", "since December",
"two months ago", "February 6, 2020"); ``find_times`` finds them in a parsed doc
(spaCy's DATE/TIME entities plus our own patterns, since the small model misses or
mislabels some) and resolves each. Common forms use fast patterns; dateparser only
sees the leftover candidates that look like explicit dates, cached.

Conventions (a news editor's reading): a past-tense weekday or month is its latest
occurrence on or before publication; "next"/future verbs look forward. A span's
``date`` is its middle (ACLED codes a week or month to its middle), except "since"
(the onset) and "until" (the end). ``time_precision`` is ACLED's: 1 a day, 2 a few
days to a week, 3 longer. Durations ("weeks-long", "three hours") are not dates:
``resolve_expression`` returns None for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from frontwatch.document import Document
from frontwatch.records import TimeMention
from frontwatch.stages.quantities import parse_number

Day = dt.date
_ONE = dt.timedelta(days=1)


@dataclass(frozen=True)
class ResolvedTime:
    """What one temporal expression means: a day or a span, and its relation."""

    date: Day | None
    date_start: Day | None
    date_end: Day | None
    time_precision: int
    relation: str = "at"  # at | since | until | future


# --- vocabulary --------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_NUMWORD = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a few|few|several|a couple of|couple of)"
)
_UNIT = r"(?P<unit>hour|day|week|fortnight|month|year|decade)s?"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"

# Prefixes that set the relation of the whole expression.
_RELATION_PREFIX = re.compile(
    r"^(?P<word>since|from|starting|beginning|until|till|til|through|by|before|"
    r"after|as of|on|in|at|during|over|throughout|for|within|of|between)\s+"
)
_RELATION_OF = {
    "since": "since", "from": "since", "starting": "since", "beginning": "since",
    "after": "since", "until": "until", "till": "until", "til": "until",
    "through": "until", "by": "until", "before": "until",
}
# Early/mid/late modify a month, year or "last year".
_PART_PREFIX = re.compile(
    r"^(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|"
    r"the start of|start of|the middle of|middle of|the first half of|"
    r"the second half of)[\s-]+"
)

# Durations, not dates: "weeks-long", "nearly nine-year", "three hours", "weeks".
_DURATION = re.compile(
    r"^(?:(?:nearly|almost|about|some|more than|over|around|at least|the|a|an)\s+)?"
    r"(?:" + _NUMWORD + r"[\s-])?(?:hour|day|week|fortnight|month|year|decade|minute|"
    r"second)s?(?:[\s-](?:long|old|running))?$"
)
_DURATION_SUFFIX = re.compile(r"[\s-](?:long|old)$")

_ISO = re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(
    r"^(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?"
    r"[\s-]+" + _MONTH + r"(?:,?[\s-]+(?P<year>\d{4}|\d{2}))?$"
)
_MONTH_DAY_YEAR = re.compile(
    r"^(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+(?:the\s+)?(?P<day>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"
)
_MONTH_YEAR = re.compile(r"^" + _MONTH + r",?\s+(?:of\s+)?(?P<year>\d{4})$")
# A range of days of one month: "17-18 November", "between 15 and 16 November", "May 3-4"
_RANGE_LINK = r"\s*(?:-|to|and|through)\s*"
_DAY_RANGE = re.compile(
    r"^(?:between\s+|from\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)?" + _RANGE_LINK
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?$"
)
_MONTH_DAY_RANGE = re.compile(
    r"^(?:between\s+|from\s+)?" + _MONTH + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?" + _RANGE_LINK
    + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"
)
_MONTH_OF_YEAR = re.compile(
    r"^" + _MONTH + r",?\s+(?:of\s+)?(?P<rel>this|last|next|the previous|the following|the same)\s+year$"
)
_MONTH_ONLY = re.compile(
    r"^(?:(?P<mod>last|this|next|early|earlier|later)\s+(?:this\s+)?)?" + _MONTH + r"$"
)
_YEAR = re.compile(r"^(?P<year>1[89]\d\d|2[01]\d\d)$")
_WEEKDAY_RE = re.compile(
    r"^(?:(?P<mod>last|past|this past|next|this|coming|this coming|early|late)\s+)?"
    + _WEEKDAY + _PART_OF_DAY + r"$"
)
_AGO = re.compile(
    r"^(?:(?:about|around|some|nearly|almost|roughly|more than|over|just over|less than)"
    r"\s+)?(?P<n>" + _NUMWORD + r")?\s*" + _UNIT + r"\s+(?:ago|earlier|before)$"
)
_LAST_N = re.compile(
    r"^(?:the\s+)?(?P<dir>last|past|previous|next|coming|following)\s+(?P<n>"
    + _NUMWORD + r")?\s*" + _UNIT + r"$"
)
_NAMED_PERIOD = re.compile(
    r"^(?P<mod>last|this|next|earlier this|later this|this past|"
    r"previous|the previous|the coming|coming|the following)\s+"
    r"(?P<period>week|weekend|month|year)$"
)
_SIMPLE = {
    "today": (0, 0, 1, "at"), "tonight": (0, 0, 1, "at"), "this morning": (0, 0, 1, "at"),
    "this afternoon": (0, 0, 1, "at"), "this evening": (0, 0, 1, "at"),
    "earlier today": (0, 0, 1, "at"), "yesterday": (-1, -1, 1, "at"),
    "last night": (-1, -1, 1, "at"), "overnight": (-1, 0, 1, "at"),
    "the day before yesterday": (-2, -2, 1, "at"), "tomorrow": (1, 1, 1, "future"),
    "the day after tomorrow": (2, 2, 1, "future"), "recent days": (-7, 0, 2, "at"),
    "the past few days": (-4, 0, 2, "at"), "the last few days": (-4, 0, 2, "at"),
    "recent weeks": (-28, 0, 3, "at"), "the coming days": (1, 7, 2, "future"),
    "coming days": (1, 7, 2, "future"), "the coming weeks": (1, 28, 3, "future"),
    "coming weeks": (1, 28, 3, "future"), "the weekend": None, "weekend": None,
}
for _part in ("morning", "afternoon", "evening", "night"):
    _SIMPLE.setdefault(f"yesterday {_part}", (-1, -1, 1, "at"))
    _SIMPLE.setdefault(f"tomorrow {_part}", (1, 1, 1, "future"))
_FUTURE_WORDS = re.compile(r"\b(?:next|coming|tomorrow|later this|following)\b")
_EXPLICIT_LOOKING = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\b(?:" + "|".join(_MONTHS) + r")\b"
)
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30.44,
              "year": 365.25, "decade": 3652.5}
# Half-width of the span around "N units ago": how loosely editors use each unit.
_AGO_SLACK_DAYS = {"hour": 0, "day": 0, "week": 3, "fortnight": 4, "month": 21,
                   "year": 120, "decade": 1000}


# --- resolution ----------------------------------------------------------------------


def resolve_expression(
    text: str, published: Day | None, *, future: bool = False
) -> ResolvedTime | None:
    """Resolve one temporal expression; None for durations, garbage or impossibles.

    ``future`` says the governing verb looks forward ("will meet on Monday").
    Without ``published`` only explicit dates resolve. Never raises.
    """
    if not isinstance(text, str) or len(text) > 200:
        return None
    if published is not None and not isinstance(published, Day):
        return None
    if isinstance(published, dt.datetime):
        published = published.date()
    try:
        return _resolve_cached(text, published, future)
    except (ValueError, OverflowError, ArithmeticError):
        return None


@functools.lru_cache(maxsize=8192)
def _resolve_cached(text: str, published: Day | None, future: bool) -> ResolvedTime | None:
    norm = _normalise(text)
    relation = "at"
    while (m := _RELATION_PREFIX.match(norm)) is not None:
        word = m.group("word")
        if word in ("for", "within", "over", "throughout", "between") and _DURATION.match(
            norm[m.end():]
        ):
            return None
        relation = _RELATION_OF.get(word, relation)
        norm = norm[m.end():]
    if not norm or _DURATION.match(norm) or _DURATION_SUFFIX.search(norm):
        return None
    future = future or bool(_FUTURE_WORDS.search(norm))
    span = _span_of(norm, published, future)
    if span is None:
        return None
    start, end, precision, is_future = span
    if end < start:
        start, end = end, start
    return _with_relation(start, end, precision, relation, published, is_future)


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)  # a possessive dates its noun: "last year's protests", "Sunday's vote"
    text = re.sub(r"[^\w\s,./'-]", " ", text)
    return " ".join(text.split()).strip(" ,.;:'")


def _with_relation(
    start: Day, end: Day, precision: int, relation: str, published: Day | None, future: bool
) -> ResolvedTime:
    if relation == "since":
        if published is None or published < start:
            return ResolvedTime(start, start, None, 3, "since")
        return ResolvedTime(start, start, published, _precision_of(start, published), "since")
    if relation == "until":
        return ResolvedTime(end, start, end, precision, "until")
    if not future and published is not None and start <= published < end:
        end = published  # reported in the past: the span ends by publication
    middle = start + (end - start) // 2
    return ResolvedTime(middle, start, end, precision, "future" if future else "at")


def _precision_of(start: Day, end: Day) -> int:
    days = (end - start).days
    return 1 if days <= 1 else 2 if days <= 10 else 3


def _span_of(norm: str, pub: Day | None, future: bool) -> tuple[Day, Day, int, bool] | None:
    """(start, end, precision, looks-forward) for an expression without its prefix."""
    part = None
    if (m := _PART_PREFIX.match(norm)) is not None:
        part, norm = m.group("part").replace("the ", ""), norm[m.end():]
    for handler in _HANDLERS:
        found = handler(norm, pub, future)
        if found is not None:
            return _apply_part(found, part) if part else found
    if part is None and (found := _joined(norm, pub, future)) is not None:
        return found
    if _EXPLICIT_LOOKING.search(norm):
        found = _dateparser_span(norm, pub)
        if found is not None:
            return _apply_part(found, part) if part else found
    return None


_JOINT = re.compile(r"\s(?:and|or|to|through)\s")


def _joined(norm: str, pub: Day | None, future: bool) -> tuple[Day, Day, int, bool] | None:
    """Two times joined ("in November and January", "between 2013 and 2015", "January
    to March"): the span from the first's start to the last's end."""
    parts = _JOINT.split(norm, maxsplit=1)
    if len(parts) != 2:
        return None
    spans = [_span_of(p.strip(" ,"), pub, future) for p in parts]
    if None in spans:
        return None
    start = min(s[0] for s in spans)
    end = max(s[1] for s in spans)
    precision = max(_precision_of(start, end), *(s[2] for s in spans))
    return start, end, precision, any(s[3] for s in spans)


def _apply_part(found, part: str):
    start, end, precision, is_future = found
    days = (end - start).days
    if days < 20:
        return found
    third = days // 3
    if part in ("early", "beginning of", "start of"):
        end = start + dt.timedelta(days=third)
    elif part in ("late", "end of"):
        start = end - dt.timedelta(days=third)
    elif part in ("first half of",):
        end = start + dt.timedelta(days=days // 2)
    elif part in ("second half of",):
        start = start + dt.timedelta(days=days // 2)
    else:  # mid, middle of
        start, end = start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    return start, end, max(precision, 2 if (end - start).days <= 10 else 3), is_future


def _simple(norm, pub, future):
    if norm not in _SIMPLE or pub is None:
        return None
    rule = _SIMPLE[norm]
    if rule is None:  # "the weekend": the latest Saturday-Sunday on or before publication
        saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if future:
            saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
        return saturday, saturday + _ONE, 2, future
    first, last, precision, relation = rule
    return (pub + dt.timedelta(days=first), pub + dt.timedelta(days=last), precision,
            relation == "future")


def _iso(norm, pub, future):
    if (m := _ISO.match(norm)) is None:
        return None
    day = Day(int(m.group("year")), int(m.group("mnum")), int(m.group("day")))
    return day, day, 1, future


def _day_month(norm, pub, future):
    m = _DAY_MONTH_YEAR.match(norm) or _MONTH_DAY_YEAR.match(norm)
    if m is None:
        return None
    month, day_of_month = _MONTHS[m.group("month")], int(m.group("day"))
    year_text = m.group("year")
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        day = Day(year, month, day_of_month)
    elif pub is None:
        return None
    else:
        day = _nearest_year(pub, future, lambda y: Day(y, month, day_of_month))
    return day, day, 1, future and (pub is None or day > pub)


def _day_range(norm, pub, future):
    """Days of one month ("17-18 November", "May 3-4"): from the first day to the last."""
    m = _DAY_RANGE.match(norm) or _MONTH_DAY_RANGE.match(norm)
    if m is None:
        return None
    month, first, last = _MONTHS[m.group("month")], int(m.group("d1")), int(m.group("day"))
    if not 1 <= first < last <= 31:
        return None
    try:
        if m.group("year"):
            year = int(m.group("year"))
        elif pub is None:
            return None
        else:
            year = _nearest_year(pub, future, lambda y: Day(y, month, last)).year
        start, end = Day(year, month, first), Day(year, month, last)
    except ValueError:
        return None
    return start, end, _precision_of(start, end), future and (pub is None or start > pub)


def _nearest_year(pub: Day, future: bool, make) -> Day:
    """The latest such day not after publication (or the next, for future verbs)."""
    if future:
        candidate = make(pub.year)
        return candidate if candidate >= pub else make(pub.year + 1)
    try:
        candidate = make(pub.year)
    except ValueError:  # 29 February in a common year
        candidate = pub + _ONE
    return candidate if candidate <= pub else make(pub.year - 1)


def _month_year(norm, pub, future):
    if (m := _MONTH_YEAR.match(norm)) is None:
        return None
    return (*_month_span(int(m.group("year")), _MONTHS[m.group("month")]), 3, future)


def _month_of_year(norm, pub, future):
    """ "January of this year", "March last year": that month of the named year."""
    if (m := _MONTH_OF_YEAR.match(norm)) is None or pub is None or m.group("rel") == "the same":
        return None
    step = {"this": 0, "next": 1, "the following": 1}.get(m.group("rel"), -1)
    return (*_month_span(pub.year + step, _MONTHS[m.group("month")]), 3, step > 0)


def _month_only(norm, pub, future):
    if (m := _MONTH_ONLY.match(norm)) is None or pub is None:
        return None
    month, mod = _MONTHS[m.group("month")], m.group("mod")
    forward = mod == "next" or (future and mod not in ("last", "earlier"))
    if mod == "this":
        year = pub.year
    elif forward:
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
        if mod == "last" and month == pub.month:
            year -= 1
    return (*_month_span(year, month), 3, forward)


def _month_span(year: int, month: int) -> tuple[Day, Day]:
    return Day(year, month, 1), Day(year, month, calendar.monthrange(year, month)[1])


def _year(norm, pub, future):
    if (m := _YEAR.match(norm)) is None:
        return None
    year = int(m.group("year"))
    return Day(year, 1, 1), Day(year, 12, 31), 3, future


def _weekday(norm, pub, future):
    if (m := _WEEKDAY_RE.match(norm)) is None or pub is None:
        return None
    weekday, mod = _WEEKDAYS[m.group("weekday")], m.group("mod") or ""
    behind = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if mod in ("next", "coming", "this coming"):
        day, future = pub + dt.timedelta(days=ahead or 7), True
    elif mod in ("last", "past", "this past"):
        day, future = pub - dt.timedelta(days=behind or 7), False
    elif future:
        day = pub + dt.timedelta(days=ahead)
    else:
        day = pub - dt.timedelta(days=behind)
    return day, day, 1, future


def _count(text: str | None) -> float:
    if not text:
        return 1.0
    parsed = parse_number(text.replace(" of", ""))
    return parsed[0] if parsed else 1.0


def _ago(norm, pub, future):
    if (m := _AGO.match(norm)) is None or pub is None:
        return None
    unit, n = m.group("unit"), _count(m.group("n"))
    slack = dt.timedelta(days=_AGO_SLACK_DAYS[unit])
    if m.group("n") and m.group("n") in ("a few", "few", "several", "a couple of", "couple of"):
        slack = max(slack, dt.timedelta(days=round(_UNIT_DAYS[unit])))
    day = _shift(pub, n, unit)
    start, end = day - slack, min(day + slack, pub)
    precision = {"hour": 1, "day": 1, "week": 2, "fortnight": 2}.get(unit, 3)
    if slack.days:
        precision = max(precision, _precision_of(start, end))
    return start, end, precision, False


def _shift(pub: Day, n: float, unit: str) -> Day:
    """``pub`` minus n units; months and years by the calendar (9 Feb -> 9 Dec)."""
    months = {"month": 1, "year": 12, "decade": 120}.get(unit)
    if months is None or n != int(n):
        return pub - dt.timedelta(days=round(n * _UNIT_DAYS[unit]))
    year, month = divmod(pub.year * 12 + pub.month - 1 - int(n) * months, 12)
    month += 1
    return Day(year, month, min(pub.day, calendar.monthrange(year, month)[1]))


def _last_n(norm, pub, future):
    if (m := _LAST_N.match(norm)) is None or pub is None:
        return None
    length = dt.timedelta(days=max(1, round(_count(m.group("n")) * _UNIT_DAYS[m.group("unit")])))
    if m.group("dir") in ("next", "coming", "following"):
        start, end = pub + _ONE, pub + length
        return start, end, _precision_of(start, end), True
    start = pub - length
    return start, pub, _precision_of(start, pub), False


def _named_period(norm, pub, future):
    if (m := _NAMED_PERIOD.match(norm)) is None or pub is None:
        return None
    mod, period = m.group("mod").replace("the ", ""), m.group("period")
    step = {"this": 0, "earlier this": 0, "later this": 0, "next": 1, "coming": 1,
            "following": 1}.get(mod, -1)
    if period == "weekend":
        return _simple("the weekend", pub + dt.timedelta(days=7 * step) if step > 0 else pub,
                       step > 0)
    if period == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * step)
        start, end, precision = monday, monday + dt.timedelta(days=6), 2
    elif period == "month":
        year, month = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        start, end = _month_span(year, month + 1)
        precision = 3
    else:
        start, end, precision = Day(pub.year + step, 1, 1), Day(pub.year + step, 12, 31), 3
    if mod == "earlier this":
        end = max(start, pub - _ONE)
    elif mod == "later this":
        start = min(end, pub + _ONE)
    return start, end, precision, step > 0 or mod == "later this"


# "last week" is the previous calendar week (named period) but "the past week" and
# "the last 7 days" count back from publication (_last_n): order matters.
_HANDLERS = (_simple, _iso, _day_month, _day_range, _month_year, _month_of_year, _month_only, _year, _weekday, _ago,
             _named_period, _last_n)


@functools.lru_cache(maxsize=64)
def _date_parser(published: Day | None):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                "STRICT_PARSING": False}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser_span(norm: str, pub: Day | None):
    """Leftover explicit-looking dates ("6/2/2020", "the 6th of february 2020")."""
    has_year = re.search(r"\b\d{4}\b|\d[/.-]\d{1,2}[/.-]\d{2,4}", norm) is not None
    if pub is None and not has_year:
        return None
    data = _date_parser(pub).get_date_data(norm)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        return Day(day.year, 1, 1), Day(day.year, 12, 31), 3, False
    if data.period == "month":
        return (*_month_span(day.year, day.month), 3, False)
    return day, day, 1, False


# --- finding expressions in a parsed doc ---------------------------------------------

_CANDIDATE = re.compile(
    r"(?i)\b(?:"
    r"\d{1,2}-(?:" + "|".join(m for m in _MONTHS if len(m) == 3) + r")-\d{2,4}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|(?:(?:last|past|this past|next|this|coming)\s+)?(?:" + "|".join(calendar.day_name)
    + r")(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:the day (?:before|after) )?(?:yesterday|today|tonight|tomorrow)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|last night|overnight"
    r"|(?:earlier |later )?(?:last|this|next|past|previous|coming) (?:week|weekend|month|year)"
    r"|(?:the )?(?:last|past|previous|next|coming) " + _NUMWORD
    + r"\s+(?:hour|day|week|month|year)s?"
    r"|" + _NUMWORD + r"\s+(?:day|week|month|year|decade)s?\s+ago"
    r"|(?:(?:" + "|".join(calendar.month_name[1:]) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?)"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(calendar.month_name[1:])
    + r")(?:,?\s+\d{4})?"
    r")\b"
)
_PREFIX_BEFORE = re.compile(
    r"(?i)\b(?:since|from|until|till|by|before|after|on|in|during|as of|over|"
    r"earlier|later|early|late|mid|the end of|the beginning of)[\s-]+$"
)
_DURATION_AFTER = re.compile(r"^-(?:long|old)\b")
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}


# A number before a street name is a house number, not a year ("1935 Orchard St.").
_ADDRESS_AFTER = re.compile(
    r"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){1,3}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|Boulevard|Ln|Lane|Way|Ct|Court|Pl|Place|Hwy|Highway|Pkwy|Parkway|Terrace|Circle)\b"
)


def find_times(sdoc, published: Day | None) -> list[TimeMention]:
    """Temporal expressions in a parsed doc, resolved; durations are left out."""
    text = sdoc.text
    spans = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ in ("DATE", "TIME")]
    spans += [(m.start(), m.end()) for m in _CANDIDATE.finditer(text)]
    mentions = []
    for start, end in _merge(spans):
        if _DURATION_AFTER.match(text[end:end + 6]) or _ADDRESS_AFTER.match(text[end:end + 40]):
            continue
        if (m := _PREFIX_BEFORE.search(text[max(0, start - 20):start])) is not None:
            start -= len(m.group(0))
        phrase = text[start:end]
        resolved = resolve_expression(phrase, published, future=_future_verb(sdoc, start, end))
        if resolved is None:
            continue
        mentions.append(TimeMention(
            text=phrase, char_start=start, char_end=end, date=resolved.date,
            date_start=resolved.date_start, date_end=resolved.date_end,
            time_precision=resolved.time_precision, relation=resolved.relation,
        ))
    return mentions


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _future_verb(sdoc, start: int, end: int) -> bool:
    """Does the verb governing the expression look forward ("will meet on Monday")?"""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    token = span.root
    for _ in range(4):
        if token.head.i == token.i:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return any(
                c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in token.children
            )
    return False


class DatesStage:
    """Fills ``doc.times`` from the parse and the article's publication date."""

    name = "dates"
    requires = ("spacy",)
    sets = ("times",)

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            raise ValueError(f"{doc.article.origin}: dates stage needs a parsed doc")
        doc.times = find_times(doc.spacy, doc.article.published)
