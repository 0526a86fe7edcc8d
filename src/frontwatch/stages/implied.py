"""Implied actors: who did it when the text does not say.

ACLED codes an arrest with no named perpetrator as the country's police, and an attack
by nobody named as an unidentified armed group of the country where it happened. The
rules are rows of ``data/ontology/implied_actors.tsv`` (``Ontology.implied_actors``); an
event the text gives an actor1 keeps it. The implied actor's country is the one of the
event's place (the story's country when the event has none), and the event's notes say
it was implied.
"""

from __future__ import annotations

from frontwatch.actors import get_dictionary
from frontwatch.document import Document
from frontwatch.ontology import Ontology, load_ontology
from frontwatch.records import ActorMention
from frontwatch.stages.focus import alpha3


class ImpliedActorsStage:
    name = "implied_actors"
    requires = ("events", "frames", "events.location", "focus_country")
    sets = ("events.actor1",)

    def __init__(self, ontology: Ontology | None = None):
        self._ontology = ontology

    def __call__(self, doc: Document) -> None:
        rules = (self._ontology or load_ontology()).implied_actors
        dictionary = get_dictionary()
        for event in doc.events:
            if event.actor1 is not None:
                continue
            rule = next((r for r in rules if r.fits(event.event_type, event.mode, event.acled_sub_event_type)), None)
            country = alpha3((event.location or {}).get("country")) or doc.focus_country
            if rule is None or country is None:
                continue
            at = event.trigger["char_start"]
            event.actor1 = ActorMention(
                text="", char_start=at, char_end=at,
                name=rule.name.format(country=dictionary.country_name(country) or country),
                country=country, sectors=[rule.sector], kind="implied", implicit_country=True,
            )
            doc.frames[event].notes.append(f"actor1 implied: {event.actor1.name} (no perpetrator named)")
