"""The ontology data files: complete, consistent mappings an analyst can review."""

from __future__ import annotations

import pytest

from frontwatch.ontology import ACLED_EVENT_TYPES, load_ontology

PLOVER_TYPES = set(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)


def test_all_25_acled_sub_event_types_with_case_codes():
    onto = load_ontology()
    assert len(onto.acled_disorder) == 25
    assert {t for t, _s in onto.acled_disorder} == set(ACLED_EVENT_TYPES)
    assert set(onto.acled_case_codes) == {s for _t, s in onto.acled_disorder}


def test_every_trigger_codes_to_known_types():
    onto = load_ontology()
    for senses in onto.triggers.values():
        for sense in senses:
            assert sense.event_type in PLOVER_TYPES, sense
            assert sense.cameo_root in onto.cameo_names, sense
            if sense.acled_sub_event_type is not None:
                assert (sense.acled_event_type, sense.acled_sub_event_type) in onto.acled_disorder, sense


def test_penta_classes_are_phoenix_quad_conversion():
    """One map (phoenix_penta.tsv): 01-02 statement, 16 REDUCE RELATIONS verbal conflict."""
    penta = load_ontology().cameo_penta
    classes = {0: ["01", "02"], 1: ["03", "04", "05"], 2: ["06", "07", "08"],
               3: ["09", "10", "11", "12", "13", "16"], 4: ["14", "15", "17", "18", "19", "20"]}
    assert penta == {root: value for value, roots in classes.items() for root in roots}


def test_every_trigger_follows_cameo2plover_and_plover_modes():
    """Each sense's CAMEO code maps to its PLOVER type in CAMEO2PLOVER, its mode is one of
    the type's modes in the PLOVER manual, and its code has a Goldstein value."""
    onto = load_ontology()
    for senses in onto.triggers.values():
        for sense in senses:
            assert sense.event_type in onto.plover_types_of(sense.cameo), sense
            assert sense.mode is None or sense.mode in onto.plover_modes[sense.event_type], sense
            assert len(sense.cameo) >= 2 and sense.cameo + "0" * (3 - len(sense.cameo)) in onto.cameo_goldstein, sense


@pytest.mark.parametrize(
    "event_type, mode, cameo, expected",
    [
        ("PROTEST", "demonstrate", "141", ("PROTEST", "demo", "141")),
        ("ASSAULT", "chemical", "2041", ("ASSAULT", "unconventional", "2041")),
        ("ASSAULT", "assassination", "186", ("ASSAULT", "targeted", "186")),
        ("COERCE", "abduct", "181", ("COERCE", None, "170")),
        ("CONSULT", "mediate", "045", ("CONSULT", "third-party", "045")),
        ("ASSAULT", None, "192", ("ASSAULT", None, "190")),
        ("REQUEST", None, "02", ("REQUEST", None, "100")),
        ("ASSAULT", "firearms", "193", ("ASSAULT", "firearms", "193")),
    ],
)
def test_legacy_trigger_codes_map_to_the_codebooks(event_type, mode, cameo, expected):
    assert load_ontology().fix_codes(event_type, mode, cameo) == expected


def test_plover_types_default_codes_and_quads():
    onto = load_ontology()
    assert set(onto.plover_cameo_root) == PLOVER_TYPES == set(onto.plover_modes)
    for plover_type, code in onto.plover_cameo_root.items():
        assert onto.plover_types_of(code) == {plover_type}
    quads = {1: "AGREE CONSULT SUPPORT CONCEDE", 2: "COOPERATE AID RETREAT",
             3: "REQUEST ACCUSE REJECT SANCTION THREATEN", 4: "PROTEST MOBILIZE COERCE ASSAULT"}
    assert onto.plover_quad_class == {t: q for q, types in quads.items() for t in types.split()}


def test_weapon_cues_name_only_remote_violence_sub_types():
    onto = load_ontology()
    for sub, cues in onto.acled_rules.weapons:
        assert ("Explosions/Remote violence", sub) in onto.acled_disorder
        assert cues.phrases


def test_cues_match_at_word_starts():
    rules = load_ontology().acled_rules
    assert rules.disaster.find("a tsunami struck") == "tsunami"
    assert rules.disaster.find("the firefighters") is None  # "fire broke" only, never "fire..."
    assert rules.agreement.find("a prisoner swap") in ("prisoner", "swap")
