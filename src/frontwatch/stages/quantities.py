"""Stage 6: counted things ("killed more than 300 civilians", "430 vehicles").

``parse_number`` turns a number phrase into a lower-bound value; ``find_quantities``
reads a parsed sentence's dependency tree to decide what each number counts. Which
words mean which kind lives in ``data/quantity_nouns.tsv``; the values of vague
counts ("dozens") and their convention live in ``data/vague_numbers.tsv``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources

from frontwatch.document import Document
from frontwatch.ontology import word_lists
from frontwatch.records import QUANTITY_KINDS, Quantity

# Word lists of data/quantities.toml (each explained there). Qualifiers before a number:
# "at least"/"no fewer than" state a lower bound exactly; the others make the figure
# approximate (still recorded as given).
_WORDS = word_lists("quantities.toml")
_EXACT_BOUND = _WORDS["exact_bounds"]
_APPROX = _WORDS["approximate"]
_QUALIFIER_RE = re.compile(
    r"^(?:(?P<exact>" + "|".join(map(re.escape, _EXACT_BOUND)) + r")|(?P<approx>"
    + "|".join(map(re.escape, sorted(_APPROX, key=len, reverse=True))) + r"))\s+"
)
_DIGITS_RE = re.compile(
    r"^(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*"
    r"(?P<scale>million|mln|mn|m|billion|bn|b|thousand|k|hundred)?$"
)
_RANGE_RE = re.compile(r"^(?P<low>.+?)\s*(?:-|–|—|to|or)\s*(?P<high>[\d.,]+\s*\w*)$")
_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6,
    "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "dozen": 12.0,
}
_UNITS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_UNITS["a"] = _UNITS["an"] = 1
_TENS = {
    w: 10 * (i + 2) for i, w in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split()
    )
}
# Figures beyond this are not counts of anything in a news story (and would overflow).
_MAX_VALUE = 1e13


def parse_number(text: str) -> tuple[float, bool] | None:
    """``(lower-bound value, approximate)`` for a number phrase, or None.

    Accepts digits ("586,000", "3.6 million", "1.5m"), words ("thirty-five",
    "two hundred"), vague counts ("dozens", "tens of thousands"; see
    ``data/vague_numbers.tsv``), qualifiers ("some", "more than", "at least") and
    ranges ("20 to 30" -> 20, approximate). Never raises.
    """
    if not isinstance(text, str):
        return None
    norm = " ".join(text.lower().replace("-", " - ").split()).replace(" - ", "-")
    norm = norm.strip(" .,;:()[]\"'")
    approximate = False
    while (m := _QUALIFIER_RE.match(norm)) is not None:
        approximate = approximate or m.group("approx") is not None
        norm = norm[m.end():]
    value, vague = _bare_value(norm)
    if value is None:
        range_match = _RANGE_RE.match(norm)
        if range_match is None:
            return None
        value, vague = _bare_value(range_match.group("low"))
        if value is None:
            return None
        approximate = True
    if not math.isfinite(value) or value < 0 or value > _MAX_VALUE:
        return None
    return value, approximate or vague


def _bare_value(norm: str) -> tuple[float | None, bool]:
    """Value of a phrase without qualifiers, and whether it is a vague count."""
    vague = _vague_numbers()
    if norm in vague:
        return vague[norm], True
    head = norm.split(" of ", 1)[0]
    if head != norm and head in vague:
        return vague[head], True
    m = _DIGITS_RE.match(norm)
    if m:
        number = float(m.group("num").replace(",", "") + "." + (m.group("frac") or "0"))
        return number * _SCALES.get(m.group("scale") or "", 1.0), False
    return _words_value(norm), False


def _words_value(norm: str) -> float | None:
    """"two hundred and thirty-five" -> 235.0; digits may lead ("3 million")."""
    words = [w for w in re.split(r"[\s-]+", norm) if w and w != "and"]
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif re.fullmatch(r"\d+(?:\.\d+)?", word.replace(",", "")):
            if current:  # "20-30" is a range, not 50
                return None
            current += float(word.replace(",", ""))
        elif word in _SCALES and word not in ("m", "b", "k"):
            scale = _SCALES[word]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


@functools.cache
def _vague_numbers() -> dict[str, float]:
    return {row[0]: float(row[1]) for row in _read_tsv("vague_numbers.tsv")}


@dataclass(frozen=True)
class _Entry:
    kind: str
    role: str
    km: float = 1.0


@functools.cache
def _lexicon() -> dict[str, _Entry]:
    table = {}
    for row in _read_tsv("quantity_nouns.tsv"):
        word, kind, role = row[0], row[1], row[2]
        if kind not in QUANTITY_KINDS:
            raise ValueError(f"quantity_nouns.tsv: {word!r} has unknown kind {kind!r}")
        table[word] = _Entry(kind, role, float(row[3]) if len(row) > 3 else 1.0)
    return table


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("frontwatch.data").joinpath(name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@dataclass
class CountedQuantity(Quantity):
    """A Quantity plus where it sits in the parse, for attaching it to events.

    ``token_i``: the number's head token; ``counted_i``: the word it counts (None when
    the number stands alone, as in "30 wounded"); ``governor_i``: the nearest verb
    governing the counted phrase ("killed" in "killed 300 civilians"), or None.
    """

    token_i: int = -1
    counted_i: int | None = None
    governor_i: int | None = None


_NUMBER_ENTS = {"CARDINAL", "QUANTITY"}
_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}
_SCALE_SUFFIXES = frozenset(_WORDS["scale_suffixes"])
_QUALIFIER_DEPS = {"quantmod", "advmod", "amod"}
_SLOT_DEPS_PATIENT = {"dobj", "nsubjpass", "obj", "attr", "oprd"}
_HARM_NOUN_DEPS = {"amod", "acl", "relcl", "compound"}


def find_quantities(sdoc) -> list[CountedQuantity]:
    """Counted things in a parsed doc, in text order, offsets into ``sdoc.text``."""
    found: list[CountedQuantity] = []
    for span in _number_spans(sdoc):
        quantity = _classify(sdoc, span)
        if quantity is not None:
            found.append(quantity)
    return _drop_converted_units(sdoc.text, found)


def _number_spans(sdoc):
    """Number phrases: NER's CARDINAL/QUANTITY spans, plus numbers NER missed."""
    covered: set[int] = set()
    spans = []
    for ent in sdoc.ents:
        if ent.label_ in _NUMBER_ENTS or ent.label_ in _SKIP_ENTS:
            covered.update(range(ent.start, ent.end))
        if ent.label_ in _NUMBER_ENTS:
            spans.append(_extend_scale(sdoc, ent.start, ent.end))
    vague = _vague_numbers()
    for token in sdoc:
        if token.i in covered or not (token.like_num or token.lower_ in vague):
            continue
        start = token.i
        while start > 0 and sdoc[start - 1].head.i == token.i and (
            sdoc[start - 1].dep_ in _QUALIFIER_DEPS
        ):
            start -= 1
        spans.append(_extend_scale(sdoc, start, token.i + 1))
        covered.update(range(start, token.i + 1))
    spans.sort(key=lambda s: s.start)
    return spans


