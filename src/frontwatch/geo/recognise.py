"""Finding place names in a parsed text.

Three sources, merged left to right without overlaps:

1. spaCy's entities labelled GPE or LOC (kept resolved or not -- a one-word region
   the gazetteer does not know only after "the") and FAC (kept when the gazetteer
   knows the name);
2. a gazetteer matcher over runs of capitalised tokens (1-4 tokens from the start of
   a run, or after a region word: "Northeast Georgia Medical Center"), so towns the
   small model labels ORG or PERSON, or misses, are found.  It only accepts a name
   spelled exactly as a gazetteer name; a name that is also a common English word
   ("Will", "Deal", "Mobile", "Police") or sits inside a PERSON entity needs a
   locative cue before it ("in", "near", "town of");
3. road names ("the M5 motorway", "Highway 1", "the M4") via a spaCy ``Matcher``.

After resolution, ``recurrences`` finds where a confidently placed name recurs
capitalised (one sense per story), for the toponyms stage to copy the place there.

Context cues are recorded on each mention: an administrative word after the name
("Idlib province" -> "province"), a settlement word before it ("town of X" ->
"town"), and "X, Y" where Y is itself a mention (Y constrains X's country/state).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from frontwatch.geo.demonyms import demonym_country
from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import fold_name, name_key

ADMIN_WORDS = frozenset(
    "province provinces governorate governorates region state district districts county "
    "counties parish parishes oblast prefecture department municipality countryside canton "
    "emirate".split()
)
SETTLEMENT_WORDS = frozenset("town city village villages towns cities suburb hamlet".split())
# Lower-case nouns that name what follows as a town, bare or after a comma ("the capital
# Kabul", "the regional capital, Grozny", "his hometown, Tikrit").
TOWN_NOUNS = SETTLEMENT_WORDS | frozenset({"capital", "hometown", "port"})
CITY_OFFICES = frozenset({"mayor"})  # "the mayor of X", "X Mayor Y": X is a town
LOCATIVE = frozenset(
    "in near at outside from to into toward towards around across of via between "
    "through inside within".split()
)
ROAD_WORDS = ("motorway", "highway", "road", "expressway", "freeway", "interstate", "route")
NER_LABELS = frozenset({"GPE", "LOC"})
SKIP_ENT = frozenset({"NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL",
                      "QUANTITY", "LANGUAGE", "LAW", "WORK_OF_ART", "EVENT", "PRODUCT"})
# The small model calls place names titles too ("shelled Kharkiv and Izium" tagged a work
# of art, "Dublin Mayor Marilee ..." a law): the gazetteer matcher and a name already
# taken as a place look inside those, never inside numbers or nationalities.
MATCH_SKIP_ENT = SKIP_ENT - {"WORK_OF_ART", "LAW", "EVENT", "PRODUCT"}
# A name the resolver placed recurs as the place even where the tagger calls it a
# nationality ("Greer, South Carolina" tagged NORP); never inside numbers or dates.
RECUR_SKIP_ENT = MATCH_SKIP_ENT - {"NORP"}
MAX_WINDOW = 4
# A city this large, named by its own name, is the city even where the tagger calls the
# word a person ("struck Odesa"), unless the story names a person with that word.
GREAT_CITY_POPULATION = 1_000_000
ARTICLES = frozenset("al el le la les los las der die das de del du di da".split())  # never names alone
# Words before a person's name ("Sen. Baucus", "coach Ripley"): the name after them is a
# person, and the word alone ("Sen.", "Gen.") is never a place.
TITLES = frozenset(
    "mr mrs ms miss dr sen senator rep gov governor gen general lt col capt sgt cpl pvt adm "
    "maj cmdr prof rev fr sister brother president vice coach judge justice officer deputy "
    "sheriff chief mayor sir lord lady dame st".split()
)
# Words after a name that make it a street or a person speaking, not a place.
STREET_WORDS = frozenset(
    "street st avenue ave drive dr boulevard blvd lane ln court ct pike parkway pkwy circle "
    "trail terrace".split()
)
# Capitalised head nouns after a name that make it the name of a school, business, event
# or honour, not a place ("Goshen Elementary", "Lincoln Day Dinner", "Cairo Stadium").
# Kept to heads LGL's local news never uses for a place's own institution ("Alexandria
# Police", "Atlanta Journal" and "Walker County Fair" still name their place).
NAMED_HEADS = frozenset(
    "elementary academy funeral day dinner award awards prize memorial retirement "
    "apartments stadium racetrack youth group shopping mall foundation baptist "
    "lutheran catholic christian museum theater theatre institution institute".split()
)
SAYING = frozenset("said says told added recalled explained noted asked wrote stated "
                   "according".split())
# Nouns after a name that make it a local place ("Alexandria police", "a Paris man",
# "the Jenin refugee camp").
LOCAL_NOUNS = frozenset(
    "police sheriff sheriff's mayor council councilman selectmen aldermen residents resident "
    "native natives man woman teen boy girl couple area refugee displacement".split()
)
# Capitalised words after a town's name in a local institution's name ("Canaan Board of
# Finance", "Litchfield Fire Chief"): the town still counts as a place.
INSTITUTIONS = frozenset(
    "board fire department city county township village town borough schools school "
    "police sheriff mayor council commission commissioners court public library "
    "chamber planning zoning water parks recreation high middle elementary".split()
)
NOT_LOCATIVE = frozenset({"according", "thanks", "due", "next", "compared"})  # "according to X"
# Lower-case words before a name that make it a region, not a town ("upstate New York").
POSSESSIVE = frozenset({"'s", "’s"})
REGION_PARTS = frozenset("upstate downstate western eastern northern southern central".split())
# Capitalised words before a region's name in a longer name ("Northeast Georgia Medical
# Center", "Metro Vancouver", "Western Pennsylvania Kennel Association").
REGION_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern "
    "eastern western northeastern northwestern southeastern southwestern central metro "
    "greater upper lower".split()
)
PARTIES = frozenset({"r", "d", "i", "dfl"})  # "Sen. Tom Bakk, DFL-Cook"
DASHES = frozenset({"-", "--", "—", "–", "---"})
_SINGULAR = {"towns": "town", "villages": "village", "cities": "city"}
_PLURAL_ADMIN = frozenset({"provinces", "governorates", "districts", "counties", "parishes"})


@dataclass
class Mention:
    """A place name found in the text, before resolution."""

    text: str
    start: int  # token offsets in the spaCy Doc
    end: int
    char_start: int
    char_end: int
    source: str  # "ner", "gazetteer" or "road"
    label: str = ""
    cue: str | None = None
    within: int | None = None  # index of the mention that follows "X, Y"
    locative: bool = False  # "in X", "near X", "town of X"
    person_like: bool = False  # "coach X", "X said", a word of a person's name in the story
    speaking: bool = False  # person-like only as the subject of "said": "Moscow said" may be a capital
    container: bool = False  # Y in "X, Y": a state or country more likely than a town
    owned: bool = False  # Y in "X's Y": a part of the place X, as its ``within``


def _road_matcher(vocab) -> Matcher:
    code = {"TEXT": {"REGEX": r"^[A-Z]{1,2}-?\d{1,3}$"}}
    matcher = Matcher(vocab)
    matcher.add("road", [
        [code, {"LOWER": {"IN": list(ROAD_WORDS)}}],
        [{"LOWER": {"IN": ["highway", "interstate", "route"]}, "IS_TITLE": True},
         {"TEXT": {"REGEX": r"^[A-Z]?-?\d{1,4}[A-Z]?$"}}],
        [{"LOWER": "the"}, {"TEXT": {"REGEX": r"^[AMNDE]\d{1,2}$"}}],
    ])
    return matcher


@functools.lru_cache(maxsize=4)
def _matcher_for(vocab) -> Matcher:
    return _road_matcher(vocab)


def _lines(name: str) -> list[str]:
    """The lines of a ``data/geonames`` file, in order, comments and blanks left out."""
    from importlib import resources

    text = resources.files("frontwatch.data").joinpath("geonames").joinpath(name)
    return [line.strip() for line in text.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _word_list(name: str) -> frozenset[str]:
    return frozenset(_lines(name))


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Place names that are also English words (``data/geonames/common_words.txt``)."""
    return _word_list("common_words.txt")


