"""The learned typer: its head, its loading, the events it types, fitting a head."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from frontwatch.learned import NOT_ACLED, Head, load_typer, packaged_head_path
from frontwatch.ontology import load_ontology
from frontwatch.read import read_text
from frontwatch.settings import load_settings

# ("took part in peaceful marches" the rules now read themselves: participation in an event noun)
MARCH = "Thousands of people walked through the capital in peaceful marches on Sunday to call for action on climate change."


def _result(pipeline, text: str):
    return next(iter(pipeline.run([read_text(text, origin="<test>", detect_head=False)])))


def _events(pipeline, text: str):
    return _result(pipeline, text).events


@pytest.fixture(scope="module")
def rules_only_pipeline():
    from frontwatch.pipeline import load_pipeline

    return load_pipeline(load_settings(typing_model=""))


def test_head_probabilities_are_a_distribution_and_survive_a_round_trip(tmp_path):
    head = Head(classes=("A", "B", "C"), coef=np.eye(3, 4), intercept=np.zeros(3), model="m", fitted_on="hand")
    probabilities = head.probabilities(np.array([[5.0, 0, 0, 0], [0, 0, 5.0, 0]]))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert probabilities.argmax(axis=1).tolist() == [0, 2]
    head.save(tmp_path / "head.npz")
    again = Head.load(tmp_path / "head.npz")
    assert again.classes == head.classes and again.fitted_on == "hand"
    assert np.allclose(again.probabilities(np.eye(4)[:2]), head.probabilities(np.eye(4)[:2]), atol=1e-6)


def test_packaged_head_knows_every_acled_sub_event_type_and_not_acled():
    head = Head.load(packaged_head_path())
    codes = set(load_ontology().acled_by_case_code)
    assert set(head.classes) == codes | {NOT_ACLED}
    assert head.coef.shape == (len(head.classes), 384)


def test_typer_switched_off_or_missing_leaves_the_rules_alone(caplog):
    assert load_typer(load_settings(typing_model="")) is None
    assert load_typer(load_settings(typing_model="no_such_model_package")) is None
    assert "learned typer off" in caplog.text


def test_typer_types_a_protest_the_rules_leave_uncoded(pipeline, rules_only_pipeline):
    assert [e for e in _events(rules_only_pipeline, MARCH) if e.acled_sub_event_type] == []
    result = _result(pipeline, MARCH)
    (event,) = result.events
    assert (event.event_type, event.acled_event_type, event.acled_sub_event_type) == (
        "PROTEST", "Protests", "Peaceful protest")
    frame = result.document.frames[event]
    assert frame.learned > 0.5
    assert any("learned typer" in note for note in frame.notes)
    assert event.evidence["sentence"] == MARCH
    assert 0.05 <= event.confidence <= 0.95


def test_typer_does_not_touch_an_article_the_rules_coded(pipeline, rules_only_pipeline):
    text = "Government forces shelled the rebel-held town on Monday, killing four civilians."
    with_typer = [(e.event_type, e.acled_sub_event_type) for e in _events(pipeline, text)]
    assert with_typer == [(e.event_type, e.acled_sub_event_type) for e in _events(rules_only_pipeline, text)]
    result = _result(pipeline, text)
    assert all(result.document.frames[e].learned is None for e in result.events)


def test_a_non_violent_march_stays_a_peaceful_protest(pipeline):
    (event,) = _events(pipeline, "Thousands joined a non-violent march through the city centre against police brutality.")
    assert event.acled_sub_event_type == "Peaceful protest"


def test_typing_fit_writes_a_head_that_typing_info_reads(tmp_path):
    from frontwatch.cli import app

    records = [
        {"id": str(i), "text": text, "sub_event_type_code": code, "acled_event_type": etype}
        for i, (text, code, etype) in enumerate([
            ("Protesters marched to the governor's office demanding water.", "PEACE_PROTEST", "Protests"),
            ("Hundreds of teachers rallied outside the ministry over unpaid wages.", "PEACE_PROTEST", "Protests"),
            ("Students demonstrated peacefully against tuition fees.", "PEACE_PROTEST", "Protests"),
            ("An earthquake struck the coast, destroying hundreds of homes.", "NATURAL_DISASTER", NOT_ACLED),
            ("Floods swept away roads and bridges after days of rain.", "NATURAL_DISASTER", NOT_ACLED),
            ("The foreign ministers met to discuss trade.", "DIPLO", NOT_ACLED),
        ])
    ]
    corpus = tmp_path / "coded.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    runner = CliRunner()
    fitted = runner.invoke(app, ["typing", "fit", str(corpus), "--out", str(tmp_path / "head.npz")])
    assert fitted.exit_code == 0, fitted.output
    head = Head.load(tmp_path / "head.npz")
    assert head.classes == (NOT_ACLED, "PEACE_PROTEST")
    assert head.coef.shape == (2, 384)
    shown = runner.invoke(app, ["typing", "info", str(tmp_path / "head.npz")])
    assert shown.exit_code == 0 and "PEACE_PROTEST" in shown.output and "6 records" in shown.output


def test_typing_fit_on_one_class_fails_with_one_line_naming_the_file(tmp_path):
    from frontwatch.cli import app

    corpus = tmp_path / "one-class.jsonl"
    corpus.write_text(json.dumps({"id": "1", "text": "x", "sub_event_type_code": "ARREST",
                                  "acled_event_type": "Strategic developments"}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["typing", "fit", str(corpus), "--out", str(tmp_path / "h.npz")])
    assert result.exit_code == 2
    assert "one-class.jsonl" in result.output and "two classes" in result.output


def test_a_call_to_end_fighting_stays_a_request_without_a_learned_event(pipeline):
    result = _result(pipeline, "The UN called for an end to the fighting in the north of the country.")
    found = result.events
    assert [e.event_type for e in found] == ["REQUEST"]
    assert found[0].acled_sub_event_type is None and result.document.frames[found[0]].learned is None


def test_the_typer_loads_its_model_on_first_use():
    """Start-up checks the model is there but leaves PyTorch and the model to the first
    passage typed: an article the rules code in full never pays for them."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from frontwatch.learned import load_typer\n"
        "from frontwatch.settings import load_settings\n"
        "typer = load_typer(load_settings())\n"
        "assert typer is not None, 'no typer'\n"
        "assert 'torch' not in sys.modules and 'sentence_transformers' not in sys.modules, 'loaded at start-up'\n"
        "assert typer.classify(['Police fired tear gas at protesters.'])[0].code\n"
        "assert 'torch' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


