"""Country adjectives and demonyms ("Syrian", "Nigerians", "British") and their countries.

From ``data/geonames/demonyms.tsv`` (the irregular ones) and, for every country in the
gazetteer, its name with a regular ending ("Syria" -> "Syrian", "Iraq" -> "Iraqi"), and
their regular plurals ("Italians", "Pakistanis").
"""

from __future__ import annotations

import functools
from importlib import resources

from frontwatch.geo.gazetteer import Gazetteer
from frontwatch.geo.names import fold_name

_REGULAR_ENDINGS = (("", "n"), ("", "i"), ("", "an"), ("", "ian"), ("", "ese"), ("a", "an"),
                    ("e", "ian"), ("a", "ese"), ("on", "ese"), ("y", "ian"), ("", "ans"),
                    ("", "ns"), ("", "is"))


@functools.lru_cache(maxsize=8)
def _demonyms(gazetteer: Gazetteer) -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("frontwatch.data").joinpath("geonames").joinpath("demonyms.tsv")
    for line in text.read_text("utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            iso, words = line.split("\t", 1)
            for word in words.split("|"):
                table.setdefault(fold_name(word), iso)
    countries = [(fold_name(c.name), c.country) for c in gazetteer.countries() if c.country]
    for strip, ending in _REGULAR_ENDINGS:  # shortest change first: "Nigerian" is Nigeria's
        for name, iso in countries:
            if " " in name or (strip and not name.endswith(strip)):
                continue
            stem = name[: len(name) - len(strip)] if strip else name
            table.setdefault(stem + ending, iso)
    for word, iso in list(table.items()):  # "Italians", "Pakistanis"
        if word.endswith(("an", "i")) and " " not in word:
            table.setdefault(word + "s", iso)
    return table


def demonym_country(gazetteer: Gazetteer, text: str) -> str | None:
    """ISO alpha-2 of a country adjective or demonym ("Syrian" -> "SY"), or None."""
    return _demonyms(gazetteer).get(fold_name(text))
