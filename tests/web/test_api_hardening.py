"""The server's edges: security headers on every response, the Host check, no token in the
access log, a session that ends, no server path in an article, control paged in the query.

``frontwatch serve`` runs as a real process on 127.0.0.1 over a real SQLite store holding
the sample article; requests go through httpx with the Host headers a browser, an
attacker's rebound name or a proxy would send.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from frontwatch.store import Store
from frontwatch.web.app import create_app
from frontwatch.web.commands import TOKEN_ENV, served_hosts
from frontwatch.web.guard import SESSION_COOKIE, SESSION_SECONDS, BearerToken
from tests.store.conftest import backend, make_url, postgres_server, report  # noqa: F401  (fixtures)
from tests.web.test_api_security import ENDPOINTS, TOKEN, _serve

pytestmark = pytest.mark.slow

HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


def _stop(process) -> str:
    """Stop the server; everything it logged (stdout and stderr)."""
    process.terminate()
    out, err = process.communicate(timeout=60)
    return out + err


@pytest.fixture(scope="module")
def served(sample_db):
    """(base URL, port) of ``frontwatch serve`` on 127.0.0.1 without a token, with one more allowed name."""
    base, process = _serve(["--db", sample_db, "--allowed-host", "map.example"], {TOKEN_ENV: ""})
    yield base, int(base.rsplit(":", 1)[1])
    _stop(process)


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


# -- headers on every response ------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "status"), [
    *[("GET", path, 200) for path in ENDPOINTS],
    ("GET", "/nowhere", 404), ("GET", "/api/events?limit=0", 400), ("POST", "/api/events", 405),
    ("GET", "/" + "a" * 5000, 414), ("HEAD", "/", 200),
])
def test_every_response_carries_the_security_headers(served, method, path, status):
    base, _ = served
    response = httpx.request(method, base + path)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in HEADERS} == HEADERS
    policy = _policy(response)
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_the_map_page_allows_its_own_inline_script_by_hash_and_nothing_else(served):
    base, _ = served
    response = httpx.get(base + "/")
    (inline,) = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert inline.startswith("window.FRONTWATCH_CONFIG = ")
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    policy = _policy(response)
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert policy["style-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]


def test_a_tile_server_is_allowed_for_images_only(sample_db):
    app = create_app(sample_db, tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    try:
        with TestClient(app) as client:
            policy = _policy(client.get("/"))
    finally:
        app.state.store.close()
    assert policy["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]
    assert policy["connect-src"] == ["'self'"] and policy["script-src"][0] == "'self'"


# -- the Host header ----------------------------------------------------------------------


@pytest.mark.parametrize(("host", "status"), [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("LOCALHOST:{port}", 200), ("[::1]:{port}", 200),
    ("map.example:{port}", 200),
    ("attacker.example:{port}", 400), ("attacker.example", 400), ("127.0.0.1:1", 400), ("localhost", 400),
    ("", 400), ("127.0.0.1:{port}.attacker.example", 400),
])
def test_requests_for_another_host_are_refused(served, host, status):
    base, port = served
    response = httpx.get(base + "/api/events", headers={"Host": host.format(port=port)})
    assert response.status_code == status
    if status == 400:
        assert response.json()["detail"].startswith("the Host header does not name this server")
        assert "attacker" not in response.text
        assert response.headers["x-frame-options"] == "DENY"


def test_a_redirect_names_no_host(served):
    base, port = served
    response = httpx.get(base + "/api/events/", headers={"Host": f"localhost:{port}"})
    assert response.status_code in (307, 308) and response.headers["location"] == "/api/events"
    rebound = httpx.get(base + "/api/events/", headers={"Host": f"attacker.example:{port}"})
    assert rebound.status_code == 400 and "location" not in rebound.headers


def test_the_served_hosts():
    loopback = ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"]
    assert served_hosts("127.0.0.1", 8000, []) == [*loopback, "127.0.0.1:8000"]
    assert served_hosts("0.0.0.0", 8000, ["events.example.org", "proxy:443", "::2", "[::3]", "[::4]:9000"]) == [
        *loopback, "events.example.org:8000", "proxy:443", "[::2]:8000", "[::3]:8000", "[::4]:9000"]
    assert served_hosts("::1", 8000, []) == [*loopback, "[::1]:8000"]
    assert served_hosts("127.0.0.1", 8000, ["*"]) is None


# -- the token: never logged; the session ends ----------------------------------------------


def test_the_access_log_never_holds_the_token(sample_db):
    base, process = _serve(["--db", sample_db], {TOKEN_ENV: TOKEN})
    try:
        with httpx.Client(base_url=base) as browser:
            opened = browser.get(f"/?token={TOKEN}", follow_redirects=False)
            assert opened.status_code == 303
            assert httpx.get(f"{base}/api/events?token={TOKEN}").status_code == 401  # logged too
            assert browser.get("/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    finally:
        log = _stop(process)
    assert TOKEN not in log
    assert log.count("token=<redacted>") == 2, log  # the requests are logged, without the token


def test_the_session_cookie_expires(sample_db):
    app = create_app(sample_db, token=TOKEN)
    try:
        with TestClient(app, follow_redirects=False) as browser:
            cookie = browser.get(f"/?token={TOKEN}").headers["set-cookie"]
            assert f"Max-Age={SESSION_SECONDS}" in cookie and "expires=" in cookie.lower()
            assert browser.get("/api/events").status_code == 200

            guard = BearerToken(None, TOKEN)
            now = int(time.time())
            for value, status in [
                (guard.session_value(now + 60), 200),
                (guard.session_value(now - 1), 401),  # ended: refused even if a browser kept it
                (f"{now + 10**6}.{guard.session_value(now + 60).split('.')[1]}", 401),  # a later end, not signed
                (f"{now + 60}", 401), ("1e99.abc", 401), ("", 401),
            ]:
                browser.cookies.clear()
                browser.cookies.set(SESSION_COOKIE, value)
                assert browser.get("/api/events").status_code == status, value
    finally:
        app.state.store.close()


# -- what the API serves --------------------------------------------------------------------


def test_an_article_names_its_file_but_not_where_it_lies(served, sample_path):
    base, _ = served
    feature = httpx.get(base + "/api/events").json()["features"][0]
    article = httpx.get(base + f"/api/articles/{feature['properties']['article_id']}")
    assert article.status_code == 200
    assert article.json()["origin"] == sample_path.name
    assert str(sample_path.parent) not in article.text


def test_control_reads_only_the_claims_of_the_page(make_url, monkeypatch):
    url = make_url()
    towns = ["Kafr Alpha", "kafr beta", "Kafr Gamma", "Kafr Delta", "Kafr Epsilon"]
    with Store.open(url) as store:
        for i, town in enumerate(towns):
            article, events = report(f"The army took {town} on Saturday ({i}).", f"S{i}", place=town)
            event = events[0]
            event.control_change = {"place": event.location, "new_controller": event.actor1.to_dict(),
                                    "previous_controller": None}
            store.ingest(article, events)
        everything = store.control_on("2020-02-09")
        timeline = store.control_timeline()
        assert [p["place"]["name"] for p in everything] == sorted(towns, key=str.lower)
        read: list[int] = []
        whole = Store.control_claims
        monkeypatch.setattr(Store, "control_claims", lambda self, *a, **k: read.append(len(r := whole(self, *a, **k))) or r)
        for offset in range(len(towns) + 1):
            for limit in (1, 2, 10):
                assert store.control_on("2020-02-09", limit=limit, offset=offset) == everything[offset:offset + limit]
                assert store.control_timeline(limit=limit, offset=offset) == timeline[offset:offset + limit]
        assert max(read) == len(towns) and read.count(1) >= 2 * len(towns)
        read.clear()
        assert len(store.control_on("2020-02-09", limit=1, offset=2)) == 1 and read == [1]


def test_the_api_pages_control_in_the_store(client, monkeypatch):
    asked = []
    store = client.app.state.store
    original = store.control_on
    monkeypatch.setattr(store, "control_on", lambda *a, **k: asked.append(k) or original(*a, **k))
    held = client.get("/api/control", params={"date": "2020-02-09", "limit": 1, "offset": 1}).json()
    assert asked == [{"limit": 1, "offset": 1}] and held["paging"]["returned"] == 1

