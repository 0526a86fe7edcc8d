"""The read-only HTTP API over a store, and the map page that uses it.

    from frontwatch.web.app import create_app
    app = create_app("sqlite:///events.db", token=None)      # uvicorn.run(app)

Endpoints: ``GET /api/events`` (GeoJSON, filtered and paged), ``/api/events/{id}``,
``/api/control?date=`` (GeoJSON of places and their holder), ``/api/control/timeline``,
``/api/articles/{id}``, ``/api/feeds`` (what ``frontwatch watch`` polls and how it went),
``/api/updates`` (event count and last change, which the map polls); the map at ``/``; OpenAPI at ``/docs`` with Swagger UI served
from the ``fastapi-offline`` package (no CDN). Every parameter is checked
(``params.py``): a bad one, an unknown one or one given twice is a 400 with a one-line
message naming it. The store is opened read-only; ``guard.py`` refuses other methods
than GET and HEAD, long URLs, request bodies and, with a ``token``, unauthorised requests.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from importlib import resources
from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from frontwatch.records import PLOVER_TYPES
from frontwatch.store import Store, StoreError
from frontwatch import filters as params
from frontwatch.web.guard import (
    MAX_BODY_BYTES,
    MAX_URL_BYTES,
    AllowedHosts,
    BearerToken,
    Limits,
    ReadOnly,
    SecurityHeaders,
    check_token,
    tile_source,
)
from frontwatch.filters import DEFAULT_PAGE, MAX_OFFSET, MAX_PAGE, MAX_TEXT_CHARS, BadParameter

CONFIG_MARKER = "/*FRONTWATCH_CONFIG*/"
# The map asks /api/updates this often (seconds) and redraws when the store changed (frontwatch watch).
MAP_POLL_S = 30

# What each parameter accepts, for the OpenAPI document; params.py does the checking.
# An empty value means "not given", so optional parameters' patterns allow it.
DAY = {"pattern": f"^({params.DAY.pattern})?$"}
REQUIRED_DAY = {"pattern": f"^{params.DAY.pattern}$"}
TEXT = {"maxLength": MAX_TEXT_CHARS}
ID = {"pattern": f"^{params.ID_PATTERN.pattern}$"}
NUMBER = params.NUMBER.pattern
LIMIT = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description=f"Page size, 1..{MAX_PAGE}.")
CONTROL_LIMIT = Query(MAX_PAGE, ge=1, le=MAX_PAGE, description=f"Page size, 1..{MAX_PAGE}.")
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description="Items to skip (paging).")
PLACE = Query(None, description="Only places whose name contains this.", json_schema_extra=TEXT)


def create_app(
    db: str | None = None,
    tiles: str | None = None,
    store: Store | None = None,
    token: str | None = None,
    allowed_hosts: Collection[str] | None = None,
):
    """The API over the store at ``db`` (opened read-only) or an open ``store``, behind its guards.

    ``tiles``: an optional XYZ URL for the map; ``token``: when given, every request needs
    ``Authorization: Bearer <token>`` (or the map's session cookie; see ``guard.py``);
    ``allowed_hosts``: the ``name:port`` values a request's Host header may hold (None: any,
    for an app not bound to an address; ``frontwatch serve`` always gives them).
    The store is ``app.state.store``.
    """
    app = FastAPIOffline(
        title="frontwatch",
        description="Geocoded, dated events from news about armed conflict, and who holds which place. Read-only.",
        version=_version(),
        static_url="/static-docs",
    )
    if token is not None:  # checked now: Starlette builds its middleware at the first request
        app.add_middleware(BearerToken, token=check_token(token))
    app.add_middleware(Limits)
    app.add_middleware(ReadOnly)
    if allowed_hosts is not None:
        app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders, img_sources=tile_source(tiles))  # the last added runs first
    app.state.store = store or Store.open(db, read_only=True)
    app.state.page_config = {"tiles": tiles, "types": PLOVER_TYPES, "max_page": MAX_PAGE, "poll_s": MAP_POLL_S}
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")
    _add_error_handlers(app)
    _add_page(app)
    app.include_router(_api_router(app))
    _document_errors(app, token is not None)
    return app


ERROR = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


def _document_errors(app, needs_token: bool) -> None:
    """OpenAPI as the API answers: 400 (not FastAPI's 422) for a bad parameter, 404, 401 with a token."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            schema["components"].get("schemas", {}).pop("HTTPValidationError", None)
            schema["components"].get("schemas", {}).pop("ValidationError", None)
            for operation in (op for path in schema["paths"].values() for op in path.values()):
                responses = operation["responses"]
                responses.pop("422", None)
                responses["400"] = _error("A bad, unknown or repeated parameter; the message names it.")
                responses["413"] = _error(f"A request body over {MAX_BODY_BYTES:,} bytes.")
                responses["414"] = _error(f"A URL (path and query) over {MAX_URL_BYTES:,} bytes.")
                if any(p["in"] == "path" for p in operation.get("parameters", [])):
                    responses["404"] = _error("No such id in the store.")
                if needs_token:
                    responses["401"] = _error("No valid bearer token (Authorization: Bearer <token>).")
            if needs_token:
                schema["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
                schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _add_error_handlers(app) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        message = " ".join(str(first.get("msg", "invalid value")).split())
        return JSONResponse({"detail": f"{where}: {message}"}, status_code=400)

    @app.exception_handler(BadParameter)
    async def bad(_request: Request, exc: BadParameter) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)


def _known_parameters(request: Request) -> None:
    """400 for a query parameter the endpoint does not take, or one given more than once."""
    declared = _query_names(request.scope["route"].dependant)
    seen: set[str] = set()
    for name, _value in request.query_params.multi_items():
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise BadParameter(f"{params._shown(name)}: unknown parameter (this endpoint takes: {known})")
        if name in seen:
            raise BadParameter(f"{name}: given more than once")
        seen.add(name)


def _query_names(dependant: Any) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {p.alias for p in dependant.query_params}
    for child in dependant.dependencies:
        names |= _query_names(child)
    return names


def _add_page(app) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        page = (_static_dir() / "index.html").read_text("utf-8")
        config = json.dumps(app.state.page_config).replace("<", "\\u003c")  # never "</script>" inside the page
        return HTMLResponse(page.replace(CONFIG_MARKER, f"window.FRONTWATCH_CONFIG = {config};"))


def _api_router(app) -> APIRouter:  # noqa: C901  (one small function per route)
    router = APIRouter(prefix="/api", dependencies=[Depends(_known_parameters)])

    @router.get("/events", summary="Events as a GeoJSON FeatureCollection, newest first")
    def events(
        since: str | None = Query(None, description="Only events on or after this day (YYYY-MM-DD).", json_schema_extra=DAY),
        until: str | None = Query(None, description="Only events on or before this day (YYYY-MM-DD).", json_schema_extra=DAY),
        type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT (any case).",  # noqa: A002
                                 json_schema_extra={"enum": [*PLOVER_TYPES, ""]}),
        country: str | None = Query(None, description="Country where it happened, ISO alpha-3 or alpha-2.",
                                    json_schema_extra={"pattern": "^([A-Za-z]{2,3})?$"}),
        actor: str | None = Query(None, description="Actor name (substring) or country code.", json_schema_extra=TEXT),
        bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH in degrees; WEST > EAST crosses the antimeridian.",
                                 json_schema_extra={"pattern": f"^({NUMBER}(,{NUMBER}){{3}})?$"}),
        q: str | None = Query(None, description="Text in evidence sentences, actor or place names.", json_schema_extra=TEXT),
        min_confidence: float | None = Query(None, ge=0.0, le=1.0, description="Only events this confident (0..1)."),
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        first, last = params.day(since, "since"), params.day(until, "until")
        params.day_range(first, last)
        records = app.state.store.events(
            since=first, until=last, type=params.event_type(type), country=params.country(country),
            actor=params.text(actor, "actor"), bbox=params.bbox(bbox), q=params.text(q, "q"),
            min_confidence=min_confidence, limit=limit, offset=offset,
        )
        return {"type": "FeatureCollection", "features": [_event_feature(r) for r in records],
                "paging": _paging(limit, offset, len(records))}

    @router.get("/events/{event_id}", summary="One event with its evidence sentences and sources")
    def event(event_id: str = Path(..., json_schema_extra=ID)) -> dict[str, Any]:
        record = app.state.store.event(params.identifier(event_id, "event_id"))
        if record is None:
            raise HTTPException(404, f"event {event_id!r}: not in the store")
        return record

    @router.get("/control", summary="Places and who held them on a day, as a GeoJSON FeatureCollection")
    def control(
        date: str = Query(..., description="The day (YYYY-MM-DD).", json_schema_extra=REQUIRED_DAY),
        place: str | None = PLACE,
        limit: int = CONTROL_LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        day = params.day(date, "date")
        if day is None:
            raise BadParameter("date: missing (use YYYY-MM-DD)")
        held = app.state.store.control_on(day, params.text(place, "place"), limit=limit, offset=offset)
        return {"type": "FeatureCollection", "date": day.isoformat(), "features": [_control_feature(p) for p in held],
                "paging": _paging(limit, offset, len(held))}

    @router.get("/control/timeline", summary="Per place, its holders over time with evidence and disputes (paged by place)")
    def timeline(place: str | None = PLACE, limit: int = CONTROL_LIMIT, offset: int = OFFSET) -> list[dict[str, Any]]:
        return app.state.store.control_timeline(params.text(place, "place"), limit=limit, offset=offset)

    @router.get("/feeds", summary="Watched feeds (frontwatch watch): last poll, status, items seen, articles stored")
    def feeds() -> list[dict[str, Any]]:
        from frontwatch.watch.state import feeds as watched

        return watched(app.state.store.engine)

    @router.get("/updates", summary="How many events the store holds and when one last changed (the map polls this)")
    def updates() -> dict[str, Any]:
        from frontwatch.watch.state import last_change

        return last_change(app.state.store.engine)

    @router.get("/articles/{article_id}", summary="An article's metadata, text and the events it reports")
    def article(article_id: str = Path(..., json_schema_extra=ID)) -> dict[str, Any]:
        record = app.state.store.article(params.identifier(article_id, "article_id"))
        if record is None:
            raise HTTPException(404, f"article {article_id!r}: not in the store")
        return {**record, "origin": _file_name(record.get("origin"))}

    return router


def _file_name(origin: str | None) -> str | None:
    """The name of the file an article was read from, never where it lies on the server's disk."""
    return PurePath(origin).name if origin else origin


def _paging(limit: int, offset: int, returned: int) -> dict[str, Any]:
    return {"limit": limit, "offset": offset, "returned": returned,
            "next_offset": offset + returned if returned == limit else None}


def _event_feature(record: dict[str, Any]) -> dict[str, Any]:
    location = record.get("location") or {}
    return {"type": "Feature", "id": record["event_id"], "geometry": _point(location), "properties": record}


def _control_feature(held: dict[str, Any]) -> dict[str, Any]:
    place = held["place"]
    properties = {"name": place.get("name"), **held}
    return {"type": "Feature", "id": held["place_key"], "geometry": _point(place), "properties": properties}


def _point(location: dict[str, Any]) -> dict[str, Any] | None:
    if location.get("lat") is None or location.get("lon") is None:
        return None
    return {"type": "Point", "coordinates": [location["lon"], location["lat"]]}


def _static_dir():
    return resources.files("frontwatch.web").joinpath("static")


def _version() -> str:
    from frontwatch import __version__

    return __version__
