"""Which language an article is written in, so that non-English ones are skipped with the reason.

The pipeline's models, dictionaries and triggers are English: a French or Arabic article
would come out as noise, not events.  Detection is py3langid (the fork of langid.py that
trafilatura uses): a naive Bayes model over byte n-grams, shipped inside the package,
offline, about half a millisecond an article.

>>> not_english_reason("Le président a visité la région d'Alep, où les forces ont pris le contrôle.")
'not English (looks like French)'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

ENGLISH = "en"

# An article is judged on its first this many characters: enough for a stable
# guess, and a long article costs no more than a short one.
SAMPLE_CHARS = 5_000

# Texts with fewer letters than this are not judged: a headline or a one-line
# record is too short for a guess worth rejecting on.
MIN_LETTERS = 20

# An article is "not English" when the model gives English less than this probability.
# Calibrated on shared/dev (2,524 English records, CASE 2021, CAMEO, LGL, PETRARCH): the
# lowest English probability there is 0.048 (a 33-character headline) and English-based
# pidgin and name-heavy sentences sit at 0.2-0.5, while French, Spanish, German, Italian,
# Turkish, Indonesian, Russian and Arabic sentences of 60+ characters score below 1e-5.
MIN_ENGLISH_PROBABILITY = 0.01


@dataclass(frozen=True)
class Guess:
    """The most likely language (ISO 639 code and English name) and English's probability."""

    code: str
    name: str
    english: float


def guess_language(text: str) -> Guess | None:
    """The language of ``text``, or None when it has too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    ranked = dict(_identifier().rank(sample))
    code = max(ranked, key=ranked.__getitem__)
    return Guess(code, language_name(code), ranked.get(ENGLISH, 0.0))


def not_english_reason(text: str) -> str | None:
    """``"not English (looks like French)"`` for a non-English text, None for English or too short."""
    guess = guess_language(text)
    if guess is None or guess.english >= MIN_ENGLISH_PROBABILITY:
        return None
    return f"not English (looks like {guess.name})"


def language_name(code: str) -> str:
    """The English name of an ISO 639 code ("fr" -> "French"); the code itself when unknown."""
    from babel import Locale

    if code == "zxx":  # langid's label for "no linguistic content"
        return "no language: symbols or numbers"
    return Locale(ENGLISH).languages.get(code) or code


@functools.lru_cache(maxsize=1)
def _identifier():
    """The packaged model, loaded once (about a second), with probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
