"""Choosing the place each mention names, or none.

Every candidate gets a score from its own weight (population, feature class, how
exactly the text spells its name) plus the document's context (the countries the
story is about -- resolved places and country adjectives -- and the provinces or
states its other places lie in, and how near a candidate lies to the candidates of its
other names), plus cues ("Idlib province", "the town of X", "Moscow, Idaho").  Context
is computed from a first pass without context and refined once; a name repeated without
a cue then takes the place of its best-resolved mention (one sense per story).  A best
score under ``MIN_SCORE`` leaves the mention unresolved: an unknown or doubtful name
never becomes a confident wrong point.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from frontwatch.geo.demonyms import demonym_country
from frontwatch.geo.gazetteer import Entry, Gazetteer, haversine_km
from frontwatch.geo.names import article_fold, fold_name, name_key
from frontwatch.geo.recognise import ADMIN_WORDS, GREAT_CITY_POPULATION, ROAD_WORDS, Mention
from frontwatch.records import Place, Toponym

# Tuned on the LGL local-news corpus (shared/dev/geo_lgl.jsonl) and the pinned cases in
# tests/test_resolver.py; raise MIN_SCORE for precision, lower it for recall.
MIN_SCORE = 3.0
ADMIN1_POPULATION_SHARE = 0.05  # a province's summed population counts this much
ADMIN2_POPULATION = 20_000  # districts carry no population; treat them as a small town
SPELLED_MAIN = 0.6  # the text spells the place's own name
SPELLED_ALTERNATE = 0.4  # ... one of its alternate names
KEY_ONLY = -0.5  # only the transliteration key matches
# A respelling (only the key matches) counts only inside the story's main countries --
# those with at least this share of its other names --, inside a containing place
# the text names ("X in Idlib province", "X, Syria"), or in the province of another of
# the story's places ("near Koya, east of Erbil"); otherwise it is no candidate.
KEY_ONLY_MIN_SHARE = 0.25
EXCLUDED = float("-inf")
# A capitalised word no tagger calls a place, spelled as another name of a town, names
# the town after a locative word in the story's main country only when it respells the
# town's own name (see ``_respelled_own_name``).
RESPELLED_MIN_RATIO = 90
RESPELLED_MIN_LETTERS = 6
FUZZY_MIN_LETTERS = 7  # names shorter than this never go to fuzzy matching
COUNTRY_CONTEXT = 3.0  # times the country's share of the story's other mentions
ADMIN1_CONTEXT = 1.0  # another name has a candidate in the same province or state
CUE_MATCH = 3.0
CUE_MISMATCH = -2.0
WITHIN_MATCH = 6.0  # "X, Y": X lies in Y
WITHIN_MISMATCH = -4.0
# A part of a town named with its possessive ("Dhaka's Gulshan area") lies this close to it.
OWNED_PART_KM = 40.0
CONTAINER_BONUS = 2.0  # Y in "X, Y" is a state or country rather than a town ("Rego Park, New York")
GAZETTEER_ONLY_EXTRA = 1.0  # names no NER label supports need a surer resolution
GAZETTEER_ONLY_POPULATION = 20_000  # ... or, alone, be at least this large
DEMONYM_WEIGHT = 0.5  # a country adjective counts as half a mention of the country
# One state per story: local news keeps to one state or province, so the share of the
# story's other names placed in a province (a named province counts STATE_NAMED times)
# decides same-name towns and counties.  Tuned on LGL's even-numbered articles
# (retuned with the nearness bonus: 3.0 -> 4.0, and ADMIN1_CONTEXT 1.5 -> 1.0).
STATE_CONTEXT = 4.0
STATE_NAMED = 2.0
# Places mentioned together lie together: each other distinct name of the story with a
# candidate within NEAR_KM of a candidate adds up to NEARBY_WEIGHT (linearly less with
# distance), so "Walker County" and "Huntsville" meet in Texas, not Alabama.  A name with
# many same-name candidates ("Springfield") finds a near one by chance: its vote is
# divided by its candidate count to the power NEARBY_DILUTION.  Tuned on LGL's even half.
NEAR_KM = 100.0
NEARBY_WEIGHT = 3.0
NEARBY_DILUTION = 0.25
# A town spelled like a country or state competes with it only from this size ("New
# York" city, "Washington" D.C.); smaller ones need a cue.  LGL's even half.
STATE_NAME_TOWN_POPULATION = 100_000
# A town this near the point of the province that bears its name is that province's city
# (St. Petersburg, Bremen, Vienna) and stays a candidate beside it.
CITY_STATE_KM = 60.0
CITY_STATE_SHARE = 0.5
# A town named like a country starts this far behind it; its state's and its neighbours'
# support can make it up.  LGL's even half (insensitive from 1 to 4; the odd half prefers 3).
COUNTRY_NAMESAKE = 3.0
# A district named without its "County" ("Thurston", "Osceola") by the tagger is a
# candidate only when at least this share of the story's other names lies in its state,
# and starts this far behind: stories set in one state name its counties bare, others
# mean the town.  LGL: insensitive from 0.3 to 0.6 and from 1 to 3.
BARE_DISTRICT_MIN_SHARE = 0.5
BARE_DISTRICT_HANDICAP = 2.0
# Support is refined with the first round: from the second on, a name supports the
# provinces and neighbourhoods only of its candidates within this many points of its best
# one ("Litchfield", Connecticut, no longer votes for Albany, Minnesota, through
# Litchfield, Minnesota).  LGL's even half (0 to 1.5 all help; 1 best on both halves).
SUPPORT_MARGIN = 1.0
# The story's money hints at its country ("$10.3 million": the US; "£": Britain): a
# tie-breaker only, for same-name towns of near size ("Mansfield", Texas, against
# Mansfield, England), never against a much larger place.  LGL: 0.3 too little, 0.5 to
# 1.2 the same on acc@161; 0.5 keeps F1 (both halves).
CURRENCY_BONUS = 0.5
# A city this large, or a national capital, may speak for its government ("Moscow said").
SPEAKING_CITY_POPULATION = 1_000_000
# A city of a million, spelled as its own name, is that city even in a story about another
# country ("Russian drones struck Odesa", "Kharkiv"), where a smaller namesake ("Toyota")
# needs a locative word.
FOREIGN_CITY_POPULATION = GREAT_CITY_POPULATION

# Words around a place's name in a longer name that still points at the place: parts
# of it before ("Northeast Georgia", "downtown Norfolk"), institutions after ("Anderson
# County Sheriff's Office", "Huntsville City Council").  Only tried when the whole name is
# unknown to the gazetteer.
PART_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest central upper lower "
    "greater downtown western eastern northern southern mid metro inner outer uptown "
    "n s e w ne nw se sw s.e n.e s.w n.w".split()
)
INSTITUTION_WORDS = frozenset(
    "sheriff sheriff's sheriffs police council commission commissioners commissioner court "
    "courthouse jail school schools high university college department dept office "
    "elections election fire library hospital democratic republican party chamber board "
    "health detention fairgrounds public victim city-county area web airport "
    "mayor government authority district clerk clerk's marshal marshal's ambulance water "
    "special treasurer assessor coroner prosecutor attorney attorney's auditor recorder "
    "utilities transit".split()
)
# "X of Y" names of a province or town ("Province of Ontario", "City of Norfolk"): Y with
# X as its cue.  And a township is found at the town of its name ("Hamilton Township").
OF_FORMS = frozenset("province state commonwealth county city town village borough".split())
TOWNSHIP_WORDS = frozenset({"township", "twp"})

# Head words of a natural feature's name ("Catawba River", "Lake Ontario", "Gulf of
# Mexico"): a LOC name the gazetteer does not know stays, unresolved, only with one.
WATER_WORDS = frozenset(
    "river rivers lake lakes sea ocean gulf bay creek island islands strait harbor".split()
)

# Natural features named after a town or district ("Boston Harbor", "Catawba River",
# "Lake Hartwell"): one the gazetteer lacks lies around its namesake, when the story is
# set there, with a region's precision and no GeoNames id.
FEATURE_WORDS = frozenset("river lake harbor harbour bay valley creek".split())
NAMESAKE_SCORE = 0.5

# Short forms of a name's first word: "Mt. Pleasant" is Mount Pleasant, "St. Clair" Saint
# Clair, "Ft. Wayne" Fort Wayne, whichever way the gazetteer spells the place.
ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

_RANK = {"region": 0, "country": 1, "admin1": 2}  # what may contain what ("X, Y")
_ADMIN1_CUES = frozenset({"province", "provinces", "governorate", "governorates", "region",
                          "state", "oblast", "prefecture", "countryside", "canton", "emirate"})
_PLACE_CUES = frozenset({"town", "city", "village", "suburb", "hamlet"})
_ADMIN2_CUES = frozenset({"district", "districts", "county", "counties", "parish", "parishes",
                          "municipality", "department"})
# Kinds of district that are not one another: a text saying "Madison County" does not
# mean Madison Parish (Louisiana's districts are parishes, Alaska's boroughs).
_DISTRICT_KINDS = {"county": "county", "counties": "county", "parish": "parish",
                   "parishes": "parish", "borough": "borough", "boroughs": "borough"}


class _Countries(Counter):
    """Country weights of a story, remembering which name gave which country."""

    def __init__(self, base: Counter):
        super().__init__(base)
        self.by_name: dict[str, str] = {}
        self.states: Counter = Counter()  # (country, admin1_code) -> weight
        self.state_by_name: dict[str, tuple[tuple[str, str], float]] = {}
        self.currencies: frozenset[str] = frozenset()  # countries of the story's money


class Resolver:
    """Resolves recognised mentions against a gazetteer, using the whole document."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def resolve(self, mentions: Sequence[Mention], demonyms: Iterable[str] = (),
                currencies: Iterable[str] = ()) -> list[Toponym]:
        """The toponyms of ``mentions``; ``demonyms`` ("Syrian") and ``currencies`` (the
        countries of the story's money: "$" the US) hint at the story's countries."""
        currencies = frozenset(currencies)
        cores = {m.text: _core(m.text) for m in mentions if m.cue != "road"}
        names = {m.text for m in mentions} | {_bare(m.text) for m in mentions if m.cue}
        names |= {c for c in cores.values() if c} | {_bare(c) for c in cores.values() if c}
        namesakes = {m.text: _namesake(m.text) for m in mentions if m.cue != "road"}
        names |= {n for n in namesakes.values() if n}
        found = self.gazetteer.lookup(names | {_unabbreviated(n) for n in names})
        for name in sorted(names):  # sorted: one name's merge may feed another's
            _merge_abbreviated(found, name)
        originals = list(mentions)
        mentions = [_cored(m, cores.get(m.text), found) for m in mentions]
        options = [self._options(m, found) for m in mentions]
        base = Counter()
        for text in demonyms:
            iso = self.demonym_country(text)
            if iso:
                base[iso] += DEMONYM_WEIGHT
        self._fuzzy_fill(mentions, options, base)
        admins = _shared_admin1(mentions, options)
        folds = [fold_name(m.text) for m in mentions]
        nearby = _nearby(folds, options)
        picks: list[Entry | None] = [
            max(opts, key=lambda e, m=m, f=f: self._prior(e, m) + nearby.get((f, e.place.geonameid), 0))
            if opts else None
            for m, f, opts in zip(mentions, folds, options, strict=True)
        ]
        scored: list[list[tuple[float, Entry]]] = []
        for _round in range(2):
            countries = self._context(folds, picks, base)
            countries.currencies = currencies
            scored = []
            for i, (mention, opts) in enumerate(zip(mentions, options, strict=True)):
                own = countries.by_name.get(folds[i])
                pairs = ((self._score(e, mention, own, countries, admins, mentions, picks)
                          + nearby.get((folds[i], e.place.geonameid), 0.0), e) for e in opts)
                scored.append(sorted((p for p in pairs if p[0] > EXCLUDED),
                                     key=lambda pair: -pair[0]))
            picks = [s[0][1] if s else None for s in scored]
            if _round == 0:
                likely = [[e for v, e in s if v >= s[0][0] - SUPPORT_MARGIN] for s in scored]
                admins = _shared_admin1(mentions, likely)
                nearby = _nearby(folds, likely)
        scored = _one_sense(folds, mentions, scored)
        scored = _kept_within(folds, mentions, scored)
        picks = [s[0][1] if s else None for s in scored]
        toponyms = [self._toponym(m, s, picks, admins, _foreign(countries, f, s[0][1]) if s else False,
                                  _home(countries, f, s[0][1]) if s else False)
                    for m, f, s in zip(mentions, folds, scored, strict=True)]
        for toponym, original, mention, fold in zip(toponyms, originals, mentions, folds, strict=True):
            toponym.text = original.text
            if (toponym.place is not None and original.text != mention.text
                    and original.text.split()[-1].lower().rstrip(".") in TOWNSHIP_WORDS
                    and _foreign(countries, fold, Entry(toponym.place, frozenset(), ""))):
                # "Kani Township" in a story set in Myanmar is no town of Japan: a
                # township's name resolves, at the town it is named after, only inside
                # the story's countries
                toponym.place, toponym.score = None, 0.0
        for toponym, mention, opts in zip(toponyms, mentions, options, strict=True):
            seat = _seat(toponym.place, mention, opts)
            if seat is not None:
                toponym.place = seat
        for toponym, mention in zip(toponyms, mentions, strict=True):
            name = namesakes.get(mention.text)
            if toponym.place is None and name and mention.source == "ner":
                toponym.place = self._feature_at(toponym.text, name, found, countries, picks)
                if toponym.place is not None:
                    toponym.score = NAMESAKE_SCORE
        return [t for t, m in zip(toponyms, mentions, strict=True) if _kept(t, m)]

    # -- candidates --------------------------------------------------------------------
    def _options(self, mention: Mention, found: dict[str, tuple[Entry, ...]]) -> list[Entry]:
        if mention.cue == "road":
            keys = (name_key(mention.text), name_key(_bare(mention.text)))
            return list({e.place.geonameid: e for k in keys for e in found.get(k, ())
                         if e.place.feature == "road"}.values())
        opts = list(found.get(name_key(mention.text), ()))
        if mention.cue not in ADMIN_WORDS:  # "Henry" alone is Henry County only in its state
            capital = _names_a_capital(opts, fold_name(mention.text))  # "Washington": no county
            opts = [e for e in opts if e.place.feature != "admin2" or _full_name(e, mention)
                    or (_bare_district(e, mention) and not capital)]
        if _abbreviation(mention.text):  # "EU", "UK", "D.C." are not the towns Eu or Uk,
            dotted = fold_name(mention.text)  # but a town's own dotted short name counts ("L.A.")
            opts = [e for e in opts if e.place.feature in ("country", "admin1", "region")
                    or (" " in dotted and dotted in e.folds)]
        if mention.cue in ADMIN_WORDS:
            seen = {e.place.geonameid for e in opts}
            opts += [e for e in found.get(name_key(_bare(mention.text)), ())
                     if e.place.geonameid not in seen and e.place.feature in ("admin1", "admin2")
                     and not _other_district_kind(e, mention)]
        elif (mention.source != "gazetteer" and mention.within is None
              and mention.cue not in _PLACE_CUES):
            opts = _states_before_towns(opts, fold_name(mention.text))
            opts = _capital_before_state(opts)
        elif mention.within is None and mention.cue not in _PLACE_CUES:
            opts = _states_before_namesakes(opts, fold_name(mention.text))
            if mention.label == "ORG":
                opts = _states_before_their_towns(opts, fold_name(mention.text))
        return opts

    def _fuzzy_fill(self, mentions: Sequence[Mention], options: list[list[Entry]],
                    base: Counter) -> None:
        """Long NER names the gazetteer does not know get their near spellings
        (rapidfuzz) among the places of the story's main countries only."""
        wanted = [i for i, (m, opts) in enumerate(zip(mentions, options, strict=True))
                  if not opts and m.source == "ner" and m.cue != "road"
                  and sum(ch.isalpha() for ch in m.text) >= FUZZY_MIN_LETTERS]
        if not wanted:
            return
        picks = [max(opts, key=lambda e, m=m: self._prior(e, m)) if opts else None
                 for m, opts in zip(mentions, options, strict=True)]
        countries = self._context([fold_name(m.text) for m in mentions], picks, base)
        total = sum(countries.values())
        main = [c for c, n in countries.items() if total and n / total >= KEY_ONLY_MIN_SHARE]
        for i in wanted:
            options[i] = list(self.gazetteer.fuzzy(mentions[i].text, main))

    # -- scoring -----------------------------------------------------------------------
    def _prior(self, entry: Entry, mention: Mention) -> float:
        place = entry.place
        score = _size(place)
        fold = fold_name(mention.text)
        if place.feature == "place" and fold in _country_folds(self.gazetteer):
            score -= COUNTRY_NAMESAKE  # "Lebanon", "Jordan": the country unless the story says town
        if fold == entry.main_fold:
            score += SPELLED_MAIN
        elif fold in entry.folds:
            score += SPELLED_ALTERNATE
        elif fold_name(_bare(mention.text)) in entry.folds or _article_variant(fold, entry.folds):
            score += SPELLED_ALTERNATE
        else:
            score += KEY_ONLY
        if _bare_district(entry, mention):
            score -= BARE_DISTRICT_HANDICAP
        return score + _cue_bonus(mention.cue, place.feature)

    def _score(self, entry: Entry, mention: Mention, own: str | None, countries: _Countries,
               admins: dict, mentions: Sequence[Mention], picks: list[Entry | None]) -> float:
        place = entry.place
        score = self._prior(entry, mention)
        total = sum(countries.values()) - (1 if own else 0)
        share = 0.0
        if total > 0 and place.country:
            share = (countries[place.country] - (1 if own == place.country else 0)) / total
            score += COUNTRY_CONTEXT * share
        contained = None
        if mention.within is not None:  # "X in Y province" is containment, "X, Y" may be a list
            listed = mentions[mention.within].cue is None
            contained = self._within(place, picks[mention.within], listed and not mention.owned,
                                     mentions[mention.within].cue in ADMIN_WORDS, mention.owned)
        if contained == WITHIN_MISMATCH:
            return EXCLUDED  # "X, Y" and "X in Y province": X lies in Y or is not this place
        if (not _spelled(entry, mention) and share < KEY_ONLY_MIN_SHARE and contained != WITHIN_MATCH
                and not _beside_named(entry, mention, admins)):
            return EXCLUDED  # a respelling that lands outside the story's countries
        if place.admin1_code:
            others = admins.get((fold_name(mention.text), place.country, place.admin1_code), 0)
            score += ADMIN1_CONTEXT * min(2, others)
        if place.admin1_code and (place.feature != "admin1" or mention.container):
            state = _state_share(countries, fold_name(mention.text),
                                 (place.country, place.admin1_code))
            if state < BARE_DISTRICT_MIN_SHARE and _bare_district(entry, mention):
                return EXCLUDED
            score += STATE_CONTEXT * state
        if mention.container and place.feature in ("country", "admin1"):
            score += CONTAINER_BONUS
        if place.country in countries.currencies:
            score += CURRENCY_BONUS
        return score + (contained or 0.0)

    @staticmethod
    def _within(place: Place, container: Entry | None, listed: bool, division: bool = False,
                owned: bool = False) -> float:
        """ "X, Y" places X inside Y only when X can lie inside Y: "Iraq, Afghanistan"
        and "Virginia, Maryland" are ``listed`` equals, not containment. A container named
        as a division ("of the Jabrayil district") that resolved to its namesake town
        still holds only places of that town's province."""
        if container is None:
            return 0.0
        outer = container.place
        if owned and outer.feature == "place":
            # "Dhaka's Gulshan area": a part of the town, in it or beside it
            near = (place.country == outer.country and None not in (place.lat, outer.lat)
                    and haversine_km(place.lat, place.lon, outer.lat, outer.lon) <= OWNED_PART_KM)
            return WITHIN_MATCH if near else WITHIN_MISMATCH
        if division and outer.feature == "place" and outer.admin1_code and place.feature == "place":
            same = place.country == outer.country and place.admin1_code == outer.admin1_code
            return WITHIN_MATCH if same else WITHIN_MISMATCH
        if listed and _RANK.get(place.feature, len(_RANK)) <= _RANK.get(outer.feature, len(_RANK)):
            return 0.0
        if outer.feature == "country":
            return WITHIN_MATCH if place.country == outer.country else WITHIN_MISMATCH
        if outer.feature == "admin1":
            same = place.country == outer.country and place.admin1_code == outer.admin1_code
            return WITHIN_MATCH if same else WITHIN_MISMATCH
        return 0.0

    @staticmethod
    def _context(folds: list[str], picks: list[Entry | None], base: Counter) -> _Countries:
        """Countries of the story's distinct names (a name repeated counts once)."""
        countries = _Countries(base)
        for fold, pick in zip(folds, picks, strict=True):
            if pick is not None and pick.place.country and fold not in countries.by_name:
                countries.by_name[fold] = pick.place.country
                countries[pick.place.country] += 1
            if pick is not None and pick.place.admin1_code and fold not in countries.state_by_name:
                place = pick.place
                weight = STATE_NAMED if place.feature == "admin1" else 1.0
                countries.state_by_name[fold] = ((place.country, place.admin1_code), weight)
                countries.states[(place.country, place.admin1_code)] += weight
        return countries

    # -- output ------------------------------------------------------------------------
    def _toponym(self, mention: Mention, scored: list[tuple[float, Entry]],
                 picks: list[Entry | None], admins: dict, foreign: bool,
                 home: bool = False) -> Toponym:
        toponym = Toponym(mention.text, mention.char_start, mention.char_end, cue=mention.cue)
        floor = MIN_SCORE + (GAZETTEER_ONLY_EXTRA if mention.source == "gazetteer" else 0.0)
        if not scored or scored[0][0] < floor:
            return toponym
        best, entry = scored[0]
        if mention.source == "gazetteer" and not self._confirmed(mention, entry, admins, foreign, home):
            return toponym
        runner_up = scored[1][0] if len(scored) > 1 else best - 4.0
        margin = 1 / (1 + math.exp(-(best - runner_up)))
        strength = 1 / (1 + math.exp(-(best - MIN_SCORE - 1.0)))
        toponym.place = self._placed(entry, picks)
        toponym.score = round(margin * strength, 3)
        return toponym

    @staticmethod
    def _feature_at(text: str, name: str, found: dict[str, tuple[Entry, ...]],
                    countries: _Countries, picks: list[Entry | None]) -> Place | None:
        """Where a natural feature the gazetteer lacks lies, by the town or district it is
        named after ("Boston Harbor", "Sacramento River", "Kanawha River"): that place,
        when it lies in a state of the story's other places or near one of them, with no
        GeoNames id and a region's precision; else None."""
        fold = fold_name(name)
        total = sum(countries.states.values()) or 1.0
        placed = [p.place for p in picks if p is not None and p.place.lat is not None
                  and p.place.feature in ("place", "admin2")]

        def state_share(place: Place) -> float:
            return countries.states[(place.country, place.admin1_code)] / total

        def near(place: Place) -> bool:
            return any(other.geonameid != place.geonameid
                       and haversine_km(place.lat, place.lon, other.lat, other.lon) <= NEAR_KM
                       for other in placed)

        around = [e.place for e in found.get(name_key(name), ())
                  if e.place.feature in ("place", "admin2") and e.place.lat is not None
                  and not e.approximate and fold in (e.main_fold, _bare_name(e))
                  and (state_share(e.place) > 0 or near(e.place))]
        if not around:
            return None
        place = max(around, key=lambda p: _size(p) + STATE_CONTEXT * state_share(p))
        return dataclasses.replace(place, name=text, geonameid=None, feature="region",
                                   population=0, feature_code="", admin2=None)

    @staticmethod
    def _confirmed(mention: Mention, entry: Entry, admins: dict, foreign: bool,
                   home: bool = False) -> bool:
        """Whether a capitalised word no NER label supports really names ``entry``.

        Surnames and common nouns spelled like small towns ("Stevens", "Council") are
        the matcher's typical errors: a one-word name must be the place's own name -- or
        another of its names after a locative word in
        one of the story's main countries, when it respells the name of a town of
        ``GAZETTEER_ONLY_POPULATION`` people or more (``home``: "strikes near Arbinda" in a
        story set in Burkina Faso, where GeoNames spells it Aribinda) -- and the place a
        large one, a province, or supported by a locative word or by other places of the
        story in the same province.
        """
        place = entry.place
        if (foreign and not mention.locative and mention.cue is None and mention.within is None
                and not (place.feature == "place" and place.population >= FOREIGN_CITY_POPULATION
                         and fold_name(mention.text) == entry.main_fold)):
            return False  # "Toyota" in a story set in Kentucky is the firm, not the Japanese city
        if mention.end - mention.start > 1 or mention.cue in ADMIN_WORDS:
            return True
        fold = fold_name(mention.text)
        spelled_main = fold == entry.main_fold
        if (not spelled_main and place.feature == "place" and mention.cue not in _PLACE_CUES
                and not (home and mention.locative and place.population >= GAZETTEER_ONLY_POPULATION
                         and _respelled_own_name(fold, entry))):
            return False
        if place.feature != "place" or place.population >= GAZETTEER_ONLY_POPULATION:
            return True
        shared = admins.get((fold_name(mention.text), place.country, place.admin1_code), 0)
        return mention.locative or shared > 0

    @staticmethod
    def _placed(entry: Entry, picks: list[Entry | None]) -> Place:
        """A district without its own point sits at the centre of the story's places in its province."""
        place = entry.place
        if not entry.approximate:
            return place
        near = [p.place for p in picks if p is not None and not p.approximate
                and p.place.feature == "place" and p.place.country == place.country
                and p.place.admin1_code == place.admin1_code and p.place.lat is not None]
        if not near:
            return place
        lat = sum(p.lat for p in near) / len(near)
        lon = sum(p.lon for p in near) / len(near)
        return dataclasses.replace(place, lat=round(lat, 5), lon=round(lon, 5))

    # -- country adjectives ------------------------------------------------------------
    def demonym_country(self, text: str) -> str | None:
        """ISO alpha-2 of a country adjective or demonym ("Syrian" -> "SY"), or None."""
        return demonym_country(self.gazetteer, text)


