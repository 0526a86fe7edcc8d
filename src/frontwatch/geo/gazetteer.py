"""The gazetteer: an interface, and its SQLite implementation.

``open_gazetteer(settings)`` returns a ``SqliteGazetteer`` over ``settings.gazetteer_file``;
nothing is opened until the first lookup, and a missing or outdated file is then
built from the packaged data (``build.py``; about 12 s once).  Lookups go by
``names.name_key`` and are cached: the pipeline asks for the same names in every
article.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from frontwatch.geo.names import fold_name, name_key
from frontwatch.records import Place

if TYPE_CHECKING:
    from frontwatch.geo.build import Progress

# Most candidates kept per name key, most populous first. 60 covers the US's most
# repeated town names ("Springfield", "Franklin": ~40 each) so state context can
# still pick a small one.
MAX_CANDIDATES = 60
# Keys cached in memory before the cache is cleared (about 30 MB at most).
KEY_CACHE_SIZE = 50_000
# Fuzzy matching (rapidfuzz ``fuzz.ratio`` on folded names, 0-100): only this close, and
# the resolver asks only for long names inside the story's countries.  At 90 a 9-letter
# name may differ by one letter ("Qamishliy" / "Qamishli"); checked on LGL's local news,
# where it leaves precision unchanged.
FUZZY_MIN_RATIO = 90
FUZZY_LIMIT = 5

_PLACE_COLUMNS = (
    "p.geonameid, p.name, p.country, p.admin1, p.latitude, p.longitude, p.feature, "
    "p.population, p.feature_code, p.admin1_code, p.admin2, p.approximate"
)


class GazetteerError(RuntimeError):
    pass


@dataclass(frozen=True)
class Entry:
    """A candidate place for a name key, with the spellings (folds) that led to it."""

    place: Place
    folds: frozenset[str]
    main_fold: str  # fold of the place's own name
    approximate: bool = False

    def spelled(self, text: str) -> bool:
        return fold_name(text) in self.folds


class Gazetteer(Protocol):
    def candidates(self, name: str, limit: int = 20) -> list[Place]: ...
    def lookup(self, names: Iterable[str]) -> dict[str, tuple[Entry, ...]]: ...
    def by_id(self, geonameid: int) -> Place | None: ...
    def country(self, iso2: str) -> Place | None: ...
    def capital(self, iso3: str) -> Place | None: ...
    def admin1(self, iso2: str, admin1_code: str) -> Place | None: ...
    def admin1_by_name(self, iso2: str, name: str) -> Place | None: ...
    def countries(self) -> list[Place]: ...
    def fuzzy(self, name: str, countries: Iterable[str]) -> tuple[Entry, ...]: ...


def _place(row: tuple) -> Place:
    return Place(
        name=row[1], geonameid=row[0], country=row[2], admin1=row[3], lat=row[4], lon=row[5],
        feature=row[6], population=row[7] or 0, feature_code=row[8] or "",
        admin1_code=row[9], admin2=row[10],
    )


class SqliteGazetteer:
    """The gazetteer in one SQLite file; built from packaged data when missing."""

    def __init__(self, path: str | Path, min_population: int = 500, build: bool = True):
        self.path = Path(path)
        self.min_population = min_population
        self.build = build
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[Entry, ...]] = {}

    # -- opening -----------------------------------------------------------------------
    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            with self._lock:
                if self._con is None:
                    self._con = self._open()
        return self._con

    def needs_build(self) -> bool:
        """Whether the first use builds the file (missing, or of an older schema)."""
        from frontwatch.geo.build import SCHEMA_VERSION

        return not self._current(SCHEMA_VERSION)

    def build_now(self, progress: Progress | None = None) -> None:
        """Build the file now (a missing or outdated one), telling ``progress`` of each step;
        a command line calls this to show the first run's half minute of work."""
        from frontwatch.geo.build import build_gazetteer
        from frontwatch.geo.loader import recorded_dumps

        build_gazetteer(self.path, self.min_population, recorded_dumps(self.path), progress)

    def _open(self) -> sqlite3.Connection:
        from frontwatch.geo.build import SCHEMA_VERSION

        if self.needs_build():
            if not self.build:
                raise GazetteerError(
                    f"{self.path}: no gazetteer of schema {SCHEMA_VERSION} here; "
                    "run `frontwatch gazetteer info` to build it"
                )
            self.build_now()
        con = sqlite3.connect(self.path, check_same_thread=False)
        con.execute("PRAGMA query_only = ON")
        con.execute("PRAGMA cache_size = -32000")
        return con

    def _current(self, version: str) -> bool:
        if not self.path.is_file():
            return False
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            finally:
                con.close()
        except sqlite3.DatabaseError:
            return False
        return bool(row) and row[0] == version

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        self.clear_caches()

    def clear_caches(self) -> None:
        self._keys.clear()
        for method in (self.by_id, self.country, self.admin1, self.admin1_by_name,
                       self._country_names):
            method.cache_clear()

    # -- lookups -----------------------------------------------------------------------
    def lookup(self, names: Iterable[str]) -> dict[str, tuple[Entry, ...]]:
        """Candidates for many names in one query: ``{name_key(name): entries}``."""
        keys = {name_key(n) for n in names} - {""}
        missing = [k for k in keys if k not in self._keys]
        if missing:
            self._fetch(missing)
        return {k: self._keys[k] for k in keys}

    def _fetch(self, keys: list[str]) -> None:
        if len(self._keys) > KEY_CACHE_SIZE:
            self._keys.clear()
        found: dict[str, dict[int, tuple[tuple, set[str]]]] = {k: {} for k in keys}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.con.execute(
                f"SELECT n.key, n.fold, {_PLACE_COLUMNS} "
                f"FROM names n JOIN places p ON p.geonameid = n.geonameid "
                f"WHERE n.key IN ({marks})",
                chunk,
            ).fetchall()
            for row in rows:
                key, fold, place_row = row[0], row[1], row[2:]
                slot = found[key].setdefault(place_row[0], (place_row, set()))
                slot[1].add(fold)
        for key, by_id in found.items():
            ranked = sorted(by_id.values(), key=lambda item: -(item[0][7] or 0))
            self._keys[key] = tuple(
                Entry(_place(r), frozenset(folds), fold_name(r[1]), bool(r[11]))
                for r, folds in ranked[:MAX_CANDIDATES]
            )

    def fuzzy(self, name: str, countries: Iterable[str]) -> tuple[Entry, ...]:
        """Places of ``countries`` with a name spelled within ``FUZZY_MIN_RATIO`` of
        ``name``, word by word (same number of words, same first letters), best first;
        each entry's folds hold the matched spelling only."""
        from rapidfuzz import fuzz, process

        fold = fold_name(name)
        if not fold:
            return ()
        scored: dict[int, tuple[float, str]] = {}
        for iso2 in countries:
            folds, ids = self._country_names(iso2).get(fold[0], ((), ()))
            for match, ratio, index in process.extract(
                    fold, folds, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_RATIO, limit=FUZZY_LIMIT):
                if _same_shape(fold, match) and ratio > scored.get(ids[index], (0.0, ""))[0]:
                    scored[ids[index]] = (ratio, match)
        entries = []
        for gid, (_ratio, match) in sorted(scored.items(), key=lambda item: -item[1][0]):
            place = self.by_id(gid)
            if place is not None:
                entries.append(Entry(place, frozenset({match}), fold_name(place.name)))
        return tuple(entries[:FUZZY_LIMIT])

    @functools.lru_cache(maxsize=32)
    def _country_names(self, iso2: str) -> dict[str, tuple[list[str], list[int]]]:
        """A country's place names by first letter: ``{letter: (folds, geonameids)}``."""
        rows = self.con.execute(
            "SELECT DISTINCT n.fold, n.geonameid FROM places p JOIN names n ON n.geonameid = p.geonameid "
            "WHERE p.country = ? AND p.feature IN ('place', 'admin1', 'admin2')", (iso2,),
        ).fetchall()
        by_letter: dict[str, tuple[list[str], list[int]]] = {}
        for fold, gid in rows:
            folds, ids = by_letter.setdefault(fold[:1], ([], []))
            folds.append(fold)
            ids.append(gid)
        return by_letter

    def candidates(self, name: str, limit: int = 20) -> list[Place]:
        """Places whose name or alternate name shares ``name``'s key, most populous first."""
        key = name_key(name)
        return [e.place for e in self.lookup([name]).get(key, ())][:limit]

    @functools.lru_cache(maxsize=4096)
    def by_id(self, geonameid: int) -> Place | None:
        row = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE geonameid = ?", (int(geonameid),)
        ).fetchone()
        return _place(row) if row else None

    @functools.lru_cache(maxsize=512)
    def country(self, iso2: str) -> Place | None:
        row = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE country = ? AND feature = 'country'",
            (iso2.upper(),),
        ).fetchone()
        return _place(row) if row else None

    @functools.lru_cache(maxsize=256)
    def capital(self, iso3: str) -> Place | None:
        """The capital of a country (alpha-3), by GeoNames' country table: the most
        populous town of that name in the country."""
        iso2, name = _capitals().get(iso3.upper(), (None, None))
        if not name:
            return None
        towns = [p for p in self.candidates(name) if p.country == iso2 and p.feature == "place"]
        return max(towns, key=lambda p: p.population) if towns else None

    @functools.lru_cache(maxsize=8192)
    def admin1(self, iso2: str, admin1_code: str) -> Place | None:
        row = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p "
            "WHERE country = ? AND feature = 'admin1' AND admin1_code = ?",
            (iso2.upper(), admin1_code),
        ).fetchone()
        return _place(row) if row else None

    @functools.lru_cache(maxsize=8192)
    def admin1_by_name(self, iso2: str, name: str) -> Place | None:
        """The province or state of country ``iso2`` named ``name`` ("Idlib governorate" too)."""
        from frontwatch.geo.build import strip_admin_affixes

        names = [name, strip_admin_affixes(name)]
        found = self.lookup(names)
        for text in names:
            for entry in found.get(name_key(text), ()):
                if entry.place.feature == "admin1" and entry.place.country == iso2.upper():
                    return entry.place
        return None

    def countries(self) -> list[Place]:
        rows = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE feature = 'country' ORDER BY name"
        ).fetchall()
        return [_place(r) for r in rows]

    def sources(self) -> list[tuple[str, str, int]]:
        return self.con.execute("SELECT name, loaded_at, places FROM sources").fetchall()

    def counts(self) -> list[tuple[str, str, int]]:
        """(country, feature, places) rows, most places first."""
        return self.con.execute(
            "SELECT coalesce(country, '-'), feature, count(*) FROM places "
            "GROUP BY 1, 2 ORDER BY 3 DESC"
        ).fetchall()


@functools.lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[str, str]]:
    """alpha-3 -> (alpha-2, capital's name), from GeoNames' countryInfo.txt."""
    from importlib import resources

    text = resources.files("frontwatch.data").joinpath("geonames").joinpath("countryInfo.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) > 5 and len(parts[1]) == 3 and parts[5]:
            table[parts[1]] = (parts[0], parts[5])
    return table


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _same_shape(one: str, other: str) -> bool:
    """Same number of words, each starting with the same letter ("ochamchire district" /
    "ochamchira district", not "south arlington" / "south barrington")."""
    a, b = one.split(), other.split()
    return len(a) == len(b) and all(x[0] == y[0] for x, y in zip(a, b, strict=True))


def open_gazetteer(settings) -> SqliteGazetteer:
    """The gazetteer named by ``settings`` (opened, and built if need be, on first use)."""
    return SqliteGazetteer(settings.gazetteer_file, settings.gazetteer_min_population)
