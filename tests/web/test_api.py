"""The HTTP API over a store holding the sample article (FastAPI's test client, a real SQLite store)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_events_are_a_geojson_feature_collection(client):
    body = client.get("/api/events").json()
    assert body["type"] == "FeatureCollection"
    assert body["features"], "the sample article yields events"
    feature = body["features"][0]
    assert feature["type"] == "Feature" and feature["id"] == feature["properties"]["event_id"]
    lon, lat = feature["geometry"]["coordinates"]
    assert (lat, lon) == (feature["properties"]["location"]["lat"], feature["properties"]["location"]["lon"])
    assert body["paging"] == {"limit": 100, "offset": 0, "returned": len(body["features"]), "next_offset": None}


def test_events_page_through_every_event(client):
    everything = [f["id"] for f in client.get("/api/events").json()["features"]]
    pages, offset = [], 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        pages += [f["id"] for f in body["features"]]
        offset = body["paging"]["next_offset"]
    assert pages == everything


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"type": "ASSAULT"}, lambda p: p["event_type"] == "ASSAULT"),
        ({"country": "SYR"}, lambda p: p["location"]["country"] == "SY"),
        ({"actor": "TUR"}, lambda p: "TUR" in ((p["actor1"] or {}).get("country"), (p["actor2"] or {}).get("country"))),
        ({"since": "2020-02-08", "until": "2020-02-09"}, lambda p: (p["date_end"] or p["date"]) >= "2020-02-08"),
        ({"min_confidence": 0.5}, lambda p: p["confidence"] >= 0.5),
        ({"bbox": "35,34,38,37"}, lambda p: 34 <= p["location"]["lat"] <= 37 and 35 <= p["location"]["lon"] <= 38),
        ({"q": "control"}, lambda p: any("control" in s["evidence"]["sentence"].lower() for s in p["sources"])),
    ],
)
def test_event_filters_keep_only_matching_events(client, params, check):
    features = client.get("/api/events", params=params).json()["features"]
    everything = client.get("/api/events").json()["features"]
    assert features, f"{params} should match some sample events"
    assert all(check(f["properties"]) for f in features)
    assert len(features) <= len(everything)


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2020-02-30"}, "until"),
        ({"type": "BOMBING"}, "type"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,50,10,40"}, "bbox"),
        ({"min_confidence": "2"}, "min_confidence"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"since": "2020-02-09", "until": "2020-02-01"}, "since"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, params, names):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith(names) and "\n" not in detail


def test_one_event_has_its_evidence_sentences_and_sources(client):
    first = client.get("/api/events").json()["features"][0]["properties"]
    body = client.get(f"/api/events/{first['event_id']}").json()
    assert body["event_id"] == first["event_id"]
    assert body["evidence_sentences"] and body["evidence_sentences"][0] == body["sources"][0]["evidence"]["sentence"]
    assert body["sources"][0]["source"] == "CGTN"


def test_unknown_ids_give_404(client):
    assert client.get("/api/events/nope").status_code == 404
    assert client.get("/api/articles/nope").status_code == 404


def test_article_has_text_and_events(client):
    first = client.get("/api/events").json()["features"][0]["properties"]
    body = client.get(f"/api/articles/{first['article_id']}").json()
    assert body["source"] == "CGTN" and body["published"] == "2020-02-09"
    assert first["evidence"]["sentence"] in body["text"]
    assert any(e["fused_id"] == first["event_id"] for e in body["events"])


def test_control_on_the_publication_day_has_saraqib_held_by_the_government(client):
    body = client.get("/api/control", params={"date": "2020-02-09"}).json()
    assert body["type"] == "FeatureCollection" and body["date"] == "2020-02-09"
    by_name = {f["properties"]["name"]: f for f in body["features"]}
    saraqib = by_name["Saraqib"]["properties"]
    assert saraqib["controller"]["country"] == "SYR"
    assert saraqib["controller_key"] == "SYR:government"
    assert by_name["Saraqib"]["geometry"]["type"] == "Point"
    assert any("Saraqeb" in c["evidence"]["sentence"] for c in saraqib["evidence"])
    assert by_name["M5"]["properties"]["place"]["feature"] == "road" and by_name["M5"]["geometry"] is None


def test_control_knows_nothing_before_the_first_claim(client):
    assert client.get("/api/control", params={"date": "2019-01-01"}).json()["features"] == []


def test_control_needs_a_valid_date(client):
    assert client.get("/api/control").status_code == 400
    response = client.get("/api/control", params={"date": "09/02/2020"})
    assert response.status_code == 400 and response.json()["detail"].startswith("date")


def test_control_timeline_filters_by_place(client):
    body = client.get("/api/control/timeline", params={"place": "M4"}).json()
    assert [t["place"]["name"] for t in body] == ["M4"]
    assert body[0]["periods"][0]["controller_key"] == "SYR:opposition"


def test_map_page_and_its_assets_are_served_locally(client):
    page = client.get("/").text
    assert "window.FRONTWATCH_CONFIG" in page
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/markercluster/leaflet.markercluster.js",
                 "/static/vendor/topojson/topojson-client.min.js", "/static/vendor/world-atlas/countries-110m.json",
                 "/static/map.js"):
        assert path in page or path.endswith(".json")
        assert client.get(path).status_code == 200, path
    assert "http://" not in page and "https://" not in page


def test_openapi_docs_use_no_cdn(client):
    docs = client.get("/docs").text
    assert "/static-docs/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/control", "/api/articles/{article_id}"} <= set(schema["paths"])
