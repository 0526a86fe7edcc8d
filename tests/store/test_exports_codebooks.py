"""Exports against the codebooks: a store holding an event of every CAMEO code GDELT lists
(so every CAMEO root) and of every PLOVER type, exported as GDELT, PLOVER and ACLED and
compared field by field with the reference tables in ../shared/reference/. Any
difference fails, listed, so a drift of code or data from the codebooks fails CI.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from frontwatch.records import ActorMention, Article, Event, Quantity
from frontwatch.store import Store, codes
from frontwatch.store.exports import export

from tests.conftest import SHARED, need_shared

REFERENCE = SHARED / "reference"
NEEDED = (
    "cameo_goldstein.tsv", "gdelt_quadclass.tsv", "gdelt_events_columns.tsv", "cameo_to_plover.tsv",
    "plover_fields.md", "phoenix_penta.tsv", "acled_columns.tsv", "acled_country_region.tsv",
    "acled_inter_codes.tsv",
)
FIRST_DAY = dt.date(2007, 7, 4)  # the example of GDELT's FractionDate: 2007.5041
# Countries whose ACLED region was wrong, then every other country ACLED lists.
REGION_FAULTS = ("AFG", "MEX", "AGO", "MDG", "MWI", "MOZ", "GRL", "SHN", "IOT", "SGS", "HMD")


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [line for line in (REFERENCE / name).read_text("utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _md_table(text: str, heading: str) -> list[dict[str, str]]:
    """The first Markdown table after ``heading`` in plover_fields.md, as rows of cells."""
    lines = text[text.index(heading):].splitlines()[1:]
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip("|").split("|")])
    header = table[0]
    return [dict(zip(header, row)) for row in table[2:]]


class Plover:
    """What plover_fields.md says: record, entity, location, citation and size fields; the
    16 types with their quad and modes."""

    def __init__(self) -> None:
        text = (REFERENCE / "plover_fields.md").read_text("utf-8")
        self.record_fields = {r["Name"] for r in _md_table(text, "### PLOVER JSON")}
        self.entity_fields = {r["Name"] for r in _md_table(text, "### Information object for entities")}
        self.text_fields = {r["Name"] for r in _md_table(text, "### Information object for text")}
        self.size_fields = {r["Name"] for r in _md_table(text, "### Information object for size")}
        self.cite_fields = {r["Name"] for r in _md_table(text, "### Information object for citations")}
        self.loc_fields = {r["Name"] for r in _md_table(text, "### Location object")}
        types = _md_table(text, "## 2. The 16 event types")
        self.modes = {
            r["event type"]: set() if r["modes (from the type's mode table)"] == "(none)"
            else {m.strip() for m in r["modes (from the type's mode table)"].split(",")}
            for r in types
        }
        self.quad = {}
        for row in _md_table(text, "Manual table \"Quad categories in PLOVER\""):
            for name in row["PLOVER categories"].split(","):
                self.quad[name.strip()] = int(row["Numeric"])


def _cameo_plover() -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    for row in _tsv("cameo_to_plover.tsv"):
        types.setdefault(row["cameo_code"], set()).add(row["plover_type"])
    return types


def _plover_types_of(code: str, table: dict[str, set[str]]) -> set[str]:
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return set()


def _event(article: Article, event_type: str, code: str | None, day: dt.date, n: int, **fields) -> Event:
    """One event at its own place and day (two never fuse), with the given codes."""
    location = fields.pop("location", None) or {
        "text": f"Town {n}", "name": f"Town {n}", "geonameid": None, "country": "SY", "admin1": "Idlib",
        "lat": -60 + (n % 120), "lon": -170 + (n * 7) % 340, "feature": "place", "geo_precision": 1,
    }
    event = Event(
        article_id=article.id, event_type=event_type, cameo_root=(code or "")[:2], cameo_code=code,
        evidence={"sentence": article.text, "char_start": 0, "char_end": len(article.text)},
        location=location, date=day, date_start=day, date_end=day, time_precision=1, confidence=0.7,
        source=article.source, published=day, **fields,
    )
    event.assign_id()
    return event


def _report(store: Store, n: int, event_type: str, code: str | None, **fields) -> Event:
    day = FIRST_DAY + dt.timedelta(days=10 * n)
    article = Article(text=f"Report {n}: {event_type} {code}.", source=f"Agency {n % 7}", published=day,
                      url=f"https://example.org/{n}", title=f"Report {n}")
    event = _event(article, event_type, code, day, n, **fields)
    store.ingest(article, [event])
    return event


@pytest.fixture(scope="module")
def stocked(tmp_path_factory):
    """The store and what went in: event id -> (kind, the event's fields)."""
    need_shared(*(REFERENCE / name for name in NEEDED))
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('codebooks') / 'events.db'}")
    table, made = _cameo_plover(), {}
    n = 0
    for row in _tsv("cameo_goldstein.tsv"):  # every CAMEO code GDELT lists, roots 01-20 among them
        code = row["cameo_code"]
        types = _plover_types_of(code, table)
        event_type = sorted(types)[0] if types else "AGREE"  # 01, 02: PLOVER drops them
        event = _report(store, n, event_type, code)
        made[event.event_id] = ("cameo", {"code": code, "plover": types, "day": event.date})
        n += 1
    for event_type, code in load_plover_defaults().items():  # every PLOVER type, by default code
        event = _report(store, n, event_type, code, mode=None)
        made[event.event_id] = ("plover", {"code": code, "plover": {event_type}, "day": event.date})
        n += 1
    for event_type, mode in (("PROTEST", "demonstrate"), ("ASSAULT", "chemical"), ("CONSULT", "mediate"),
                             ("ASSAULT", "assassination"), ("ASSAULT", "firearms"), ("MOBILIZE", "troops")):
        event = _report(store, n, event_type, None, mode=mode)  # legacy mode names, as old stores hold
        made[event.event_id] = ("mode", {"type": event_type, "mode": mode})
        n += 1
    for name, group in (("United Nations", "UNO"), ("NATO", "NAT"), ("European Union", "EEC"), ("African Union", "")):
        igo = ActorMention(name, 0, 3, name, "IGO", ["IGO"])
        event = _report(store, n, "CONSULT", "040", actor1=igo)
        made[event.event_id] = ("igo", {"group": group})
        n += 1
    for row in _tsv("acled_country_region.tsv"):
        info = codes.country(row["iso3"]) or codes.country({"KOS": "XK"}.get(row["iso3"]))
        if info is None:
            continue
        place = {"text": "Capital", "name": "Capital", "geonameid": None, "country": info["iso"], "admin1": None,
                 "lat": -60 + (n % 120), "lon": -170 + (n * 7) % 340, "feature": "place", "geo_precision": 1}
        event = _report(store, n, "ASSAULT", "190", location=place, acled_event_type="Battles",
                        acled_sub_event_type="Armed clash")
        made[event.event_id] = ("acled_country", {"row": row})
        n += 1
    police = ActorMention("police", 0, 6, "Police Forces of Syria", "SYR", ["POL"])
    rebels = ActorMention("rebels", 0, 6, "Rebels", "SYR", ["REB"])
    civilians = ActorMention("villagers", 0, 9, "Civilians (Syria)", "SYR", ["CVL"])
    protesters = ActorMention("protesters", 0, 10, "Protesters (Syria)", "SYR", ["CVL"])
    acled_cases = [
        ("ASSAULT", "190", "Battles", "Armed clash", police, rebels, {"inter": (1, 2), "targeting": ""}),
        ("ASSAULT", "180", "Violence against civilians", "Attack", rebels, civilians, {"inter": (2, 7), "targeting": "Civilian targeting"}),
        ("ASSAULT", "195", "Explosions/Remote violence", "Air/drone strike", None, None,
         {"inter": (0, 0), "targeting": "Civilian targeting", "killed": "12 civilians"}),
        ("ASSAULT", "195", "Explosions/Remote violence", "Air/drone strike", None, rebels, {"inter": (0, 2), "targeting": "", "killed": "12 fighters"}),
        ("ASSAULT", "145", "Protests", "Excessive force against protesters", police, protesters,
         {"inter": (1, 6), "targeting": "Civilian targeting"}),
        ("PROTEST", "141", "Protests", "Peaceful protest", protesters, None, {"inter": (6, 0), "targeting": ""}),
        ("CONSULT", "040", None, None, police, None, {"absent": True}),
    ]
    for event_type, code, acled_type, sub, actor1, actor2, expect in acled_cases:
        quantities = [Quantity("killed", 12, expect["killed"])] if "killed" in expect else []
        event = _report(store, n, event_type, code, actor1=actor1, actor2=actor2, acled_event_type=acled_type,
                        acled_sub_event_type=sub, quantities=quantities, fatalities=12 if quantities else None)
        made[event.event_id] = ("acled", expect)
        n += 1
    yield store, made
    store.close()