@functools.lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Names of times: months, weekdays and ``data/geonames/calendar_words.txt``."""
    names = (*calendar.month_name, *calendar.month_abbr, *calendar.day_name, *calendar.day_abbr)
    return _word_list("calendar_words.txt") | {n.lower() for n in names if n} | {"sept"}


@functools.lru_cache(maxsize=1)
def body_adjectives() -> frozenset[str]:
    """Words that open a body's name ("Federal Police"): ``data/geonames/body_adjectives.txt``."""
    return _word_list("body_adjectives.txt")


@functools.lru_cache(maxsize=1)
def place_verbs() -> frozenset[str]:
    """Verbs whose object is a place ("visited X", "shelled X"): ``data/geonames/place_verbs.txt``."""
    return _word_list("place_verbs.txt")


@functools.lru_cache(maxsize=1)
def attack_nouns() -> frozenset[str]:
    """Nouns whose "on"/"against" object is a place ("strikes on Rafah"):
    ``data/geonames/attack_nouns.txt``."""
    return _word_list("attack_nouns.txt")


def _common_word(span: Span) -> bool:
    """One English word ("North", "Earth", "Gulf", "Empress"): as a region or facility
    label (LOC, FAC) it is no place by itself; the gazetteer matcher may still take it
    after a locative word.  On LGL such LOC labels were places 2 times in 28."""
    return len(span) == 1 and fold_name(span.text) in common_words()


def recognise(doc: Doc, gazetteer: Gazetteer) -> list[Mention]:
    """Place-name mentions in ``doc``, in text order, with their cues."""
    mentions: list[Mention] = []
    taken = bytearray(len(doc))
    for start, end in _roads(doc):
        _add(mentions, taken, doc[start:end], "road", "ROAD")
    for ent in doc.ents:
        if ent.label_ in NER_LABELS:
            span = _possessive_name(_trim(ent), ent, gazetteer)
            if (span is not None and not any(taken[span.start:span.end])
                    and not (ent.label_ == "LOC" and _common_word(span))):
                _add(mentions, taken, span, "ner", ent.label_)
        elif ent.label_ in ("PERSON", "ORG") and _settlement_named(ent) and not any(taken[ent.start:ent.end]):
            _add(mentions, taken, ent, "ner", "GPE")
    _gazetteer_matches(doc, gazetteer, mentions, taken)
    _listed_divisions(doc, gazetteer, mentions, taken)
    mentions[:] = [m for m in mentions if not _street_or_title(doc, m)]
    mentions.sort(key=lambda m: m.start)
    people = _person_words(doc)
    for mention in mentions:
        _cues(doc, mention)
    _shared_cues(doc, mentions)
    _shared_locatives(doc, mentions)
    for i, (mention, nxt) in enumerate(zip(mentions, mentions[1:])):
        after = mentions[i + 2] if i + 2 < len(mentions) else None
        if mention.cue != "road" and _contained_in(doc, mention, nxt) and not (
                doc[mention.end].text == "," and _list_goes_on(doc, nxt, after)):
            mention.within = i + 1
            nxt.container = True
    for i, (owner, mention) in enumerate(zip(mentions, mentions[1:])):
        if (mention.within is None and mention.cue != "road" and mention.start == owner.end + 1
                and doc[owner.end].tag_ == "POS"):
            mention.within, mention.owned = i, True  # "Dhaka's Gulshan area": a part of Dhaka
    for mention in mentions:
        mention.person_like = _person_like(doc, mention, people)
        mention.speaking = mention.person_like and _speaking(doc, mention, people)
    return mentions


def _spells_a_place(found: dict, text: str) -> bool:
    """``text`` is a gazetteer name as spelled (``found``: a ``Gazetteer.lookup`` result),
    not only a respelling that shares its key."""
    fold = fold_name(text)
    return any(fold in entry.folds for entry in found.get(name_key(text), ()))