class _CountingModel:
    """A stand-in sentence model: one vector per passage (its length), counting passages."""

    def __init__(self):
        self.encoded: list[str] = []

    def encode(self, texts, **options):
        self.encoded.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def test_an_embedder_encodes_a_passage_once_while_it_is_recent():
    from frontwatch.learned import RECENT_TEXTS, Embedder

    embedder = Embedder("stand-in")
    embedder._model = model = _CountingModel()
    first = embedder.encode(["Troops shelled the town.", "Talks resumed."])
    again = embedder.encode(["Talks resumed.", "A new sentence here.", "Talks resumed."])
    assert model.encoded == ["Troops shelled the town.", "Talks resumed.", "A new sentence here."]
    assert again.shape == (3, 2) and np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[1])
    embedder.encode([f"passage {k}" for k in range(RECENT_TEXTS)])
    embedder.encode(["Troops shelled the town."])  # forgotten by now: encoded anew
    assert model.encoded[-1] == "Troops shelled the town."


def test_the_typer_and_the_event_core_share_one_embedder():
    from frontwatch.eventcore import load_core

    settings = load_settings(event_core="")
    typer, core = load_typer(settings), load_core(settings)
    if typer is None or core is None:
        pytest.skip("the learned extra is not installed")
    assert typer.embedder is core.embedder
