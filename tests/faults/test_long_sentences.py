"""Time linear in the input: no sentence or document the stages see grows without bound.

A scraped page without full stops is one "sentence" to the parser, and the stages scan a
sentence once per trigger word in it: a run of more than ``MAX_SENTENCE_TOKENS`` tokens
with no sentence end is cut into pieces (nlp.py). Some stages look at the whole document
per sentence: a text over ``MAX_SECTION_CHARS`` is analysed in sections (sections.py),
whose offsets and event ids still point into the article. Text a person wrote keeps its
parse (test_golden.py pins a whole article's events). No timing is asserted here: the
figures are in BENCHMARKS.md (bench/bench_long_input.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from frontwatch.nlp import BOUNDED_SENTENCES, MAX_SENTENCE_TOKENS, PIECE_TOKENS, parse_input
from frontwatch.records import Article
from frontwatch.sections import MAX_SECTION_CHARS, sections

pytestmark = pytest.mark.slow

PROSE = ("Gunmen attacked an army post near Gao on Sunday, killing four soldiers and wounding seven, "
         "the army said in a statement. Police in Bamako arrested 23 people on Saturday during a protest "
         "against fuel shortages, a police spokesman said.\n\n")
UNPUNCTUATED = "gunmen attacked the army post near gao and police arrested protesters in bamako and "


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def test_an_unpunctuated_run_is_cut_into_bounded_sentences(nlp):
    doc = nlp(_repeat(UNPUNCTUATED, 30_000))
    lengths = [len(sentence) for sentence in doc.sents]
    assert len(doc) > 10 * MAX_SENTENCE_TOKENS and max(lengths) <= PIECE_TOKENS


def test_a_piece_ends_after_a_comma_when_it_has_one(nlp):
    clause = "troops shelled the villages north of the town and the rebels fired rockets back at them"
    doc = nlp(", ".join([clause] * 40))
    ends = [sentence[-1].text for sentence in doc.sents][:-1]
    assert ends and all(end == "," for end in ends)


def test_written_text_keeps_its_parse(nlp):
    text = _repeat(PROSE, 20_000)
    with nlp.select_pipes(disable=[BOUNDED_SENTENCES]):
        unbounded = nlp(text)
    bounded = nlp(text)
    assert [(s.start, s.end) for s in bounded.sents] == [(s.start, s.end) for s in unbounded.sents]
    assert [(t.dep_, t.head.i) for t in bounded] == [(t.dep_, t.head.i) for t in unbounded]


def test_a_long_text_is_cut_into_sections_that_keep_its_offsets():
    text = _repeat(PROSE, 3 * MAX_SECTION_CHARS + 123)
    article = Article(text=text, origin="long.txt", published=dt.date(2024, 5, 6))
    parts = sections(article)
    assert len(parts) >= 4 and sections(Article(text=PROSE)) != parts
    covered = 0
    for part in parts:
        content = part.text.lstrip()
        start = len(part.text) - len(content)
        assert part.id == article.id and part.origin == article.origin and part.published == article.published
        assert text[start : len(part.text)] == content and len(content) <= MAX_SECTION_CHARS
        assert start <= covered + 1  # no gap: each section starts where the last ended (or on its line break)
        covered = len(part.text)
    assert covered == len(text)
    assert all(part.text.rstrip().endswith(".") for part in parts[:-1])  # cut at paragraph breaks


def test_a_section_is_parsed_as_its_text_alone(nlp):
    text = " " * 99_999 + "\n" + PROSE
    doc = nlp(parse_input(nlp, text))
    alone = nlp("\n" + PROSE)
    assert doc.text == text and len(doc) < len(alone) + 30  # the blank is a few tokens
    words = [(t.idx - 99_999, t.text, t.dep_, t.ent_type_) for t in doc if not t.is_space]
    assert words == [(t.idx, t.text, t.dep_, t.ent_type_) for t in alone if not t.is_space]


# Made-up filler that tells no happening, to push a story's paragraphs into other sections.
FILLER = ("The river town has a covered market where traders sell millet, rice and dried fish. "
          "Its school has twelve classrooms and a small library. Farmers grow onions along the banks "
          "in the dry months.\n\n")
LAST = "Rebels shelled the port of Mopti on Saturday, wounding nine civilians, a doctor said.\n\n"


def _long_story(first: str, last: str, size: int) -> str:
    """``first``, filler up to about ``size`` characters, then ``last``: one per section at least."""
    return first + _repeat(FILLER, size).rsplit("\n\n", 1)[0] + "\n\n" + last


def test_a_long_article_gives_one_result_with_every_sections_events(pipeline):
    text = _long_story(PROSE, LAST, 2 * MAX_SECTION_CHARS + 5_000)
    article = Article(text=text, origin="long.txt", published=dt.date(2024, 5, 6))
    assert len(sections(article)) >= 3
    result = pipeline.process(article)
    events = result.events
    alone = [*pipeline.process(Article(text=PROSE)).events, *pipeline.process(Article(text=LAST)).events]
    assert result.article is article and len(events) == len(alone) >= 3
    assert len({e.event_id for e in events}) == len(events)
    assert {e.article_id for e in events} == {article.id}
    for event in events:
        evidence = event.evidence
        assert " ".join(text[evidence["char_start"] : evidence["char_end"]].split()) == " ".join(evidence["sentence"].split())
    last = max(e.evidence["char_start"] for e in events)
    assert last > 2 * MAX_SECTION_CHARS  # the last section's events are there, at their offsets


def test_one_happening_told_in_the_first_and_last_sections_is_one_event(pipeline):
    """Merge reads every section's events together: the attack told in the first paragraph and
    retold in the last, two sections apart, is one event with both mentions (issue 16)."""
    told = "Gunmen attacked an army post near Gao on Sunday, killing four soldiers, the army said.\n\n"
    retold = "Gunmen attacked an army post near Gao on Sunday, killing four soldiers, an official said.\n\n"
    text = _long_story(told, retold, 2 * MAX_SECTION_CHARS + 3_000)
    article = Article(text=text, origin="long.txt", published=dt.date(2024, 5, 6))
    assert len(sections(article)) >= 3
    result = pipeline.process(article)
    [event] = result.events
    assert event.event_type == "ASSAULT" and event.location["name"] == "Gao" and event.fatalities == 4
    assert event.evidence["char_start"] == 0
    assert [m["char_start"] for m in event.evidence["mentions"]] == [text.index(retold)]
    assert event.event_id == pipeline.process(Article(text=told + retold, id=article.id)).events[0].event_id


def test_a_change_told_in_the_last_section_reaches_the_event_kept_from_the_first(pipeline):
    """Control runs after the merge, section by section: the first report names only the
    country (too coarse for a change), the last names the city; the one event takes the
    city's change and its claim names that event, as when the two are told together."""
    vague = "Rebel fighters captured a town in Syria on Tuesday, a monitor said.\n\n"
    precise = "The rebels captured the city of Homs on Tuesday.\n\n"
    day = dt.date(2024, 5, 6)
    text = _long_story(vague, precise, 2 * MAX_SECTION_CHARS + 3_000)
    document = pipeline.process(Article(text=text, origin="long.txt", source="Agency", published=day)).document
    (event,) = [e for e in document.events if e.trigger["text"] == "captured"]
    assert [m.location["name"] for m in document.frames[event].mentions] == ["Syria", "Homs"]
    assert event.control_change["place"]["name"] == "Homs"
    (claim,) = [c for c in document.control_claims if c.kind == "change"]
    assert claim.event_id == event.event_id
    short = pipeline.process(Article(text=vague + precise, source="Agency", published=day)).document
    assert [(c.kind, c.place["name"]) for c in short.control_claims] == [("change", "Homs")]


