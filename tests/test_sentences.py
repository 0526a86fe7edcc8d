"""Sentence-coding mode (frontwatch.sentences, stages/sentence_code.py): every input
sentence gets its event code; the article pipeline is untouched by it."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
from typer.testing import CliRunner

from frontwatch.eventcore import NONE, NOT_ACLED, Reading
from frontwatch.ontology import load_ontology
from frontwatch.records import Rejected
from frontwatch.sentences import SentenceCoder, load_coder, read_sentences, sentence_pipeline
from frontwatch.settings import load_settings
from frontwatch.stages.sentence_code import OVERRIDE, coded_root

LEARNED = importlib.util.find_spec("sentence_transformers") is not None
needs_learned = pytest.mark.skipif(not LEARNED, reason="the learned extra (sentence-transformers) is not installed")

ROOTS = ("01", "02", "03", "04", "07", "11", "14", "17", "18", "19")


def reading(root: str, p: float = 0.9, plover: str = "NONE") -> Reading:
    """A core's reading sure (``p``) of one CAMEO root and of its penta class."""
    penta = str(load_ontology().cameo_penta[root])
    rest = (1 - p) / (len(ROOTS) - 1)
    return Reading(
        plover={plover: 0.8, "ASSAULT": 0.1, "CONSULT": 0.05, NONE: 0.05} if plover != NONE else {NONE: 1.0},
        acled={NOT_ACLED: 1.0},
        root={r: (p if r == root else rest) for r in ROOTS} | {NONE: 0.0},
        penta={k: (p if k == penta else (1 - p) / 4) for k in "01234"},
    )


class FakeCore:
    """Stands in for the embedder and the event core: one fixed reading for every input."""

    def __init__(self, fixed: Reading):
        self.fixed = fixed
        self.core = type("Core", (), {"acled_min": 0.5})()
        self.embedder = type("Embedder", (), {"encode": staticmethod(lambda texts: np.zeros((len(texts), 1)))})()
        self.texts: list[str] = []

    def read(self, texts, rules):
        self.texts.extend(texts)
        return [self.fixed for _ in texts]


@pytest.fixture(scope="module")
def rules_coder():
    """The sentence-mode pipeline with no model of its own (typer off): a fake core is set per test."""
    coder = SentenceCoder(sentence_pipeline(load_settings(typing_model="")))
    assert coder._stage.core is None
    yield coder
    coder._stage.core = None


def code_one(coder, text: str, core=None):
    coder._stage.core = core
    (coding,) = coder.code([("s1", text)])
    return coding


ATTACK = "Gunmen attacked a police station in the northern town on Tuesday, killing two officers."


def test_the_core_joins_its_root_and_penta_heads():
    root, p = coded_root(reading("04", 0.9), load_ontology())
    assert root == "04" and p > OVERRIDE


def test_the_rules_code_stands_where_the_core_agrees(rules_coder):
    rules_root = code_one(rules_coder, ATTACK).cameo_root  # the rules alone
    assert rules_root in ("18", "19")
    agreeing = code_one(rules_coder, ATTACK, FakeCore(reading(rules_root, 0.9, "ASSAULT")))
    assert agreeing.coded_by == "rules" and agreeing.cameo_root == rules_root and agreeing.penta == 4
    assert agreeing.event is not None and agreeing.event.event_type == "ASSAULT"


def test_a_confident_core_recodes_the_rules_event(rules_coder):
    coding = code_one(rules_coder, ATTACK, FakeCore(reading("04", 0.95, "CONSULT")))
    assert (coding.coded_by, coding.cameo_root, coding.penta, coding.event_type) == ("core", "04", 1, "CONSULT")
    event = coding.event
    assert event is not None and event.event_type == "CONSULT" and event.cameo_root == "04"
    assert event.trigger["text"] == "attacked"  # the rules' event, recoded: its trigger and actors stay
    assert event.acled_sub_event_type is None  # a new type drops the old ACLED type


def test_an_unsure_core_leaves_the_rules_code(rules_coder):
    # spread over every root: the core's best root holds less than OVERRIDE of the score
    flat = Reading(plover={NONE: 1.0}, acled={NOT_ACLED: 1.0}, root={r: 1 / len(ROOTS) for r in ROOTS},
                   penta={k: 0.2 for k in "01234"})
    assert coded_root(flat, load_ontology())[1] < OVERRIDE
    coding = code_one(rules_coder, ATTACK, FakeCore(flat))
    assert coding.coded_by == "rules" and coding.cameo_root in ("18", "19")


