"""Non-English articles are skipped with the reason; English ones, however name-heavy, are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwatch.language import MIN_LETTERS, guess_language, language_name, not_english_reason

DEV = Path(__file__).resolve().parents[3] / "shared" / "dev"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les forces gouvernementales ont pris le contrôle de la ville après de violents combats.", "French"),
        ("El ejército tomó el control de la ciudad después de una semana de combates.", "Spanish"),
        ("Die Armee hat nach einer Woche heftiger Kämpfe die Kontrolle über die Stadt übernommen.", "German"),
        ("Сирийская армия взяла под контроль город после недели ожесточенных боев.", "Russian"),
        ("سيطر الجيش على المدينة بعد أسبوع من المعارك العنيفة بحسب وسائل الإعلام", "Arabic"),
        ("Ordu, bir haftalık şiddetli çatışmaların ardından kasabanın kontrolünü ele geçirdi.", "Turkish"),
        ("Army retakes town\n\nL'esercito ha preso il controllo della città dopo una settimana di combattimenti.",
         "Italian"),
    ],
)
def test_other_languages_are_named(text, language):
    assert not_english_reason(text) == f"not English (looks like {language})"


@pytest.mark.parametrize(
    "text",
    [
        "U.S. Lifts Travel Ban to Lebanon.",
        "Congo government rejects demands from rebel group.",
        "Former US President Barack Obama on Sunday held separate talks with President Uhuru Kenyatta.",
        "The army said the town's name in Arabic is سراقب, according to state media reports.",
        "Troops left.",  # too short to judge
        "12 34 56 78 90 12 34 56 78 90 12 34",
    ],
)
def test_english_headlines_names_and_short_texts_pass(text):
    assert not_english_reason(text) is None


def test_short_texts_are_not_judged():
    short = "Le chat noir."
    assert sum(c.isalpha() for c in short) < MIN_LETTERS and guess_language(short) is None


def test_language_names():
    assert (language_name("fr"), language_name("ar"), language_name("qqq")) == ("French", "Arabic", "qqq")


@pytest.mark.skipif(not DEV.is_dir(), reason="shared/dev is not beside the repository")
def test_no_english_record_of_the_dev_corpora_is_rejected():
    """shared/dev: 2,524 English records (CASE 2021, CAMEO sentences, LGL news, PETRARCH)."""
    rejected, total = [], 0
    for path in sorted(DEV.glob("*.jsonl")):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            text = json.loads(line).get("text") or ""
            total += 1
            if reason := not_english_reason(text):
                rejected.append(f"{path.name}:{number}: {reason}")
    assert total > 2000 and rejected == []
