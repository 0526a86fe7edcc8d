"""Implied actors: who did it when the text does not say.

ACLED codes an arrest with no named perpetrator as the country's police, and an attack
by nobody named as an unidentified armed group of the country where it happened. The
rules are rows of ``data/ontology/implied_actors.tsv``; an event the text gives an
actor1 keeps it. The implied actor's country is the one of the event's place (the
story's country when the event has none), and the event's notes say it was implied.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from frontwatch.actors import get_dictionary
from frontwatch.document import Document
from frontwatch.records import ActorMention
from frontwatch.stages.focus import alpha3

ANY = "*"


@dataclass(frozen=True)
class ImpliedActor:
    event_type: str
    mode: str
    acled: str
    sector: str
    name: str

    def fits(self, event) -> bool:
        return (
            event.event_type == self.event_type
            and self.mode in (ANY, event.mode)
            and self.acled in (ANY, event.acled_sub_event_type)
        )


@functools.lru_cache(maxsize=1)
def implied_actor_rules() -> tuple[ImpliedActor, ...]:
    text = resources.files("frontwatch.data").joinpath("ontology").joinpath("implied_actors.tsv").read_text("utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t")
    return tuple(ImpliedActor(r["type"], r["mode"], r["acled"], r["sector"], r["name"]) for r in rows)


class ImpliedActorsStage:
    name = "implied_actors"
    requires = ("events", "event_locations", "focus_country")
    sets = ("implied_actors",)

    def __call__(self, doc: Document) -> None:
        rules = implied_actor_rules()
        dictionary = get_dictionary()
        for event in doc.events:
            if event.actor1 is not None:
                continue
            rule = next((r for r in rules if r.fits(event)), None)
            if rule is None:
                continue
            country = alpha3((event.location or {}).get("country")) or doc.focus_country
            if country is None:
                continue
            label = dictionary.country_name(country) or country
            trigger = event.trigger or {}
            event.actor1 = ActorMention(
                text="", char_start=trigger.get("char_start", 0), char_end=trigger.get("char_start", 0),
                name=rule.name.format(country=label), country=country, sectors=[rule.sector], kind="implied",
                implicit_country=True,
            )
            event.frame.notes.append(f"actor1 implied: {event.actor1.name} (no perpetrator named)")