def _extend_scale(sdoc, start: int, end: int):
    """Take in "m" of "1.5m", which the tokenizer splits off and NER leaves out."""
    if end < len(sdoc) and sdoc[end].lower_ in _SCALE_SUFFIXES and not sdoc[end - 1].whitespace_:
        end += 1
    return sdoc[start:end]


def _classify(sdoc, span) -> CountedQuantity | None:
    lexicon = _lexicon()
    unit = next((t for t in span if _entry(t, lexicon, "unit")), None)
    number_tokens = span[: unit.i - span.start] if unit is not None else span
    parsed = parse_number(number_tokens.text) if len(number_tokens) else None
    if parsed is None:
        return None
    value, approximate = parsed
    root = span.root if unit is None else next(
        (t for t in number_tokens if t.head.i == unit.i), number_tokens.root
    )
    if unit is not None:
        counted, anchor = unit, unit
    else:
        counted, anchor = _counted_word(root, span)
    if unit is not None:
        entry = _entry(unit, lexicon, "unit")
        kind, value = "distance_km", value * entry.km
    elif (word := _counted_word_is_unit(counted, lexicon)) is not None:
        kind, value = "distance_km", value * word.km
    else:
        kind = _harm_kind(counted, anchor, root, lexicon) or _noun_kind(counted, lexicon)
    if kind is None:
        # Unclassified counts are kept only when they plainly count a noun.
        if counted is None or counted.pos_ not in ("NOUN", "PROPN"):
            return None
        if root.lower_ in _vague_numbers() or number_tokens.text.lower() == "one":
            return None
        kind = "other"
    end_token = max(span.end, (counted.i + 1) if counted is not None and counted.i >= span.end
                    and counted.i - span.end < 4 else span.end)
    text_span = sdoc[span.start:end_token]
    return CountedQuantity(
        kind=kind,
        value=value,
        text=text_span.text,
        char_start=text_span.start_char,
        char_end=text_span.end_char,
        approximate=approximate,
        token_i=root.i,
        counted_i=counted.i if counted is not None else None,
        governor_i=_governor(anchor),
    )


