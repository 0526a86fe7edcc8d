"""The gazetteer: name keys, the packaged build, lookups, and loading a GeoNames dump."""

from __future__ import annotations

import shutil
import time

import pytest

from frontwatch.geo.centres import blend
from frontwatch.geo.gazetteer import SqliteGazetteer, haversine_km, open_gazetteer
from frontwatch.geo.loader import DumpError, load_dump
from frontwatch.geo.names import article_fold, fold_name, name_key
from frontwatch.settings import Settings


@pytest.fixture(scope="session")
def gazetteer():
    """The packaged gazetteer at its default place (built there once, about 15 s)."""
    gaz = open_gazetteer(Settings())
    gaz.con
    return gaz


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Saraqeb", "Saraqib"),
        ("Nerab", "An Nayrab"),
        ("Al-Mastoumah", "Al Mastumah"),
        ("Idleb", "Idlib"),
        ("Ma'arrat al-Nu'man", "Maarat al-Numan"),
        ("São Paulo", "Sao Paulo"),
        ("Hamah", "Hama"),
    ],
)
def test_name_key_joins_transliterations(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(("one", "other"), [("Paris", "Perth"), ("Homs", "Hama"), ("Aleppo", "Idlib")])
def test_name_key_keeps_different_names_apart(one, other):
    assert name_key(one) != name_key(other)


@pytest.mark.parametrize(("one", "other"), [
    ("Al-Qamishli", "Qamishli"), ("El Qamishli", "al qamishli"), ("An Nusayrat", "Nusayrat"),
])
def test_article_fold_is_the_spelling_without_an_arabic_article(one, other):
    assert article_fold(one) == article_fold(other)


def test_article_fold_keeps_names_that_only_start_like_an_article():
    assert article_fold("Alabama") == "alabama" and article_fold("Asmara") == "asmara"


def test_fold_name_is_ascii_lower_case():
    assert fold_name("Al-Bāb") == "al bab"
    assert fold_name("  Déir ez-Zór ") == "deir ez zor"


@pytest.mark.slow
def test_reopening_is_fast(gazetteer):
    started = time.perf_counter()
    again = SqliteGazetteer(gazetteer.path)
    again.country("SY")
    assert time.perf_counter() - started < 2.0


@pytest.mark.slow
def test_provinces_have_ids_names_and_points(gazetteer):
    idlib = gazetteer.admin1("SY", "12")
    assert idlib.geonameid == 169387 and idlib.feature == "admin1" and idlib.admin1 == "Idlib"
    assert 35.0 < idlib.lat < 36.5 and 36.0 < idlib.lon < 37.2
    assert gazetteer.admin1_by_name("SY", "Idlib governorate").geonameid == 169387


@pytest.mark.slow
@pytest.mark.parametrize(("code", "point"), [
    (("US", "NV"), (39.25021, -116.75119)),  # GeoNames' own points for the states
    (("US", "TX"), (31.25044, -99.25061)),
    (("US", "VA"), (37.54812, -77.44675)),
    (("US", "AK"), (64.00028, -150.00028)),  # thinly settled north: not Anchorage's latitude
    (("CA", "08"), (49.25012, -84.49983)),  # Ontario
    (("CA", "02"), (53.99983, -125.0032)),  # British Columbia
])
def test_a_state_point_lies_near_its_middle_not_its_cities(gazetteer, code, point):
    state = gazetteer.admin1(*code)
    assert haversine_km(state.lat, state.lon, *point) < 161


@pytest.mark.slow
def test_countries_have_centres(gazetteer):
    syria = gazetteer.country("SY")
    assert syria.feature == "country" and 32 < syria.lat < 37.5 and 35.5 < syria.lon < 42.5
    assert {c.country for c in gazetteer.countries()} >= {"SY", "TR", "RU", "US"}


@pytest.mark.slow
@pytest.mark.parametrize(("iso", "point"), [("CL", (-30.0, -71.0)), ("JP", (36.0, 138.0)),
                                            ("US", (39.76, -98.5)), ("IN", (22.0, 79.0))])
def test_country_points_are_geonames_middles(gazetteer, iso, point):
    # Chile's member places would put it in the Pacific, Japan's reviewed point was Tokyo's.
    country = gazetteer.country(iso)
    assert haversine_km(country.lat, country.lon, *point) < 161


def test_blend_averages_near_centres_and_trusts_the_database_when_far_apart():
    assert blend((50.0, 10.0), (51.0, 10.0)) == (50.5, 10.0)
    assert blend((66.2, -0.4), (66.0, 169.5)) == (66.0, 169.5)  # member places across the date line
    assert blend(None, (1.0, 2.0)) == (1.0, 2.0) and blend((1.0, 2.0), None) == (1.0, 2.0)


@pytest.mark.slow
def test_counties_have_their_own_points(gazetteer):
    # Henry County, Tennessee (county seat Paris, 36.30 N 88.33 W), not Tennessee's centre.
    county = next(p for p in gazetteer.candidates("Henry County", limit=60)
                  if p.country == "US" and p.admin1_code == "TN")
    assert county.feature == "admin2"
    assert abs(county.lat - 36.3) < 0.4 and abs(county.lon + 88.3) < 0.4


def test_admin2_points_come_from_member_cities(tmp_path):
    from frontwatch.geo.derive import admin2_points

    cities = tmp_path / "cities.csv"
    cities.write_text("lat,lon,name,admin1,admin2,cc\n"
                      "36.30,-88.33,Paris,Tennessee,Henry County,US\n"
                      "36.50,-88.13,Puryear,Tennessee,Henry County,US\n"
                      "30.00,-90.00,Nowhere,Atlantis,Henry County,US\n", encoding="utf-8")
    found = {gid: (lat, lon, n) for gid, lat, lon, n in admin2_points(cities)}
    assert found == {4628829: (36.4, -88.23, 2)}  # US.TN.079 Henry County; Atlantis matches none


@pytest.mark.slow
def test_candidates_most_populous_first(gazetteer):
    places = gazetteer.candidates("Damascus")
    assert places[0].country == "SY"
    assert any(p.country == "US" for p in places)
    assert gazetteer.candidates("Qwxzzy Nowhereville") == []


def _dump_row(gid, name, alternates, lat, lon, fclass, fcode, cc, admin1, admin2="", population=0):
    cols = [str(gid), name, name, ",".join(alternates), str(lat), str(lon), fclass, fcode, cc, "",
            admin1, admin2, "", "", str(population), "", "300", "Asia/Damascus", "2020-01-01"]
    return "\t".join(cols)


@pytest.mark.slow
def test_load_dump_adds_villages_districts_roads(gazetteer, tmp_path):
    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join([
        _dump_row(9000001, "An Nayrab", ["Nerab", "Nayrab"], 35.8636, 36.7522, "P", "PPL", "SY", "12"),
        _dump_row(9000002, "Tall Tuqan", ["Tal Touqan"], 35.9236, 36.9222, "P", "PPL", "SY", "12"),
        _dump_row(9000003, "Ariha District", [], 35.75, 36.55, "A", "ADM2", "SY", "12", "9000003"),
        _dump_row(9000004, "M5 Highway", ["M5"], 35.5, 36.7, "R", "RD", "SY", "12"),
        _dump_row(9000005, "Some School", [], 35.5, 36.7, "S", "SCH", "SY", "12"),
        _dump_row(169387, "Idlib", ["Idlib Governorate"], 35.75, 36.6667, "A", "ADM1", "SY", "12",
                  population=1501000),
    ]) + "\n", encoding="utf-8")
    counts = load_dump(target, dump)
    assert counts == {"place": 2, "admin2": 1, "road": 1, "admin1": 1}
    assert load_dump(target, dump) == counts  # idempotent
    gaz = SqliteGazetteer(target)
    village = next(p for p in gaz.candidates("Nerab") if p.country == "SY")
    assert (village.geonameid, village.admin1, village.feature) == (9000001, "Idlib", "place")
    assert 9000002 in {p.geonameid for p in gaz.candidates("Tall Touqan")}
    assert gaz.candidates("M5")[0].feature == "road"
    assert gaz.admin1("SY", "12").lat == 35.75  # GeoNames' own point replaces the centre
    assert not gaz.candidates("Some School")
    rows = gaz.con.execute("SELECT count(*) FROM places WHERE geonameid = 9000001").fetchone()
    assert rows == (1,)