def _size(place: Place) -> float:
    """A place's weight by its people: log10 of its population, a province's share of it,
    a district's at least a small town's."""
    population = place.population
    if place.feature == "admin1":
        population *= ADMIN1_POPULATION_SHARE
    elif place.feature == "admin2":
        population = max(population, ADMIN2_POPULATION)
    return math.log10(population + 100)


def _states_before_towns(opts: list[Entry], fold: str) -> list[Entry]:
    """A name that is a state's own name ("Minnesota", "Virginia") names it, not a small
    town of that name, nor a town of any size for which it is only an alternate name
    ("New York" for New York City) -- unless a cue says town ("Virginia, Minnesota", "the
    mayor of New York").  Towns named like a country ("Jordan", "Lebanon") stay candidates with a
    handicap (``COUNTRY_NAMESAKE``): a story whose places all lie around Jordan,
    Minnesota, means the town."""
    states = [e.place for e in opts if e.place.feature == "admin1" and e.main_fold == fold]
    if not states:
        return opts
    return [e for e in opts if e.place.feature != "place"
            or (e.place.population >= STATE_NAME_TOWN_POPULATION and e.main_fold == fold)
            or any(_city_state(e.place, state) for state in states)]


def _city_state(town: Place, state: Place) -> bool:
    """The town is the province named after it (St. Petersburg, Bremen): it lies at the
    province's point, where New York City lies far from New York state's, and holds most
    of its people, where Oklahoma City does not."""
    return (town.country == state.country and town.admin1_code == state.admin1_code
            and town.population >= CITY_STATE_SHARE * state.population
            and town.lat is not None and state.lat is not None
            and haversine_km(town.lat, town.lon, state.lat, state.lon) <= CITY_STATE_KM)


