"""The readers: wire-copy heads, HTML, JSON Lines, bad input. No spaCy model needed."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch.read import read_bytes, read_inputs, read_text
from frontwatch.read.dates import parse_published
from frontwatch.records import Article, Rejected


def _one(paths, **kwargs):
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    assert len(items) == 1, items
    return items[0]


def _spans(article: Article, reason: str) -> list[str]:
    return [article.text[s:e] for s, e, r in article.ignored if r == reason]


# --- the sample article ------------------------------------------------------------


def test_sample_article_head_captions_and_credits(sample_path):
    raw = sample_path.read_text(encoding="utf-8")
    article = _one([sample_path])
    assert isinstance(article, Article)
    assert article.text == raw
    assert article.title == "Syria army takes Idlib crossroads town as Turkey fortifies forces"
    assert article.published == dt.date(2020, 2, 9)
    assert article.source == "CGTN"
    assert article.contributors == ["AFP", "Reuters"]
    assert article.origin == str(sample_path)
    header = _spans(article, "header")
    assert header == [article.title, "Updated 11:01, 09-Feb-2020", "CGTN"]
    assert _spans(article, "credit") == ["(With input from AFP and Reuters)"]
    duplicates = [(s, article.text[s:e]) for s, e, r in article.ignored if r == "duplicate"]
    for caption in ("Syrian rebel drive toward", "Geir Pedersen, the UN Special Envoy"):
        copies = [s for s, text in duplicates if text.startswith(caption)]
        assert len(copies) == 1 and raw.index(caption) < copies[0]
        assert article.analysable_text().count(caption) == 1
    blanked = article.analysable_text()
    assert len(blanked) == len(raw) and "With input from" not in blanked
    assert "The Syrian army took control" in blanked


# --- heads of wire copy in other shapes ---------------------------------------------

HEADS = [
    (
        "Rebels shell border town\nFeb. 9, 2020 11:01 AM EST\nBy Jane Doe, Reuters\n\n"
        "Rebels shelled the town on Sunday, killing two people.\n",
        "Rebels shell border town", dt.date(2020, 2, 9), "Reuters",
    ),
    (
        "Army retakes town\n9 February 2020\nAl Jazeera\nThe army retook the town.\n",
        "Army retakes town", dt.date(2020, 2, 9), "Al Jazeera",
    ),
    (
        "Ceasefire talks stall in capital\nPublished: Sunday, 2020-02-09 08:15 GMT\n\n"
        "Talks stalled on Sunday.\n",
        "Ceasefire talks stall in capital", dt.date(2020, 2, 9), None,
    ),
    (
        "Army retakes town after long siege\nBy The Associated Press | February 9, 2020\n"
        "The army retook the town.\n",
        "Army retakes town after long siege", dt.date(2020, 2, 9), "The Associated Press",
    ),
    (
        "REUTERS\nMilitia seizes port\nPosted on 03/14/2019 at 3:45pm\n\nThe militia seized it.\n",
        "Militia seizes port", dt.date(2019, 3, 14), "REUTERS",
    ),
    (
        "DAMASCUS, Syria (AP) \u2014 Syrian troops captured a key town on Saturday.\n\n"
        "Residents fled.\n",
        None, None, "AP",
    ),
    (
        "BEIRUT, Feb 9 (Reuters) - Syrian troops captured a key town.\n\nResidents fled.\n",
        None, None, "Reuters",
    ),
    # A line of a place and a full date under a release's head
    (
        "Curfew extended in the valley\nHighland Rights Forum\nAshgabat, 4 June 2023\n\n"
        "The curfew was extended on Sunday.\n",
        "Curfew extended in the valley", dt.date(2023, 6, 4), "Highland Rights Forum",
    ),
    # A label of the story's kind or section is header, not the publisher
    (
        "PRESS RELEASE\nCurfew extended in the valley\nAshgabat, 4 June 2023\n\n"
        "The curfew was extended on Sunday.\n",
        "Curfew extended in the valley", dt.date(2023, 6, 4), None,
    ),
    (
        "Live updates:\nCurfew extended in the valley\n\nThe curfew was extended on Sunday.\n",
        "Curfew extended in the valley", None, None,
    ),
    # Impossible and future datelines are header, but no publication date.
    ("Army retakes town\r\nLast updated: 2020-02-31 10:00\r\n\r\nThe army retook it.\r\n",
     "Army retakes town", None, None),
    ("Army retakes town\nUpdated 11:01, 09-Feb-2999\n\nThe army retook it.\n",
     "Army retakes town", None, None),
    # Prose that merely lacks a full stop is not a title.
    ("Troops captured a key town on Saturday, the army said\nThe town lies on a road.\n",
     None, None, None),
    # A one-line snippet is all prose.
    ("A man was killed as villagers clashed after a cow ate paddy in the field", None, None, None),
]


@pytest.mark.parametrize(("text", "title", "published", "source"), HEADS)
def test_heads_of_wire_copy(text, title, published, source):
    article = read_text(text, "case.txt")
    assert (article.title, article.published, article.source) == (title, published, source)
    assert article.text == text
    if title:
        assert title in _spans(article, "header")


def test_city_dateline_blanks_the_agency_and_keeps_the_place():
    article = read_text("KABUL, Afghanistan (AP) \u2014 A bomb struck a mosque on Friday.\n\nMore.")
    assert _spans(article, "header") == ["(AP) \u2014 "]
    assert article.analysable_text().startswith("KABUL, Afghanistan ")


# --- datelines and bylines opening the first paragraph, prose on the same line -------

_STORY = (
    "the regional governor said on Tuesday. Two warehouses near the rail yard burned for "
    "hours, and firefighters from three districts were sent to the scene. A spokesman for "
    "the local council, Petro Vanko, said no one had been hurt but that the damage was "
    "still being counted. Residents of the nearby streets were told to keep their windows "
    "shut until the smoke cleared."
)

DATELINES = [
    # city, country, full date, agency; the whole story on one line
    (f"KHARKIV, Ukraine, March 14, 2024 (Reuters) - Drones struck a fuel depot overnight, {_STORY}",
     "KHARKIV, Ukraine, ", "March 14, 2024 (Reuters) - ", "Drones struck", dt.date(2024, 3, 14), "Reuters"),
    # day before month
    (f"MOSUL, Iraq, 2 May 2023 (AFP) \u2014 Gunmen attacked a checkpoint, {_STORY}\n\nMore later.\n",
     "MOSUL, Iraq, ", "2 May 2023 (AFP) \u2014 ", "Gunmen attacked", dt.date(2023, 5, 2), "AFP"),
    # city and agency, no date
    ("CAIRO (AP) \u2014 Police detained eleven people after a march on Friday, officials said.\n\nMore.",
     "CAIRO ", "(AP) \u2014 ", "Police detained", None, "AP"),
    # a day and month without a year: no publication day is guessed
    ("BEIRUT, Feb 9 (Reuters) - Shelling hit two villages near the border, a monitor said.\n\nMore.",
     "BEIRUT, ", "Feb 9 (Reuters) - ", "Shelling hit", None, "Reuters"),
    ("TRIPOLI, June 3rd (Xinhua) -- Clashes broke out near the port, witnesses said.",
     "TRIPOLI, ", "June 3rd (Xinhua) -- ", "Clashes broke", None, "Xinhua"),
    # no agency, followed by prose
    ("WASHINGTON \u2014 The minister said on Monday that the talks would resume next week.\n\nMore.",
     "WASHINGTON ", "\u2014 ", "The minister", None, None),
    (f"KYIV, Ukraine \u2013 Drones struck a fuel depot overnight, {_STORY}",
     "KYIV, Ukraine ", "\u2013 ", "Drones struck", None, None),
    # an agency with a place not in capitals
    ("Kyiv (AFP) - Drones struck a fuel depot overnight, the governor said.",
     "Kyiv ", "(AFP) - ", "Drones struck", None, "AFP"),
    # a full stop after the agency, as Spanish agencies write it
    ("La Paz, Oct 24, 2019 (EFE).- Protesters blocked the main roads on Thursday, police said.",
     "La Paz, ", "Oct 24, 2019 (EFE).- ", "Protesters blocked", dt.date(2019, 10, 24), "EFE"),
    # a place in title case with a full date and no agency
    ("Lyon, 2 April 2021 - Farmers blocked the ring road with tractors on Friday, police said.",
     "Lyon, ", "2 April 2021 - ", "Farmers blocked", dt.date(2021, 4, 2), None),
    # the dateline's place may be two names
    ("KYIV/MOSCOW, Jan 5, 2023 (Reuters) - Both sides reported drone attacks on Thursday.",
     "KYIV/MOSCOW, ", "Jan 5, 2023 (Reuters) - ", "Both sides", dt.date(2023, 1, 5), "Reuters"),
]


@pytest.mark.parametrize(("text", "place", "header", "body", "published", "source"), DATELINES)
def test_dateline_opening_the_first_paragraph(text, place, header, body, published, source):
    article = read_text(text, "dateline.txt")
    assert (article.published, article.source) == (published, source)
    assert _spans(article, "header") == [header]
    (start, end, _reason) = [span for span in article.ignored if span[2] == "header"][0]
    assert start == len(place) and end == text.index(body)  # the body starts right after it
    blanked = article.analysable_text()
    assert blanked.startswith(place) and blanked[end:] == text[end:]


def test_yearless_dateline_leaves_the_day_to_the_head_or_the_caller():
    text = "Updated 09:30, 10-Mar-2023\n\nBASRA, Mar 9 (Reuters) - Protesters blocked a road, police said.\n"
    article = read_text(text)
    assert (article.published, article.source) == (dt.date(2023, 3, 10), "Reuters")
    assert _spans(article, "header") == ["Updated 09:30, 10-Mar-2023", "Mar 9 (Reuters) - "]
    given = read_text(text.split("\n\n", 1)[1], published=dt.date(2023, 3, 9))
    assert given.published == dt.date(2023, 3, 9) and given.source == "Reuters"


@pytest.mark.parametrize(
    ("text", "ignored"),
    [
        # a headline in capitals and a dash, not prose: the title
        ("GAZA \u2014 Five killed in strike on market\n\nFive people were killed on Sunday.\n",
         ["GAZA \u2014 Five killed in strike on market"]),
        # a group and its name in brackets open prose, not a dateline
        ("Hamas (Islamic Resistance Movement) - the group said on Sunday it would not attend.\n", []),
        # a colon without an agency is left to the toponym stage, which reads it ("BEIRUT: ...")
        ("BEIRUT: Talks between the two parties resumed on Sunday, officials said.\n", []),
    ],
)
def test_shapes_that_are_no_dateline(text, ignored):
    article = read_text(text)
    assert (article.source, article.published) == (None, None)
    assert [text[s:e] for s, e, _r in article.ignored] == ignored


_BYLINE = "By Jane Roe, Research Assistant for the Northern Conflict Monitoring Project "
_ONE_PARAGRAPH = _BYLINE + " ".join(
    ["On 12 February, the Defence Minister announced that a new brigade would be sent east."]
    + [f"In the {n}th week of the deployment, {_STORY}" for n in range(4, 24)]
)


@pytest.mark.parametrize(
    ("before", "after"),
    [("", ""), ("", "\n\nSource: Northern Conflict Monitor\n"), ("Brigade sent east\n\n", "\n\nEnd.\n")],
)
def test_byline_opening_a_one_paragraph_article_ends_where_the_prose_starts(before, after):
    text = before + _ONE_PARAGRAPH + after
    article = read_text(text, "byline.txt")
    assert _BYLINE in _spans(article, "header")
    (end,) = [e for s, e, r in article.ignored if text[s:e] == _BYLINE]
    assert end == text.index("On 12 February")
    blanked = article.analysable_text()
    assert blanked[end : len(before) + len(_ONE_PARAGRAPH)] == _ONE_PARAGRAPH[len(_BYLINE) :]
    assert len(_ONE_PARAGRAPH) > 7_000


@pytest.mark.parametrize(
    ("text", "header", "body", "published", "source"),
    [
        ("By Jane Roe, Staff Writer The council voted on Monday to close the market.\n",
         "By Jane Roe, Staff Writer ", "The council", None, None),
        ("By Jane Roe and Tom Poe, Reuters | 9 February 2020 Troops left the town on Sunday.\n",
         "By Jane Roe and Tom Poe, Reuters | 9 February 2020 ", "Troops left", dt.date(2020, 2, 9), "Reuters"),
        # the byline, then the dateline, then the prose
        ("By Jane Roe KYIV, Ukraine (Reuters) - Drones struck a depot on Monday, officials said.\n",
         "By Jane Roe ", "KYIV", None, "Reuters"),
        # where the prose starts is unclear: the byline ends after its name
        ("By Jane Roe, staff reporter troops were seen leaving the base on Monday.\n",
         "By Jane Roe, ", "staff reporter", None, None),
    ],
)
def test_byline_with_prose_on_its_line(text, header, body, published, source):
    article = read_text(text)
    assert _spans(article, "header")[0] == header
    assert article.ignored[0][1] == text.index(body)
    assert (article.published, article.source) == (published, source)


@pytest.mark.parametrize(
    "text",
    [
        "By Monday, troops had left the town, residents said.\nThe road was reopened.\n",
        "By February 2020, the front line had barely moved.\nShelling went on.\n",
        "By the time the convoy arrived, the bridge was down.\nNo one was hurt.\n",
        "By Sunday evening the rebels had withdrawn from the hills.\nTroops followed.\n",
    ],
)
def test_by_in_prose_is_no_byline(text):
    assert read_text(text).ignored == []


def test_long_one_paragraph_article_without_a_head_loses_nothing():
    text = ("On 12 February, the Defence Minister announced that a new brigade would be sent east, "
            f"{_STORY} " * 10).strip()
    for variant in (text, text + "\n", "Brigade sent east\n\n" + text + "\n\nEnd.\n"):
        article = read_text(variant)
        assert not any(e - s > 20 for s, e, _r in article.ignored)
        assert text in article.analysable_text()


def test_a_head_covering_most_of_a_text_is_read_as_prose(caplog):
    head = "\n".join(
        ["Brigade sent east after long talks"]
        + [f"By Jane Roe, Staff Writer, The Daily Planet | February {d}, 2020 11:01 AM EST"
           for d in (9, 10, 11, 12)]
    )
    text = head + "\n\nThe brigade left on Sunday. " + "It moved east. " * 20 + "\n"
    assert 600 < len(text) < 2 * len(head)
    with caplog.at_level(logging.WARNING, logger="frontwatch.read.text"):
        article = read_text(text, "odd.txt")
    assert article.ignored == [] and article.analysable_text() == text
    assert (article.title, article.published, article.source) == (None, None, None)
    (record,) = caplog.records
    assert record.getMessage().startswith("odd.txt: the head (title, dateline, byline) would cover")
    assert "\n" not in record.getMessage()


@pytest.mark.parametrize(
    ("credit", "contributors"),
    [
        ("(Reporting by Suleiman Al-Khalidi in Amman; Editing by Mark Heinrich)",
         ["Suleiman Al-Khalidi", "Mark Heinrich"]),
        ("(Source: Xinhua)", ["Xinhua"]),
        ("The Associated Press contributed to this report.", ["Associated Press"]),
        ("[With inputs from agencies]", []),
    ],
)
def test_closing_credits(credit, contributors):
    text = f"Troops advanced on the town.\n\nThey met no resistance.\n\n{credit}\n"
    article = read_text(text)
    assert article.contributors == contributors
    assert _spans(article, "credit") == [credit]


def test_credit_words_inside_prose_are_not_credits():
    text = "Sources: the ministry would not comment on the talks, which resumed on Monday.\n"
    assert read_text(text).ignored == []


def test_given_metadata_wins_and_repeated_title_is_header():
    text = "Army retakes town\nThe army retook the town on Monday.\nIt was quiet."
    article = read_text(text, title="Army retakes town", published=dt.date(2021, 1, 5), source="X")
    assert (article.published, article.source) == (dt.date(2021, 1, 5), "X")
    assert _spans(article, "header") == ["Army retakes town"]


# --- HTML ------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Army retakes hill town | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="og:url" content="https://planet.example/world/army-retakes-town">
<meta property="article:published_time" content="2021-03-04T08:00:00Z">
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li>Subscribe to our newsletter today</li></ul></nav>
<article><h1>Army retakes hill town after week of fighting</h1>
<time datetime="2021-03-04">March 4, 2021</time>
<p>Government troops retook the hill town on Wednesday after a week of heavy fighting with
rebel units, officials said in a statement.</p>
<p>At least twelve fighters were killed in the clashes, according to a local monitor, which
said the rebels withdrew toward the border.</p>
<p>Residents who fled last week began to return on Thursday, aid workers said.</p></article>
<footer>Copyright 2021 Daily Planet. All rights reserved. Privacy policy</footer></body></html>"""


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = _one([path])
    assert isinstance(article, Article)
    assert article.title == "Army retakes hill town after week of fighting"
    assert article.published == dt.date(2021, 3, 4)
    assert article.source == "Daily Planet"
    assert article.url == "https://planet.example/world/army-retakes-town"
    assert "Government troops retook the hill town" in article.text
    for boilerplate in ("Subscribe", "newsletter", "Copyright", "Privacy", "World news menu"):
        assert boilerplate not in article.text


