"""The API's guards: checked parameters, read-only methods and store, size limits, the bearer token.

FastAPI's test client over a real SQLite store holding the sample article; PostgreSQL
for the read-only engine; ``frontwatch serve`` as a real process; the map behind a token
in Debian's Chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from frontwatch.cli import app as cli
from frontwatch.store import Store
from frontwatch.store.models import RejectedInput
from frontwatch.web.app import create_app
from frontwatch.web.commands import TOKEN_ENV, is_loopback
from frontwatch.web.guard import MAX_BODY_BYTES, MAX_URL_BYTES, MIN_TOKEN_CHARS, SESSION_COOKIE
from frontwatch.filters import MAX_OFFSET, MAX_PAGE, MAX_TEXT_CHARS
from tests.store.conftest import backend, make_url, postgres_server, report  # noqa: F401  (fixtures)
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, _free_port

pytestmark = pytest.mark.slow

TOKEN = "t0ken-for-the-tests-only-0123456789"
ENDPOINTS = ["/", "/api/events", "/api/control?date=2020-02-09", "/api/control/timeline", "/static/map.js",
             "/docs", "/openapi.json"]
INJECTIONS = ["' OR 1=1 --", "%", "_", "%%", "a_b", "\\", "'; DROP TABLE events; --", "عفرين", "\u00e9vacu\u00e9", "😀"]


def _search_text(properties: dict) -> str:
    """What the store's ``q`` searches: every source's sentence, the actors' and place's names."""
    parts = [s["evidence"]["sentence"] for s in properties["sources"]]
    parts += [(properties.get(k) or {}).get("name") or "" for k in ("actor1", "actor2", "location")]
    return " ".join(parts).lower()


# -- every parameter checked --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        ("/api/events", {"since": "20200209"}, "since"),
        ("/api/events", {"since": "2020-W06-7"}, "since"),
        ("/api/events", {"since": "\u0662\u0660\u0662\u0660-02-09"}, "since"),  # Arabic-Indic digits
        ("/api/events", {"until": "2020-13-01"}, "until"),
        ("/api/events", {"type": "assault; --"}, "type"),
        ("/api/events", {"country": "XX"}, "country"),
        ("/api/events", {"country": "SYRIA"}, "country"),
        ("/api/events", {"country": "' OR 1=1 --"}, "country"),
        ("/api/events", {"bbox": "nan,0,10,10"}, "bbox"),
        ("/api/events", {"bbox": "inf,0,10,10"}, "bbox"),
        ("/api/events", {"bbox": "1_0,0,20,10"}, "bbox"),
        ("/api/events", {"bbox": "0,0,10,10,5"}, "bbox"),
        ("/api/events", {"bbox": "-181,0,10,10"}, "bbox"),
        ("/api/events", {"bbox": "0,-91,10,10"}, "bbox"),
        ("/api/events", {"bbox": "1e999,0,10,10"}, "bbox"),
        ("/api/events", {"min_confidence": "nan"}, "min_confidence"),
        ("/api/events", {"min_confidence": "-0.1"}, "min_confidence"),
        ("/api/events", {"limit": str(MAX_PAGE + 1)}, "limit"),
        ("/api/events", {"limit": "1e3"}, "limit"),
        ("/api/events", {"offset": str(MAX_OFFSET + 1)}, "offset"),
        ("/api/events", {"offset": "99999999999999999999999999"}, "offset"),
        ("/api/events", {"q": "x" * (MAX_TEXT_CHARS + 1)}, "q"),
        ("/api/events", {"q": "a\x00b"}, "q"),
        ("/api/events", {"actor": "line\nbreak"}, "actor"),
        ("/api/events", {"typ": "ASSAULT"}, "'typ'"),
        ("/api/events", {"token": TOKEN}, "'token'"),
        ("/api/control", {"date": ""}, "date"),
        ("/api/control", {"date": "2020-02-09", "place": "p" * (MAX_TEXT_CHARS + 1)}, "place"),
        ("/api/control", {"date": "2020-02-09", "limit": "0"}, "limit"),
        ("/api/control/timeline", {"place": "\x1b[31m"}, "place"),
        ("/api/control/timeline", {"date": "2020-02-09"}, "'date'"),
        ("/api/events/" + "a" * 65, {}, "event_id"),
        ("/api/events/a.b", {}, "event_id"),
        ("/api/articles/%27%20OR%201%3D1%20--", {}, "article_id"),
    ],
)
def test_bad_parameters_give_one_line_400_naming_the_parameter(client, path, query, name):
    response = client.get(path, params=query)
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert detail.startswith(name) and "\n" not in detail and len(detail) < 400


def test_a_parameter_given_twice_is_refused(client):
    response = client.get("/api/events?type=ASSAULT&type=PROTEST")
    assert response.status_code == 400 and response.json()["detail"] == "type: given more than once"


def test_empty_values_count_as_not_given(client):
    everything = client.get("/api/events").json()["features"]
    assert client.get("/api/events?type=&since=&bbox=&q=&country=").json()["features"] == everything


def test_lowercase_types_and_alpha_2_countries_are_read(client):
    upper = client.get("/api/events", params={"type": "ASSAULT", "country": "SYR"}).json()["features"]
    assert upper and client.get("/api/events", params={"type": "assault", "country": "sy"}).json()["features"] == upper


def test_a_box_across_the_antimeridian_is_west_above_east(client):
    mapped = [f for f in client.get("/api/events").json()["features"] if f["geometry"]]
    lon = mapped[0]["geometry"]["coordinates"][0]
    around = client.get("/api/events", params={"bbox": f"{lon - 1},-90,{lon - 2},90"}).json()["features"]
    assert {f["id"] for f in mapped} <= {f["id"] for f in around}  # everything but a 1-degree slice
    outside = client.get("/api/events", params={"bbox": f"{lon + 1},-90,{lon - 1},90"}).json()["features"]
    assert all(f["geometry"]["coordinates"][0] != lon for f in outside if f["geometry"])


@pytest.mark.parametrize("needle", INJECTIONS)
def test_injection_looking_text_is_matched_literally(client, needle):
    everything = client.get("/api/events", params={"limit": MAX_PAGE}).json()["features"]
    for name in ("q", "actor"):
        response = client.get("/api/events", params={name: needle})
        assert response.status_code == 200, response.text
        found = {f["id"] for f in response.json()["features"]}
        if name == "q":
            assert found == {f["id"] for f in everything if needle.lower() in _search_text(f["properties"])}
        else:
            assert found <= {f["id"] for f in everything}
    assert client.get("/api/control/timeline", params={"place": needle}).status_code == 200
    assert client.get("/api/control", params={"date": "2020-02-09", "place": needle}).status_code == 200
    assert len(client.get("/api/events", params={"limit": MAX_PAGE}).json()["features"]) == len(everything)


def test_sql_wildcards_do_not_match_everything(client):
    assert client.get("/api/events", params={"q": "%"}).json()["features"] == []
    assert client.get("/api/events", params={"actor": "_"}).json()["features"] == []
    assert client.get("/api/control/timeline", params={"place": "%"}).json() == []


def test_the_largest_page_is_served_and_control_is_paged(client):
    body = client.get("/api/events", params={"limit": MAX_PAGE}).json()
    assert body["paging"]["limit"] == MAX_PAGE and body["paging"]["next_offset"] is None
    held = client.get("/api/control", params={"date": "2020-02-09"}).json()
    assert len(held["features"]) > 1 and held["paging"]["limit"] == MAX_PAGE
    first = client.get("/api/control", params={"date": "2020-02-09", "limit": 1}).json()
    second = client.get("/api/control", params={"date": "2020-02-09", "limit": 1, "offset": 1}).json()
    assert first["paging"]["next_offset"] == 1
    assert [first["features"][0]["id"], second["features"][0]["id"]] == [f["id"] for f in held["features"][:2]]
    places = client.get("/api/control/timeline").json()
    assert client.get("/api/control/timeline", params={"limit": 1, "offset": 1}).json() == places[1:2]


def test_the_map_page_config_cannot_close_its_script(sample_db):
    app = create_app(sample_db, tiles="https://tiles.example.org/</script><script>alert(1)</script>/{z}/{x}/{y}.png")
    try:
        with TestClient(app) as client:
            page = client.get("/").text
    finally:
        app.state.store.close()
    assert "</script><script>alert(1)" not in page and "\\u003c/script>" in page


# -- read-only ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("path", ["/", "/api/events", "/api/events/abc", "/api/control", "/static/map.js", "/docs",
                                  "/openapi.json", "/nowhere"])
def test_only_get_and_head_are_allowed(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD" and response.json()["detail"].startswith(f"method {method}")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_head_answers_like_get_without_a_body(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]


def _write_through(app) -> None:
    with app.state.store.engine.begin() as conn:
        now = dt.datetime.now(dt.timezone.utc)
        conn.execute(insert(RejectedInput).values(key="k", origin="x", reason="y", count=1, first_seen=now, last_seen=now))


def test_a_write_through_the_apps_engine_fails(client):
    with pytest.raises(DBAPIError, match="(?i)read-?only"):
        _write_through(client.app)


def test_a_write_through_the_apps_engine_fails_on_both_backends(make_url):
    url = make_url()
    with Store.open(url) as store:
        store.ingest(*report("The army attacked the town.", "CGTN"))
    app = create_app(url)
    try:
        with TestClient(app) as client:
            assert len(client.get("/api/events").json()["features"]) == 1
            with pytest.raises(DBAPIError, match="(?i)read-?only"):
                _write_through(app)
    finally:
        app.state.store.close()
    with Store.open(url) as store:
        assert store.counts()["rejections"] == 0


def test_serving_a_missing_store_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "no store there" in result.stderr
    assert not (tmp_path / "none.db").exists()


# -- size limits --------------------------------------------------------------------------


def test_a_long_url_is_414(client):
    response = client.get("/api/events", params={"q": "x" * MAX_URL_BYTES})
    assert response.status_code == 414 and "longer than 4,096" in response.json()["detail"]
    assert client.get("/" + "a" * MAX_URL_BYTES).status_code == 414


def test_a_body_on_get_is_refused_beyond_the_limit(client):
    assert client.request("GET", "/api/events", content=b"{}").status_code == 200
    big = client.request("GET", "/api/events", content=b"x" * (MAX_BODY_BYTES + 1))
    assert big.status_code == 413 and big.json()["detail"].startswith("request body is")


def test_a_chunked_body_is_cut_at_the_limit(client):
    def chunks():
        for _ in range(64):
            yield b"x" * 512

    response = client.request("GET", "/api/events", content=chunks())
    assert response.status_code == 413


# -- the bearer token ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def locked(sample_db):
    app = create_app(sample_db, token=TOKEN)
    with TestClient(app) as test_client:
        yield test_client
    app.state.store.close()


@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/events/abc", "/static-docs/swagger-ui-bundle.js", "/nowhere"])
def test_with_a_token_every_path_needs_it(locked, path):
    anonymous = locked.get(path)
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == 'Bearer realm="frontwatch"'
    assert "\n" not in anonymous.json()["detail"]
    wrong = locked.get(path, headers={"Authorization": "Bearer " + TOKEN[:-1] + "X"})
    assert wrong.status_code == 401 and 'error="invalid_token"' in wrong.headers["www-authenticate"]
    assert locked.get(path, headers={"Authorization": "Basic " + TOKEN}).status_code == 401
    expected = 404 if path in ("/nowhere", "/api/events/abc") else 200
    assert locked.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == expected
    assert locked.get(path, headers={"Authorization": f"bearer  {TOKEN}"}).status_code == expected


def test_the_map_takes_the_token_once_and_keeps_a_session_cookie(sample_db):
    app = create_app(sample_db, token=TOKEN)
    try:
        with TestClient(app, follow_redirects=False) as browser:
            assert browser.get("/?token=wrong-token-wrong-token").status_code == 401
            assert browser.get(f"/api/events?token={TOKEN}").status_code == 401  # only the map page takes it
            start = browser.get(f"/?token={TOKEN}")
            assert start.status_code == 303 and start.headers["location"] == "/"
            cookie = start.headers["set-cookie"]
            assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
            assert TOKEN not in cookie
            for path in ENDPOINTS:
                assert browser.get(path).status_code == 200, path
            browser.cookies.clear()  # the forged cookie alone, whatever the client's jar does with domains
            browser.cookies.set(SESSION_COOKIE, "forged")
            assert browser.get("/api/events").status_code == 401
    finally:
        app.state.store.close()


@pytest.mark.parametrize("token", ["short", " " * 20, "has a space in it, so no", "t\u00f8ken-with-non-ascii-0123"])
def test_unusable_tokens_are_refused(sample_db, token):
    with pytest.raises(ValueError, match="token"):
        create_app(sample_db, token=token)


def test_loopback_hosts():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.10", "example.org"))


def test_serve_refuses_an_open_public_host_and_a_short_token(sample_db):
    runner = CliRunner()
    open_host = runner.invoke(cli, ["serve", "--db", sample_db, "--host", "0.0.0.0"], env={TOKEN_ENV: None})
    assert open_host.exit_code == 2 and open_host.stderr.count("\n") == 1
    assert "--allow-open" in open_host.stderr and "--token" in open_host.stderr
    short = runner.invoke(cli, ["serve", "--db", sample_db], env={TOKEN_ENV: "x" * (MIN_TOKEN_CHARS - 1)})
    assert short.exit_code == 2 and short.stderr.startswith(f"error: --token ({TOKEN_ENV}):")


def _serve(args: list[str], env: dict[str, str]):
    """``frontwatch serve`` as a process on a free port; yields (base URL, process)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", "from frontwatch.cli import app; app(prog_name='frontwatch')", "serve", *args,
         "--port", str(port)], env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):  # until it listens; the process ending first is a failure
        if process.poll() is not None:
            pytest.fail(f"frontwatch serve exited {process.returncode}: {process.stderr.read()}")
        try:
            httpx.get(base + "/openapi.json", timeout=5)
            break
        except httpx.TransportError:
            try:
                process.wait(0.1)
            except subprocess.TimeoutExpired:
                pass
    return base, process


