"""Adding a GeoNames dump to the gazetteer: villages, districts, roads, GeoNames' own points.

Reads GeoNames' 19-column format (readme.txt of download.geonames.org/export/dump):
``allCountries.zip``, a country file (``SY.zip`` holding ``SY.txt``, or ``SY.txt``),
``cities500.zip``...  Rows stream in batches inside one transaction, so memory stays
bounded and a failed load leaves the gazetteer as it was; loading the same dump
twice changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from frontwatch.geo.build import REGION_WEIGHT, name_rows, strip_admin_affixes, useful_alternate

log = logging.getLogger(__name__)

BATCH = 20_000
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
REGION_CLASSES = frozenset({"L", "T", "H"})
SAME_REGION_KM = 500.0  # a dump's region this near frontwatch's own of that name and kind is it


class DumpError(ValueError):
    pass


def feature_of(feature_class: str, feature_code: str) -> str | None:
    """frontwatch's feature for a GeoNames class and code (None: not loaded)."""
    if feature_class == "P":
        return "place"
    if feature_class == "R":
        return "road"
    if feature_class == "A":
        if feature_code == "ADM1":
            return "admin1"
        if feature_code == "ADM2":
            return "admin2"
        return "country" if feature_code in COUNTRY_CODES else None
    return "region" if feature_class in REGION_CLASSES else None


@contextlib.contextmanager
def _open_lines(path: Path) -> Iterator[Iterator[str]]:
    if not path.is_file():
        raise DumpError(f"{path}: no such file (give a GeoNames dump: allCountries.zip, SY.zip, SY.txt)")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist()
                       if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not members:
                raise DumpError(f"{path}: the zip holds no .txt dump")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    else:
        with path.open(encoding="utf-8", newline="\n") as handle:
            yield handle