def load_plover_defaults() -> dict[str, str]:
    from frontwatch.ontology import load_ontology

    return load_ontology().plover_cameo_root


def _export(store: Store, fmt: str) -> str:
    out = io.StringIO()
    export(store.iter_events(), fmt, out)
    return out.getvalue()


def _assert_none(differences: list[str]) -> None:
    assert not differences, f"{len(differences)} differences from the codebooks:\n" + "\n".join(differences[:40])


def test_store_holds_every_cameo_root_and_plover_type(stocked):
    store, made = stocked
    records = list(store.iter_events())
    assert len(records) == len(made)  # no two fused
    roots = {r["cameo_code"][:2] for r in records if r.get("cameo_code")}
    assert roots == {f"{r:02d}" for r in range(1, 21)}
    assert {r["event_type"] for r in records} == set(Plover().quad)


def test_gdelt_codes_quadclass_goldstein_fractiondate(stocked):
    store, made = stocked
    lines = _export(store, "gdelt").splitlines()
    header = lines[0].split("\t")
    columns = [r["column"] for r in _tsv("gdelt_events_columns.tsv")]
    differences = [f"columns {header} != {columns}"] if header != columns else []
    goldstein = {r["cameo_code"]: float(r["goldstein"]) for r in _tsv("cameo_goldstein.tsv")}
    quad = {r["event_root_code"]: r["quad_class"] for r in _tsv("gdelt_quadclass.tsv")}
    by_id = {int(event_id[:15], 16): made[event_id] for event_id in made}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        kind, expect = by_id[int(row["GLOBALEVENTID"])]
        if kind in ("cameo", "plover"):
            code = expect["code"]
            event_code = code if len(code) >= 3 else code + "0"
            got = (row["EventCode"], row["EventBaseCode"], row["EventRootCode"])
            if got != (event_code, event_code[:3], code[:2]):
                differences.append(f"{code}: EventCode/Base/Root {got}, codebook {(event_code, event_code[:3], code[:2])}")
            if row["QuadClass"] != quad[code[:2]]:
                differences.append(f"{code}: QuadClass {row['QuadClass']}, gdelt_quadclass.tsv {quad[code[:2]]}")
            if float(row["GoldsteinScale"]) != goldstein[event_code]:
                differences.append(f"{code}: GoldsteinScale {row['GoldsteinScale']}, cameo_goldstein.tsv {goldstein[event_code]}")
            day = expect["day"]
            fraction = f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"
            if row["FractionDate"] != fraction:
                differences.append(f"{day}: FractionDate {row['FractionDate']}, GDELT rows {fraction}")
            if row["SQLDATE"] == "20070704" and row["FractionDate"] != "2007.5041":
                differences.append(f"2007-07-04: FractionDate {row['FractionDate']}, GDELT 2007.5041")
            if (row["ActionGeo_Type"], row["ActionGeo_ADM1Code"], row["ActionGeo_FeatureID"]) != ("4", "", ""):
                differences.append(f"{code}: a GeoNames town gets GDELT type 4 and no FIPS ADM1 or GNS FeatureID")
        if kind == "igo" and (row["Actor1KnownGroupCode"], row["Actor1CountryCode"]) != (expect["group"], ""):
            differences.append(f"{row['Actor1Name']}: KnownGroupCode {row['Actor1KnownGroupCode']!r}, CAMEO {expect['group']!r}")
    _assert_none(differences)