def test_an_unpunctuated_page_gives_events_in_bounded_sentences(pipeline):
    text = _repeat(UNPUNCTUATED, 60_000)
    result = pipeline.process(Article(text=text, origin="page.html", published=dt.date(2024, 5, 6)))
    assert result.events
    assert all(len(e.evidence["sentence"]) < 20 * PIECE_TOKENS for e in result.events)


class CountingNLP:
    """The real parse, noting the characters (blanks aside) of each batch it is given."""

    def __init__(self, nlp):
        self.nlp, self.batches = nlp, []

    def __getattr__(self, name):  # make_doc, vocab: the real parse's
        return getattr(self.nlp, name)

    def pipe(self, texts):
        texts = list(texts)
        self.batches.append([len(getattr(t, "text", t).strip()) for t in texts])
        if any("poison" in getattr(t, "text", t) for t in texts):
            raise RuntimeError("batch failed")
        return self.nlp.pipe(texts)

    def __call__(self, text):
        if "poison" in getattr(text, "text", text):
            raise RuntimeError("cannot parse")
        return self.nlp(text)


def test_a_long_article_is_parsed_one_section_at_a_time_among_short_ones(nlp, pipeline):
    """Memory stays that of one section's parse (bench_long_input.py: 1,000,000 characters took
    3.9 GB parsed together); the short articles of the batch are parsed together, as before,
    and every article's result comes out in its place, as when it is analysed alone."""
    from frontwatch.pipeline import Pipeline

    counting = CountingNLP(nlp)
    runner = Pipeline(counting, pipeline.stages, pipeline.settings)
    day = dt.date(2024, 5, 6)
    long = Article(text=_repeat(PROSE, 3 * MAX_SECTION_CHARS + 123), origin="long.txt", published=day)
    short = [Article(text=PROSE, origin="a.txt", published=day),
             Article(text=PROSE[:120], origin="b.txt", published=day)]
    out = list(runner.run([short[0], long, short[1]]))
    assert [r.article.origin for r in out] == ["a.txt", "long.txt", "b.txt"]
    assert counting.batches[0] == [len(PROSE.strip()), len(PROSE[:120].strip())]
    assert len(counting.batches) == 1 + len(sections(long)) and all(len(b) == 1 for b in counting.batches[1:])
    assert max(b[0] for b in counting.batches[1:]) <= MAX_SECTION_CHARS
    for result in out:
        alone = pipeline.process(result.article)
        assert [e.to_dict() for e in result.events] == [e.to_dict() for e in alone.events]


def test_a_section_that_fails_to_parse_rejects_its_article_alone(nlp, pipeline):
    from frontwatch.pipeline import Pipeline

    runner = Pipeline(CountingNLP(nlp), pipeline.stages, pipeline.settings)
    text = _repeat(PROSE, 2 * MAX_SECTION_CHARS) + "poison\n\n" + PROSE
    out = list(runner.run([Article(text=text, origin="long.txt"), Article(text=PROSE, origin="a.txt")]))
    assert out[0].origin == "long.txt" and "stage 'nlp' failed" in out[0].reason
    assert out[1].article.origin == "a.txt" and out[1].events
