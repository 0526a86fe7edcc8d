"""Stage "toponyms": place names in the text, each resolved to a gazetteer place or none."""

from __future__ import annotations

import dataclasses

from frontwatch.document import Document
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import fold_name
from frontwatch.geo.recognise import SETTLEMENT_WORDS, landmarks, recognise, recurrences
from frontwatch.geo.resolver import Resolver
from frontwatch.records import Toponym

# Only a confident resolution recurs (score: margin over the runner-up times strength);
# 0.8 tuned on LGL's even half, where weaker ones spread surnames ("Hartmann") along.
RECUR_MIN_SCORE = 0.8
# Currency signs and the country each names in news copy (a bare "$" is the US dollar).
CURRENCY_SIGNS = {"$": "US", "US$": "US", "C$": "CA", "A$": "AU", "NZ$": "NZ", "HK$": "HK",
                  "S$": "SG", "£": "GB", "₹": "IN"}


class ToponymsStage:
    """Sets ``doc.toponyms``: every place mention, in text order (``place`` None: no match)."""

    name = "toponyms"
    requires = ("spacy",)
    sets = ("toponyms",)

    def __init__(self, gazetteer: Gazetteer, model: str | None = None):
        self.gazetteer = gazetteer
        self.resolver = Resolver(gazetteer)
        self.model = model  # the spaCy model that reads the headline, when one is given

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            raise ValueError(f"{doc.article.origin}: no spaCy parse; run the nlp stage first")
        mentions = recognise(doc.spacy, self.gazetteer)
        demonyms = [ent.text for ent in doc.spacy.ents if ent.label_ == "NORP"]
        toponyms = self.resolver.resolve(mentions, demonyms, _currencies(doc.spacy))
        toponyms += _recurring(doc.spacy, toponyms)
        toponyms = self._seats(doc.spacy, toponyms) + self._headline_places(doc)
        doc.toponyms = sorted(toponyms, key=lambda t: t.char_start)

    def _headline_places(self, doc: Document) -> list[Toponym]:
        """The places the headline names ("Fourth night of protests in Tbilisi ..."). The
        reader sets the headline apart from the prose it parses, yet it names the story's
        main place as often as a dateline does: read on its own, its resolved places count
        towards the story's focus, at their characters in the text."""
        article = doc.article
        if self.model is None or not article.title:
            return []
        start = next((s + article.text[s:e].find(article.title) for s, e, why in article.ignored
                      if why == "header" and article.title in article.text[s:e]), None)
        if start is None:
            return []
        from frontwatch.nlp import load_nlp

        headline = load_nlp(self.model)(article.title)
        found = self.resolver.resolve(recognise(headline, self.gazetteer), [], set())
        return [dataclasses.replace(t, char_start=t.char_start + start, char_end=t.char_end + start)
                for t in found if t.place is not None]

    def _seats(self, sdoc, toponyms: list[Toponym]) -> list[Toponym]:
        """Seats of government: where the text puts something there ("met at the White
        House") the seat's city (Washington, not a namesake town); named as who acts or
        speaks ("the White House said") no place at all."""
        seats = landmarks(sdoc)
        if not seats:
            return toponyms
        kept = [t for t in toponyms
                if not any(s.start_char < t.char_end and t.char_start < s.end_char for s, _ in seats)]
        for span, geonameid in seats:
            place = self.gazetteer.by_id(geonameid) if geonameid is not None else None
            if place is not None:
                kept.append(Toponym(span.text, span.start_char, span.end_char, place, score=1.0))
        return kept


def _recurring(sdoc, toponyms: list[Toponym]) -> list[Toponym]:
    """One sense per story: every capitalised recurrence of a name resolved to a place is
    that place too ("Flying Tiger bids Gainesville goodbye" after "in Gainesville")."""
    placed = {fold_name(t.text): t for t in toponyms
              if t.place is not None and t.cue != "road" and t.score >= RECUR_MIN_SCORE}
    lengths = {}
    for fold, toponym in placed.items():
        span = sdoc.char_span(toponym.char_start, toponym.char_end, alignment_mode="expand")
        if span is not None:
            lengths[fold] = len(span)
    covered = [(t.char_start, t.char_end) for t in toponyms]
    found = [dataclasses.replace(placed[fold], text=span.text, char_start=span.start_char,
                                 char_end=span.end_char)
             for span, fold in recurrences(sdoc, lengths, covered)]
    covered += [(t.char_start, t.char_end) for t in found]
    return found + _spelled_again(sdoc, toponyms, covered)


def _spelled_again(sdoc, toponyms: list[Toponym], covered: list[tuple[int, int]]) -> list[Toponym]:
    """A name of several words placed where the tagger took it for a person's ("the town
    of Maarat al-Numan") recurs, written the same, as that place ("Air strikes also hit
    Maarat al-Numan"): the word-run matcher of ``recurrences`` breaks at its lower-case
    article and skips a person's words, an exact recurrence of the whole name is no
    person's."""
    text = sdoc.text
    found: list[Toponym] = []
    for toponym in toponyms:
        name = toponym.text
        if (toponym.place is None or toponym.cue not in SETTLEMENT_WORDS
                or toponym.score < RECUR_MIN_SCORE or len(name.split()) < 2):
            continue
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if (not any(s < end and start < e for s, e in covered)
                    and sdoc.char_span(start, end) is not None):
                found.append(dataclasses.replace(toponym, char_start=start, char_end=end))
                covered.append((start, end))
            start = text.find(name, end)
    return found


def _currencies(sdoc) -> set[str]:
    """Countries of the story's money amounts ("$10.3 million" the US, "C$5" Canada)."""
    found = set()
    for ent in sdoc.ents:
        if ent.label_ == "MONEY":
            for token in ent:
                if token.text in CURRENCY_SIGNS:
                    prefix = token.nbor(-1).text if token.i > 0 else ""
                    found.add(CURRENCY_SIGNS.get(prefix + token.text, CURRENCY_SIGNS[token.text]))
    return found