@pytest.mark.slow
def test_a_dump_region_replaces_frontwatchs_own_of_that_name(gazetteer, tmp_path):
    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    dump = tmp_path / "SD.txt"
    dump.write_text("\n".join([
        _dump_row(9000101, "Darfur", [], 13.5, 24.5, "L", "RGN", "SD", ""),
        _dump_row(9000102, "Darfur", [], 35.0, -80.0, "L", "RGN", "US", "NC"),  # far: not it
    ]) + "\n", encoding="utf-8")
    load_dump(target, dump)
    darfur = [p for p in SqliteGazetteer(target).candidates("Darfur") if p.feature == "region"]
    assert darfur[0].geonameid == 9000101 and darfur[0].population >= 1_000_000
    assert all(p.geonameid > 0 for p in darfur)


@pytest.mark.slow
def test_a_rebuild_loads_the_dumps_again(gazetteer, tmp_path, caplog):
    """A new schema rebuilds the gazetteer: the dumps it had loaded come back from where
    they were loaded, and one no longer there gets a warning naming it."""
    import sqlite3

    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    kept, gone = tmp_path / "SY.txt", tmp_path / "LB.txt"
    kept.write_text(_dump_row(9000001, "An Nayrab", ["Nerab"], 35.86, 36.75, "P", "PPL", "SY", "12")
                    + "\n", encoding="utf-8")
    gone.write_text(_dump_row(9000201, "Qqzxville", [], 33.9, 35.5, "P", "PPL", "LB", "04")
                    + "\n", encoding="utf-8")
    load_dump(target, kept)
    load_dump(target, gone)
    gone.unlink()
    with sqlite3.connect(target) as con:
        con.execute("UPDATE meta SET value = 'old' WHERE key = 'schema_version'")
    con.close()
    rebuilt = SqliteGazetteer(target)
    assert 9000001 in {p.geonameid for p in rebuilt.candidates("Nerab")}
    assert not rebuilt.candidates("Qqzxville")
    assert any(str(gone) in r.getMessage() and "load it again" in r.getMessage()
               for r in caplog.records)
    assert [n for n, _, _ in rebuilt.sources() if n.startswith("geonames dump")] == [
        "geonames dump SY.txt"]