def _states_before_namesakes(opts: list[Entry], fold: str) -> list[Entry]:
    """A state's own name is not a town that bears it only as an alternate name
    ("Minnesota" is not Minneota, "New York" not New York City)."""
    if not any(e.place.feature == "admin1" and e.main_fold == fold for e in opts):
        return opts
    return [e for e in opts if e.place.feature != "place" or e.main_fold == fold]


def _states_before_their_towns(opts: list[Entry], fold: str) -> list[Entry]:
    """A state's own name inside an organisation's name ("California Army National Guard",
    "Kansas Treatment Center") is the state, not a small town of its country named after it."""
    states = {e.place.country for e in opts if e.place.feature == "admin1" and e.main_fold == fold}
    return [e for e in opts if e.place.feature != "place" or e.place.country not in states
            or e.place.population >= STATE_NAME_TOWN_POPULATION]


def _names_a_capital(opts: list[Entry], fold: str) -> bool:
    """The name is a large national capital's own name ("Washington", not Bermuda's Hamilton)."""
    capitals = _capital_names()
    return any(e.place.feature == "place" and e.main_fold == fold
               and capitals.get(e.place.country) == fold
               and e.place.population >= STATE_NAME_TOWN_POPULATION for e in opts)


def _capital_before_state(opts: list[Entry]) -> list[Entry]:
    """A country's capital and a province sharing its name ("Washington"): news names the
    capital, unless a cue names the state ("Washington state", "Spokane, Washington")."""
    capitals = _capital_names()
    capital = {e.main_fold for e in opts if e.place.feature == "place"
               and capitals.get(e.place.country) == e.main_fold
               and e.place.population >= STATE_NAME_TOWN_POPULATION}
    if not capital:
        return opts
    return [e for e in opts if not (e.place.feature == "admin1" and e.main_fold in capital)]