@pytest.mark.parametrize(
    "markup",
    [
        "<div><p>Troops advanced on the town on Monday, killing three people.</div></p></span>",
        "<html><body><p>Unclosed paragraph about shelling near the border <b>bold",
    ],
)
def test_broken_html_still_gives_text(tmp_path, markup):
    path = tmp_path / "broken.htm"
    path.write_text(markup, encoding="utf-8")
    article = _one([path])
    assert isinstance(article, Article)
    assert ("Troops advanced" in article.text) or ("shelling near the border" in article.text)
    assert "<" not in article.text


def test_html_without_text_is_rejected(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title></title></head><body><script>x=1</script></body></html>")
    item = _one([path])
    assert isinstance(item, Rejected) and "no readable text" in item.reason


# --- JSON Lines ------------------------------------------------------------------------


def test_jsonl_good_broken_and_missing_text_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Troops shelled the town.", "published": "2020-02-09T10:00:00Z",
                    "source": "Wire", "title": "Shelling", "url": "https://x.example/a1"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "title": "no text here"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a5", "text": "Troops left.", "published": "sometime soon"}),
        json.dumps({"id": 6, "text": "Troops left.", "published": "2020-02-31"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    good = items[0]
    assert isinstance(good, Article) and good.id == "a1" and good.origin == f"{path}:1"
    assert (good.published, good.source, good.title, good.url) == (
        dt.date(2020, 2, 9), "Wire", "Shelling", "https://x.example/a1")
    rejected = {item.origin: item.reason for item in items if isinstance(item, Rejected)}
    assert set(rejected) == {f"{path}:2", f"{path}:3", f"{path}:5", f"{path}:6", f"{path}:7"}
    assert "not valid JSON" in rejected[f"{path}:2"]
    assert "no text" in rejected[f"{path}:3"]
    assert "object" in rejected[f"{path}:5"]
    assert "unparseable date" in rejected[f"{path}:6"]
    # a given date that cannot be (relative dates would resolve against it) is reported
    assert rejected[f"{path}:7"] == '"published": \'2020-02-31\' is not a possible date'


def test_jsonl_text_with_wire_head_is_read_when_metadata_missing(tmp_path):
    text = "Army retakes town\n9 February 2020\nAl Jazeera\nThe army retook the town.\n"
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text}) + "\n", encoding="utf-8")
    article = _one([path])
    assert (article.title, article.published, article.source) == (
        "Army retakes town", dt.date(2020, 2, 9), "Al Jazeera")