def test_a_sentence_the_rules_read_nothing_in_takes_the_core_event(rules_coder):
    text = "The northern province received forty lorries of grain from the neighbouring country last week."
    assert code_one(rules_coder, text).cameo_root is None  # the rules alone: no code
    coding = code_one(rules_coder, text, FakeCore(reading("07", 0.9, "AID")))
    assert (coding.coded_by, coding.cameo_root, coding.penta, coding.event_type) == ("core", "07", 2, "AID")
    assert coding.event is not None and coding.event.event_type == "AID" and coding.event.cameo_root == "07"
    assert coding.event.trigger is not None and coding.event.evidence["char_start"] == 0  # read over the parse


def test_a_statement_is_a_code_without_an_event(rules_coder):
    coding = code_one(rules_coder, "The minister said on Sunday that the budget would be balanced.",
                      FakeCore(reading("01", 0.95)))
    assert (coding.cameo_root, coding.penta, coding.event_type, coding.event) == ("01", 0, None, None)
    assert coding.to_dict()["event"] is None


def test_the_core_reads_the_whole_input(rules_coder):
    core = FakeCore(reading("04", 0.9, "CONSULT"))
    text = "Envoys of the two states met in Geneva. They talked for six hours."
    code_one(rules_coder, text, core)
    assert core.texts == [text]


def test_rejected_inputs_pass_through_in_order(rules_coder):
    rules_coder._stage.core = FakeCore(reading("04", 0.9, "CONSULT"))
    out = list(rules_coder.code([("a", ATTACK), Rejected("x.jsonl:2", "bad"), ("c", ATTACK)]))
    assert [type(o).__name__ for o in out] == ["SentenceCoding", "Rejected", "SentenceCoding"]
    assert [out[0].id, out[2].id] == ["a", "c"]


def test_the_article_pipeline_has_no_coding_stage(pipeline):
    assert "sentence_code" not in pipeline.stage_names
    with pytest.raises(ValueError, match="sentence-coding"):
        SentenceCoder(pipeline)


def test_sentences_are_read_from_jsonl_and_text(tmp_path):
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text('{"id": "x1", "text": "A sentence."}\nnot json\n\n{"text": "No id here."}\n{"text": ""}\n')
    items = list(read_sentences(jsonl))
    assert items[0] == ("x1", "A sentence.")
    assert isinstance(items[1], Rejected) and items[1].origin == "s.jsonl:2"
    assert items[2] == ("4", "No id here.")
    assert isinstance(items[3], Rejected) and "empty" in items[3].reason
    text = tmp_path / "s.txt"
    text.write_text("First one.\n\nSecond one.\n")
    assert list(read_sentences(text)) == [("1", "First one."), ("3", "Second one.")]


@needs_learned
def test_every_made_up_sentence_gets_a_code():
    from frontwatch.api import code_sentences

    sentences = {
        "Rebels shelled two villages near the border overnight, killing six civilians.": 4,
        "The two foreign ministers met in the capital to discuss the ceasefire.": 1,
        "The government sent tons of food and medicine to the flooded province.": 2,
    }
    codings = code_sentences(list(sentences))
    assert [c["penta"] for c in codings] == list(sentences.values())
    assert all(c["cameo_root"] and c["coded_by"] in ("rules", "core") for c in codings)
    assert [c["id"] for c in codings] == ["1", "2", "3"]


@needs_learned
def test_code_sentences_command(tmp_path):
    from frontwatch.cli import app

    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "m1", "text": "Soldiers opened fire on a crowd of protesters in the square."})
                    + "\n{broken\n")
    result = CliRunner().invoke(app, ["code", "sentences", str(path), "--json"])
    assert result.exit_code == 1, result.output  # one line rejected, one coded
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert line["id"] == "m1" and line["penta"] == 4 and line["event"]["event_type"] in ("ASSAULT", "COERCE", "PROTEST")
    assert "s.jsonl:2" in result.stderr


def test_load_coder_builds_a_sentence_pipeline():
    coder = load_coder(load_settings(typing_model=""))
    assert coder.pipeline.stage_names.index("sentence_code") == coder.pipeline.stage_names.index("events") + 1
