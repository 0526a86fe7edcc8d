"""Property and fuzz tests (hypothesis) for the API's query and path parameters.

Over FastAPI's test client and a real SQLite store holding the sample article: any
parameters, any values, never a 500; every answer is one of the documented statuses with
a JSON body, a refusal says what is wrong in one line; and valid random filters return
exactly the events, in order and page, that the filters select from the unfiltered list.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from frontwatch.records import PLOVER_TYPES
from frontwatch.store import codes
from frontwatch.store.fusion import day_span
from frontwatch.filters import MAX_OFFSET, MAX_PAGE

pytestmark = pytest.mark.slow

STATUSES = {200, 400, 404, 413, 414}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARAMETERS = {
    "/api/events": ["since", "until", "type", "country", "actor", "bbox", "q", "min_confidence", "limit", "offset"],
    "/api/control": ["date", "place", "limit", "offset"],
    "/api/control/timeline": ["place", "limit", "offset"],
    "/api/feeds": [],
    "/api/updates": [],
}
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-0", "1e3", "1_000", "0x10", " 7", "７", "1,5", "", "+1", "1e-400"]),
)
DAYS = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.text(max_size=12),
)
VALUES = st.one_of(st.text(max_size=40), NUMBERS, DAYS, st.text(max_size=400))


def _check(response) -> dict | list:
    assert response.status_code in STATUSES, (response.status_code, response.text[:300])
    body = response.json()
    if response.status_code != 200:
        assert isinstance(body["detail"], str) and "\n" not in body["detail"]
    return body


@FUZZ
@given(path=st.sampled_from(sorted(PARAMETERS)), data=st.data())
def test_any_query_parameters_give_a_documented_status_with_json(client, path, data):
    known = st.sampled_from(PARAMETERS[path]) if PARAMETERS[path] else st.nothing()
    names = st.one_of(known, st.text(min_size=1, max_size=10))
    query = data.draw(st.dictionaries(names, VALUES, max_size=5))
    _check(client.get(path, params=query))


@FUZZ
@given(endpoint=st.sampled_from(["/api/events/", "/api/articles/"]), ident=st.text(min_size=1, max_size=80))
def test_any_id_gives_a_documented_status_with_json(client, endpoint, ident):
    _check(client.get(endpoint + quote(ident, safe="")))


@FUZZ
@given(name=st.sampled_from(PARAMETERS["/api/events"]), value=st.one_of(NUMBERS, DAYS))
def test_numbers_and_days_in_any_parameter(client, name, value):
    _check(client.get("/api/events", params={name: value}))


# -- valid filters select exactly the matching events ------------------------------------

BOXES = st.tuples(
    st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90),
).map(lambda b: (b[0], min(b[1], b[3]), b[2], max(b[1], b[3])))
AROUND_THE_SAMPLE = st.tuples(st.floats(30, 40), st.floats(30, 40), st.floats(0.1, 5), st.floats(0.1, 5)).map(
    lambda b: (b[0] - b[2], b[1] - b[3], b[0] + b[2], b[1] + b[3]))
FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "since": st.dates(dt.date(2019, 12, 1), dt.date(2020, 3, 1)),
        "until": st.dates(dt.date(2019, 12, 1), dt.date(2020, 3, 1)),
        "type": st.sampled_from(PLOVER_TYPES).map(lambda t: t if len(t) % 2 else t.lower()),
        "country": st.sampled_from(["SYR", "SY", "TUR", "tr", "RUS", "USA", "FRA"]),
        "bbox": st.one_of(BOXES, AROUND_THE_SAMPLE),
        "q": st.sampled_from(["control", "killed", "the", "syria", "turkish", "%", "_", "x"]),
        "min_confidence": st.floats(0, 1),
        "limit": st.integers(1, 30),
        "offset": st.integers(0, 10),
    },
)


@pytest.fixture(scope="module")
def everything(client) -> list[dict]:
    body = client.get("/api/events", params={"limit": MAX_PAGE}).json()
    assert body["paging"]["next_offset"] is None and body["features"]
    return body["features"]


def _selected(feature: dict, filters: dict) -> bool:
    p = feature["properties"]
    lo, hi = day_span(p)
    location = p.get("location") or {}
    actor1 = p.get("actor1") or {}
    checks = {
        "since": lambda v: hi is not None and hi >= v,
        "until": lambda v: lo is not None and lo <= v,
        "type": lambda v: p["event_type"] == v.upper(),
        "country": lambda v: codes.iso3(v) == (
            codes.iso3(location.get("country")) or (actor1.get("country") if actor1.get("country") != "IGO" else None)),
        "bbox": lambda v: _in_box(location, v),
        "q": lambda v: v in _search_text(p),
        "min_confidence": lambda v: p["confidence"] >= v,
    }
    return all(check(filters[name]) for name, check in checks.items() if name in filters)


def _in_box(location: dict, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    lat, lon = location.get("lat"), location.get("lon")
    if lat is None or lon is None or not south <= lat <= north:
        return False
    return west <= lon <= east if west <= east else (lon >= west or lon <= east)


def _search_text(p: dict) -> str:
    parts = [s["evidence"]["sentence"] for s in p["sources"]]
    parts += [(p.get(k) or {}).get("name") or "" for k in ("actor1", "actor2", "location")]
    return " ".join(parts).lower()


def _query(filters: dict) -> dict[str, str]:
    query = {}
    for name, value in filters.items():
        if name == "bbox":
            value = ",".join(repr(v) for v in value)
        query[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return query


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters=FILTERS)
def test_valid_filters_return_exactly_the_matching_events_in_order(client, everything, filters):
    response = client.get("/api/events", params=_query(filters))
    if "since" in filters and "until" in filters and filters["since"] > filters["until"]:
        assert response.status_code == 400 and response.json()["detail"].startswith("since")
        return
    body = _check(response)
    assert response.status_code == 200
    offset, limit = filters.get("offset", 0), filters.get("limit", 100)
    expected = [f["id"] for f in everything if _selected(f, filters)]
    event("some events match" if expected[offset : offset + limit] else "no event matches")
    assert [f["id"] for f in body["features"]] == expected[offset : offset + limit]
    assert body["paging"]["returned"] == len(body["features"]) <= limit


@FUZZ
@given(limit=st.integers(-5, MAX_PAGE + 5), offset=st.integers(-5, 5) | st.just(MAX_OFFSET) | st.just(MAX_OFFSET + 1))
def test_paging_bounds(client, limit, offset):
    response = client.get("/api/events", params={"limit": limit, "offset": offset})
    valid = 1 <= limit <= MAX_PAGE and 0 <= offset <= MAX_OFFSET
    assert response.status_code == (200 if valid else 400)
    if not valid:
        assert response.json()["detail"].split(":")[0] in {"limit", "offset"}


# -- the OpenAPI document against the API (schemathesis) ---------------------------------


@pytest.mark.parametrize("generation", ["positive", "negative"])
def test_the_api_answers_as_its_openapi_document_says(client, generation):
    """Every operation, with data its schema allows (positive) and data it forbids (negative).

    Every check but "schema-valid data is accepted": the document gives each parameter's
    shape (a day's pattern, a bbox of four numbers), not what JSON Schema cannot say
    (February has no 30th, south is not above north, "XX" is no country): those are 400.
    A URL over the size limit is 414 before any parameter is read.
    """
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7  # events, an event, control, timeline, an article, feeds, updates
    mode = GenerationMode.POSITIVE if generation == "positive" else GenerationMode.NEGATIVE
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not len(operation.query) + len(operation.path_parameters):
            continue  # no parameter to give a forbidden value (/api/feeds, /api/updates)

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def answers_as_documented(case):
            response = case.call()
            if response.status_code == 414:  # the URL limit comes first, whatever the parameters hold
                assert response.json()["detail"].startswith("request URL is")
                return
            case.validate_response(response, excluded_checks=[positive_data_acceptance])

        answers_as_documented()