def test_jsonl_line_over_the_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"text": "x " * 400}) + "\n" + json.dumps({"text": "Troops left."}) + "\n"
    )
    items = list(read_inputs([str(path)], max_bytes=200))
    assert isinstance(items[0], Rejected) and items[0].origin == f"{path}:1"
    assert "max_bytes" in items[0].reason
    assert isinstance(items[1], Article) and items[1].origin == f"{path}:2"


# --- bad and odd input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t\n", "blank"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("empty.jsonl", b"", "empty file"),
    ],
)
def test_unreadable_files(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    item = _one([path])
    assert isinstance(item, Rejected) and item.origin == str(path) and reason in item.reason
    assert "\n" not in item.message()


def test_missing_file_and_directory(tmp_path):
    for missing in (tmp_path / "nope.txt", tmp_path / "nodir"):
        item = _one([missing])
        assert isinstance(item, Rejected) and item.reason == "no such file or directory"


def test_oversize_file_is_not_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    item = _one([path], max_bytes=1000)
    assert isinstance(item, Rejected) and "5,000 bytes" in item.reason and "max_bytes=1,000" in item.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_permission(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Troops advanced.")
    path.chmod(0)
    item = _one([path])
    assert isinstance(item, Rejected) and "permission denied" in item.reason


FRENCH = "Army retakes town\n\nLe président a visité la région d'Alep, où les forces ont pris le contrôle à côté.\n"
ARABIC = (
    "Army retakes Syrian town\n\nThe Syrian army entered the town, residents said. "
    "The town's name in Arabic is \u0633\u0631\u0627\u0642\u0628 according to state media.\n"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(FRENCH, "latin-1"), (FRENCH, "cp1252"), (ARABIC, "cp1256"), (ARABIC, "utf-16"),
     (ARABIC, "utf-8-sig"), (FRENCH, "utf-16-be")],
)
def test_encodings(tmp_path, text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    article = _one([path], require_english=False)  # decoding only: language is tests/faults'
    assert isinstance(article, Article) and article.text == text


def test_directory_mixing_kinds(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "page.htm").write_text(PAGE)
    (tmp_path / "a.txt").write_text("Troops advanced on the town on Monday.\n")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "j", "text": "Rebels withdrew."}) + "\nbroken\n")
    (tmp_path / "d.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("ignored: not an article extension")
    (tmp_path / "e.txt").write_bytes(FRENCH.encode("latin-1"))
    items = list(read_inputs([str(tmp_path)], source="Override", require_english=False))
    origins = [item.origin for item in items]
    assert origins == [
        str(tmp_path / "a.txt"), f"{tmp_path / 'c.jsonl'}:1", f"{tmp_path / 'c.jsonl'}:2",
        str(tmp_path / "d.txt"), str(tmp_path / "e.txt"), str(tmp_path / "b" / "page.htm"),
    ]
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Article", "Article", "Rejected", "Rejected", "Article", "Article"]
    assert all(item.source == "Override" for item in items if isinstance(item, Article))


def test_empty_directory(tmp_path):
    item = _one([tmp_path])
    assert isinstance(item, Rejected) and "no .htm, .html, .jsonl, .text, .txt files" in item.reason


def test_published_override():
    stdin = io.StringIO("Army retakes town\n9 February 2020\n\nThe army retook the town.\n")
    article = _one(["-"], stdin=stdin, published=dt.date(2020, 3, 1))
    assert article.published == dt.date(2020, 3, 1) and article.title == "Army retakes town"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Army retakes town\n9 February 2020\n\nThe army retook the town.\n", ["Army retakes town"]),
        (PAGE.encode(), ["Army retakes hill town after week of fighting"]),
        (b'{"id": "1", "text": "One.", "title": "T1"}\n\n{"id": "2", "text": "Two.", "title": "T2"}\n',
         ["T1", "T2"]),
    ],
)
def test_stdin_is_sniffed(data, expected):
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert [item.title for item in items] == expected
    assert all(item.origin.startswith("<stdin>") for item in items)


