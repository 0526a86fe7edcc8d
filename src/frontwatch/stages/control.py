"""Control changes: "took control of", "captured", "fell to", "withdrew from".

The trigger's sense says whether its actor gains or gives up the place; the place is
the event's location when the text names it (precision 1 or 2), never a fallback.
"""

from __future__ import annotations

from frontwatch.document import Document

MAX_PLACE_PRECISION = 2


class ControlStage:
    name = "control"
    requires = ("events", "frames", "events.location")
    sets = ("events.control_change",)

    def __call__(self, doc: Document) -> None:
        for event in doc.events:
            direction = doc.frames[event].sense.control
            location = event.location
            if direction is None or location is None or event.status != "occurred":
                continue
            if location.get("geo_precision", 3) > MAX_PLACE_PRECISION:
                continue
            actor1 = event.actor1.to_dict() if event.actor1 else None
            actor2 = event.actor2.to_dict() if event.actor2 else None
            if direction == "gain" and actor1:
                event.control_change = {
                    "place": location,
                    "new_controller": actor1,
                    "previous_controller": actor2,
                }
            elif direction == "lose" and actor1:
                event.control_change = {
                    "place": location,
                    "new_controller": actor2,
                    "previous_controller": actor1,
                }