def _possessive_name(span: Span | None, ent: Span, gazetteer: Gazetteer) -> Span | None:
    """The trimmed name, with the "'s" ``_trim`` cut off given back when the name with it is
    a place's own ("St. John's", "St. Mary's"), unlike "Canada's"."""
    if span is None or span.end >= ent.end or span.doc[span.end].lower_ not in ("'s", "’s"):
        return span
    whole = span.doc[span.start:span.end + 1]
    return whole if _spells_a_place(gazetteer.lookup([whole.text]), whole.text) else span


def _listed_divisions(doc: Doc, gazetteer: Gazetteer, mentions: list[Mention],
                      taken: bytearray) -> None:
    """ "Barrow, Jackson and Madison counties": every capitalised name of a list before a
    plural administrative word is a division of that name, whatever the tagger called
    it (a person, an organisation), when the gazetteer knows the name."""
    for token in doc:
        if token.lower_ not in _PLURAL_ADMIN:
            continue
        spans = []
        end = token.i
        while end > 0:
            start = end
            while start > 0 and end - start < MAX_WINDOW and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].is_alpha:
                start -= 1
            if start == end:
                break
            spans.append(doc[start:end])
            end = start
            while end > 0 and doc[end - 1].lower_ in (",", "and", "or", "&"):
                end -= 1
            if end == start:
                break
        found = gazetteer.lookup([span.text for span in spans])
        for span in spans:
            if _spells_a_place(found, span.text) and not any(taken[span.start:span.end]):
                _add(mentions, taken, span, "gazetteer", span[0].ent_type_)


def _shared_cues(doc: Doc, mentions: list[Mention]) -> None:
    """ "Eastland and Callahan counties", "Dakota, Otoe and Washington counties": a plural
    administrative word after a list is every member's cue."""
    for i in range(len(mentions) - 1, 0, -1):
        mention, prev = mentions[i], mentions[i - 1]
        if mention.cue in _PLURAL_ADMIN and prev.cue is None and _listed_together(doc, prev, mention):
            prev.cue = mention.cue


def _shared_locatives(doc: Doc, mentions: list[Mention]) -> None:
    """ "officials in Karachi and Hyderabad said": a name listed after one with a
    locative word before it has that word too."""
    for prev, mention in zip(mentions, mentions[1:]):
        if prev.locative and prev.source != "road" and _listed_together(doc, prev, mention):
            mention.locative = True


def _listed_together(doc: Doc, prev: Mention, mention: Mention) -> bool:
    """Only commas, "and" or "or" stand between the two mentions."""
    return prev.end < mention.start and all(t.lower_ in (",", "and", "or")
                                            for t in doc[prev.end:mention.start])


def _contained_in(doc: Doc, mention: Mention, nxt: Mention) -> bool:
    """ "X, Y", "X in Y province" or "X in Y's north": the text places X inside Y; so do
    "X of the Y district" and "X and Z in the Y district" (a division named with its kind)."""
    if nxt.start == mention.end + 1:
        between = doc[mention.end].lower_
        if between == ",":
            return True
        possessive = nxt.end < len(doc) and doc[nxt.end].tag_ == "POS"
        if between == "in" and (nxt.cue in ADMIN_WORDS or possessive):
            return True
    if nxt.cue not in ADMIN_WORDS or nxt.start - mention.end > 6:
        return False
    words = [t for t in doc[mention.end:nxt.start]]
    if words and words[-1].lower_ == "the":
        words = words[:-1]
    if not words or words[-1].lower_ not in ("of", "in"):
        return False
    words = words[:-1]
    # "X and Z of the Y district": a town listed with X's neighbours, all inside Y
    return not words or (words[0].lower_ == "and" and len(words) > 1
                         and all(t.text[:1].isupper() for t in words[1:]))


def _list_goes_on(doc: Doc, nxt: Mention, after: Mention | None) -> bool:
    """ "X, Y" is a list, not X inside Y, when a last place follows Y with "and" or "or":
    "offices in Washington, New York and San Francisco". A comma after Y leaves it X's
    container ("Binnish, Idlib, Syria"; "Greer, South Carolina, and Athens, Georgia")."""
    if after is None:
        return False
    return [t.lower_ for t in doc[nxt.end:after.start]] in (["and"], ["or"])


def _street_or_title(doc: Doc, mention: Mention) -> bool:
    """ "Wichita Street", "West Broad Street", "Mayfield Road", "Sen.", "North" are no
    place mentions."""
    if mention.source == "road":
        return False
    last = doc[mention.end - 1].lower_.rstrip(".")
    nxt = doc[mention.end].lower_.rstrip(".") if mention.end < len(doc) else ""
    if mention.end - mention.start > 1 and last in STREET_WORDS:
        return True
    if nxt in STREET_WORDS and doc[mention.end].text[:1].isupper():
        return True
    if nxt.endswith("s") and nxt[:-1] in STREET_WORDS:  # "Lakeview and Harrison streets"
        return True
    if nxt in ("road", "rd") and doc[mention.end].text[:1].isupper():
        return last not in ADMIN_WORDS  # "Mayfield Road"; "Otter Tail County Road 5" names the county
    if fold_name(mention.text) in TITLES or fold_name(mention.text) in REGION_WORDS:
        return True  # "Sen.", and "North" or "Metro" alone ("at North Fulton Hospital")
    return _named_head(doc, mention.end) or (mention.end - mention.start > 1
                                             and _named_head(doc, mention.end - 1))


def _named_head(doc: Doc, i: int) -> bool:
    """A capitalised ``NAMED_HEADS`` word at token ``i``, or after a possessive there
    ("St. Patrick's Day")."""
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    return i < len(doc) and doc[i].text[:1].isupper() and doc[i].lower_ in NAMED_HEADS


