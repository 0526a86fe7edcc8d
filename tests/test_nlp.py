"""The spaCy pipeline as frontwatch loads it (frontwatch.nlp): its own components around
the model's parser."""

from __future__ import annotations

import pytest

from frontwatch.nlp import VERBLESS


def test_the_verbless_repair_runs_after_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(VERBLESS) > names.index("parser")


@pytest.mark.parametrize("text, verb, subject", [
    ("Leavitt called Ford's comments \u201cegregious and insulting.\u201d", "called", "Leavitt"),
    ("Trump at first imposed 25% tariffs on Canadian exports, then exempted the duties on vehicles.",
     "imposed", None),
])
def test_a_finite_verb_heads_a_sentence_read_as_a_noun_phrase(nlp, text, verb, subject):
    sentence = next(iter(nlp(text).sents))
    if sentence.root.tag_ in ("NN", "NNS", "NNP", "NNPS"):
        pytest.fail(f"the sentence is still one noun phrase: {sentence.root.text!r}")
    if subject is not None:
        (token,) = [t for t in sentence if t.text == verb]
        assert token.dep_ == "ROOT" and [c.text for c in token.children if c.dep_ == "nsubj"] == [subject]


@pytest.mark.parametrize("text", [
    "Five soldiers killed in Kandahar attack",  # a headline: the participle has no object
    "The village, a cluster of mud houses near the border.",
])
def test_a_noun_phrase_with_no_finite_verb_stays_one(nlp, text):
    sentence = next(iter(nlp(text).sents))
    assert sentence.root.tag_ in ("NN", "NNS", "NNP", "NNPS"), [(t.text, t.dep_) for t in sentence]
