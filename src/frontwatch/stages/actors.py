"""Stage 3, actors: find who acts in the text, resolved against the actor dictionary.

Dictionary phrases are found with spaCy PhraseMatchers (built once per process), the
longest match wins, then pieces are composed over the parse:

* country adjective / name / organisation + sector noun: "the Syrian army" -> SYR
  [MIL], "Turkey's foreign ministry" -> TUR [GOV], "Hamas militants" -> Hamas;
* sector noun + "from"/"of" + country (and coordinated countries): "officials from
  Turkey and Russia" -> TUR [GOV] and RUS [GOV];
* a title followed by "for"/"to" + country keeps that country inside its span:
  "the UN Special Envoy for Syria" is one IGO mention;
* names alone: a country -> its government (kind "country"), a capital -> its
  government (kind "capital"), organisations, media and monitors by name;
* a generic sector noun alone ("government forces", "rebels") gets no country and
  ``implicit_country=True``: ``frontwatch.actors.fill_implicit_countries`` later gives
  it the story's country. Demonyms alone ("Syrians") give the country with no sector.
* people: a person named with an office takes the office's actor ("Russian President
  X"); a well-known person of ``people.tsv`` named with no country ("Putin said",
  "President Trump") takes the listed country and sectors of the story's year.

A country adjective in front of a noun listed as a blocking head ("the Turkish
border") makes no mention; in front of another noun ("Russian support") it gives
the country (kind "country").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from frontwatch.actors import (
    ActorDictionary,
    ActorEntry,
    People,
    PersonReading,
    get_dictionary,
    is_acronym,
)
from frontwatch.document import Document, mentions_by_token
from frontwatch.ontology import word_lists
from frontwatch.records import ActorMention

# Word lists of data/actors/grammar.toml (each explained there).
_WORDS = word_lists("actors/grammar.toml")
ORIGIN_PREPS = frozenset(_WORDS["origin_preps"])
TITLE_PREPS = frozenset(_WORDS["title_preps"])
TITLE_NOUNS = frozenset(_WORDS["title_nouns"])
ENVOY_OFFICES = TITLE_NOUNS | frozenset(_WORDS["envoy_offices"])
POSSESSIVE_PRONOUNS = frozenset(_WORDS["possessive_pronouns"])
POSSESSIVE = frozenset(_WORDS["possessives"])
HONORIFICS = frozenset(_WORDS["honorifics"])
BACKER_WORDS = frozenset(_WORDS["backer_words"])
BACKED_GROUP_NOUNS = frozenset(_WORDS["backed_group_nouns"])
PLACE_NOUNS = frozenset(_WORDS["place_nouns"])
ADVERSARY_NOUNS = frozenset(_WORDS["adversary_nouns"])
OFFICE_PREPS = frozenset(_WORDS["office_preps"])
KIN_NOUNS = frozenset(_WORDS["kin_nouns"])
SURNAME_LABELS = frozenset(_WORDS["surname_entity_labels"])
AFFILIATION_PREPS = frozenset(_WORDS["affiliation_preps"])
# Kinds of mention that, after a name's affiliation preposition, tell only where the
# person is from ("Jane Roe of Kenya"), not whom they serve.
NATIONALITY_KINDS = frozenset({"country", "capital", "demonym"})
# Dependency labels of the subject of a clause, whose actor owns "its forces" below it.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Sectors of a state's own bodies: "its forces" of a state actor are that state's forces
# (the noun keeps its sectors); of any other actor (an armed group, a body), that actor.
STATE_SECTORS = frozenset({"GOV", "MIL", "POL"})
# Most tokens a modifier and its sector noun may have between them.
MAX_GAP = 2
# Dependency labels of a modifier attached to the noun it makes an actor of.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
# Sentences back that a definite sector noun ("the government") looks for its actor.
ANAPHOR_SENTENCES = 1
ROLE_ORDER = ("nonactor", "organisation", "seat", "country", "capital", "adjective",
              "demonym", "sector")
PROPER_ROLES = frozenset({"organisation", "seat", "country", "capital", "adjective", "demonym"})


@dataclass
class _Piece:
    """A dictionary match: a token span and its readings, best first."""

    start: int
    end: int
    entries: list[ActorEntry] = field(default_factory=list)

    def first(self, *roles: str) -> ActorEntry | None:
        return next((e for e in self.entries if e.role in roles), None)

    @property
    def head(self) -> ActorEntry | None:
        return self.first("sector")

    @property
    def modifier(self) -> ActorEntry | None:
        return self.first("organisation", "country", "adjective")

    @property
    def name(self) -> ActorEntry | None:
        return self.first("organisation", "seat", "country", "capital", "adjective", "demonym")


class ActorsStage:
    """Fill ``doc.actors`` with ActorMentions (char offsets into the article text)."""

    name = "actors"
    requires = ("spacy",)
    sets = ("actors",)

    def __init__(self, dictionary: ActorDictionary | None = None):
        self._dictionary = dictionary

    @property
    def dictionary(self) -> ActorDictionary:
        if self._dictionary is None:
            self._dictionary = get_dictionary()
        return self._dictionary

    def __call__(self, doc: Document) -> None:
        if doc.spacy is None:
            raise ValueError(f"{doc.article.origin}: the actors stage needs the spaCy parse")
        year = doc.published.year if doc.published else None
        doc.actors = find_actors(doc.spacy, self.dictionary, year)


def find_actors(sdoc: Doc, dictionary: ActorDictionary | None = None,
                year: int | None = None) -> list[ActorMention]:
    """Actor mentions of a parsed spaCy Doc, in text order, without overlaps. ``year``
    (the story's) says whether a listed person was in office (``people.tsv``)."""
    dictionary = dictionary or get_dictionary()
    pieces = _pieces(sdoc, dictionary)
    mentions = _Composer(sdoc, dictionary, pieces).run()
    people = person_mentions(sdoc, mentions, dictionary, year)
    mentions = sorted(mentions + people, key=lambda m: m.char_start)
    _resolve_modified(sdoc, mentions, dictionary)
    _resolve_named_bodies(sdoc, mentions, dictionary)
    _resolve_definite(sdoc, mentions, dictionary)
    _resolve_owned(sdoc, mentions, dictionary)
    return mentions


def names_place(sdoc: Doc, mention: ActorMention) -> bool:
    """A capital or country set after a place noun it names: "In the capital,
    Port-au-Prince, police ..." -- the place, not its government, so no participant of an
    event (the mention stays, for the places it tells)."""
    if mention.kind not in ("capital", "country"):
        return False
    span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = sdoc[span.start - 1]
    if before.text == "," and span.start > 1:
        before = sdoc[span.start - 2]
    return before.lower_ in PLACE_NOUNS


def _resolve_modified(sdoc: Doc, mentions: list[ActorMention], dictionary: ActorDictionary) -> None:
    """ "The Trump administration", "a State Department official", "Netanyahu's
    government", "the Kabul authorities": a sector noun of no stated country modified by
    a person, body or capital that has one (a person named with an office, a seat of
    government) belongs to that actor's country, not to the story's. In text order, so "Biden administration officials"
    passes the country on through "administration"."""
    at = mentions_by_token(sdoc, mentions)
    for mention in mentions:
        if mention.country is not None or not mention.implicit_country or mention.kind != "actor":
            continue
        span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        if span is None:
            continue
        modifiers = [c for t in span for c in t.children
                     if c.i < span.start and c.dep_ in MODIFIER_DEPS and c.i in at and at[c.i] is not mention]
        owner = at[modifiers[0].i] if modifiers else None
        if owner is None or owner.country is None or owner.implicit_country:
            continue
        # a country name the composer left apart is no modifier it missed ("Russia
        # fortifies forces": a verb the parse took for a noun); a capital right before
        # the noun is ("the Kabul authorities", "Moscow officials")
        adjacent = all(t.text in POSSESSIVE for t in sdoc[modifiers[0].i + 1:span.start])
        if owner.kind not in ("person", "actor") and not (owner.kind == "capital" and adjacent):
            continue
        if owner.country == "IGO":  # "Guterres's office": the body itself
            mention.name, mention.sectors = owner.name, list(owner.sectors)
        else:
            mention.name = dictionary.display_name(owner.country, mention.sectors)
        mention.country, mention.implicit_country = owner.country, False


def _resolve_named_bodies(sdoc: Doc, mentions: list[ActorMention], dictionary: ActorDictionary) -> None:
    """ "Congress", "the Senate" named bare after "the U.S. Congress", "the U.S. Senate"
    anywhere in the story: an institution's proper name (a capitalised proper noun) of no
    stated country is the one the story names with its country (the nearest before it,
    else the first after it), not an institution of the story's country."""
    spans = [sdoc.char_span(m.char_start, m.char_end, alignment_mode="expand") for m in mentions]
    for k, mention in enumerate(mentions):
        span = spans[k]
        if mention.country is not None or not mention.implicit_country or mention.kind != "actor" \
                or span is None or span[-1].pos_ != "PROPN" or not span[-1].text[:1].isupper():
            continue
        word = span[-1].lower_
        named = [j for j, other in enumerate(mentions)
                 if j != k and spans[j] is not None and spans[j][-1].lower_ == word and
                 other.country not in (None, "IGO") and not other.implicit_country and
                 other.kind == "actor"]
        before = [j for j in named if j < k]
        if not named:
            continue
        owner = mentions[before[-1] if before else named[0]]
        mention.country, mention.implicit_country = owner.country, False
        mention.name = dictionary.display_name(owner.country, mention.sectors)


def _resolve_owned(sdoc: Doc, mentions: list[ActorMention], dictionary: ActorDictionary) -> None:
    """ "The ministry said its forces captured the town": a sector noun of no stated
    country owned by a possessive pronoun is the force of the actor that names the subject
    of a clause above it, else of the nearest earlier actor of the sentence with a country
    -- not the story's country. A state's forces keep their sectors ("its forces" of a
    defence ministry: the state's military); another actor's are that actor ("the group
    said its fighters ...")."""
    at = mentions_by_token(sdoc, mentions)
    for mention in mentions:
        if mention.country is not None or not mention.implicit_country or mention.kind != "actor":
            continue
        span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        if span is None or span.start == 0 or sdoc[span.start - 1].lower_ not in POSSESSIVE_PRONOUNS:
            continue
        owner = _owner(sdoc, span, at, mention)
        if owner is None:
            continue
        if STATE_SECTORS & set(owner.sectors) and owner.country not in (None, "IGO"):
            mention.country, mention.implicit_country = owner.country, False
            mention.name = dictionary.display_name(owner.country, mention.sectors)
        else:
            mention.name, mention.country, mention.sectors = owner.name, owner.country, list(owner.sectors)
            mention.implicit_country = owner.implicit_country


def _owner(sdoc: Doc, span: Span, at: dict[int, ActorMention],
           mention: ActorMention) -> ActorMention | None:
    """The actor a pronoun-owned force belongs to: the first actor with a country (or a
    named group) in the subject of a clause above the force's, else the nearest earlier
    one of the sentence."""
    def usable(m: ActorMention | None) -> bool:
        return m is not None and m is not mention and (m.country is not None or not m.implicit_country)
    for ancestor in span.root.ancestors:
        for child in ancestor.children:
            if child.dep_ not in SUBJECT_DEPS or span.root in child.subtree:
                continue
            found = next((at[t.i] for t in child.subtree if usable(at.get(t.i))), None)
            if found is not None:
                return found
    sentence = span.sent
    earlier = [at[t.i] for t in sdoc[sentence.start:span.start] if usable(at.get(t.i))]
    return earlier[-1] if earlier else None


def _resolve_definite(sdoc: Doc, mentions: list[ActorMention], dictionary: ActorDictionary) -> None:
    """ "The government" / "the army" right after "the Philippine government" / "Kenya's
    army" is that same actor: a definite sector noun of no stated country takes the country
    of the nearest earlier actor of the same sectors named with its country in the same
    sentence or the ANAPHOR_SENTENCES before; otherwise it is left to the story's country."""
    sentence_of = {s.start: n for n, s in enumerate(sdoc.sents)}
    index = [0] * len(sdoc)
    n = -1
    for t in sdoc:
        n = sentence_of.get(t.i, n)
        index[t.i] = n
    def sentence(m: ActorMention) -> int:
        span = sdoc.char_span(m.char_start, m.char_end, alignment_mode="expand")
        return index[span.start] if span is not None and len(span) else -1
    for k, mention in enumerate(mentions):
        if _possessed_office(sdoc, mention):
            # "Iran's ambassador ... his U.N. mission said": the mission of the person
            # just named speaks for that person's state, not for the body
            here = sentence(mention)
            for earlier in reversed(mentions[:k]):
                if here - sentence(earlier) > ANAPHOR_SENTENCES:
                    break
                if earlier.kind in ("actor", "person") and earlier.country not in (None, "IGO"):
                    mention.country, mention.sectors = earlier.country, ["GOV"]
                    mention.name = dictionary.display_name(earlier.country, ("GOV",))
                    break
            continue
        if mention.country is not None or not mention.implicit_country or mention.kind != "actor":
            continue
        span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
        if span is None or not _definite(sdoc, span.start):
            continue
        here = index[span.start]
        for earlier in reversed(mentions[:k]):
            if here - sentence(earlier) > ANAPHOR_SENTENCES:
                break
            if _named_by(sdoc, earlier, span[-1]):
                # "the International Court of Justice ... the court": the body just named
                mention.name, mention.country = earlier.name, earlier.country
                mention.sectors = list(earlier.sectors)
                break
            if earlier.kind in ("actor", "person") and not earlier.implicit_country and \
                    earlier.country not in (None, "IGO") and set(earlier.sectors) == set(mention.sectors):
                mention.country = earlier.country
                mention.name = dictionary.display_name(earlier.country, mention.sectors)
                break


def _definite(sdoc: Doc, start: int) -> bool:
    """ "the" before the noun, across lower-case adjectives ("the full Senate", "the new
    government")."""
    k = start - 1
    while k >= 0 and sdoc[k].pos_ == "ADJ" and sdoc[k].text.islower():
        k -= 1
    return k >= 0 and sdoc[k].lower_ == "the"


def _named_by(sdoc: Doc, earlier: ActorMention, noun) -> bool:
    """The noun is a capitalised word of a body's proper name that has a country (or is
    an intergovernmental body): "Court" of "International Court of Justice"."""
    if earlier.kind != "actor" or earlier.country is None or earlier.implicit_country:
        return False
    span = sdoc.char_span(earlier.char_start, earlier.char_end, alignment_mode="expand")
    return span is not None and any(
        t.text[:1].isupper() and (t.lower_ == noun.lower_ or t.lemma_.lower() == noun.lemma_.lower())
        for t in span)


def _possessed_office(sdoc: Doc, mention: ActorMention) -> bool:
    """ "his U.N. mission", "its UN envoy": an intergovernmental body's office owned by a
    pronoun."""
    if mention.country != "IGO":
        return False
    span = sdoc.char_span(mention.char_start, mention.char_end, alignment_mode="expand")
    if span is None or span.start == 0 or sdoc[span.start - 1].lower_ not in POSSESSIVE_PRONOUNS:
        return False
    last = sdoc[span.end] if span.end < len(sdoc) else span[-1]  # "U.N. [mission]"
    return span[-1].lemma_.lower() in ENVOY_OFFICES or last.lemma_.lower() in ENVOY_OFFICES


def person_mentions(sdoc: Doc, mentions: list[ActorMention],
                    dictionary: ActorDictionary | None = None,
                    year: int | None = None) -> list[ActorMention]:
    """People named with their office: "President Jane Roe", "the army's spokesman, John
    Doe", "UNICEF's Jane Roe" take the code of the office's actor, and so does every later
    (or earlier) mention of the same surname in the story ("Roe said"): one code per
    person within a story. A well-known person of ``people.tsv`` whose office the text
    gives no country ("Putin said", "President Trump") takes the listed code for ``year``,
    and so does that office ("President"). Other people whose office the text never gives
    stay uncoded."""
    dictionary = dictionary or get_dictionary()
    at = mentions_by_token(sdoc, mentions)
    listed = _listed_people(sdoc, at, dictionary.people)
    persons = [ent for ent in sdoc.ents if ent.label_ == "PERSON" and not any(t.i in at for t in ent)
               and not any(sp.start < ent.end and ent.start < sp.end for sp in listed)]
    persons = sorted(persons + listed, key=lambda sp: sp.start)
    readings = {sp.start: dictionary.people.reading(sp.text, year) for sp in listed}
    offices = {ent.start: _office(ent, at, readings.get(ent.start), dictionary) for ent in persons}
    coded: dict[str, ActorMention] = {}
    names: dict[str, str] = {}  # surname -> the name of the person coded for it
    for ent in persons:
        if offices[ent.start] is not None and _surname(ent) not in coded:
            coded[_surname(ent)], names[_surname(ent)] = offices[ent.start], _name_words(ent)
    for span in _untagged_surnames(sdoc, at, persons, offices):
        persons.append(span)
        offices[span.start] = None
    out: list[ActorMention] = []
    for ent in persons:
        office = offices[ent.start]
        if office is None and _same_person(ent, names.get(_surname(ent))):
            office = coded[_surname(ent)]
        if office is None:
            continue
        out.append(ActorMention(
            text=ent.text, char_start=ent.start_char, char_end=ent.end_char, name=office.name,
            country=office.country, sectors=list(office.sectors), kind="person",
            # an office of no stated country ("the journalist Jane Roe") is the story's
            implicit_country=office.implicit_country or office.country is None))
    return out


def _untagged_surnames(sdoc: Doc, at: dict[int, ActorMention], persons: list[Span],
                       offices: dict[int, ActorMention | None]) -> list[Span]:
    """Later mentions of a person named once in full with an office ("Prime Minister Jane
    Roe ... Roe's visit", "Doe and Roe spoke") that the entity tagger did not call a
    person: the surname alone, capitalised, a proper noun, no actor, no place (by its
    entity label), no part of a longer name, and after the full name. Only a surname
    that ends one person's full name only (two Roes leave "Roe" to neither), and a word
    also written in lower case in the text ("Young", "Will") only where it does not open
    its sentence. Only a person whose office the text gives a country: one left to the
    story's country ("the foreign ministry spokesman X" of a story told from the other
    side) is too unsure to spread to words the tagger did not even take for a name."""
    full: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    for ent in persons:
        words = [t for t in ent if t.text not in POSSESSIVE]
        if len(words) >= 2:
            surname = _surname(ent)
            full.setdefault(surname, set()).add(" ".join(t.lower_ for t in words))
            office = offices[ent.start]
            if office is not None and office.country is not None and not office.implicit_country:
                first.setdefault(surname, ent.end)
    lower = {t.text for t in sdoc if t.text.islower()}
    taken = {t.i for sp in persons for t in sp}
    found = []
    for token in sdoc:
        surname = token.lower_
        if first.get(surname, len(sdoc)) > token.i or len(full[surname]) != 1:
            continue
        if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.i in at \
                or token.i in taken or token.ent_type_.lower() not in SURNAME_LABELS:
            continue
        if token.is_sent_start and (surname in lower or token.is_stop):
            continue
        ent = next((e for e in sdoc.ents if e.start <= token.i < e.end), None)
        if ent is not None and any(t.i != token.i and t.text not in POSSESSIVE for t in ent):
            continue
        span = Span(sdoc, token.i, token.i + 1)
        if not _name_goes_on(sdoc, span, at):
            found.append(span)
    return found


def _office(ent: Span, at: dict[int, ActorMention], reading: PersonReading | None,
            dictionary: ActorDictionary) -> ActorMention | None:
    """The office the text gives the person if it names its country ("Russian President
    X"), else the listed person's reading (which then also gives a title of no country,
    "President X", its country), else the office the text gives, else None."""
    office = _office_of(ent, at)
    stated = office is not None and office.country is not None and not office.implicit_country
    if stated or reading is None:
        return office
    country = reading.country
    if office is not None and country is not None and office.country is None:
        office.country, office.implicit_country = country, False
        office.name = dictionary.display_name(country, office.sectors)
    name = reading.organisation or dictionary.display_name(country, reading.sectors)
    return ActorMention(text=ent.text, char_start=ent.start_char, char_end=ent.end_char,
                        name=name, country=country, sectors=list(reading.sectors),
                        kind="person", implicit_country=country is None)


def _listed_people(sdoc: Doc, at: dict[int, ActorMention], people: People) -> list[Span]:
    """Names of ``people.tsv`` in the text that are nobody else's: capitalised, a proper
    noun or a named entity, not part of an actor phrase, and not inside a longer named
    entity ("Ivanka Trump", "Trump Tower")."""
    if not len(people):
        return []
    spans = []
    for _id, start, end in people.matcher(sdoc.vocab)(sdoc):
        span = Span(sdoc, start, end)
        if not any(c.isupper() for c in span.text) or any(t.i in at for t in span):
            continue
        overlapping = [e for e in sdoc.ents if e.start < end and start < e.end]
        if any(e.start < start or e.end > end for e in overlapping):
            continue
        if (overlapping or span[-1].pos_ == "PROPN") and not _name_goes_on(sdoc, span, at):
            spans.append(span)
    return sorted(filter_spans(spans), key=lambda sp: sp.start)


def _name_goes_on(sdoc: Doc, span: Span, at: dict[int, ActorMention]) -> bool:
    """The listed name is part of a longer one: a capitalised proper noun right before it
    that is no honorific or actor ("Ivanka Trump"), or one it is the compound of after it
    ("Trump Tower")."""
    if span.start > 0:
        prev = sdoc[span.start - 1]
        word = prev.lower_.rstrip(".")
        if prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.i not in at and \
                word not in HONORIFICS and not prev.text.endswith("."):
            return True
    last = span[-1]
    return last.dep_ == "compound" and last.head.i >= span.end and last.head.pos_ == "PROPN" \
        and last.head.text[:1].isupper()


def _name_words(ent: Span) -> str:
    return " ".join(t.lower_ for t in ent if t.text not in POSSESSIVE)


def _same_person(ent: Span, name: str | None) -> bool:
    """The mention may be the person coded under its surname: the surname alone ("Roe
    said") or the same name, not another of that surname ("Mary Roe, a teacher")."""
    if name is None:
        return False
    words = _name_words(ent)
    return " " not in words or words == name


def _surname(ent: Span) -> str:
    return ent[-1].lower_.removesuffix("'s").removesuffix("\u2019s")


def _office_of(ent: Span, at: dict[int, ActorMention]) -> ActorMention | None:
    """The actor whose office the person holds: a title or owner inside the person's noun
    phrase ("Defence Minister X", "Iran's X"), an apposition ("X, a spokesman for Y"), or
    a body named after an affiliation preposition ("X of Hamas")."""
    root = ent.root
    for token in root.subtree:
        if token.i >= ent.start:
            break
        if token.i in at and _within_phrase(token, root):
            return at[token.i]
    for child in root.children:
        if child.dep_ == "appos":
            found = [at[t.i] for t in child.subtree if t.i in at and not _opposed(t, child)]
            if found:
                return found[0]
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in AFFILIATION_PREPS:
            found = [at[c.i] for c in child.children
                     if c.dep_ == "pobj" and c.i in at and at[c.i].kind not in NATIONALITY_KINDS]
            if found:
                return found[0]  # "Basem Naim of Hamas", "John Doe from Human Rights Watch"
    if root.dep_ == "appos":
        head = _title_of_apposition(root.head, at)
        if head.i in at and not _opposed(head, head.sent.root):
            return at[head.i]
        if head.i not in at and head.lemma_.lower() not in ADVERSARY_NOUNS | KIN_NOUNS:
            return _title_owner(head, at)
    return None


def _title_owner(title, at: dict[int, ActorMention]) -> ActorMention | None:
    """Whom a title that is no actor itself serves: its owner ("the army's spokesman") or
    the object of an office preposition ("the spokesman for the army")."""
    for child in title.children:
        if child.dep_ in ("poss", "compound") and child.i in at:
            return at[child.i]
    for child in title.children:
        if child.dep_ == "prep" and child.lower_ in OFFICE_PREPS:
            found = [at[c.i] for c in child.children if c.dep_ == "pobj" and c.i in at]
            if found:
                return found[0]
    return None


def _opposed(token, top) -> bool:
    """The token names what a person opposes or whose kin they are: it hangs, below
    ``top``, under an adversary or kin noun ("a critic of the Kremlin", "a vocal
    opponent of the government", "the son of the president")."""
    while token.i != top.i and token.head.i != token.i:
        token = token.head
        if token.lemma_.lower() in ADVERSARY_NOUNS | KIN_NOUNS:
            return True
    return False


def _title_of_apposition(head, at: dict[int, ActorMention]):
    """The noun a name set in apposition after "<title> to/for/of <body>" belongs to: the
    parse hangs "Pakistan's representative to the United Nations, Munir Akram" on the
    body, but the name is the title's when the title is an actor of a stated country."""
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i in at:
        title = at[head.head.head.i]
        if title.country is None or title.implicit_country:
            break
        head = head.head.head
    return head


def _within_phrase(token, root) -> bool:
    """The token modifies the person's name through nouns and adjectives only."""
    for _ in range(4):
        if token.dep_ not in MODIFIER_DEPS and token.dep_ not in ("case", "det", "punct"):
            return False
        token = token.head
        if token.i == root.i:
            return True
    return False


def _pieces(sdoc: Doc, dictionary: ActorDictionary) -> list[_Piece]:
    lower, exact = dictionary.matchers(sdoc.vocab)
    found: dict[tuple[int, int], list[ActorEntry]] = {}
    strings = sdoc.vocab.strings
    for matcher, is_exact in ((lower, False), (exact, True)):
        for match_id, start, end in matcher(sdoc):
            text = sdoc[start:end].text
            entries = [e for e in dictionary.entries_for_match(strings[match_id], is_exact)
                       if _case_ok(e, text, is_exact)]
            if entries:
                found.setdefault((start, end), []).extend(entries)
    persons = [ent for ent in sdoc.ents if ent.label_ == "PERSON"]
    spans = [Span(sdoc, s, e) for (s, e) in found if not _inside_person(s, e, persons)]
    pieces = []
    for span in sorted(filter_spans(spans), key=lambda sp: sp.start):
        # readings of one role keep the dictionary's order (dict, not set: no hash-seed order)
        entries = sorted(dict.fromkeys(found[(span.start, span.end)]),
                         key=lambda e: ROLE_ORDER.index(e.role))
        if entries[0].role != "nonactor":
            pieces.append(_Piece(span.start, span.end, entries))
    return pieces


def _case_ok(entry: ActorEntry, text: str, exact: bool) -> bool:
    if exact or entry.role not in PROPER_ROLES:
        return True
    if is_acronym(entry.phrase):
        return False  # acronyms match only through the exact-case matcher
    return any(c.isupper() for c in text)


def _inside_person(start: int, end: int, persons: list[Span]) -> bool:
    """A name inside a longer PERSON entity ("Michael Jordan") is not an actor."""
    return any(p.start <= start and end <= p.end and p.end - p.start > end - start for p in persons)


class _Composer:
    """Walks the pieces left to right and emits mentions."""

    def __init__(self, sdoc: Doc, dictionary: ActorDictionary, pieces: list[_Piece]):
        self.sdoc = sdoc
        self.d = dictionary
        self.pieces = pieces
        self.out: list[ActorMention] = []

    def run(self) -> list[ActorMention]:
        i = 0
        while i < len(self.pieces):
            i = self._step(i)
        return self.out

    def _step(self, i: int) -> int:
        piece = self.pieces[i]
        nxt = self.pieces[i + 1] if i + 1 < len(self.pieces) else None
        mod = piece.modifier
        if self._backer(piece):
            # "Russia-backed separatists", "an Iran-aligned group": the backer is not the actor
            return self._backed(i)
        envoy = self._state_envoy(i)
        if envoy is not None:
            # "Iran's U.N. ambassador", "the Kenyan UN envoy": a state's envoy to an
            # intergovernmental body speaks for the state, not for the body
            end, consumed = self._title_complement(self.pieces[envoy], envoy + 1)
            name = self.d.display_name(mod.country, ("GOV",))
            self._add(piece.start, end, name, mod.country, ("GOV",), "actor")
            return consumed
        if self._owned_group(piece, nxt):
            # "Sudan's paramilitary Rapid Support Forces": the group, of that country
            return self._emit_owned_group(i)
        if mod is not None and nxt is not None and nxt.head and self._modifies(piece, nxt):
            end, consumed = self._title_complement(nxt, i + 2)
            self._emit_combined(piece, mod, nxt, end)
            return consumed
        if piece.head is not None and (piece.name is None or self._origin_follows(piece, i)):
            # "the Security Council of Armenia": a body's name that is also a sector noun
            # takes the country after it rather than the body of that name
            return self._bare_head(piece, i)
        end, consumed = self._title_complement(piece, i + 1)
        self._emit_name(piece, end)
        return consumed

    # -- composition -----------------------------------------------------------
    def _state_envoy(self, i: int) -> int | None:
        """The index of the office piece of "<state> <intergovernmental body> <envoy
        title>" ("Iran's U.N. ambassador", "the Kenyan UN envoy") starting at piece i."""
        state = self.pieces[i]
        mod = state.modifier
        if mod is None or mod.role not in ("country", "adjective") or mod.country in (None, "IGO"):
            return None
        for j in (i + 1, i + 2):
            if j >= len(self.pieces) or not self._modifies(self.pieces[j - 1], self.pieces[j]):
                return None
            piece = self.pieces[j]
            title = self.sdoc[piece.end - 1].lemma_.lower() in TITLE_NOUNS
            org = piece.first("organisation")
            if title and (piece.head is not None or (org is not None and org.country == "IGO")):
                return j if j == i + 1 and org is not None or j == i + 2 else None
            if org is None or org.country != "IGO":
                return None
        return None

    def _backer(self, piece: _Piece) -> bool:
        """A name joined by a hyphen to a backer word: "Russia-backed", "Iran-aligned"."""
        end = piece.end
        return piece.name is not None and end + 1 < len(self.sdoc) and \
            self.sdoc[end].text == "-" and self.sdoc[end + 1].lower_ in BACKER_WORDS

    def _backed(self, i: int) -> int:
        """After "<backer>-backed": a sector noun or group named next is read on its own
        (the next step); a group noun ("an Iran-aligned group") is an armed group of no
        stated country (the story's)."""
        piece = self.pieces[i]
        k = piece.end + 2
        nxt = self.pieces[i + 1] if i + 1 < len(self.pieces) else None
        if nxt is not None and nxt.start == k:
            return i + 1
        if k < len(self.sdoc) and self.sdoc[k].lower_ in BACKED_GROUP_NOUNS:
            self._add(piece.start, k + 1, self.d.display_name(None, ("REB",)), None, ("REB",),
                      "actor", implicit=True)
        return i + 1

    def _owned_group(self, piece: _Piece, nxt: _Piece | None) -> bool:
        """A country (or its adjective) in front of a named group that is no
        intergovernmental body: "Sudan's paramilitary RSF", "the Nigerian Boko Haram"."""
        mod = piece.modifier
        if mod is None or mod.role not in ("country", "adjective") or mod.country in (None, "IGO"):
            return False
        if nxt is None or nxt.name is None or nxt.name.role != "organisation":
            return False
        if nxt.name.country == "IGO":
            return False
        # a possessive and up to MAX_GAP lower-case words that describe the group
        # ("Sudan's paramilitary RSF", "Nigeria's jihadist Boko Haram")
        gap = [t for t in self.sdoc[piece.end:nxt.start] if t.text not in POSSESSIVE]
        return len(gap) <= MAX_GAP and all(
            t.pos_ in ("ADJ", "NOUN") and t.text.islower() and
            t.lemma_.lower() not in self.d.blocking_heads for t in gap)

    def _emit_owned_group(self, i: int) -> int:
        piece, group = self.pieces[i], self.pieces[i + 1]
        org = group.name
        country = org.country or piece.modifier.country
        after = self.pieces[i + 2] if i + 2 < len(self.pieces) else None
        end, consumed = group.end, i + 2
        if after is not None and after.head and self._modifies(group, after):
            end, consumed = after.end, i + 3  # "Sudan's RSF fighters"
        self._add(piece.start, end, org.name, country, org.sectors, org.kind)
        return consumed

    def _modifies(self, mod: _Piece, head: _Piece) -> bool:
        gap = self.sdoc[mod.end:head.start]
        if len(gap) > MAX_GAP:
            return False
        if any(t.lemma_.lower() in self.d.blocking_heads or t.is_punct and t.text not in POSSESSIVE
               for t in gap):
            return False
        if all(t.text in POSSESSIVE for t in gap):
            return True  # adjacent, or a possessive ("Turkey's foreign ministry")
        if mod.modifier.role != "adjective":
            # names and organisations: only a possessive and adjectives between
            # ("Russia's elite forces"), never a verb ("Turkey fortifies forces"); after a
            # possessive, a noun naming the office's field too ("Ukraine's agriculture ministry")
            owned = gap[0].text in POSSESSIVE
            return all(t.text in POSSESSIVE or t.pos_ == "ADJ" or (
                owned and t.pos_ == "NOUN" and t.is_lower and t.dep_ in ("compound", "amod", "nmod")
                and head.start <= t.head.i < head.end) for t in gap)
        last = self.sdoc[mod.end - 1]
        if all(t.pos_ in ("ADJ", "ADV") for t in gap):
            return True  # "Syrian elite forces"
        return last.dep_ in MODIFIER_DEPS and head.start <= last.head.i < head.end

    def _emit_combined(self, mod_piece: _Piece, mod: ActorEntry, head: _Piece, end: int) -> None:
        sectors = head.head.sectors
        if mod.role == "organisation":
            self._add(mod_piece.start, end, mod.name, mod.country, mod.sectors, mod.kind,
                      implicit=mod.country is None)
            return
        country = mod.country
        kind = "media" if "MED" in sectors else "actor"
        name = self.d.display_name(country, sectors)
        self._add(mod_piece.start, end, name, country, sectors, kind)

    def _origin_follows(self, piece: _Piece, i: int) -> bool:
        """Whether "from/of" + a country follows the piece ("... of the Republic of X")."""
        prep = self.sdoc[piece.end] if piece.end < len(self.sdoc) else None
        if prep is None or prep.lower_ not in ORIGIN_PREPS:
            return False
        origins = self._coordinated_names(piece.end + 1, i + 1)
        return bool(origins) and origins[0].first("country") is not None

    def _bare_head(self, piece: _Piece, i: int) -> int:
        """A sector noun with no modifier: look for "from/of X (and Y)" after it."""
        entry = piece.head
        end, consumed = self._title_complement(piece, i + 1)
        if end != piece.end:
            self._add_generic(piece.start, end, entry)
            return consumed
        prep = self.sdoc[piece.end] if piece.end < len(self.sdoc) else None
        j = i + 1
        if prep is not None and prep.lower_ in ORIGIN_PREPS:
            origins = self._coordinated_names(piece.end + 1, j)
            if origins:
                first = True
                for origin in origins:
                    start = piece.start if first else origin.start
                    self._emit_origin(start, origin, entry)
                    first = False
                return j + len(origins)
        self._add_generic(piece.start, piece.end, entry)
        return i + 1

    def _coordinated_names(self, start_token: int, j: int) -> list[_Piece]:
        """Country/organisation pieces at start_token (after an optional "the"),
        joined by "and" or commas: "Turkey and Russia"."""
        found: list[_Piece] = []
        pos = start_token
        while j < len(self.pieces):
            piece = self.pieces[j]
            gap = self.sdoc[pos:piece.start]
            allowed = {"the", "and", ","} if found else {"the"}
            if any(t.lower_ not in allowed for t in gap) or \
                    piece.first("country", "organisation") is None:
                break
            if found and not any(t.lower_ in ("and", ",") for t in gap):
                break
            found.append(piece)
            pos = piece.end
            j += 1
        return found

    def _emit_origin(self, start: int, origin: _Piece, head: ActorEntry) -> None:
        entry = origin.first("organisation", "country")
        if entry.role == "organisation":
            self._add(start, origin.end, entry.name, entry.country, entry.sectors, entry.kind,
                      implicit=entry.country is None)
            return
        self._add(start, origin.end, self.d.display_name(entry.country, head.sectors),
                  entry.country, head.sectors, "actor")

    def _title_complement(self, head: _Piece, j: int) -> tuple[int, int]:
        """(span end, next piece index) after absorbing "for/to + country" behind a title."""
        last = self.sdoc[head.end - 1]
        if last.lower_ not in TITLE_NOUNS or head.end >= len(self.sdoc):
            return head.end, j
        if self.sdoc[head.end].lower_ not in TITLE_PREPS or j >= len(self.pieces):
            return head.end, j
        target = self.pieces[j]
        gap = self.sdoc[head.end + 1:target.start]
        if all(t.lower_ == "the" for t in gap) and target.first("country", "adjective"):
            return target.end, j + 1
        return head.end, j

    # -- emission --------------------------------------------------------------
    def _emit_name(self, piece: _Piece, end: int) -> None:
        entry = piece.name
        if entry is None or self._blocked(piece, entry):
            return
        if entry.role in ("country", "adjective", "capital", "demonym"):
            sectors = () if entry.role == "demonym" else entry.sectors
            kind = "capital" if entry.role == "capital" else "country"
            self._add(piece.start, end, entry.name, entry.country, sectors, kind)
            return
        self._add(piece.start, end, entry.name, entry.country, entry.sectors, entry.kind,
                  implicit=entry.country is None and entry.alone == "implicit")

    def _blocked(self, piece: _Piece, entry: ActorEntry) -> bool:
        """A country word modifying a blocking noun ("the Turkish border", "the US dollar")."""
        if entry.role not in ("adjective", "country"):
            return False
        token = self.sdoc[piece.end - 1]
        if token.dep_ in MODIFIER_DEPS and token.head.i >= piece.end and \
                self.d.is_blocking_head(token.head.lemma_):
            return True
        nxt = self.sdoc[piece.end] if piece.end < len(self.sdoc) else None
        return entry.role == "adjective" and nxt is not None and self.d.is_blocking_head(nxt.lemma_)

    def _add_generic(self, start: int, end: int, entry: ActorEntry) -> None:
        if entry.alone == "never":
            return
        implicit = entry.alone == "implicit"
        kind = "media" if "MED" in entry.sectors else "actor"
        self._add(start, end, self.d.display_name(None, entry.sectors), None, entry.sectors, kind,
                  implicit=implicit)

    def _add(self, start: int, end: int, name: str, country: str | None, sectors, kind: str,
             implicit: bool = False) -> None:
        span = self.sdoc[start:end]
        self.out.append(ActorMention(
            text=span.text, char_start=span.start_char, char_end=span.end_char, name=name,
            country=country, sectors=list(sectors), kind=kind, implicit_country=implicit))