def _person_words(doc: Doc) -> frozenset[str]:
    """Words of the story's multi-word person names ("Darren Ripley" -> ripley) that the
    the story never uses as a place after a locative word ("in Alexandria"). Read once a
    document: the matcher asks for every candidate name."""
    cached = doc.user_data.get(_PERSON_WORDS_KEY)
    if cached is not None:
        return cached
    places = {t.lower_ for e in doc.ents if e.label_ in NER_LABELS and e.start > 0
              and _after_locative(doc, e.start) for t in e}
    words = frozenset(t.lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1
                      for t in e if t.is_alpha and t.lower_ not in places)
    doc.user_data[_PERSON_WORDS_KEY] = words
    return words


_PERSON_WORDS_KEY = "frontwatch.person_words"


def _after_locative(doc: Doc, i: int) -> bool:
    """A locative word before token ``i`` ("in X"), not "according to X"."""
    before = doc[i - 2].lower_ if i > 1 else ""
    return i > 0 and doc[i - 1].lower_ in LOCATIVE and before not in NOT_LOCATIVE


def _person_like(doc: Doc, mention: Mention, people: frozenset[str]) -> bool:
    """A one-word name in a person's place: after a title, before a verb of saying, or a
    word of a person's full name elsewhere in the story -- unless a locative word or
    a containing place ("X, Ohio") vouches for it, and it is not that person's
    possessive ("to Warden's home")."""
    if mention.end - mention.start > 1 or mention.source == "road" or mention.within is not None:
        return False
    j = mention.start - 1
    while j >= 0 and doc[j].text == ".":
        j -= 1
    prev = doc[j].lower_.rstrip(".") if j >= 0 else ""
    if prev in TITLES:
        return True
    nxt = doc[mention.end].lower_ if mention.end < len(doc) else ""
    named = doc[mention.start].lower_ in people
    if nxt in ("'s", "’s") and named:
        return True  # "went to Warden's Memphis Street home": the person's
    if mention.locative or mention.cue:
        return False
    return nxt in SAYING or named


def _speaking(doc: Doc, mention: Mention, people: frozenset[str]) -> bool:
    """A name before a verb of saying that is no word of a person's name in the story:
    a government may speak through its capital ("Moscow said", "Beijing says")."""
    nxt = doc[mention.end].lower_ if mention.end < len(doc) else ""
    return nxt in SAYING and doc[mention.start].lower_ not in people


def _settlement_named(ent: Span) -> bool:
    """ "the rebel-held town of Maarat al-Numan", "the villages of Jarjanaz": the name a
    settlement noun gives with "of" is a place's, whatever the tagger calls it (the small
    model often takes a foreign town's name for a person's)."""
    doc = ent.doc
    return (ent.start >= 2 and doc[ent.start - 1].lower_ == "of"
            and doc[ent.start - 2].lower_ in SETTLEMENT_WORDS)


def _add(mentions: list[Mention], taken: bytearray, span: Span, source: str, label: str) -> None:
    for i in range(span.start, span.end):
        taken[i] = 1
    mentions.append(Mention(span.text, span.start, span.end, span.start_char, span.end_char,
                            source, label, cue="road" if source == "road" else None,
                            locative=source != "road" and _local_cue(span)))


def _local_cue(span: Span) -> bool:
    """Words around a name that local news uses only with places: a locative word before
    it ("in X", "town of X"), a local noun after it ("X police", "a X man", "X
    residents"), a dateline ("ROSWELL -- A man..."), a state or country after a comma
    ("Greer, South Carolina"), a place it is listed with ("Gainesville and Lindsay"), a
    street address before it ("420 Augusta St., Alexandria"), or a legislator's party
    and home town ("R-Marshall", "DFL-Cook")."""
    doc = span.doc
    prev = doc[span.start - 1].lower_ if span.start > 0 else ""
    nxt = doc[span.end] if span.end < len(doc) else None
    if _after_locative(doc, span.start) or (prev in TOWN_NOUNS and doc[span.start - 1].is_lower):
        return True  # "the village X", not "City Council"
    if _object_of_place_verb(span):
        return True  # "visited X", "shelled X and Y"
    if _owns_an_area(span):
        return True  # "X's eastern neighbourhoods", "X's commercial district"
    if (prev in ("on", "against") and span.start >= 2 and doc[span.start - 2].pos_ == "NOUN"
            and doc[span.start - 2].lemma_.lower() in attack_nouns()):
        return True  # "strikes on X", "the offensive against X"
    if (span.start >= 2 and doc[span.start - 1].lower_ in POSSESSIVE
            and doc[span.start - 2].lower_ in ADMIN_WORDS):
        return True  # "Helmand province's X": a place inside the division
    if prev == "," and span.start >= 2 and doc[span.start - 2].lower_ in TOWN_NOUNS \
            and doc[span.start - 2].is_lower:
        return True  # "the regional capital, Grozny"
    if nxt is not None and nxt.lower_ in LOCAL_NOUNS:
        return True
    if prev == "the" and nxt is not None and nxt.is_lower and nxt.lower_ in ADMIN_WORDS:
        return True  # "in the Shangla district", "the Tank district": a division with its kind
    if nxt is not None and _dateline(span, nxt):
        return True
    if nxt is not None and nxt.text == "(" and _division_in_brackets(doc, span.end + 1):
        return True  # "Sanandaj (Kurdistan province)": a town with its province
    if nxt is not None and nxt.text == "," and span.end + 1 < len(doc) and not _common_word(span):
        after = doc[span.end + 1]  # "Greer, South Carolina": a town before its state
        if after.ent_iob_ == "B" and after.ent_type_ == "GPE":
            return True
    if _listed_with_a_place(span):
        return True
    if _after_an_address(span):
        return True
    return (span.start >= 2 and _joining_hyphen(doc[span.start - 1])
            and doc[span.start - 2].lower_ in PARTIES)


def _owns_an_area(span: Span) -> bool:
    """The name owns an area noun, past its adjectives: "X's eastern neighbourhoods", "X's
    commercial district", "X's outskirts" (``area_nouns`` of ``locate.toml``). A person
    owns homes and offices, which that list leaves out."""
    from frontwatch.stages.locate import locate_words

    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].lower_ not in POSSESSIVE:
        return False
    i += 1
    while i < len(doc) and i <= span.end + 3 and doc[i].is_lower and doc[i].pos_ in ("ADJ", "ADV"):
        i += 1
    return (i < len(doc) and doc[i].is_lower and doc[i].pos_ == "NOUN"
            and doc[i].lemma_.lower() in locate_words().area_nouns)


