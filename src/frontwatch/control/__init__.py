"""Territorial control: who holds which place (town, district, road), when, and who says so.

    from frontwatch.control import ControlClaim, timelines, control_on

Claims come from control statements (``stages/claims.py``) and from events'
``control_change``; ``timeline.py`` resolves them per place.
"""

from frontwatch.control.claim import ControlClaim, controller_key, from_change_event, place_key
from frontwatch.control.timeline import control_on, on, periods, timelines

__all__ = ["ControlClaim", "control_on", "controller_key", "from_change_event", "on", "periods", "place_key", "timelines"]
