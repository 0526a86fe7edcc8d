"""The map shows events stored while it is open (as ``frontwatch watch`` stores them), without a reload."""

from __future__ import annotations

import threading

import pytest

from frontwatch.store import Store
from tests.store.conftest import report
from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, _free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path):
    """A store with one event, served with the map asking for updates every second."""
    import uvicorn

    from frontwatch.web.app import create_app

    url = f"sqlite:///{tmp_path / 'events.db'}"
    with Store.open(url) as store:
        store.ingest(*report("Troops shelled the town on Saturday.", "Wire"))
    app = create_app(url)
    app.state.page_config["poll_s"] = 1
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
        thread.join(0.05)
    yield url, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()
    app.state.store.close()


def test_new_events_appear_without_a_reload(served, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/services.d/chromium.sh")
    from playwright.sync_api import sync_playwright

    url, page_url = served
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(page_url + "/")
        page.evaluate("() => window.frontwatch.ready")
        page.wait_for_selector("#status[data-shown]", timeout=WAIT_MS)
        assert page.locator("#event-list li").count() == 1
        page.evaluate("() => { window.notReloaded = true; }")
        with Store.open(url) as store:  # what a watch round does: a new article, a new event elsewhere
            store.ingest(*report("Rebels attacked a checkpoint on Sunday.", "Other", lat=15.35, lon=44.2, place="Sanaa"))
        page.wait_for_function("() => document.querySelectorAll('#event-list li').length === 2", timeout=WAIT_MS)
        assert page.evaluate("() => window.notReloaded === true")
        assert page.locator("#status").get_attribute("data-shown") == "2"
        context.close()