def _object_of_place_verb(span: Span, determined: bool = False) -> bool:
    """The name is the direct object of a verb that takes places ("visited Quetta",
    "shelled Kharkiv and Izium"): the object itself or a conjunct of it.  A town's name
    takes no article: "struck the Toyota", "hit the northern Plains" name other things
    (``determined``: a name that does take one, "visited the Kremlin")."""
    if _common_word(span) or any(t.is_upper and len(t) <= 3 for t in span):
        return False  # "capturing the Best in Show", "visit the ER"
    if not determined and any(t.dep_ == "det" for t in span.root.children):
        return False
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if not (root.dep_ == "dobj" and root.head.pos_ == "VERB"
            and root.head.lemma_.lower() in place_verbs()):
        return False
    people = _person_words(span.doc)
    return not any(t.lower_ in people for t in span)  # "Smith visited Gregg", Jim Gregg's


@functools.lru_cache(maxsize=1)
def _landmark_ids() -> dict[str, int]:
    """Seats of government and the GeoNames id of their city (``data/geonames/landmarks.tsv``)."""
    rows = [line.split("\t") for line in _lines("landmarks.tsv")]
    return {name.strip(): int(gid) for name, gid in rows[1:]}  # rows[0]: the header


@functools.lru_cache(maxsize=1)
def landmark_names() -> frozenset[str]:
    """The names of ``data/geonames/landmarks.tsv`` as written."""
    return frozenset(_landmark_ids())


@functools.lru_cache(maxsize=1)
def _landmark_pattern() -> re.Pattern:
    names = sorted(_landmark_ids(), key=len, reverse=True)  # the longer name first
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def landmarks(doc: Doc) -> list[tuple[Span, int | None]]:
    """Where the text names a seat of government: each span with the GeoNames id of the
    city it stands in where the text puts something there ("met at the White House",
    "visited the Kremlin"), else None: named as who acts or speaks ("the Kremlin said"),
    it is an actor, and no place (least of all a namesake town)."""
    ids = _landmark_ids()
    out = []
    for match in _landmark_pattern().finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            placed = (_after_locative(doc, _determined(span).start)
                      or _object_of_place_verb(span, determined=True))
            out.append((span, ids[match.group()] if placed else None))
    return out


def _determined(span: Span) -> Span:
    """The span with its "the" ("at the White House")."""
    if span.start > 0 and span.doc[span.start - 1].lower_ == "the":
        return span.doc[span.start - 1:span.end]
    return span


def _after_an_address(span: Span) -> bool:
    """ "of 1935 Orchard St., Alexandria, was arrested": the town after a street address."""
    doc = span.doc
    return (span.start >= 3 and doc[span.start - 1].text == ","
            and doc[span.start - 2].lower_.rstrip(".") in STREET_WORDS
            and doc[span.start - 3].text[:1].isupper())


def _listed_with_a_place(span: Span) -> bool:
    """ "Gainesville and Lindsay", "Newark, Heath and Pataskala": a name coordinated with
    one the tagger calls a place is one too -- unless it is a word of a person's name in
    the story ("Tim and Kristina", "Tim Smith")."""
    if not any(t.ent_type_ == "GPE" for t in span.root.conjuncts):
        return False
    people = _person_words(span.doc)
    return not any(t.lower_ in people for t in span)


def _division_in_brackets(doc: Doc, i: int) -> bool:
    """A capitalised name and an administrative word, closed by a bracket, from token
    ``i`` on: "(Kurdistan province)", "(Sistan and Baluchestan province)"."""
    if i >= len(doc) or not doc[i].text[:1].isupper():
        return False
    for j in range(i + 1, min(i + 6, len(doc) - 1)):
        if doc[j].lower_ in ADMIN_WORDS:
            return doc[j + 1].text == ")"
        if not (doc[j].text[:1].isupper() or doc[j].lower_ in ("and", "-", "of")):
            return False
    return False


def _dateline(span: Span, nxt) -> bool:
    """ "ROSWELL -- A man...", "BEIRUT: Israel...", "COLUMBUS, Ohio (AP) --": a name in
    capitals opening a story or sentence, before a dash, colon, bracket or comma."""
    if not all(t.is_upper for t in span if t.is_alpha):
        return False
    if nxt.is_space and span.start == 0:
        return True  # "KABUL (Reuters) - ": the agency and dash are header, blanked
    return nxt.text in DASHES or (span[0].is_sent_start is True and nxt.text in (":", "(", ","))


def _roads(doc: Doc) -> list[tuple[int, int]]:
    spans = []
    for _id, start, end in _matcher_for(doc.vocab)(doc):
        if doc[start].lower_ == "the":
            start += 1
            nxt = doc[end] if end < len(doc) else None
            if end - start == 1 and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "NUM"):
                continue  # "the M4 carbine", "the A10 jets"
        spans.append((start, end))
    return [s for s in _longest(spans)]


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def _trim(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_punct):
        start += 1
    if end - start > 2 and doc[start].lower_ in PARTIES and _joining_hyphen(doc[start + 1]):
        start += 2  # "D-Iowa City": a legislator's party and home town
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
                           or (doc[end - 1].is_stop and doc[end - 1].is_lower)):
        end -= 1  # "City of" cut from "City of Huntsville" is no name
    if end - start == 1 and (doc[start].lower_ in SETTLEMENT_WORDS or doc[start].lower_ in ADMIN_WORDS):
        return None
    return doc[start:end] if end > start else None


def _capitalised(token, skip: frozenset[str] = SKIP_ENT) -> bool:
    return (token.text[:1].isupper() and not token.is_punct and not token.is_stop
            and (token.ent_type_ not in skip or _misread_date(token)))