def test_stdin_text_stream_and_empty():
    assert isinstance(_one(["-"], stdin=io.StringIO("")), Rejected)
    article = _one(["-"], stdin=io.StringIO("Troops advanced on the town.\n"))
    assert article.origin == "<stdin>" and article.text == "Troops advanced on the town.\n"


def test_ids_are_content_hashes_unless_given():
    first = read_text("Troops  advanced.\n")
    assert first.id == read_text("Troops advanced.").id
    assert read_text("Troops advanced.", id="given").id == "given"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-09", dt.date(2020, 2, 9)),
        ("Sun, 09 Feb 2020 11:01:00 GMT", dt.date(2020, 2, 9)),
        ("February 9, 2020", dt.date(2020, 2, 9)),
        ("2020-02-31", None),
        ("2999-01-01", None),
        (1581206400, dt.date(2020, 2, 9)),
        (None, None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["not a date", "yesterday", ["2020"]])
def test_parse_published_rejects_non_dates(value):
    with pytest.raises(ValueError):
        parse_published(value)


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from([None, "text", "html", "jsonl"]))
def test_reading_arbitrary_bytes_never_raises(data, kind):
    for item in read_bytes(data, "fuzz", kind=kind):
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason


_LINES = st.sampled_from([
    "", "Army retakes town", "Updated 11:01, 09-Feb-2020", "CGTN", "By Jane Doe, Reuters",
    "(With input from AFP and Reuters)", "A caption repeated verbatim on the page. /AP Photo",
    "The army took the town on Saturday, state media said.", "BEIRUT (Reuters) - Troops moved.",
    "KYIV, Ukraine, March 14, 2024 (Reuters) - Drones struck.", "WASHINGTON \u2014 Talks resumed.",
    "By Jane Doe, Analyst On 12 February, the minister spoke.", "By Monday, troops had left.",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=60)), max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_ignored_spans_lie_inside_the_unchanged_text(lines, newline):
    text = newline.join(lines)
    article = read_text(text)
    assert article.text == text
    assert len(article.analysable_text()) == len(text)
    for start, end, reason in article.ignored:
        assert 0 <= start < end <= len(text)
        assert reason in {"header", "duplicate", "credit"}