def test_load_dump_rejects_other_formats(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not\ta\tdump\n", encoding="utf-8")
    with pytest.raises(DumpError, match="19 tab-separated columns"):
        load_dump(tmp_path / "g.sqlite", bad)


@pytest.mark.slow
def test_cli_info_and_load(gazetteer, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from frontwatch.cli import app

    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    monkeypatch.setenv("FRONTWATCH_GAZETTEER_PATH", str(target))
    dump = tmp_path / "SY.txt"
    dump.write_text(_dump_row(9000001, "An Nayrab", ["Nerab"], 35.86, 36.75, "P", "PPL", "SY", "12")
                    + "\n", encoding="utf-8")
    runner = CliRunner()
    loaded = runner.invoke(app, ["gazetteer", "load", str(dump)])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 1 place" in " ".join(loaded.output.split())
    info = runner.invoke(app, ["gazetteer", "info"])
    assert info.exit_code == 0, info.output
    output = " ".join(info.output.split())
    assert "geonames dump SY.txt" in output and "admin1" in output


# The sample article's villages, as GeoNames spells them (not as the article does).
SAMPLE_VILLAGES = [
    _dump_row(9100001, "An Nayrab", ["Nayrab", "Nairab"], 35.8417, 36.7306, "P", "PPL", "SY", "12"),
    _dump_row(9100002, "Al Mastumah", ["Mastumah"], 35.8717, 36.6222, "P", "PPL", "SY", "12"),
]


def _places_rows(sample_path, target, monkeypatch) -> dict[str, list[dict]]:
    import json

    from typer.testing import CliRunner

    from frontwatch.cli import app

    monkeypatch.setenv("FRONTWATCH_GAZETTEER_PATH", str(target))
    result = CliRunner().invoke(app, ["places", "--format", "jsonl", str(sample_path)])
    assert result.exit_code == 0, result.output
    rows: dict[str, list[dict]] = {}
    for line in result.stdout.splitlines():
        row = json.loads(line)
        rows.setdefault(row["text"], []).append(row)
    return rows


@pytest.mark.slow
def test_sample_villages_resolve_with_a_loaded_dump(gazetteer, sample_path, tmp_path, monkeypatch):
    """Issue 3: with a dump that holds them, the sample's respelled villages resolve to
    their places in Idlib governorate (within 25 km of GeoNames' points)."""
    from frontwatch.eval.geo import haversine_km

    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join(SAMPLE_VILLAGES) + "\n", encoding="utf-8")
    load_dump(target, dump)
    rows = _places_rows(sample_path, target, monkeypatch)
    for text, (lat, lon) in {"Nerab": (35.84, 36.73), "Al-Mastoumah": (35.87, 36.62)}.items():
        assert rows.get(text), f"{text} not found"
        for row in rows[text]:
            assert row["country"] == "SY" and row["admin1"] == "Idlib", row
            assert haversine_km(row["lat"], row["lon"], lat, lon) <= 25, row
    assert "Al" not in rows


@pytest.mark.slow
def test_sample_respelling_abroad_is_no_match(gazetteer, sample_path, monkeypatch):
    """Regression: without the village in the gazetteer, "Nerab in Idlib province,
    Syria" resolved to Nyrob in Russia (a key match abroad); it must be no match."""
    rows = _places_rows(sample_path, gazetteer.path, monkeypatch)
    for row in rows.get("Nerab", []):
        assert row["geonameid"] is None or row["country"] == "SY", row
    assert "Al" not in rows  # "Al-Mastoumah" is never cut to its article


@pytest.mark.slow
def test_fuzzy_matches_long_names_inside_given_countries(gazetteer, tmp_path):
    target = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, target)
    dump = tmp_path / "GE.txt"
    dump.write_text(_dump_row(9200001, "Ochamchira District", [], 42.7, 41.5, "A", "ADM2", "GE", "02",
                              "9200001") + "\n", encoding="utf-8")
    load_dump(target, dump)
    gaz = SqliteGazetteer(target)
    assert not gaz.lookup(["Ochamchire district"])[name_key("Ochamchire district")]
    found = gaz.fuzzy("Ochamchire district", ["GE"])
    assert 9200001 in {e.place.geonameid for e in found}
    assert all(e.place.country == "GE" for e in found)
    assert gaz.fuzzy("Ochamchire district", ["RU", "US"]) == ()  # never outside the countries given
    # A respelled word, never another word ("South Barrington" is not "South Arlington").
    assert all(fold_name(e.place.name).startswith("south a") for e in gaz.fuzzy("South Arlington", ["US"]))


