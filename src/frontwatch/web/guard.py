"""ASGI middleware that guards the API: headers, the Host, read-only methods, size limits, a bearer token.

    app = SecurityHeaders(AllowedHosts(ReadOnly(Limits(BearerToken(api, token))), hosts))   # create_app

Every response carries a Content-Security-Policy (everything from this server, nothing
inline but the page's own scripts, named by their hashes; no framing), nosniff,
X-Frame-Options DENY and no referrer; a redirect's ``Location`` is a path, never a host.
Each refusal is a JSON body ``{"detail": "<one line>"}`` with its status: 400 for a Host
header that names another server (DNS rebinding: a page on an attacker's name that
resolves to 127.0.0.1), 405 for a method other than GET or HEAD, 414 for a URL over
``MAX_URL_BYTES``, 413 for a body over ``MAX_BODY_BYTES``, 401 (``WWW-Authenticate:
Bearer``) without the token. A browser gets the token once through ``/?token=``: the
answer is a redirect to ``/`` that sets an HttpOnly, SameSite=Strict session cookie that
expires after ``SESSION_SECONDS``, so the map's scripts, data files and API fetches (all
same-origin) carry it and the token leaves the address bar. ``RedactToken`` keeps the
token out of the access log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re
import time
from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
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
# How long the map's session lasts: a working day. Then the browser drops the cookie and
# the server refuses it (its expiry is signed into it); open /?token= again.
SESSION_SECONDS = 8 * 3600
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

    def __init__(self, app: ASGIApp, token: str, session_seconds: int = SESSION_SECONDS):
        self.app = app
        self.token = check_token(token).encode()
        self.session_seconds = session_seconds

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
        return self._valid_session(connection.cookies.get(SESSION_COOKIE, ""))

    def session_value(self, expires: int) -> str:
        """The cookie for a session that ends at ``expires`` (Unix time): the time and its signature
        by the token, so it proves the token was shown without holding it, and cannot be extended."""
        signature = hmac.new(self.token, b"frontwatch map session until %d" % expires, hashlib.sha256).hexdigest()
        return f"{expires}.{signature}"

    def _valid_session(self, value: str) -> bool:
        expires, _, _ = value.partition(".")
        if not re.fullmatch(r"[0-9]{1,12}", expires) or int(expires) <= time.time():
            return False
        return self._matches(value, self.session_value(int(expires)).encode())

    @staticmethod
    def _matches(given: str, expected: bytes) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected)

    def _start_session(self, connection: HTTPConnection) -> RedirectResponse:
        response = RedirectResponse("/", status_code=303, headers={"Cache-Control": "no-store"})
        value = self.session_value(int(time.time()) + self.session_seconds)
        response.set_cookie(SESSION_COOKIE, value, max_age=self.session_seconds, expires=self.session_seconds,
                            httponly=True, samesite="strict", path="/", secure=connection.url.scheme == "https")
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


class AllowedHosts:
    """400 for a request whose Host header is not one of ``hosts`` (``name:port``, lower case).

    A Host without a port is the name at port 80, as a browser sends it. Behind this check
    a page served from an attacker's name, which the attacker's DNS then points at
    127.0.0.1, cannot read the loopback API that needs no token (DNS rebinding).
    """

    def __init__(self, app: ASGIApp, hosts: Collection[str]):
        self.app = app
        self.hosts = frozenset(host.lower() for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._allowed(HTTPConnection(scope).headers.get("host", "")):
            await self.app(scope, receive, send)
            return
        detail = ("the Host header does not name this server: it answers only to its own address "
                  "(frontwatch serve --allowed-host NAME:PORT adds a name)")
        await refuse(400, detail)(scope, receive, send)

    def _allowed(self, host: str) -> bool:
        host = host.strip().lower()
        if not host.endswith("]") and ":" in host:
            return host in self.hosts
        return f"{host}:80" in self.hosts


# Each response's Content-Security-Policy: everything from this server, nothing inline but
# what the page itself holds (its scripts and styles, allowed by their hashes), no plugins,
# no framing, no forms, no <base>. The docs pages' Swagger UI and ReDoc set styles at run
# time, which only 'unsafe-inline' allows; they show no article text.
POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}
DOCS_PATHS = ("/docs", "/redoc")
DOCS_POLICY = {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}
HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
_INLINE = {
    "script-src": re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I),
    "style-src": re.compile(rb"<style[^>]*>(.*?)</style>", re.S | re.I),
}


class SecurityHeaders:
    """Security headers on every response (see ``POLICY``); a redirect's Location without scheme or host.

    ``img_sources``: more places images may come from (the map's tile server).
    """

    def __init__(self, app: ASGIApp, img_sources: Collection[str] = ()):
        self.app = app
        self.img_sources = list(img_sources)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        start: Message | None = None
        body: list[bytes] = []

        async def secured(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if not MutableHeaders(scope=message).get("content-type", "").startswith("text/html"):
                    self._secure(message, path, b"")
                    await send(message)
                    return
                start = message  # a page: held until its body is known, for the hashes of its scripts
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body)
            self._secure(start, path, page)
            await send(start)
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, secured)

    def _secure(self, start: Message, path: str, page: bytes) -> None:
        headers = MutableHeaders(scope=start)
        headers["Content-Security-Policy"] = self._policy(path, page)
        for name, value in HEADERS.items():
            headers[name] = value
        location = headers.get("location")
        if location and urlsplit(location).netloc:
            parts = urlsplit(location)
            headers["location"] = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def _policy(self, path: str, page: bytes) -> str:
        policy = {name: list(sources) for name, sources in POLICY.items()}
        policy["img-src"] += self.img_sources
        if path in DOCS_PATHS:
            policy.update({name: list(sources) for name, sources in DOCS_POLICY.items()})
        for name, pattern in _INLINE.items():
            policy[name] += [_hash(block) for block in pattern.findall(page)]
        return "; ".join(f"{name} {' '.join(dict.fromkeys(sources))}" for name, sources in policy.items())


def _hash(block: bytes) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"


def tile_source(template: str | None) -> list[str]:
    """The CSP source for a tile URL template (``https://{s}.tile.example.org/{z}/{x}/{y}.png``)."""
    if not template:
        return []
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc.rpartition("@")[2]).lower()
    wildcard_ok = "*" not in host.partition(".")[2] and "*" not in host.partition(".")[0][1:]
    if not wildcard_ok or not re.fullmatch(r"[a-z0-9.*:\[\]-]+", host):
        return [f"{parts.scheme}:"]  # a host a CSP source cannot name exactly: the scheme
    return [f"{parts.scheme}://{host}"]


# A token in a query string (``/?token=...``), as an access log line shows the request.
_TOKEN_PARAMETER = re.compile(r"(?i)([?&;]token=)[^&;\s\"]*")


class RedactToken(logging.Filter):
    """Hides the value of a ``token`` query parameter in log records (uvicorn's access log)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact(text: str) -> str:
    """``text`` with every ``token=`` query value replaced by ``<redacted>``."""
    return _TOKEN_PARAMETER.sub(r"\1<redacted>", text)
