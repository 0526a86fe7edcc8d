"""End to end: the map page in a real headless Chromium (Debian's, driven by Playwright).

The sample article is ingested into a real store, served by uvicorn on a free port;
the page must show its markers, hide and show them with the time slider, and open a
popup with the evidence sentence. It saves docs/screenshot-map.png for the README.
Chromium comes from scripts/services.d/chromium.sh; a missing browser fails the test.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-map.png"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
WAIT_MS = 90_000  # generous for a loaded 2-core machine; a ceiling, not a timing assertion


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(sample_db):
    import uvicorn

    from frontwatch.web.app import create_app

    app = create_app(sample_db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        thread.join(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()
    app.state.store.close()


@pytest.fixture
def page(tmp_path, server_url):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/services.d/chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800},
        )
        page = context.pages[0] if context.pages else context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(server_url) or r.url.startswith("data:") else outside.append(r.url))
        refused = _policy_violations(page)
        page.goto(server_url + "/")
        page.evaluate("() => window.frontwatch.ready")
        page.wait_for_selector("#status[data-shown]", timeout=WAIT_MS)
        yield page
        context.close()
        assert outside == [], f"the page fetched from outside the server: {outside}"
        assert refused == [], f"the Content-Security-Policy refused: {refused}"


def _policy_violations(page) -> list[str]:
    """What the page's Content-Security-Policy refuses from now on (Chromium says so on the console)."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


def _markers_on_map(page) -> int:
    """Markers and clusters drawn on the map, each cluster counting its members."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-marker-pane > *')].reduce(
             (n, node) => n + (node.classList.contains('marker-cluster') ? Number(node.textContent) : 1), 0)"""
    )


def _shown(page) -> int:
    return int(page.get_attribute("#status", "data-shown"))


def test_markers_appear_and_the_slider_hides_and_shows_them(page, client):
    mapped = [f for f in client.get("/api/events").json()["features"] if f["geometry"]]
    assert _shown(page) == len(mapped) > 1
    assert _markers_on_map(page) == len(mapped)
    assert page.locator(".marker-cluster, .fw-marker").count() >= 1

    slider = page.locator("#day")
    slider.focus()
    page.keyboard.press("Home")  # the first day: only the earliest events have happened
    earliest = min(f["properties"]["date_start"] or f["properties"]["date"] for f in mapped)
    expected = sum(1 for f in mapped if (f["properties"]["date_start"] or f["properties"]["date"]) <= earliest)
    page.wait_for_function(f"() => document.querySelector('#status').dataset.shown === '{expected}'", timeout=WAIT_MS)
    assert 0 < _markers_on_map(page) == expected < len(mapped)
    assert page.input_value("#day") == "0"

    page.keyboard.press("End")
    page.wait_for_function(f"() => document.querySelector('#status').dataset.shown === '{len(mapped)}'", timeout=WAIT_MS)
    assert _markers_on_map(page) == len(mapped)


def test_a_popup_opens_with_the_evidence(page, client):
    control = client.get("/api/events", params={"q": "took control"}).json()["features"][0]["properties"]
    page.click(f"#event-list li[data-event-id='{control['event_id']}']")
    popup = page.wait_for_selector(".leaflet-popup-content .evidence", timeout=WAIT_MS)
    assert control["evidence"]["sentence"] in popup.inner_text()
    content = page.inner_text(".leaflet-popup-content")
    assert control["date"] in content and control["actor1"]["name"] in content and "CGTN" in content
    assert "fatalities" in content


def test_control_layer_shows_who_holds_each_place_and_a_screenshot_is_saved(page, client):
    page.wait_for_selector("#control-list li.fw-control", timeout=WAIT_MS)
    held = page.inner_text("#control-list")
    assert "Saraqib" in held and "Military Forces of Syria (SYR)" in held
    assert page.locator("path.fw-control-area").count() >= 1
    assert page.locator("svg path").count() > 100, "country outlines are drawn"
    control = client.get("/api/events", params={"q": "took control"}).json()["features"][0]["properties"]
    page.click(f"#event-list li[data-event-id='{control['event_id']}']")
    page.wait_for_selector(".leaflet-popup-content .evidence", timeout=WAIT_MS)
    # The picture: the region at province scale, the first held place's evidence open.
    page.evaluate("""() => { const fw = window.frontwatch; fw.map.closePopup(); fw.map.setView([35.5, 37.5], 6, {animate: false});
                          fw.controlLayer.getLayers()[0].openPopup(); }""")
    page.wait_for_timeout(600)  # let the cluster animation settle before the picture
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_the_api_docs_run_under_their_policy(page, server_url):
    refused = _policy_violations(page)
    page.goto(server_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=WAIT_MS)  # Swagger UI ran and read /openapi.json
    assert page.locator(".swagger-ui .opblock").count() >= 5
    assert refused == [], f"the Content-Security-Policy refused: {refused}"


def test_country_outlines_never_jump_across_the_world(page):
    """Rings crossing the antimeridian (Fiji, Russia's far east) are drawn without a line
    from one edge of the map to the other, and the far east shows at both edges; the ring
    around the South Pole closes along the pole, beyond the map's edge."""
    edges = page.evaluate(
        """() => {
             const rings = [];
             window.frontwatch.outlines().eachLayer((layer) => {
               const walk = (value) => Array.isArray(value[0]) ? value.forEach(walk) : rings.push(value);
               walk(layer.getLatLngs());
             });
             let longest = 0, east = -Infinity, west = Infinity;
             for (const ring of rings) {
               ring.forEach((point, i) => {
                 const next = ring[(i + 1) % ring.length];  // the closing edge too
                 const alongPole = Math.abs(point.lat) === 90 && next.lat === point.lat;  // off the map's edge
                 if (!alongPole) longest = Math.max(longest, Math.abs(next.lng - point.lng));
                 if (point.lat > 60 && point.lat < 70) { east = Math.max(east, point.lng); west = Math.min(west, point.lng); }
               });
             }
             return { rings: rings.length, longest, east, west };
           }"""
    )
    assert edges["rings"] > 200
    assert edges["longest"] <= 180, f"an outline edge spans {edges['longest']:.1f} degrees of longitude"
    assert edges["east"] > 185 and edges["west"] < -175  # Chukotka past 180, and again at the western edge


def test_clusters_are_coloured_by_the_types_of_their_events(page, client):
    page.evaluate("() => window.frontwatch.map.setView([35, 38], 3, {animate: false})")
    page.wait_for_selector(".fw-cluster", timeout=WAIT_MS)
    clusters = page.evaluate(
        """() => [...document.querySelectorAll('.leaflet-marker-pane .marker-cluster')].map((node) => ({
             types: node.dataset.types || '', classes: node.className,
             image: getComputedStyle(node).backgroundImage,
             colours: (node.dataset.types || '').split(' ').filter(Boolean).map((share) => {
               const hex = window.frontwatch.colourOf(share.split(':')[0]).slice(1);
               return `rgb(${[0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
             }),
           }))"""
    )
    types = {f["properties"]["event_type"] for f in client.get("/api/events").json()["features"] if f["geometry"]}
    assert clusters and len(types) > 1
    for cluster in clusters:
        assert "marker-cluster-small" not in cluster["classes"], "markercluster's own green icon"
        assert cluster["colours"] and all(colour in cluster["image"] for colour in cluster["colours"]), cluster
    mixed = [c for c in clusters if len(c["colours"]) > 1]
    assert mixed, f"no cluster holds two types: {clusters}"
    shown = {share.split(":")[0] for c in clusters for share in c["types"].split()}
    assert shown <= types
