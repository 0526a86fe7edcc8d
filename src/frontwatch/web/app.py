"""The read-only HTTP API over a store, and the map page that uses it.

    from frontwatch.web.app import create_app
    app = create_app("sqlite:///events.db")      # uvicorn.run(app)

Endpoints: ``GET /api/events`` (GeoJSON, filtered and paged), ``/api/events/{id}``,
``/api/control?date=`` (GeoJSON of places and their holder), ``/api/control/timeline``,
``/api/articles/{id}``; the map at ``/``; OpenAPI at ``/docs`` with Swagger UI served
from the ``fastapi-offline`` package (no CDN). Bad parameters give 400 and a one-line
message naming the parameter.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

from fastapi import HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from frontwatch.records import PLOVER_TYPES
from frontwatch.store import Store, StoreError

MAX_PAGE = 1000
DEFAULT_PAGE = 100
CONFIG_MARKER = "/*FRONTWATCH_CONFIG*/"


class BadParameter(ValueError):
    """A query parameter the API cannot use; the message names it."""


def create_app(db: str | None = None, tiles: str | None = None, store: Store | None = None):
    """The FastAPI app over the store at ``db`` (or an open ``store``); ``tiles``: an optional XYZ URL."""
    app = FastAPIOffline(
        title="frontwatch",
        description="Geocoded, dated events from news about armed conflict, and who holds which place.",
        version=_version(),
        static_url="/static-docs",
    )
    app.state.store = store or Store.open(db)
    app.state.page_config = {"tiles": tiles, "types": PLOVER_TYPES}
    app.mount("/static", StaticFiles(directory=str(_static_dir())), name="static")
    _add_error_handlers(app)
    _add_routes(app)
    return app


def _add_error_handlers(app) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return JSONResponse({"detail": f"{where}: {first.get('msg', 'invalid value')}"}, status_code=400)

    @app.exception_handler(BadParameter)
    async def bad(_request: Request, exc: BadParameter) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)


def _add_routes(app) -> None:  # noqa: C901  (one small function per route)
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        page = (_static_dir() / "index.html").read_text("utf-8")
        config = json.dumps(app.state.page_config)
        return HTMLResponse(page.replace(CONFIG_MARKER, f"window.FRONTWATCH_CONFIG = {config};"))

    @app.get("/api/events", summary="Events as a GeoJSON FeatureCollection, newest first")
    def events(
        since: dt.date | None = Query(None, description="Only events on or after this day (YYYY-MM-DD)."),
        until: dt.date | None = Query(None, description="Only events on or before this day (YYYY-MM-DD)."),
        type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT."),  # noqa: A002
        country: str | None = Query(None, description="Country where it happened, ISO alpha-3 or alpha-2."),
        actor: str | None = Query(None, description="Actor name (substring) or country code."),
        bbox: str | None = Query(None, description="WEST,SOUTH,EAST,NORTH in degrees."),
        q: str | None = Query(None, description="Text in evidence sentences, actor or place names."),
        min_confidence: float | None = Query(None, ge=0.0, le=1.0, description="Only events this confident."),
        limit: int = Query(DEFAULT_PAGE, ge=1, le=MAX_PAGE, description="Page size."),
        offset: int = Query(0, ge=0, description="Events to skip (paging)."),
    ) -> dict[str, Any]:
        if type and type.upper() not in PLOVER_TYPES:
            raise BadParameter(f"type: {type!r} is not a PLOVER event type ({', '.join(PLOVER_TYPES)})")
        if since and until and since > until:
            raise BadParameter(f"since: {since} is after until {until}")
        records = app.state.store.events(
            since=since, until=until, type=type, country=country, actor=actor, bbox=_bbox(bbox), q=q,
            min_confidence=min_confidence, limit=limit, offset=offset,
        )
        paging = {"limit": limit, "offset": offset, "returned": len(records),
                  "next_offset": offset + len(records) if len(records) == limit else None}
        return {"type": "FeatureCollection", "features": [_event_feature(r) for r in records], "paging": paging}

    @app.get("/api/events/{event_id}", summary="One event with its evidence sentences and sources")
    def event(event_id: str) -> dict[str, Any]:
        record = app.state.store.event(event_id)
        if record is None:
            raise HTTPException(404, f"event {event_id!r}: not in the store")
        return record

    @app.get("/api/control", summary="Places and who held them on a day, as a GeoJSON FeatureCollection")
    def control(
        date: dt.date = Query(..., description="The day (YYYY-MM-DD)."),
        place: str | None = Query(None, description="Only places whose name contains this."),
    ) -> dict[str, Any]:
        held = app.state.store.control_on(date, place)
        return {"type": "FeatureCollection", "date": date.isoformat(), "features": [_control_feature(p) for p in held]}

    @app.get("/api/control/timeline", summary="Per place, its holders over time with evidence and disputes")
    def timeline(place: str | None = Query(None, description="Only places whose name contains this.")) -> list[dict[str, Any]]:
        return app.state.store.control_timeline(place)

    @app.get("/api/articles/{article_id}", summary="An article's metadata, text and the events it reports")
    def article(article_id: str) -> dict[str, Any]:
        record = app.state.store.article(article_id)
        if record is None:
            raise HTTPException(404, f"article {article_id!r}: not in the store")
        return record


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


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise BadParameter(f"bbox: {text!r} is not WEST,SOUTH,EAST,NORTH in degrees") from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise BadParameter(f"bbox: {text!r} is outside -180..180 / -90..90 or has south above north")
    return west, south, east, north


def _static_dir():
    return resources.files("frontwatch.web").joinpath("static")


def _version() -> str:
    from frontwatch import __version__

    return __version__
