"""ASGI middleware that guards the API: read-only methods, size limits, an optional bearer token.

    app = ReadOnly(Limits(BearerToken(api, token)))      # what ``create_app`` builds

Each refusal is a JSON body ``{"detail": "<one line>"}`` with its status: 405 for a
method other than GET or HEAD, 414 for a URL over ``MAX_URL_BYTES``, 413 for a body over
``MAX_BODY_BYTES``, 401 (``WWW-Authenticate: Bearer``) without the token. A browser gets
the token once through ``/?token=``: the answer is a redirect to ``/`` that sets an
HttpOnly, SameSite=Strict session cookie, so the map's scripts, data files and API
fetches (all same-origin) carry it and the token leaves the address bar.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, RedirectResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

READ_METHODS = ("GET", "HEAD")
# Path plus query string. The longest URL the map builds is under 200 bytes; 4 KiB is
# ample for any hand-made filter and far below uvicorn's own 16 KiB header limit.
MAX_URL_BYTES = 4096
# Nothing here reads a request body; a GET may carry a small one (some clients send
# "{}"), anything larger is refused before the app sees it.
MAX_BODY_BYTES = 1024
# A token must be hard to guess: at least this many characters (``secrets.token_urlsafe(32)`` gives 43).
MIN_TOKEN_CHARS = 16
SESSION_COOKIE = "frontwatch_session"
_TOKEN_CHARS = re.compile(r"[!-~]+")  # visible ASCII: what an Authorization header can carry


def check_token(token: str) -> str:
    """``token`` if it can be used as a bearer token; ValueError naming what is wrong otherwise."""
    if len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"the token has {len(token)} characters; use at least {MIN_TOKEN_CHARS} "
                         "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    if not _TOKEN_CHARS.fullmatch(token):
        raise ValueError("the token may hold only visible ASCII characters (no spaces)")
    return token


def refuse(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


class ReadOnly:
    """GET and HEAD only (a HEAD is answered as its GET without the body); anything else is 405."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in READ_METHODS:
            allow = {"Allow": ", ".join(READ_METHODS)}
            await refuse(405, f"method {method} is not allowed: the API is read-only (GET, HEAD)", allow)(scope, receive, send)
            return
        if method == "GET":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class Limits:
    """414 for a URL over ``MAX_URL_BYTES``, 413 for a request body over ``MAX_BODY_BYTES``."""

    def __init__(self, app: ASGIApp, max_url_bytes: int = MAX_URL_BYTES, max_body_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_url_bytes = max_url_bytes
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
        if size > self.max_url_bytes:
            await refuse(414, f"request URL is {size:,} bytes, longer than {self.max_url_bytes:,}")(scope, receive, send)
            return
        headers = HTTPConnection(scope).headers
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            await self._too_large(declared)(scope, receive, send)
            return
        if declared is None and "transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        body = await self._body(receive)
        if body is None:
            await self._too_large("more than that")(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self, size: str) -> JSONResponse:
        return refuse(413, f"request body is {size} bytes; at most {self.max_body_bytes:,} are accepted")

    async def _body(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it grows past the limit (a chunked body)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)  # the client went away; the app sees an empty request
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class BearerToken:
    """Every request needs ``Authorization: Bearer <token>`` or the map's session cookie; see the module docstring."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.token = check_token(token).encode()
        # The cookie holds a value derived from the token, not the token itself.
        self.session = hmac.new(self.token, b"frontwatch map session", hashlib.sha256).hexdigest().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        if self._authorised(connection):
            await self.app(scope, receive, send)
            return
        given = connection.query_params.get("token")
        if scope["path"] == "/" and given is not None and self._matches(given, self.token):
            await self._start_session(connection)(scope, receive, send)
            return
        await self._refusal(connection)(scope, receive, send)

    def _authorised(self, connection: HTTPConnection) -> bool:
        scheme, _, credentials = connection.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self._matches(credentials.strip(), self.token):
            return True
        return self._matches(connection.cookies.get(SESSION_COOKIE, ""), self.session)

    @staticmethod
    def _matches(given: str, expected: bytes) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected)

    def _start_session(self, connection: HTTPConnection) -> RedirectResponse:
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, self.session.decode(), httponly=True, samesite="strict", path="/",
                            secure=connection.url.scheme == "https")
        return response

    def _refusal(self, connection: HTTPConnection) -> JSONResponse:
        presented = "authorization" in connection.headers or SESSION_COOKIE in connection.cookies
        if presented:
            detail = "the bearer token or session is not valid"
            challenge = 'Bearer realm="frontwatch", error="invalid_token"'
        else:
            detail = "this server needs a token: send Authorization: Bearer <token> (a browser: open /?token=<token> once)"
            challenge = 'Bearer realm="frontwatch"'
        return refuse(401, detail, {"WWW-Authenticate": challenge})
