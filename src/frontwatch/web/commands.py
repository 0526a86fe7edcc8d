"""``frontwatch serve`` (the API and map) and ``frontwatch control`` (who held what, when)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import sys
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from frontwatch.store.commands import DB_HELP, EXIT_NOTHING_DONE
from frontwatch.store.store import Store, StoreError
from frontwatch.terminal import dumps, safe

TOKEN_ENV = "FRONTWATCH_API_TOKEN"


def serve(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    tiles: Optional[str] = typer.Option(None, help="Base-map tile URL template ({z}/{x}/{y}); none: outlines only."),
    token: Optional[str] = typer.Option(
        None, envvar=TOKEN_ENV, show_envvar=True,
        help="Require 'Authorization: Bearer TOKEN' on every request (a browser opens /?token=TOKEN once). "
             "Prefer the environment variable: options are visible to other users in ps.",
    ),
    allow_open: bool = typer.Option(False, "--allow-open", help="Serve on a non-loopback --host without a token."),
    allowed_host: Optional[list[str]] = typer.Option(
        None, "--allowed-host",
        help="A name clients reach this server by (NAME or NAME:PORT; repeat for more). Requests whose Host "
             "header names no allowed host are refused (DNS rebinding). Always allowed: --host, 127.0.0.1, "
             "localhost and [::1] at --port. '*' turns the check off.",
    ),
) -> None:
    """Serve the read-only HTTP API (/api, OpenAPI at /docs) and the map page (/)."""
    import uvicorn

    from frontwatch.web.app import create_app
    from frontwatch.web.guard import check_token

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        if token is not None:
            check_token(token)
    except ValueError as exc:
        errors.print(f"error: --token ({TOKEN_ENV}): {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    if not token and not is_loopback(host):
        if not allow_open:
            errors.print(f"error: --host {host} is reachable from other machines: set --token (or {TOKEN_ENV}), "
                         "or pass --allow-open to serve without one", markup=False)
            raise typer.Exit(EXIT_NOTHING_DONE)
        errors.print(f"warning: serving {host} without a token: anyone who reaches it can read the store", markup=False)
    try:
        app = create_app(db, tiles=tiles, token=token, allowed_hosts=served_hosts(host, port, allowed_host or []))
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    uvicorn.run(app, host=host, port=port, log_level="info", log_config=log_config())


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "[::]", "")


def served_hosts(host: str, port: int, extra: list[str]) -> list[str] | None:
    """The ``name:port`` values a request's Host header may hold; None (no check) when ``extra`` holds '*'."""
    if "*" in extra:
        return None
    names = [*LOOPBACK_NAMES, *([] if host in WILDCARD_HOSTS else [_bracketed(host)])]
    hosts = [f"{name}:{port}" for name in names]
    for name in extra:
        has_port = "]:" in name if name.startswith("[") else name.count(":") == 1
        hosts.append(name if has_port else f"{_bracketed(name)}:{port}")
    return hosts


def _bracketed(host: str) -> str:
    """An IPv6 address as a Host header writes it: ``[::1]``."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def log_config() -> dict[str, Any]:
    """uvicorn's logging set-up with ``RedactToken`` on every handler: no token in the access log."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_token"] = {"()": "frontwatch.web.guard.RedactToken"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_token")
    return config


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) only listens on this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # any other name may resolve to a public interface


def control(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    date: Optional[str] = typer.Option(None, help="Who held each place on this day (YYYY-MM-DD); none: the whole timeline."),
    place: Optional[str] = typer.Option(None, help="Only places whose name contains this."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Output: table or json (default table)."),
    as_json: bool = typer.Option(False, "--json", help="Short for --format json."),
) -> None:
    """Print who held which place (town, district, road): on a day, or the whole timeline."""
    from frontwatch.commands import output_format
    from frontwatch.terminal import stdout_console

    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    as_json = output_format(fmt, as_json, ("table", "json"), json_form="json", piped="table") == "json"
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        errors.print(f"error: --date {date!r}: not a date (use YYYY-MM-DD)", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    try:
        with Store.open(db, read_only=True) as store:
            rows = _rows(store, day, place)
    except StoreError as exc:
        errors.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING_DONE) from None
    if as_json:
        sys.stdout.write(dumps(rows, indent=2) + "\n")
        return
    title = f"control on {day}" if day else "control timeline"
    stdout_console().print(_table(rows, title))


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``control`` to the ``frontwatch`` app."""
    app.command("serve")(serve)
    app.command("control")(control)


def _rows(store: Store, day: dt.date | None, place: str | None) -> list[dict[str, Any]]:
    """One row per (place, period): the period's holder, dates, confidence, evidence and disputes."""
    if day is not None:
        return store.control_on(day, place)
    return [{"place": t["place"], "place_key": t["place_key"], **period}
            for t in store.control_timeline(place) for period in t["periods"]]


def _table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=f"{title}: {len(rows)} place period(s)")
    for name in ("place", "kind", "held by", "since", "until", "conf.", "evidence", "disputed by"):
        table.add_column(name, overflow="fold")
    for row in rows:
        place = row["place"]
        best = max(row["evidence"], key=lambda c: c.get("confidence") or 0)
        disputed = "; ".join(f"{_actor(c['controller'])} ({c['date']}): {c['evidence']['sentence']}" for c in row["disputed"])
        table.add_row(*map(safe, (
            ", ".join(p for p in (place.get("name"), place.get("country")) if p), place.get("feature") or "",
            _actor(row["controller"]), row["since"], row["until"] or "", f"{row['confidence']:.2f}",
            f"{best.get('source') or '?'} {best.get('published') or ''}: {best['evidence']['sentence']}", disputed,
        )))
    return table


def _actor(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    return f"{actor.get('name')} ({actor.get('country') or '?'})"
