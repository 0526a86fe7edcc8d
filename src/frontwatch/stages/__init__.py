"""One module per stage. ``default_stages`` lists them in pipeline order."""

from __future__ import annotations

from frontwatch.settings import Settings


def default_stages(settings: Settings, mode: str = "article") -> list:
    """Build every stage once (resources load lazily inside them). ``mode="sentence"``:
    each input is one sentence to code (``frontwatch.sentences``); the learned event core
    codes it in the place ``learned_events`` has in the article pipeline."""
    from frontwatch.geo.gazetteer import open_gazetteer
    from frontwatch.eventcore import load_core
    from frontwatch.learned import load_typer
    from frontwatch.stages.actors import ActorsStage
    from frontwatch.stages.control import ControlStage
    from frontwatch.stages.dates import DatesStage
    from frontwatch.stages.events import EventsStage
    from frontwatch.stages.focus import FocusStage
    from frontwatch.stages.implied import ImpliedActorsStage
    from frontwatch.stages.learned_events import LearnedEventsStage
    from frontwatch.stages.locate import LocateStage
    from frontwatch.stages.merge import MergeStage
    from frontwatch.stages.quantities import QuantitiesStage
    from frontwatch.stages.toponyms import ToponymsStage
    from frontwatch.stages.when import EventDatesStage

    gazetteer = open_gazetteer(settings)
    events = [EventsStage(typer=load_typer(settings))]
    if mode == "sentence":
        from frontwatch.sentences import load_sentence_core
        from frontwatch.stages.sentence_code import SentenceCodingStage

        events.append(SentenceCodingStage(load_sentence_core(settings)))
    elif (core := load_core(settings)) is not None:  # the event core reads every sentence after the rules and the typer
        events.append(LearnedEventsStage(core))
    return [
        ToponymsStage(gazetteer, settings.model),
        ActorsStage(),
        FocusStage(gazetteer),
        DatesStage(),
        QuantitiesStage(),
        *events,
        EventDatesStage(),
        LocateStage(gazetteer),
        ImpliedActorsStage(),
        MergeStage(),
        ControlStage(),  # after merge: its claims take the merged events' ids and confidence
    ]