@pytest.mark.slow
def test_world_regions_seas_and_rivers_are_places_without_geonames_ids(gazetteer):
    darfur = next(p for p in gazetteer.candidates("Darfur") if p.feature == "region")
    assert darfur.country == "SD" and abs(darfur.lat - 13) < 2 and abs(darfur.lon - 25) < 3
    assert darfur.geonameid < 0 and darfur.geonames_id is None and darfur.to_dict()["geonameid"] is None
    assert any(p.feature == "region" for p in gazetteer.candidates("Gulf of Mexico"))


def _placed(nlp, gazetteer, text) -> dict:
    """The places the toponyms stage gives the names of ``text``."""
    from frontwatch.document import Document
    from frontwatch.records import Article
    from frontwatch.stages.toponyms import ToponymsStage

    doc = Document(article=Article(text=text), spacy=nlp(text))
    ToponymsStage(gazetteer)(doc)
    return {t.text: t.place for t in doc.toponyms if t.place}


@pytest.mark.slow
def test_regions_resolve_in_text_and_outrank_small_namesakes(nlp, gazetteer):
    text = ("Aid convoys reached Darfur on Monday. Talks on South Ossetia resumed, "
            "and oil prices rose as a storm crossed the Gulf of Mexico and unrest spread in the Middle East.")
    placed = _placed(nlp, gazetteer, text)
    assert {"Darfur", "South Ossetia", "Gulf of Mexico", "Middle East"} <= set(placed)
    assert all(placed[n].feature == "region" for n in ("Darfur", "South Ossetia", "Middle East"))


@pytest.mark.slow
def test_news_names_of_countries_and_islands(nlp, gazetteer):
    # wire style: "Congo" is the Democratic Republic; the other is "Republic of Congo"
    text = ("Rebels advanced in eastern Congo on Monday. Troops were sent to the Republic of Congo. "
            "Clashes were reported on Mindanao and Sumatra.")
    placed = _placed(nlp, gazetteer, text)
    assert placed["Congo"].country == "CD" and placed["Congo"].feature == "country"
    assert placed["Republic of Congo"].country == "CG"
    assert placed["Mindanao"].country == "PH" and placed["Sumatra"].country == "ID"


@pytest.mark.parametrize(("iso3", "name"), [("TCD", "N'Djamena"), ("MLI", "Bamako"), ("KAZ", "Astana")])
def test_capital_of_a_country(gazetteer, iso3, name):
    capital = gazetteer.capital(iso3)
    assert capital is not None and capital.name == name and capital.feature == "place"
