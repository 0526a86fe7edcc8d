"""The ontology data files: complete, consistent mappings an analyst can review."""

from __future__ import annotations

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


def test_penta_classes_follow_the_cameo_ranges():
    penta = load_ontology().cameo_penta
    assert penta["01"] == 0
    assert {penta[f"{r:02d}"] for r in range(2, 6)} == {1}
    assert {penta[f"{r:02d}"] for r in range(6, 9)} == {2}
    assert {penta[f"{r:02d}"] for r in range(9, 14)} == {3}
    assert {penta[f"{r:02d}"] for r in range(14, 21)} == {4}


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