def _misread_date(token) -> bool:
    """ "In Taizz, shelling ...": a one-word DATE of the tagger after a locative word that
    is no calendar word (a month, a weekday, a feast, a season) nor a number is a name."""
    doc = token.doc
    if (token.ent_type_ != "DATE" or token.ent_iob_ != "B" or not token.is_alpha
            or token.i == 0 or doc[token.i - 1].lower_ not in LOCATIVE
            or (token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I")):
        return False
    return token.lower_ not in calendar_words()


def _joining_hyphen(token) -> bool:
    """A hyphen inside one name ("Al-Bab", "Deir ez-Zor"): no space on either side."""
    doc = token.doc
    return (token.text in ("-", "‐", "–") and not token.whitespace_ and token.i > 0
            and not doc[token.i - 1].whitespace_ and token.i + 1 < len(doc))


def _runs(doc: Doc, taken: bytearray, skip: frozenset[str] = SKIP_ENT) -> list[tuple[int, int]]:
    runs, start = [], None
    for token in doc:
        inside = not taken[token.i] and (_capitalised(token, skip)
                                         or (start is not None and _joining_hyphen(token)))
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            runs.append((start, token.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return runs


def _gazetteer_matches(doc: Doc, gazetteer: Gazetteer, mentions: list[Mention],
                       taken: bytearray) -> None:
    marked = _nationalities(doc, gazetteer, taken)
    runs = _runs(doc, marked, MATCH_SKIP_ENT - {"NORP"})
    runs = sorted(set(runs) | set(_named_by_place_noun(doc, marked, runs)))
    starts = [(s, e) for s, e in runs] + [(j + 1, e) for s, e in runs for j in range(s, e)
                                          if _joining_hyphen(doc[j]) or doc[j].lower_ in REGION_WORDS]
    windows = {doc[s:s + n].text for s, e in starts for n in range(1, min(MAX_WINDOW, e - s) + 1)}
    fac = [_trim(e) for e in doc.ents if e.label_ == "FAC"]
    windows.update(span.text for span in fac if span is not None)
    windows.update(m.text for m in mentions)
    found = gazetteer.lookup(windows)

    def spelled(text: str) -> bool:
        return _spells_a_place(found, text)

    def respelled(span: Span) -> bool:
        """Only the transliteration key matches: enough after "town of", "village of", or
        for a hyphenated or one-word name after a locative word ("at Al-Hasakah", "in
        Bogura" for Bogra); the resolver then accepts it only inside the story's
        countries or a named containing place, and a one-word town only where it
        respells the town's own name."""
        if span.start < 2 or len(name_key(span.text)) < 5 or not found.get(name_key(span.text)):
            return False
        before, prev = doc[span.start - 2].lower_, doc[span.start - 1].lower_
        if prev == "of" and before in SETTLEMENT_WORDS:
            return True
        return prev in LOCATIVE and (len(span) == 1 or any(_joining_hyphen(t) for t in span))

    for span in fac:
        if (span is not None and not any(taken[span.start:span.end]) and spelled(span.text)
                and not _common_word(span)):
            _add(mentions, taken, span, "ner", "FAC")
    common = common_words()
    for start, end in runs:
        i = start
        while i < end:
            for n in range(min(MAX_WINDOW, end - i), 0, -1):
                span = doc[i:i + n]
                if (not any(taken[i:i + n]) and (spelled(span.text) or respelled(span))
                        and (_plausible(span, common) or _great_city(span, found))):
                    if i + n < end and _settlement_named_whole(doc, start, end):
                        i = end  # only the first words of a settlement's name
                        break
                    _add(mentions, taken, span, "gazetteer", span[0].ent_type_)
                    i += n + (i + n < end and _joining_hyphen(doc[i + n]))
                    break
            else:
                # The run starts with a non-place word: it names something else, up to
                # a joining hyphen at most ("Ohio-Kentucky" still yields Kentucky) --
                # unless the word is a part of a region ("Northern Illinois University").
                if doc[i].lower_ in REGION_WORDS:
                    i += 1
                    continue
                i = next((j + 1 for j in range(i, end) if _joining_hyphen(doc[j])), end)
    def known(text: str) -> bool:
        return bool(found.get(name_key(text)))

    _drop_unknown_people(doc, mentions, taken, spelled)
    _drop_bare_unknown_regions(doc, mentions, taken, known)
    _echoes(doc, mentions, taken, spelled)
    _drop_name_parts(doc, mentions)


def _named_by_place_noun(doc: Doc, taken: bytearray, runs: list[tuple[int, int]]
                         ) -> list[tuple[int, int]]:
    """ "the municipality of Jambaló", "the town of Kidal": capitalised words right after
    a settlement or administrative noun and "of" name a place, whatever the small model
    called them (it tags such names a date or a number now and then); the runs of them
    that the matcher's own runs skipped."""
    inside = {i for start, end in runs for i in range(start, end)}
    found = []
    for token in doc:
        i = token.i
        if (i < 2 or i in inside or taken[i] or doc[i - 1].lower_ != "of"
                or doc[i - 2].lower_ not in SETTLEMENT_WORDS | ADMIN_WORDS
                or not _capitalised(token, frozenset())):
            continue
        end = i + 1
        while end < len(doc) and end not in inside and not taken[end] and (
                _capitalised(doc[end], frozenset()) or _joining_hyphen(doc[end])):
            end += 1
        found.append((i, end))
    return found


def _settlement_named_whole(doc: Doc, start: int, end: int) -> bool:
    """ "Let Pan Hla village", "the village of Let Pan Hla": a run of names that a
    settlement noun calls one place; a gazetteer name that is only its first words ("Let
    Pan") is another place."""
    if end < len(doc) and doc[end].text in SETTLEMENT_WORDS and doc[end].pos_ == "NOUN":
        return True  # "Let Pan Hla village" (a capital "City of Oxford ..." is a title)
    return start >= 2 and doc[start - 1].text == "of" and doc[start - 2].text in SETTLEMENT_WORDS


def _great_city(span: Span, found: dict) -> bool:
    """One word the tagger calls a person that is the very name of a city of a million
    ("Russian drones struck Odesa", "shelled Kharkiv"), and no word of a person's full
    name in the story ("Kobe Bryant"): the city."""
    if len(span) != 1 or span[0].ent_type_ != "PERSON" or span[0].lower_ in _person_words(span.doc):
        return False
    fold = fold_name(span.text)
    return any(entry.main_fold == fold and entry.place.feature == "place"
               and entry.place.population >= GREAT_CITY_POPULATION
               for entry in found.get(name_key(span.text), ()))


def _nationalities(doc: Doc, gazetteer: Gazetteer, taken: bytearray) -> bytearray:
    """``taken`` and the tokens of country adjectives and demonyms the tagger calls NORP
    ("Syrian", "Americans") or before a common noun ("Arab culture"): never a place.  Its
    other NORP words may be ("Greer, South Carolina" tagged NORP) and are left to the
    matcher, with a cue required."""
    marked = bytearray(taken)
    for ent in doc.ents:
        if ent.label_ == "NORP" and (demonym_country(gazetteer, ent.text) or _adjectival(ent)):
            marked[ent.start:ent.end] = b"\x01" * len(ent)
    return marked


def _adjectival(ent: Span) -> bool:
    """ "Arab culture", "an Arab woman": a group's name before a common noun qualifies it;
    not before a word for a region or a town ("the Odesa region", tagged a group's name,
    is a place)."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN"
            and nxt.lower_ not in ADMIN_WORDS | SETTLEMENT_WORDS)


def _drop_name_parts(doc: Doc, mentions: list[Mention]) -> None:
    """A name no NER place label supports is no place inside a longer person's name
    ("President Barack Obama", "Emilie Holroyd", "Linda Daily") -- unless the tagger's
    person is a town's institution ("Alexandria Police")."""
    persons: dict[int, tuple[int, int]] = {}
    for ent in doc.ents:
        # the tagger's person ends before a possessive: "Khan Younis's" is the name "Khan Younis"
        end = ent.end - (doc[ent.end - 1].lower_ in POSSESSIVE)
        if ent.label_ == "PERSON" and end - ent.start > 1:
            for i in range(ent.start, end):
                persons[i] = (ent.start, end)
    for mention in list(mentions):
        if mention.source not in ("gazetteer", "echo"):
            continue
        start, end = persons.get(mention.start, (None, None))
        inside = start is not None and mention.end <= end and (start, end) != (
            mention.start, mention.end)
        if inside and (mention.start > start or not _institution(doc[mention.end])):
            mentions.remove(mention)
        elif _in_known_person(doc, mention):
            mentions.remove(mention)


def _in_known_person(doc: Doc, mention: Mention) -> bool:
    """The name lies inside the longer name of a well-known person of
    ``data/actors/people.tsv``, however the tagger labels it ("the government of Aung San
    Suu Kyi": Aung San is a town of Myanmar too)."""
    people = _known_people()
    for start in range(max(0, mention.start - KNOWN_NAME_WORDS + 1), mention.start + 1):
        for end in range(mention.end, min(len(doc), start + KNOWN_NAME_WORDS) + 1):
            if (start, end) != (mention.start, mention.end) and fold_name(doc[start:end].text) in people:
                return True
    return False


KNOWN_NAME_WORDS = 5  # the longest person's name looked for around a name, in tokens


@functools.lru_cache(maxsize=1)
def _known_people() -> frozenset[str]:
    """Folded names and aliases of several words in ``data/actors/people.tsv``."""
    from importlib import resources

    text = resources.files("frontwatch.data").joinpath("actors").joinpath("people.tsv")
    names = set()
    for line in text.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            for name in [cells[0], *(cells[1].split("|") if len(cells) > 1 else ())]:
                if name != "-" and len(name.split()) > 1:
                    names.add(fold_name(name))
    return frozenset(names)


def _institution(token) -> bool:
    word = token.lower_.rstrip(".")
    return word in LOCAL_NOUNS or word in INSTITUTIONS or word in ADMIN_WORDS


def _drop_unknown_people(doc: Doc, mentions: list[Mention], taken: bytearray, known) -> None:
    """An NER place the gazetteer does not know, whose words the story also uses in a
    person's name ("Saakashvili", "Pawlenty"), is the tagger's slip, not a place."""
    people = {t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e}
    for mention in list(mentions):
        if (mention.source == "ner" and not known(mention.text)
                and all(t.lower_ in people for t in doc[mention.start:mention.end])
                and not _settlement_named(doc[mention.start:mention.end])):
            mentions.remove(mention)
            for i in range(mention.start, mention.end):
                taken[i] = 0


def _drop_bare_unknown_regions(doc: Doc, mentions: list[Mention], taken: bytearray,
                               known) -> None:
    """A one-word region the gazetteer does not know is named with "the" ("the
    Caribbean", "the Midwest"); without it the tagger's LOC is mostly a product or an
    adjective ("Honda Odyssey", "a special Mideast envoy")."""
    for mention in list(mentions):
        if (mention.source == "ner" and mention.label == "LOC" and mention.end - mention.start == 1
                and not known(mention.text)
                and (mention.start == 0 or doc[mention.start - 1].lower_ != "the")):
            mentions.remove(mention)
            taken[mention.start] = 0


def _echoes(doc: Doc, mentions: list[Mention], taken: bytearray, known) -> None:
    """One sense per story: a name already taken as a place is a place wherever it recurs
    capitalised ("the Gainesville sewer system", "United Bank Charleston Market")."""
    lengths = {fold_name(m.text): m.end - m.start for m in mentions
               if m.source != "road" and m.label in ("GPE", "LOC") and known(m.text)}
    if not lengths:
        return
    longest = max(lengths.values())
    for start, end in _runs(doc, taken, MATCH_SKIP_ENT):
        i = start
        while i < end:
            for n in range(min(longest, end - i), 0, -1):
                if lengths.get(fold_name(doc[i:i + n].text)) == n:
                    _add(mentions, taken, doc[i:i + n], "echo", "")
                    i += n
                    break
            else:
                i += 1


def recurrences(doc: Doc, lengths: dict[str, int], covered: Iterable[tuple[int, int]]
                ) -> list[tuple[Span, str]]:
    """Where names the resolver placed recur capitalised outside ``covered`` character
    spans: ``[(span, fold)]``.  ``lengths`` maps each name's fold to its token count."""
    taken = bytearray(len(doc))
    for start, end in covered:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            taken[span.start:span.end] = b"\x01" * len(span)
    longest = max(lengths.values(), default=0)
    people = _person_words(doc)
    common = common_words()
    found = []
    for start, end in _runs(doc, taken, RECUR_SKIP_ENT):
        i = start
        while i < end:
            for n in range(min(longest, end - i), 0, -1):
                span = doc[i:i + n]
                fold = fold_name(span.text)
                if lengths.get(fold) == n and not _personal_or_common(span, people, common):
                    found.append((span, fold))
                    i += n
                    break
            else:
                i += 1
    return found


def _personal_or_common(span: Span, people: frozenset[str], common: frozenset[str]) -> bool:
    """Part of a person's name ("Tom Bell", or a word of one elsewhere in the story), or one
    common English word ("Council", "Hope"): a recurrence there is not the place."""
    if any(t.ent_type_ == "PERSON" for t in span) and (
            span[0].ent_iob_ != "B" or (span.end < len(span.doc) and span.doc[span.end].ent_iob_ == "I")):
        return True
    words = {t.lower_ for t in span}
    return bool(words & people) or (len(span) == 1 and fold_name(span.text) in common)


def _plausible(span: Span, common: frozenset[str]) -> bool:
    """A capitalised gazetteer name that is not an English word or a person in disguise."""
    first = span[0]
    if span[-1].text in ("-", "‐", "–") or (len(span) == 1 and first.lower_ in ARTICLES):
        return False
    needs_cue = first.ent_type_ in ("PERSON", "NORP") or _named_thing(span)
    if len(span) == 1 and first.lower_ in common and (_in_a_title(span) or _named_before(span)):
        return False  # "Chamber of Commerce", "Department of Homeland Security", "Union Carbide"
    if len(span) == 1 and first.lower_ in body_adjectives() and _names_a_body(span):
        return False  # "the Federal Police", "the National Police": a body's name
    if len(span) == 1:
        needs_cue |= first.lower_ in common or first.tag_ in ("JJ", "VB", "VBD", "VBZ", "MD")
        needs_cue |= (first.is_sent_start is True and first.ent_type_ not in NER_LABELS
                      and not _attributive(span))
    if not needs_cue:
        return True
    return _local_cue(span)


def _names_a_body(span: Span) -> bool:
    """A capitalised institution word right after the name ("Federal Police"), with no
    locative word before it: the start of the body's own name."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return (nxt is not None and nxt.text[:1].isupper() and _institution(nxt)
            and not _after_locative(doc, span.start))


def _named_before(span: Span) -> bool:
    """ "at Healing Hands", "from Union Carbide": a capitalised word after the name, other
    than a place's institution ("Hudson Police"), makes it part of a longer name."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return (nxt is not None and nxt.is_alpha and nxt.text[:1].isupper()
            and not _institution(nxt))


def _attributive(span: Span) -> bool:
    """ "Alexandria parents charged", "Grapeland center holds": a name opening a sentence
    before a lower-case noun qualifies it, as a town does; a person's name opens with a
    verb after it ("Smith said")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and nxt.is_lower and nxt.pos_ == "NOUN"


def _in_a_title(span: Span) -> bool:
    """ "Chamber of X", "Division of X": "of" between capitalised words joins a title --
    unless the first is a person ("Jim Hufstetler of Roswell")."""
    doc = span.doc
    return (span.start >= 2 and doc[span.start - 1].lower_ == "of"
            and doc[span.start - 2].text[:1].isupper() and doc[span.start - 2].ent_type_ != "PERSON")


def _named_thing(span: Span) -> bool:
    """The tagger's facility or organisation is exactly this name, or "the" and this name:
    "City Park", "Golden Gate", "the White House" are a park, a bridge, an office."""
    first = span[0]
    if first.ent_type_ not in ("FAC", "ORG") or first.ent_iob_ not in ("B", "I"):
        return False
    doc = span.doc
    start = first.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end != span.end:
        return False
    if start == first.i:
        return first.ent_type_ == "FAC"
    return start == first.i - 1 and doc[start].lower_ == "the"


def _office(doc: Doc, i: int) -> bool:
    """ "Department of Transportation": the word at ``i`` starts an
    institution's name, not an administrative division ("Virginia Department of ...")."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return (doc[i].lower_ == "department" and nxt is not None and nxt.lower_ == "of"
            and doc[i].text[:1].isupper())


def _cues(doc: Doc, mention: Mention) -> None:
    if mention.cue == "road":
        return
    last = doc[mention.end - 1].lower_
    nxt = doc[mention.end].lower_ if mention.end < len(doc) else ""
    if last in ADMIN_WORDS and mention.end - mention.start > 1:
        mention.cue = last
    elif nxt in ADMIN_WORDS and not _office(doc, mention.end):
        mention.cue = nxt
    elif nxt in SETTLEMENT_WORDS:  # "Idlib city"
        mention.cue = _SINGULAR.get(nxt, nxt)
    elif nxt in CITY_OFFICES:  # "New York Mayor Michael Bloomberg"
        mention.cue = "city"
    elif nxt == "border" or (mention.start > 0 and doc[mention.start - 1].lower_ in REGION_PARTS):
        mention.cue = "part"  # "the New York border", "upstate New York", "southern Nevada"
    elif mention.start >= 2 and doc[mention.start - 1].lower_ == "of":
        before = doc[mention.start - 2].lower_
        if before in SETTLEMENT_WORDS:
            mention.cue = _SINGULAR.get(before, before)
        elif before in ADMIN_WORDS:
            mention.cue = before
        elif before in CITY_OFFICES:  # "the mayor of X"
            mention.cue = "city"
