"""The world-wide actor dictionary: loading, lookup and phrase matching.

The dictionary is a set of reviewable TSV files in ``frontwatch/data/actors/``
(countries, government seats, organisations, generic sector nouns, non-actor
phrases, sector display names, well-known people). It is read once per process, on first use
(``get_dictionary()``), never at import time.

Case: an alias of five characters or fewer that has a capital letter after its
first character ("UN", "IS", "U.S.", "LeT") matches only with exactly that case, so
"is" and "us" never match. Other names match case-insensitively but must carry a
capital letter in the text ("Turkey", "TURKEY", not "turkey"). Generic sector nouns
("rebels", "state television") match in any case.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from frontwatch.records import SECTORS

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.vocab import Vocab

DATA_PACKAGE = "frontwatch.data"
DATA_DIR = "actors"
NAME_ROLES = ("organisation", "seat", "country", "capital", "adjective", "demonym")
ALONE_VALUES = ("implicit", "unresolved", "never")
# Aliases this short (dots not counted) with an inner capital are acronyms: exact case.
ACRONYM_MAX_LEN = 5


class ActorDataError(ValueError):
    """A row of an actor data file is malformed."""


@dataclass(frozen=True)
class ActorEntry:
    """One reading of a phrase.

    ``role`` says what the phrase is: ``country`` (a country's name or alias),
    ``adjective``, ``demonym``, ``capital``, ``seat`` (Kremlin), ``organisation``,
    ``sector`` (a generic noun) or ``nonactor`` (a phrase to drop). ``country`` is
    ISO alpha-3, ``IGO``, or None (generic nouns, transnational groups).
    ``alone`` says what the phrase means with no country named with it:
    ``implicit`` (the story's country), ``unresolved`` or ``never`` (no actor).
    """

    phrase: str
    role: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str = "actor"
    alone: str = "unresolved"


@dataclass(frozen=True)
class PersonTerm:
    """One office of a listed person (a row of ``people.tsv``).

    From ``start`` to ``end`` (years, both included; ``end`` None: still in office) the
    person is ``country`` [``sectors``]; after ``end``, ``former`` sectors. ``country`` is
    ISO alpha-3, ``IGO``, or None (a transnational group's leader: the story's country).
    ``organisation`` is the display name of an organisations.tsv actor, or "".
    """

    name: str
    country: str | None
    sectors: tuple[str, ...]
    start: int
    end: int | None
    former: tuple[str, ...] = ()
    organisation: str = ""

    def holds(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class PersonReading:
    """What a listed person's name means in a story of a given year."""

    country: str | None
    sectors: tuple[str, ...]
    organisation: str = ""


def normalise_key(phrase: str) -> str:
    """The lookup key of a phrase: lower case, single spaces, straight apostrophes."""
    return " ".join(phrase.replace("\u2019", "'").lower().split())


def person_key(phrase: str) -> str:
    """The lookup key of a person's name: ``normalise_key`` without accents or a final
    possessive ("Erdoğan's" -> "erdogan")."""
    key = normalise_key(phrase).removesuffix("'s").removesuffix("'").strip()
    return "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))


def is_acronym(alias: str) -> bool:
    """True for short aliases with an inner capital (UN, U.S., LeT): exact-case matches."""
    letters = alias.replace(".", "")
    return len(letters) <= ACRONYM_MAX_LEN and any(c.isupper() for c in letters[1:])


def _variants(alias: str) -> list[str]:
    """The alias as written plus its typographic-apostrophe twin, in that order (a list,
    not a set: what is built from it must not depend on the interpreter's hash seed)."""
    return list(dict.fromkeys((alias, alias.replace("'", "\u2019"), alias.replace("\u2019", "'"))))


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a packaged TSV file as dicts (comments and blank lines skipped)."""
    path = resources.files(DATA_PACKAGE).joinpath(DATA_DIR).joinpath(name)
    return table_rows(name, path.read_text("utf-8"))


def table_rows(name: str, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of the text of the TSV file ``name`` as (line number, dict)."""
    lines = text.splitlines()
    numbered = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    if not numbered:
        raise ActorDataError(f"{DATA_DIR}/{name}: no header row")
    header = numbered[0][1].split("\t")
    for lineno, line in numbered[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ActorDataError(
                f"{DATA_DIR}/{name}:{lineno}: expected {len(header)} tab-separated "
                f"columns ({', '.join(header)}), found {len(cells)}"
            )
        yield lineno, dict(zip(header, (c.strip() for c in cells)))


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _sectors(cell: str, where: str) -> tuple[str, ...]:
    sectors = tuple(_split(cell))
    bad = [s for s in sectors if s not in SECTORS]
    if bad:
        raise ActorDataError(f"{where}: unknown sector(s) {bad}; allowed: {' '.join(SECTORS)}")
    return sectors


class People:
    """Well-known people (``people.tsv``) by name and alias, read against a story's year."""

    def __init__(self, terms: Iterable[PersonTerm], aliases: dict[str, list[str]]):
        self.terms: dict[str, list[PersonTerm]] = {}
        for term in terms:
            self.terms.setdefault(term.name, []).append(term)
        for found in self.terms.values():
            found.sort(key=lambda t: t.start)
        # every spelling: the name, its aliases, their forms without accents, both apostrophes
        self.spellings: dict[str, list[str]] = {}
        self._names: dict[str, list[str]] = {}
        for name, more in aliases.items():
            for alias in dict.fromkeys([name, *more]):
                key = person_key(alias)
                plain = "".join(c for c in unicodedata.normalize("NFKD", alias)
                                if not unicodedata.combining(c))
                for spelled in dict.fromkeys([*_variants(alias), *_variants(plain)]):
                    if spelled not in self.spellings.setdefault(key, []):
                        self.spellings[key].append(spelled)
                if name not in self._names.setdefault(key, []):
                    self._names[key].append(name)
        self._matchers: dict[int, tuple[Vocab, PhraseMatcher]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.terms)

    def names(self, phrase: str) -> list[str]:
        """Full names of the people a phrase may name ("Trump", "Erdoğan's")."""
        return list(self._names.get(person_key(phrase), []))

    def reading_of(self, name: str, year: int | None) -> tuple[PersonReading, bool]:
        """(what the person is in ``year``, whether in office then). With no year, the
        person's latest office."""
        terms = self.terms[name]
        if year is None:
            term = terms[-1]
            return PersonReading(term.country, term.sectors, term.organisation), True
        held = [t for t in terms if t.holds(year)]
        if held:
            term = held[-1]
            return PersonReading(term.country, term.sectors, term.organisation), True
        past = [t for t in terms if t.end is not None and t.end < year]
        if not past:
            return PersonReading(terms[0].country, ()), False
        term = max(past, key=lambda t: t.end or 0)
        return PersonReading(term.country, term.former,
                             term.organisation if term.former else ""), False

    def reading(self, phrase: str, year: int | None) -> PersonReading | None:
        """What a name means in a story of ``year``. A name shared by several listed
        people ("Bush", "Kabila") means the one in office then; people in office together
        who differ give only their common country; different countries give None."""
        readings = [self.reading_of(name, year) for name in self.names(phrase)]
        if not readings:
            return None
        chosen = [r for r, office in readings if office] or [r for r, _ in readings]
        distinct = list(dict.fromkeys(chosen))
        if len(distinct) == 1:
            return distinct[0]
        countries = {r.country for r in distinct}
        return PersonReading(countries.pop(), ()) if len(countries) == 1 else None

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """A case-insensitive PhraseMatcher of every spelling, labelled by ``person_key``."""
        return _per_vocab(self._matchers, self._lock, vocab, self._build_matcher)

    def _build_matcher(self, vocab: Vocab) -> PhraseMatcher:
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        pairs = [(key, spelled) for key, spelled_list in self.spellings.items()
                 for spelled in spelled_list]
        for key, docs in _group(pairs, tokenizer):
            matcher.add(key, docs)
        return matcher


class ActorDictionary:
    """Every actor phrase of the data files, by lookup key, plus a spaCy matcher."""

    def __init__(self, entries: Iterable[ActorEntry], countries: dict[str, dict[str, str]],
                 blocking_heads: Iterable[str], sector_names: list[tuple[str, str, str]],
                 people: People | None = None):
        self.countries = countries
        self.people = people if people is not None else People((), {})
        self.blocking_heads = frozenset(normalise_key(h) for h in blocking_heads)
        self.sector_names = sector_names
        self.entries: list[ActorEntry] = list(entries)
        self._by_key: dict[str, list[ActorEntry]] = {}
        self._exact: dict[str, list[ActorEntry]] = {}
        for entry in self.entries:
            for variant in _variants(entry.phrase):
                by_key = self._by_key.setdefault(normalise_key(variant), [])
                if entry not in by_key:  # the apostrophe twins share one key
                    by_key.append(entry)
                if entry.role != "sector" and is_acronym(entry.phrase):
                    self._exact.setdefault(variant, []).append(entry)
        self._adjectives = {
            normalise_key(e.phrase): e.country for e in self.entries if e.role == "adjective"
        }
        self._matchers: dict[int, tuple[Vocab, tuple[PhraseMatcher, PhraseMatcher]]] = {}
        self._lock = threading.Lock()

    # -- lookups ---------------------------------------------------------------
    def lookup(self, phrase: str) -> list[ActorEntry]:
        """Entries for a phrase ("Turkey", "state television", "the UN"), case-insensitive.

        A leading "the" is ignored. Returns [] for unknown phrases and for phrases
        that the dictionary lists as non-actors.
        """
        key = normalise_key(phrase)
        found = self._by_key.get(key)
        if found is None and key.startswith("the "):
            found = self._by_key.get(key[4:])
        return [e for e in (found or []) if e.role != "nonactor"]

    def country_adjective_iso3(self, word: str) -> str | None:
        """ISO alpha-3 of a country adjective ("Syrian" -> "SYR"), else None."""
        return self._adjectives.get(normalise_key(word))

    def country_name(self, iso3: str | None) -> str | None:
        row = self.countries.get(iso3 or "")
        return row["name"] if row else None

    def display_name(self, country: str | None, sectors: Iterable[str]) -> str:
        """ACLED-like name from country and sectors ("Military Forces of Syria")."""
        have = set(sectors)
        label = self.country_name(country) or country
        for sector, with_country, without in self.sector_names:
            if sector in have:
                return with_country.format(country=label) if label else without
        return label or "Unknown actor"

    def is_blocking_head(self, lemma: str) -> bool:
        """True for nouns that make a country word in front of them a non-actor ("border")."""
        return normalise_key(lemma) in self.blocking_heads

    def entries_for_match(self, label: str, exact: bool) -> list[ActorEntry]:
        """Entries behind a matcher label (exact: an acronym matched case-sensitively)."""
        return self._exact.get(label, []) if exact else self._by_key.get(label, [])

    # -- matching --------------------------------------------------------------
    def matchers(self, vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
        """(case-insensitive, exact-case) PhraseMatchers for this vocab, built once."""
        return _per_vocab(self._matchers, self._lock, vocab, self._build_matchers)

    def _build_matchers(self, vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
        import spacy
        from spacy.matcher import PhraseMatcher

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        lower = PhraseMatcher(vocab, attr="LOWER")
        exact = PhraseMatcher(vocab, attr="ORTH")
        # every spelling under its lookup key: both apostrophes, since "People's" and
        # "People\u2019s" differ in their lower-case tokens
        spellings: dict[tuple[str, str], str] = {}
        for entry in self.entries:
            for variant in _variants(entry.phrase):
                if entry.role != "sector" and is_acronym(entry.phrase):
                    continue
                spelled = " ".join(variant.lower().split())
                spellings.setdefault((normalise_key(variant), spelled), variant)
        for key, docs in _group(((key, text) for (key, _s), text in spellings.items()), tokenizer):
            lower.add(key, docs)
        for key, docs in _group(((k, k) for k in self._exact), tokenizer):
            exact.add(key, docs)
        return lower, exact


def _per_vocab(cache: dict, lock: threading.Lock, vocab: Vocab, build):
    """What ``build(vocab)`` makes, built once per spaCy vocabulary (keyed by identity,
    checked again under the lock, so concurrent first calls build it once)."""
    cached = cache.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        with lock:
            cached = cache.get(id(vocab))
            if cached is None or cached[0] is not vocab:
                cached = cache[id(vocab)] = (vocab, build(vocab))
    return cached[1]


def _group(pairs: Iterable[tuple[str, str]], tokenizer) -> Iterator[tuple[str, list]]:
    pairs = list(pairs)
    for (key, _text), doc in zip(pairs, tokenizer.pipe(text for _k, text in pairs)):
        yield key, [doc]


# -- loading ---------------------------------------------------------------------
def _country_entries(countries: dict[str, dict[str, str]]) -> Iterator[ActorEntry]:
    listed = {normalise_key(a) for row in countries.values()
              for a in [row["name"], *_split(row["aliases"])]}
    for iso3, row in countries.items():
        name = row["name"]
        aliases = [name, *_split(row["aliases"])]
        # the formal style "the Republic of Armenia", unless it names another country
        # (the Republic of Korea, of China, of the Congo are listed as aliases)
        formal = f"Republic of {name}"
        if normalise_key(formal) not in listed and " " not in name:
            aliases.append(formal)
        for alias in aliases:
            yield ActorEntry(alias, "country", name, iso3, ("GOV",), "country")
        for adj in _split(row["adjectives"]):
            yield ActorEntry(adj, "adjective", name, iso3, ("GOV",), "country")
        for dem in _split(row["demonyms"]):
            yield ActorEntry(dem, "demonym", name, iso3, (), "country")
        for cap in _split(row["capitals"]):
            yield ActorEntry(cap, "capital", name, iso3, ("GOV",), "capital")


def _load_countries() -> dict[str, dict[str, str]]:
    countries: dict[str, dict[str, str]] = {}
    for lineno, row in _rows("countries.tsv"):
        iso3 = row["iso3"]
        if len(iso3) != 3 or not iso3.isupper() or len(row["iso2"]) != 2 or not row["name"]:
            raise ActorDataError(f"{DATA_DIR}/countries.tsv:{lineno}: bad iso3/iso2/name {row}")
        if iso3 in countries:
            raise ActorDataError(f"{DATA_DIR}/countries.tsv:{lineno}: duplicate country {iso3}")
        countries[iso3] = row
    return countries


def _check_country(code: str, countries: dict, where: str, allow_none: bool = False) -> str | None:
    if code == "-" and allow_none:
        return None
    if code != "IGO" and code not in countries:
        raise ActorDataError(
            f"{where}: country {code!r} is neither an ISO alpha-3 of countries.tsv nor IGO")
    return code


def load_dictionary() -> ActorDictionary:
    """Read every data file of ``frontwatch/data/actors`` into an ActorDictionary."""
    countries = _load_countries()
    entries = list(_country_entries(countries))
    for lineno, row in _rows("seats.tsv"):
        where = f"{DATA_DIR}/seats.tsv:{lineno}"
        country = _check_country(row["country"], countries, where)
        entries.append(ActorEntry(row["phrase"], "seat", row["name"], country,
                                  _sectors(row["sectors"], where), "actor"))
    for lineno, row in _rows("organisations.tsv"):
        where = f"{DATA_DIR}/organisations.tsv:{lineno}"
        country = _check_country(row["country"], countries, where, allow_none=True)
        sectors = _sectors(row["sectors"], where)
        if row["kind"] not in ("actor", "media", "monitor"):
            raise ActorDataError(f"{where}: kind {row['kind']!r} is not actor, media or monitor")
        alone = "implicit" if country is None else "unresolved"
        for alias in [row["name"], *_split(row["aliases"])]:
            entries.append(ActorEntry(alias, "organisation", row["name"], country, sectors,
                                      row["kind"], alone))
    for lineno, row in _rows("sectors.tsv"):
        where = f"{DATA_DIR}/sectors.tsv:{lineno}"
        if row["alone"] not in ALONE_VALUES:
            raise ActorDataError(f"{where}: alone {row['alone']!r} is not one of {ALONE_VALUES}")
        sectors = _sectors(row["sectors"], where)
        entries.append(
            ActorEntry(row["phrase"], "sector", "", None, sectors, "actor", row["alone"]))
    heads = []
    for lineno, row in _rows("nonactors.tsv"):
        if row["type"] == "head":
            heads.append(row["phrase"])
        elif row["type"] == "phrase":
            entries.append(ActorEntry(row["phrase"], "nonactor", "", None, (), "actor", "never"))
        else:
            raise ActorDataError(f"{DATA_DIR}/nonactors.tsv:{lineno}: type must be head or phrase")
    names = []
    for lineno, row in _rows("sector_names.tsv"):
        _sectors(row["sector"], f"{DATA_DIR}/sector_names.tsv:{lineno}")
        names.append((row["sector"], row["with_country"], row["without"]))
    organisations = {e.name for e in entries if e.role == "organisation"}
    return ActorDictionary(entries, countries, heads, names,
                           _load_people(countries, organisations))


def _year(cell: str, where: str, column: str) -> int:
    if len(cell) != 4 or not cell.isdigit():
        raise ActorDataError(f"{where}: {column} {cell!r} is not a four-digit year")
    return int(cell)


def _load_people(countries: dict, organisations: set[str],
                 rows: Iterable[tuple[int, dict[str, str]]] | None = None) -> People:
    """people.tsv (or ``rows`` read from such a text): one row per office of a person; a
    person's rows share its aliases."""
    terms: list[PersonTerm] = []
    aliases: dict[str, list[str]] = {}
    for lineno, row in _rows("people.tsv") if rows is None else rows:
        where = f"{DATA_DIR}/people.tsv:{lineno}"
        name = row["name"]
        if not any(c.isupper() for c in name):
            raise ActorDataError(f"{where}: name {name!r} has no capital letter")
        country = _check_country(row["country"], countries, where, allow_none=True)
        sectors = _sectors(row["sectors"], where)
        if not sectors:
            raise ActorDataError(f"{where}: no sectors for {name!r}")
        start = _year(row["from"], where, "from")
        end = None if row["to"] == "-" else _year(row["to"], where, "to")
        if end is not None and end < start:
            raise ActorDataError(f"{where}: to {end} is before from {start}")
        former = () if row["former"] == "-" else _sectors(row["former"], where)
        organisation = "" if row["organisation"] == "-" else row["organisation"]
        if organisation and organisation not in organisations:
            raise ActorDataError(
                f"{where}: organisation {organisation!r} is not a name of organisations.tsv")
        spelled = [] if row["aliases"] == "-" else _split(row["aliases"])
        bad = [a for a in spelled if not any(c.isupper() for c in a)]
        if bad:
            raise ActorDataError(f"{where}: aliases {bad} have no capital letter")
        aliases.setdefault(name, []).extend(spelled)
        terms.append(PersonTerm(name, country, sectors, start, end, former, organisation))
    return People(terms, aliases)


@functools.lru_cache(maxsize=1)
def get_dictionary() -> ActorDictionary:
    """The packaged dictionary, loaded on first call and shared by the process."""
    return load_dictionary()


def lookup(phrase: str) -> list[ActorEntry]:
    """Entries of the packaged dictionary for a phrase (see ``ActorDictionary.lookup``)."""
    return get_dictionary().lookup(phrase)


def country_adjective_iso3(word: str) -> str | None:
    """ISO alpha-3 for a country adjective of the packaged dictionary ("Turkish" -> "TUR")."""
    return get_dictionary().country_adjective_iso3(word)


def fill_implicit_countries(mentions: list, focus_iso3: str | None) -> None:
    """Give the story's country to mentions whose country was left implicit.

    Called by the focus stage once it knows the story's country. Mentions with
    ``implicit_country`` and no country get ``focus_iso3``; a generic name
    ("Military Forces") becomes the country's ("Military Forces of Syria").
    ``implicit_country`` stays True, marking the country as inferred.
    """
    if not focus_iso3:
        return
    dictionary = get_dictionary()
    for mention in mentions:
        if mention.implicit_country and mention.country is None:
            generic = dictionary.display_name(None, mention.sectors)
            mention.country = focus_iso3
            if mention.name == generic:
                mention.name = dictionary.display_name(focus_iso3, mention.sectors)