def _entry(token, lexicon, role: str | None = None) -> _Entry | None:
    entry = lexicon.get(token.lemma_.lower()) or lexicon.get(token.lower_)
    if entry is not None and (role is None or entry.role == role):
        return entry
    return None


def _counted_word(root, span):
    """(the word the number counts or None, the token filling the syntactic slot)."""
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.i >= span.end:
        return root.head, root.head
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, root
    return None, root


def _counted_word_is_unit(counted, lexicon) -> _Entry | None:
    return _entry(counted, lexicon, "unit") if counted is not None else None


def _harm_kind(counted, anchor, root, lexicon) -> str | None:
    """Kind from modifiers of the counted word, then from the verb it depends on."""
    if counted is not None:
        for child in counted.children:
            if child.dep_ in _HARM_NOUN_DEPS and (entry := _entry(child, lexicon)):
                if entry.role in ("mod", "agent") or (
                    entry.role == "patient" and _is_passive(child)
                ):
                    return entry.kind
        if (entry := _entry(counted, lexicon, "mod")) is not None:
            return entry.kind
    slot = anchor
    while slot.dep_ == "conj" and slot.head.pos_ in ("NOUN", "PROPN", "NUM"):
        slot = slot.head
    head = slot.head
    if head.i != slot.i and slot.dep_ in _SLOT_DEPS_PATIENT and _left_dead(head):
        return "killed"  # "were shot dead", "beat three men to death"
    entry = _entry(head, lexicon) if head.i != slot.i else None
    if entry is None:
        return _toll_kind(slot, lexicon)
    if entry.role == "patient" and (
        slot.dep_ in _SLOT_DEPS_PATIENT or (slot.dep_ == "nsubj" and head.tag_ == "VBN")
    ):
        return entry.kind
    if entry.role == "agent" and slot.dep_ in ("nsubj", "nsubjpass"):
        return entry.kind
    if entry.role == "mod" and slot.dep_ in ("nsubj", "npadvmod", "nummod"):
        return entry.kind
    return None


def _left_dead(verb) -> bool:
    """A verb whose result is death: "shot dead", "hacked to death"."""
    for child in verb.children:
        if child.lower_ == "dead" and child.dep_ in ("oprd", "acomp", "advmod", "xcomp", "amod", "dobj"):
            return True
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lower_ == "death" for g in child.children):
            return True
    return False


def _is_passive(verb) -> bool:
    """"civilians killed in ...", "who were killed": the modified noun is the patient."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children)


def _toll_kind(slot, lexicon) -> str | None:
    """"the death toll rose to 40", "a toll of 40": the number is a prepositional object."""
    if slot.dep_ != "pobj":
        return None
    head = slot.head.head
    if (entry := _entry(head, lexicon, "noun")) is not None and entry.kind == "killed":
        return entry.kind
    if head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ == "nsubj" and (entry := _entry(child, lexicon, "noun")):
                if entry.kind == "killed":
                    return entry.kind
    return None


def _noun_kind(counted, lexicon) -> str | None:
    if counted is None:
        return None
    entry = _entry(counted, lexicon, "noun")
    if entry is None and counted.dep_ == "pobj" and counted.head.lower_ == "of":
        # "convoys of 50 trucks" counts the trucks; "50 members of the militia" the members
        return None
    return entry.kind if entry is not None else None


def _governor(token) -> int | None:
    """The nearest verb above ``token`` (itself excluded), or None at the root."""
    seen = 0
    while token.head.i != token.i and seen < 8:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token.i
        seen += 1
    return None


_PAREN_BETWEEN = re.compile(r"^\s*[(\[]\s*$")


def _drop_converted_units(text: str, found: list[CountedQuantity]) -> list[CountedQuantity]:
    """Drop "(20 mile)" after "30 kilometer": the same distance, converted."""
    kept: list[CountedQuantity] = []
    for quantity in found:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and quantity.kind == previous.kind == "distance_km"
            and _PAREN_BETWEEN.match(text[previous.char_end:quantity.char_start])
        ):
            continue
        kept.append(quantity)
    return kept


class QuantitiesStage:
    """Fills ``doc.quantities`` (CountedQuantity records) from the parse."""

    name = "quantities"
    requires = ("spacy",)
    sets = ("quantities",)

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            raise ValueError(f"{doc.article.origin}: quantities stage needs a parsed doc")
        doc.quantities = list(find_quantities(doc.spacy))