def test_plover_fields_types_quads_and_modes(stocked):
    store, made = stocked
    plover, table = Plover(), _cameo_plover()
    differences = []
    for line in _export(store, "plover").splitlines():
        record = json.loads(line)
        kind, expect = made[record["id"]]
        extra = set(record) - plover.record_fields - {"size", "frontwatch"}
        if extra:
            differences.append(f"{record['id']}: fields PLOVER lacks {sorted(extra)}")
        missing = {"id", "date", "actor", "event"} - set(record)
        if missing:
            differences.append(f"{record['id']}: PLOVER's required fields missing {sorted(missing)}")
        (event_type,) = record["event"]
        if record["quad_code"] != plover.quad.get(event_type):
            differences.append(f"{event_type}: quad_code {record['quad_code']}, manual {plover.quad.get(event_type)}")
        if not set(record["mode"]) <= plover.modes[event_type]:
            differences.append(f"{event_type}: modes {record['mode']} not among the manual's {sorted(plover.modes[event_type])}")
        if kind == "mode":
            expected = {"demonstrate": ["demo"], "chemical": ["unconventional"], "mediate": ["third-party"],
                        "assassination": ["targeted"], "firearms": ["firearms"], "troops": ["troops"]}[expect["mode"]]
            if record["mode"] != expected:
                differences.append(f"{expect['type']}/{expect['mode']}: mode {record['mode']}, PLOVER {expected}")
        if kind in ("cameo", "plover") and expect["plover"] and event_type not in expect["plover"]:
            differences.append(f"CAMEO {expect['code']}: event {event_type}, CAMEO2PLOVER {sorted(expect['plover'])}")
        for name in ("actor", "recipient"):
            if not isinstance(record.get(name), list):
                differences.append(f"{record['id']}: {name} is no list of entities")
            for entity in record.get(name) or []:
                if set(entity) - plover.entity_fields:
                    differences.append(f"{record['id']}: {name} fields {sorted(set(entity) - plover.entity_fields)}")
        for name, fields in (("event_loc", plover.loc_fields), ("cite_info", plover.cite_fields),
                             ("text_info", plover.text_fields), ("size", plover.size_fields)):
            if record.get(name) and set(record[name]) - fields:
                differences.append(f"{record['id']}: {name} fields {sorted(set(record[name]) - fields)}")
        if record.get("date") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"]):
            differences.append(f"{record['id']}: date {record['date']!r} is not YYYY-MM-DD")
    _assert_none(differences)