@functools.lru_cache(maxsize=8)
def _country_folds(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(fold_name(c.name) for c in gazetteer.countries())


@functools.lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """{alpha-2: folded capital name} from GeoNames' countryInfo."""
    from importlib import resources

    text = resources.files("frontwatch.data").joinpath("geonames").joinpath("countryInfo.txt")
    rows = (line.split("\t") for line in text.read_text("utf-8").splitlines()
            if line and not line.startswith("#"))
    return {r[0]: fold_name(r[5]) for r in rows if len(r) > 5 and r[5]}


def _bare_district(entry: Entry, mention: Mention) -> bool:
    """A district the text names without its "County" ("Thurston" for Thurston County)."""
    if entry.place.feature != "admin2" or mention.cue in ADMIN_WORDS or _full_name(entry, mention):
        return False
    if mention.source == "gazetteer":
        return False  # a capitalised word no tagger calls a place: mostly a surname ("Henry")
    return entry.main_fold != _bare_name(entry) == fold_name(mention.text)


def _bare_name(entry: Entry) -> str:
    """A district's name without its kind ("kanawha" for Kanawha County)."""
    words = entry.main_fold.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in _DISTRICT_KINDS else entry.main_fold


def _full_name(entry: Entry, mention: Mention) -> bool:
    """The text spells the district's whole name ("Henry County", not "Henry")."""
    fold = fold_name(mention.text)
    return fold == entry.main_fold or (fold in entry.folds and len(fold.split()) > 1)


def _unabbreviated(text: str) -> str:
    """The name with its first word written out ("Mt. Pleasant" -> "mount pleasant")."""
    words = fold_name(text).split()
    if len(words) > 1 and words[0] in ABBREVIATED:
        words[0] = ABBREVIATED[words[0]]
    return " ".join(words)


def _merge_abbreviated(found: dict[str, tuple[Entry, ...]], text: str) -> None:
    """Under ``text``'s key, also the towns whose own name is its written-out form, spelled
    as the text spells them ("Mt. Pleasant" is Mount Pleasant's own name).  Provinces,
    districts and towns known by it only as an alternate name keep to the text's spelling."""
    full = _unabbreviated(text)
    fold = fold_name(text)
    if full == fold:
        return
    entries = {e.place.geonameid: e for e in found.get(name_key(text), ())}
    for entry in found.get(name_key(full), ()):
        if (entry.place.geonameid not in entries and entry.place.feature == "place"
                and entry.main_fold == full):
            entries[entry.place.geonameid] = dataclasses.replace(
                entry, main_fold=fold, folds=entry.folds | {fold})
    found[name_key(text)] = tuple(entries.values())


def _other_district_kind(entry: Entry, mention: Mention) -> bool:
    """The text names one kind of district ("Madison County") and the entry is another
    ("Madison Parish")."""
    said = _DISTRICT_KINDS.get(fold_name(mention.text).rsplit(" ", 1)[-1])
    own = _DISTRICT_KINDS.get(entry.main_fold.rsplit(" ", 1)[-1])
    return entry.place.feature == "admin2" and said is not None and own is not None and said != own


def _spelled(entry: Entry, mention: Mention) -> bool:
    """The text spells one of the place's names, not only a variant sharing its key; with a
    place word around it ("the town of Qamishli", "in Anbar province"), with or without an
    Arabic article is one spelling ("Qamishli" for "Al Qamishli")."""
    return (fold_name(mention.text) in entry.folds or fold_name(_bare(mention.text)) in entry.folds
            or ((mention.locative or mention.cue is not None)
                and _article_variant(fold_name(_bare(mention.text)), entry.folds)))


def _article_variant(fold: str, folds: Iterable[str]) -> bool:
    """``fold`` is one of ``folds`` but for a leading Arabic article ("qamishli" for
    "al qamishli", "el qamishli" for "al qamishli")."""
    bare = article_fold(fold)
    return any(article_fold(f) == bare for f in folds)


def _state_share(countries: _Countries, fold: str, state: tuple[str, str]) -> float:
    """Share of the story's OTHER names that lie in (or name) ``state``."""
    own_state, own = countries.state_by_name.get(fold, (None, 0.0))
    total = sum(countries.states.values()) - own
    if total <= 0:
        return 0.0
    return (countries.states[state] - (own if own_state == state else 0.0)) / total


def _one_sense(folds: list[str], mentions: Sequence[Mention],
               scored: list[list[tuple[float, Entry]]]) -> list[list[tuple[float, Entry]]]:
    """One sense per story: a name repeated without a cue of its own ("Hanover, New
    Hampshire" ... "to Hanover") takes the place, and the score, of its best-resolved
    mention -- even where that place was no candidate of its own."""
    best: dict[str, tuple[float, Entry]] = {}
    for fold, mention, ranked in zip(folds, mentions, scored, strict=True):
        if ranked and mention.cue is None and (fold not in best or ranked[0][0] > best[fold][0]):
            best[fold] = ranked[0]  # "Indiana counties" names another place than "Indiana"
    out = []
    for fold, mention, ranked in zip(folds, mentions, scored, strict=True):
        top = best.get(fold)
        if (ranked and top is not None and mention.cue is None and mention.within is None
                and ranked[0][1].place.geonameid != top[1].place.geonameid):
            ranked = [top] + [p for p in ranked if p[1].place.geonameid != top[1].place.geonameid]
        out.append(ranked)
    return out


def _kept_within(folds: list[str], mentions: Sequence[Mention],
                 scored: list[list[tuple[float, Entry]]]) -> list[list[tuple[float, Entry]]]:
    """One sense per story, by containment: a name the story places inside a country or
    province ("the town of X in Y province", "X, Y") names a place there wherever it
    recurs bare ("fighting outside X"); a bare mention keeps only its candidates inside
    that container, and none -- no namesake abroad -- when the gazetteer has none there."""
    picks = [ranked[0][1] if ranked else None for ranked in scored]
    containers: dict[str, list[tuple[Entry, bool]]] = {}
    for fold, mention in zip(folds, mentions, strict=True):
        if mention.within is None:
            continue
        outer = picks[mention.within]
        if outer is not None and outer.place.feature in ("country", "admin1"):
            listed = mentions[mention.within].cue is None
            containers.setdefault(fold, []).append((outer, listed))
    if not containers:
        return scored
    out = []
    for fold, mention, ranked in zip(folds, mentions, scored, strict=True):
        held = containers.get(fold)
        if held and mention.within is None and mention.cue not in ADMIN_WORDS:
            ranked = [p for p in ranked
                      if all(Resolver._within(p[1].place, outer, listed) != WITHIN_MISMATCH
                             for outer, listed in held)]
        out.append(ranked)
    return out


def _beside_named(entry: Entry, mention: Mention, admins: dict) -> bool:
    """The town lies in the province of another of the story's places: in a story mostly
    about Iran, "strikes near Koya, east of Erbil" respells Koysinjaq, beside Erbil, not
    a namesake abroad."""
    place = entry.place
    if place.feature != "place" or not place.admin1_code:
        return False
    fold, state = fold_name(mention.text), (place.country, place.admin1_code)
    return any(key[1:] == state and key[0] != fold for key in admins)


def _foreign(countries: _Countries, fold: str, entry: Entry) -> bool:
    """The story's other names lie in countries, none of them ``entry``'s."""
    own = countries.by_name.get(fold)
    others = sum(countries.values()) - (1 if own else 0)
    mine = countries[entry.place.country] - (1 if own == entry.place.country else 0)
    return others > 0 and mine <= 0


def _respelled_own_name(fold: str, entry: Entry) -> bool:
    """The text respells the place's own name, as one of its listed names or only by the
    transliteration key ("Arbinda" for Aribinda, "Nuseirat" for An Nusayrat, "Bogura" for
    Bogra), not another name of it ("Jones" for Eunice): the same transliteration key,
    or at least ``RESPELLED_MIN_RATIO`` alike without the article, and a name of
    ``RESPELLED_MIN_LETTERS`` letters or more."""
    from rapidfuzz import fuzz

    bare, main = article_fold(fold), article_fold(entry.main_fold)
    if sum(ch.isalpha() for ch in bare) < RESPELLED_MIN_LETTERS:
        return False
    return name_key(bare) == name_key(main) or fuzz.ratio(bare, main) >= RESPELLED_MIN_RATIO


def _home(countries: _Countries, fold: str, entry: Entry) -> bool:
    """``entry`` lies in one of the story's main countries: at least ``KEY_ONLY_MIN_SHARE``
    of its other names (and country adjectives) lie there."""
    own = countries.by_name.get(fold)
    others = sum(countries.values()) - (1 if own else 0)
    mine = countries[entry.place.country] - (1 if own == entry.place.country else 0)
    return others > 0 and mine / others >= KEY_ONLY_MIN_SHARE


def _kept(toponym: Toponym, mention: Mention) -> bool:
    """A capitalised word only the gazetteer matcher found counts when it resolves; a name
    in a person's place ("coach Ripley") only as a country or state ("Russia said"), or
    before "said" as a capital or a city of millions ("Moscow said").  A
    single word the tagger calls a town or country (GPE) but the gazetteer does not know
    stays, unresolved, only with a place word around it ("in Darfur", "the village of X",
    "X, Syria"): alone it is mostly the small model's slip (LGL: 9 places, 70 other
    words).  A region the tagger calls LOC and the gazetteer does not know stays only as
    a single word ("the Mediterranean", "the Caucasus") or a natural feature ("Catawba
    River", "the Black Sea"): longer ones are mostly organisations and parts of regions
    ("United Way", "South Central District"; LGL: 11 places, 48 other)."""
    place = toponym.place
    if mention.person_like:
        return place is not None and (place.feature in ("country", "admin1")
                                      or (mention.speaking and _speaks_for_a_country(place)))
    if place is None and mention.end - mention.start == 1 and mention.label == "GPE":
        return mention.locative or mention.cue is not None or mention.within is not None
    if place is None and mention.label == "LOC" and mention.end - mention.start > 1:
        return any(word in WATER_WORDS for word in fold_name(mention.text).split())
    return mention.source != "gazetteer" or place is not None


def _speaks_for_a_country(place: Place) -> bool:
    """A national capital or a city of millions: its name before "said" is its government
    or its authorities ("Moscow said", "Beijing says"), not a person."""
    return place.feature == "place" and (
        place.population >= SPEAKING_CITY_POPULATION
        or _capital_names().get(place.country) == fold_name(place.name))


def _shared_admin1(mentions: Sequence[Mention], options: list[list[Entry]]) -> dict:
    """How many OTHER distinct names in the story have a candidate in each province or
    state: places mentioned together tend to lie together (``{(fold, cc, admin1): n}``)."""
    by_name: dict[str, set[tuple[str, str]]] = {}
    for mention, opts in zip(mentions, options, strict=True):
        keys = by_name.setdefault(fold_name(mention.text), set())
        fold = fold_name(mention.text)
        keys.update((e.place.country, e.place.admin1_code) for e in opts
                    if e.place.admin1_code and (e.main_fold == fold or e.place.feature != "place")
                    and not _bare_district(e, mention))
    support = Counter(k for keys in by_name.values() for k in keys)
    return {(name, *k): support[k] - 1 for name, keys in by_name.items() for k in keys}


def _nearby(folds: list[str], options: list[list[Entry]]) -> dict[tuple[str, int], float]:
    """``{(fold, geonameid): bonus}`` for the candidates that OTHER distinct names of the
    story have a candidate near (within ``NEAR_KM``; nearer counts more, a name with many
    candidates less).  Only towns and districts spelled by their own name take part;
    a name that spells none of its candidates' own names only receives."""
    points: dict[str, list[tuple[int, float, float]]] = {}
    respelled: dict[str, list[tuple[int, float, float]]] = {}
    for fold, opts in zip(folds, options, strict=True):
        if fold not in points:
            towns = [e for e in opts if e.place.feature in ("place", "admin2") and not e.approximate
                     and e.place.lat is not None]
            points[fold] = [(e.place.geonameid, e.place.lat, e.place.lon) for e in towns
                            if e.main_fold == fold]
            respelled[fold] = [(e.place.geonameid, e.place.lat, e.place.lon) for e in towns
                               if e.main_fold != fold and fold in e.folds]
    points = {fold: pts for fold, pts in points.items() if pts}
    if len(points) < 2 and not (points and any(respelled.values())):
        return {}
    grid = _grid(points)
    weights = {fold: len(pts) ** -NEARBY_DILUTION for fold, pts in points.items()}
    bonus: dict[tuple[str, int], float] = {}
    # A name spelled only as another name of its candidates ("Sanchaung" for two townships
    # of Yangon) takes the support of the story's other names too, without giving its own:
    # of same-name places, the one near the others ("In Yangon, ... in Sanchaung").
    receivers = points | {fold: pts for fold, pts in respelled.items() if pts and fold not in points}
    for fold, pts in receivers.items():
        for gid, lat, lon in pts:
            near = _nearest_others(grid, fold, gid, lat, lon)
            if near:
                bonus[(fold, gid)] = NEARBY_WEIGHT * sum(v * weights[o] for o, v in near.items())
    return bonus


_CELL_DEGREES = NEAR_KM / 111.0  # a degree of latitude is 111 km; of longitude, never more


def _grid(points: dict[str, list[tuple[int, float, float]]]) -> dict[tuple[int, int], list]:
    """The candidates by grid cell of ``NEAR_KM`` degrees: ``{(row, col): [(fold, id, lat, lon)]}``."""
    grid: dict[tuple[int, int], list] = {}
    for fold, pts in points.items():
        for gid, lat, lon in pts:
            cell = (int(lat // _CELL_DEGREES), int(lon // _CELL_DEGREES))
            grid.setdefault(cell, []).append((fold, gid, lat, lon))
    return grid


def _nearest_others(grid: dict, fold: str, gid: int, lat: float, lon: float) -> dict[str, float]:
    """``{other fold: 1 - distance / NEAR_KM}`` of each other name's nearest candidate in
    reach; another name of the same place (an alternate name) does not count."""
    row, col = int(lat // _CELL_DEGREES), int(lon // _CELL_DEGREES)
    span = math.ceil(1 / max(math.cos(math.radians(lat)), 0.1))  # longitude cells shrink
    best: dict[str, float] = {}
    for r in range(row - 1, row + 2):
        for c in range(col - span, col + span + 1):
            for other, other_id, other_lat, other_lon in grid.get((r, c), ()):
                if other != fold and other_id != gid:
                    near = 1 - haversine_km(lat, lon, other_lat, other_lon) / NEAR_KM
                    if near > best.get(other, 0.0):
                        best[other] = near
    return best


def _abbreviation(text: str) -> bool:
    letters = text.replace(".", "").replace(" ", "")
    return letters.isupper() and len(letters) <= 4


def _namesake(text: str) -> str | None:
    """The place a natural feature's name is named after: "Boston" in "Boston Harbor",
    "Catawba" in "Catawba River", "Hartwell" in "Lake Hartwell"; None for other names."""
    words = text.split()
    if len(words) < 2:
        return None
    if words[-1].lower() in FEATURE_WORDS:
        rest = words[:-1]
    elif words[0].lower() in ("lake", "river"):
        rest = words[1:]
    else:
        return None
    name = " ".join(rest)
    return name if name[:1].isupper() else None


def _core(text: str) -> str | None:
    """The place inside a longer name: without direction or part words before it ("Northeast
    Georgia", "downtown Norfolk") and without an institution after it ("Anderson County
    Sheriff's Office", "Dublin City Council"); None when nothing is left or nothing changes."""
    words = text.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in PART_WORDS:
        words.pop(0)
    if _of_form(words):
        words = words[2:]
    for i, word in enumerate(words[1:], 1):
        if word.lower().rstrip(".,’'s") in INSTITUTION_WORDS or word.lower() in INSTITUTION_WORDS:
            words = words[:i]
            break
    while len(words) > 1 and (words[-1].lower() == "city"  # "Los Angeles City"
                              or words[-1].lower().rstrip(".") in TOWNSHIP_WORDS):
        words.pop()
    core = " ".join(words)
    return core if core != text and any(ch.isalpha() for ch in core) else None


def _cored(mention: Mention, core: str | None, found: dict[str, tuple[Entry, ...]]) -> Mention:
    """The mention to resolve: its core name when the whole name is unknown and the core known."""
    if core is None or found.get(name_key(mention.text)) or not found.get(name_key(core)):
        return mention
    last = core.split()[-1].lower()
    words = mention.text.split()
    cue = words[0].lower() if _of_form(words) else last if last in ADMIN_WORDS else mention.cue
    return dataclasses.replace(mention, text=core, cue=cue)


def _of_form(words: list[str]) -> bool:
    """ "Province of Ontario", "City of Norfolk": an administrative word, "of", a name."""
    return len(words) > 2 and words[1] == "of" and words[0].lower() in OF_FORMS


def _bare(text: str) -> str:
    """The name without a trailing administrative or road word ("Idlib province" -> "Idlib")."""
    words = text.split()
    while len(words) > 1 and (words[-1].lower() in ADMIN_WORDS or words[-1].lower() in ROAD_WORDS):
        words.pop()
    return " ".join(words)


def _cue_bonus(cue: str | None, feature: str) -> float:
    if cue is None:
        return 0.0
    if cue == "state":  # "Columbia State" is a college, not a county; states are admin1 only
        return CUE_MATCH if feature == "admin1" else CUE_MISMATCH
    if cue in _ADMIN1_CUES:
        return {"admin1": CUE_MATCH, "admin2": CUE_MATCH / 2}.get(feature, CUE_MISMATCH)
    if cue in _ADMIN2_CUES:
        return {"admin2": CUE_MATCH, "admin1": CUE_MATCH / 2}.get(feature, CUE_MISMATCH)
    if cue == "road":
        return CUE_MATCH if feature == "road" else CUE_MISMATCH
    if cue == "part":  # "upstate New York", "the New York border": a region
        return {"place": -CUE_MATCH / 2, "admin2": 0.0}.get(feature, CUE_MATCH / 2)
    return CUE_MATCH / 2 if feature == "place" else CUE_MISMATCH  # town, city, village


def _seat(place: Place | None, mention: Mention, options: list[Entry]) -> Place | None:
    """The town a district is named after, when the text names the bare name ("killed in
    Dekoa", not "in Dekoa district"): the town of that name in the district's province,
    whose point is where the news happened (a district's point is only its middle). A
    district the text names as one ("the municipality of Argelia") stays the district,
    but one whose point is only its province's centre (its entry ``approximate``) takes
    its seat town's point."""
    if place is None or place.feature != "admin2":
        return None
    name = fold_name(place.name)
    seat = next((e.place for e in options
                 if e.place.feature == "place" and e.place.country == place.country
                 and e.place.admin1_code == place.admin1_code and fold_name(e.place.name) == name), None)
    if seat is None or mention.cue not in ADMIN_WORDS:
        return seat
    if any(e.approximate for e in options if e.place.geonameid == place.geonameid):
        return dataclasses.replace(place, lat=seat.lat, lon=seat.lon)
    return None
