"""Stage "toponyms": place names in the text, each resolved to a gazetteer place or none."""

from __future__ import annotations

from frontwatch.document import Document
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.recognise import recognise
from frontwatch.geo.resolver import Resolver


class ToponymsStage:
    """Sets ``doc.toponyms``: every place mention, in text order (``place`` None: no match)."""

    name = "toponyms"
    requires = ("spacy",)
    sets = ("toponyms",)

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.resolver = Resolver(gazetteer)

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            raise ValueError(f"{doc.article.origin}: no spaCy parse; run the nlp stage first")
        mentions = recognise(doc.spacy, self.gazetteer)
        demonyms = [ent.text for ent in doc.spacy.ents if ent.label_ == "NORP"]
        doc.toponyms = self.resolver.resolve(mentions, demonyms)