def load_dump(gazetteer_path: str | Path, dump_path: str | Path,
              progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Load a GeoNames dump into the gazetteer at ``gazetteer_path``; returns counts by feature."""
    from frontwatch.geo.gazetteer import SqliteGazetteer

    dump = Path(dump_path)
    with _open_lines(dump) as lines:  # a wrong file fails before any work
        first = next((line for line in lines if line.strip()), "")
        _parse(first, dump, 1)
    gazetteer = SqliteGazetteer(gazetteer_path)
    gazetteer.con  # builds the packaged base first when missing
    gazetteer.close()
    con = sqlite3.connect(gazetteer_path)
    counts: dict[str, int] = {}
    try:
        admin1 = {(c, a): n for c, a, n in con.execute(
            "SELECT country, admin1_code, name FROM places WHERE feature = 'admin1'")}
        admin2 = {(c, a, b): n for c, a, b, n in con.execute(
            "SELECT country, admin1_code, admin2_code, name FROM places WHERE feature = 'admin2'")}
        with con, _open_lines(dump) as lines:
            places, names, seen = [], [], 0
            for number, line in enumerate(lines, 1):
                row = _parse(line, dump, number)
                if row is None:
                    continue
                place, alternates = row
                cc, a1, a2 = place[2], place[3], place[4]
                place[5] = admin1.get((cc, a1))
                place[6] = admin2.get((cc, a1, a2)) if place[9] != "admin2" else place[1]
                places.append(tuple(place))
                if place[9] == "admin1":
                    alternates = [*alternates, strip_admin_affixes(place[1])]
                names.extend(name_rows(place[0], place[1], alternates))
                counts[place[9]] = counts.get(place[9], 0) + 1
                if len(places) >= BATCH:
                    _flush(con, places, names)
                    seen += len(places)
                    places, names = [], []
                    if progress:
                        progress(seen)
            _flush(con, places, names)
            if progress:
                progress(seen + len(places))
            _retire_own_regions(con)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                        (f"geonames dump {dump.name}", now, sum(counts.values())))
            con.execute("INSERT OR REPLACE INTO dumps VALUES (?, ?)", (str(dump.resolve()), now))
        con.execute("ANALYZE")
    finally:
        con.close()
    return counts


def recorded_dumps(gazetteer_path: str | Path) -> list[Path]:
    """The dumps an existing gazetteer file had loaded, for a rebuild to load again: those
    still where they were loaded from.  A missing one, or one an older gazetteer loaded
    without recording where from, gets a warning that it needs loading again."""
    try:
        con = sqlite3.connect(f"file:{gazetteer_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        paths = [Path(p) for (p,) in con.execute("SELECT path FROM dumps ORDER BY loaded_at")]
    except sqlite3.Error:  # a gazetteer older than the dumps table
        paths = []
        with contextlib.suppress(sqlite3.Error):
            for (name,) in con.execute("SELECT name FROM sources WHERE name LIKE 'geonames dump %'"):
                log.warning("%s: rebuilt for a new version; load %s again (frontwatch gazetteer load)",
                            gazetteer_path, name.removeprefix("geonames dump "))
    finally:
        con.close()
    for path in paths:
        if not path.is_file():
            log.warning("%s: rebuilt for a new version without %s, no longer there; "
                        "load it again (frontwatch gazetteer load)", gazetteer_path, path)
    return [p for p in paths if p.is_file()]


def _parse(line: str, dump: Path, number: int) -> tuple[list, list[str]] | None:
    cols = line.rstrip("\n").split("\t")
    if len(cols) != 19:
        if not line.strip():
            return None
        raise DumpError(f"{dump}:{number}: expected GeoNames' 19 tab-separated columns, got {len(cols)}")
    feature = feature_of(cols[6], cols[7])
    if feature is None:
        return None
    try:
        gid, lat, lon = int(cols[0]), float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError:
        raise DumpError(f"{dump}:{number}: bad geonameid, coordinates or population") from None
    # Roads are named by their short codes ("M5"), which other places' filters drop.
    alternates = [n for n in cols[3].split(",")
                  if n and (useful_alternate(n) or (feature == "road" and n.isascii()))]
    if cols[2] and cols[2] != cols[1]:
        alternates.insert(0, cols[2])
    place = [gid, cols[1], cols[8] or None, cols[10] or None, cols[11] or None, None, None,
             lat, lon, feature, cols[7], population, 0]
    return place, alternates


def _flush(con: sqlite3.Connection, places: list[tuple], names: list[tuple]) -> None:
    # Keep the larger population: provinces carry the sum of their places until then.
    con.executemany(
        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (geonameid) DO UPDATE SET "
        "name=excluded.name, country=excluded.country, admin1_code=excluded.admin1_code, "
        "admin2_code=excluded.admin2_code, admin1=excluded.admin1, admin2=excluded.admin2, "
        "latitude=excluded.latitude, longitude=excluded.longitude, feature=excluded.feature, "
        "feature_code=excluded.feature_code, "
        "population=max(places.population, excluded.population), approximate=0",
        places,
    )
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?,?)", names)


def _retire_own_regions(con: sqlite3.Connection) -> None:
    """frontwatch's own world regions (negative ids) give way to the dump's entry of the
    same name and kind nearest them, which takes over their weight against small towns."""
    from frontwatch.geo.gazetteer import haversine_km

    own = con.execute(
        "SELECT p.geonameid, n.fold, p.feature_code, p.latitude, p.longitude FROM places p "
        "JOIN names n ON n.geonameid = p.geonameid AND n.is_main = 1 WHERE p.geonameid < 0"
    ).fetchall()
    for gid, fold, code, lat, lon in own:
        found = con.execute(
            "SELECT p.geonameid, p.latitude, p.longitude FROM names n JOIN places p "
            "ON p.geonameid = n.geonameid WHERE n.fold = ? AND p.geonameid > 0 "
            "AND p.feature = 'region' AND p.feature_code = ?", (fold, code)).fetchall()
        near = min(found, key=lambda r: haversine_km(lat, lon, r[1], r[2]), default=None)
        if near is None or haversine_km(lat, lon, near[1], near[2]) > SAME_REGION_KM:
            continue
        con.execute("UPDATE places SET population = max(population, ?) WHERE geonameid = ?",
                    (REGION_WEIGHT, near[0]))
        con.execute("DELETE FROM names WHERE geonameid = ?", (gid,))
        con.execute("DELETE FROM places WHERE geonameid = ?", (gid,))