def _stop(process: subprocess.Popen) -> str:
    process.terminate()
    _, stderr = process.communicate(timeout=60)
    return stderr


def test_serve_with_the_token_from_the_environment(sample_db):
    env = {TOKEN_ENV: TOKEN}
    base, process = _serve(["--db", sample_db, "--host", "0.0.0.0"], env)
    try:
        assert httpx.get(base + "/api/events").status_code == 401
        answer = httpx.get(base + "/api/events", headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200 and answer.json()["features"]
        assert httpx.post(base + "/api/events", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 405
    finally:
        stderr = _stop(process)
    assert "warning" not in stderr


def test_serve_open_on_a_public_host_warns_once(sample_db):
    base, process = _serve(["--db", sample_db, "--host", "0.0.0.0", "--allow-open"], {TOKEN_ENV: ""})
    try:
        assert httpx.get(base + "/api/events").status_code == 200
    finally:
        stderr = _stop(process)
    warnings = [line for line in stderr.splitlines() if line.startswith("warning:")]
    assert warnings == ["warning: serving 0.0.0.0 without a token: anyone who reaches it can read the store"]


def test_the_map_works_behind_a_token_in_a_real_browser(sample_db, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/services.d/chromium.sh")
    from playwright.sync_api import sync_playwright

    base, process = _serve(["--db", sample_db], {TOKEN_ENV: TOKEN})
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(f"{base}/?token={TOKEN}")
            page.evaluate("() => window.frontwatch.ready")
            page.wait_for_selector("#status[data-shown]", timeout=WAIT_MS)
            assert int(page.get_attribute("#status", "data-shown")) > 0
            page.wait_for_selector("#control-list li.fw-control", timeout=WAIT_MS)
            assert page.url == base + "/"  # the token left the address bar
            context.close()
    finally:
        _stop(process)