def test_cameo_penta_is_phoenix(stocked):
    from frontwatch.ontology import load_ontology

    reference = {r["cameo_root"]: int(r["phoenix_class"]) for r in _tsv("phoenix_penta.tsv")}
    assert load_ontology().cameo_penta == reference


def test_acled_columns_regions_inter_codes_and_targeting(stocked):
    store, made = stocked
    rows = list(csv.DictReader(io.StringIO(_export(store, "acled"))))
    columns = [r["column"] for r in _tsv("acled_columns.tsv")]
    differences = [f"columns {list(rows[0])} != {columns}"] if list(rows[0]) != columns else []
    inter_codes = {int(r["inter_code"]) for r in _tsv("acled_inter_codes.tsv")} | {0}
    by_cnty = {}
    for event_id, (kind, expect) in made.items():
        by_cnty.setdefault(int(event_id[:10], 16), []).append((kind, expect))
    seen_absent = False
    typed = 0
    for row in rows:
        (kind, expect), = by_cnty[int(re.sub(r"^\D+", "", row["event_id_cnty"]))]
        typed += 1
        inter1, inter2 = int(row["inter1"]), int(row["inter2"])
        if not {inter1, inter2} <= inter_codes:
            differences.append(f"{row['event_id_cnty']}: inter codes {inter1}, {inter2} not ACLED's")
        expected = 10 * min(inter1, inter2) + max(inter1, inter2) if inter1 and inter2 else (inter1 or inter2) * 10
        if int(row["interaction"]) != expected:
            differences.append(f"{row['event_id_cnty']}: interaction {row['interaction']}, ACLED {expected}")
        if kind == "acled_country":
            ref = expect["row"]
            got = (row["region"], row["iso"], row["country"])
            if got != (ref["region"], ref["iso_numeric"], ref["country"]):
                differences.append(f"{ref['iso3']}: region/iso/country {got}, acledR {(ref['region'], ref['iso_numeric'], ref['country'])}")
        if kind == "acled":
            seen_absent |= bool(expect.get("absent"))
            if (inter1, inter2) != expect["inter"]:
                differences.append(f"{row['sub_event_type']}: inter {(inter1, inter2)}, ACLED {expect['inter']}")
            if row["civilian_targeting"] != expect["targeting"]:
                differences.append(f"{row['sub_event_type']}: civilian_targeting {row['civilian_targeting']!r}, ACLED {expect['targeting']!r}")
    if seen_absent:
        differences.append("an event ACLED does not code (no ACLED type) is in the ACLED file")
    countries = sum(1 for kind, _ in made.values() if kind == "acled_country")
    assert countries >= 240 and set(REGION_FAULTS) <= {e["row"]["iso3"] for k, e in made.values() if k == "acled_country"}
    if typed != sum(1 for kind, e in made.values() if kind == "acled_country" or (kind == "acled" and not e.get("absent"))):
        differences.append(f"{typed} ACLED rows for the ACLED-typed events")
    _assert_none(differences)
