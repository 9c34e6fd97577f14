"""The receiver as a Starlette app: the push endpoint, the results API and the dashboard.

Stateless: everything lives in the database (keys, high-water marks, pieces of
large documents, recent nonces, and sessions are signed cookies), so several
instances can run behind a load balancer over one PostgreSQL. Database calls
run in Starlette's thread pool. Every error has one shape,
``{"error": {"code", "message"}}`` (``partyhost/cloud/errors.py``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from partyhost import __version__
from partyhost.cloud import auth, dashboard, push, results, schema
from partyhost.cloud.db import Database, errors
from partyhost.cloud.errors import Refusal

log = logging.getLogger(__name__)

#: seconds a host should wait after the database failed
RETRY_AFTER = 5
MAX_FORM = 4096


def _refusal_response(exc: Refusal) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with ``too_large`` (and the limit) once it passes ``limit``."""
    too_large = Refusal(
        413, "too_large", f"The body is larger than {limit} bytes; send smaller pieces.", {"max_bytes": limit}
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _target(request: Request) -> str:
    """The path that was signed: the path as sent, with its query string."""
    path = request.url.path
    query = request.url.query
    return f"{path}?{query}" if query else path


# ----------------------------------------------------------------------- API


async def health(request: Request) -> Response:
    db: Database = request.app.state.db
    return JSONResponse({"status": "ok", "version": __version__, "database": db.dialect.name})


async def push_endpoint(request: Request) -> Response:
    db: Database = request.app.state.db
    limits: push.Limits = request.app.state.limits
    body = await _body(request, limits.max_push_bytes)
    now = auth.now()
    headers = request.headers
    target = _target(request)

    def work() -> push.Outcome:
        # The signature is checked before the body is parsed: an unsigned request learns nothing.
        with db.transaction() as tx:
            key = auth.signed_key(tx, request.method, target, headers, body, now)
            parsed = push.parse(body)
            return push.store(tx, key.org, parsed, int(now * 1000), limits)

    outcome = await run_in_threadpool(work)
    return JSONResponse(outcome.body, status_code=outcome.status)


def _reader_key(request: Request, body: bytes) -> Any:
    db: Database = request.app.state.db
    headers = request.headers
    now = auth.now()
    target = _target(request)

    def work() -> Any:
        with db.transaction() as tx:
            if "authorization" in headers and "x-partyhost-signature" not in headers:
                return auth.bearer_key(tx, headers["authorization"])
            return auth.signed_key(tx, request.method, target, headers, body, now)

    return work


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Refusal(400, "bad_request", f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


async def list_results(request: Request) -> Response:
    db: Database = request.app.state.db
    key = await run_in_threadpool(_reader_key(request, b""))
    after = _int_param(request, "after", 0, 0, 2**62)
    limit = _int_param(request, "limit", results.DEFAULT_PAGE, 1, results.MAX_PAGE)
    host = request.query_params.get("host") or None
    found = await run_in_threadpool(lambda: results.page(db, key.org, after=after, limit=limit, host=host))
    following = None
    if len(found) == limit:
        following = f"/v1/results?after={found[-1]['id']}&limit={limit}" + (f"&host={host}" if host else "")
    return JSONResponse({"organization": key.org, "results": found, "next": following})


async def get_result(request: Request) -> Response:
    db: Database = request.app.state.db
    key = await run_in_threadpool(_reader_key(request, b""))
    raw = request.path_params["result_id"]
    found = await run_in_threadpool(lambda: results.one(db, key.org, int(raw)) if raw.isdigit() else None)
    if found is None:
        raise Refusal(404, "not_found", "There is no such result in your organization.")
    return JSONResponse(found)


# ----------------------------------------------------------------- dashboard


async def _session(request: Request) -> Any:
    db: Database = request.app.state.db
    cookie = request.cookies.get(auth.SESSION_COOKIE, "")
    if not cookie:
        return None
    return await run_in_threadpool(auth.session_key, db, cookie, auth.now())


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        text,
        status_code=status,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
            "X-Frame-Options": "DENY",
        },
    )


async def index_page(request: Request) -> Response:
    key = await _session(request)
    if key is None:
        return RedirectResponse("/login", status_code=303)
    db: Database = request.app.state.db

    def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        return results.by_day(db, key.org), results.hosts(db, key.org), results.count(db, key.org)

    rooms, hosts, total = await run_in_threadpool(load)
    return _html(dashboard.index(key.org, rooms, hosts, total))


async def room_page(request: Request) -> Response:
    key = await _session(request)
    if key is None:
        return RedirectResponse("/login", status_code=303)
    db: Database = request.app.state.db
    raw = request.path_params["result_id"]
    found = await run_in_threadpool(lambda: results.one(db, key.org, int(raw)) if raw.isdigit() else None)
    if found is None:
        return _html(dashboard.not_found(key.org), 404)
    return _html(dashboard.room(key.org, found))


async def login_page(request: Request) -> Response:
    return _html(dashboard.login())


async def login(request: Request) -> Response:
    db: Database = request.app.state.db
    body = await _body(request, MAX_FORM)
    value = parse_qs(body.decode("utf-8", "replace")).get("key", [""])[0]

    def check() -> Any:
        with db.transaction() as tx:
            return auth.bearer_key(tx, f"Bearer {value}")

    try:
        key = await run_in_threadpool(check)
    except Refusal:
        return _html(dashboard.login("That key is not valid here (or was revoked)."), 401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE,
        auth.session_value(key, auth.now()),
        max_age=auth.SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


# ---------------------------------------------------------------- error shape


async def _on_refusal(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refusal)
    return _refusal_response(exc)


async def _on_http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: ("not_found", "Nothing here."), 405: ("method_not_allowed", "That method is not allowed here.")}
    code, message = codes.get(exc.status_code, ("bad_request", str(exc.detail)))
    return _refusal_response(Refusal(exc.status_code, code, message))


async def _on_database_error(request: Request, exc: Exception) -> Response:
    log.error("database failure in %s %s: %s", request.method, request.url.path, exc)
    return _refusal_response(
        Refusal(
            503,
            "unavailable",
            "The database is not available; nothing was stored. Try again.",
            headers={"Retry-After": str(RETRY_AFTER)},
        )
    )


async def _on_error(request: Request, exc: Exception) -> Response:
    log.error("fault in %s %s", request.method, request.url.path, exc_info=exc)
    return _refusal_response(Refusal(500, "internal_error", "Something went wrong on the receiver."))


def create_app(db: Database, limits: push.Limits | None = None) -> Starlette:
    """The receiver; its lifespan creates or migrates the tables."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(schema.migrate, db)
        try:
            yield
        finally:
            db.close()

    app = Starlette(
        routes=[
            Route("/", index_page),
            Route("/login", login_page, methods=["GET"]),
            Route("/login", login, methods=["POST"]),
            Route("/logout", logout, methods=["POST"]),
            Route("/rooms/{result_id}", room_page),
            Route("/v1/health", health),
            Route("/v1/push", push_endpoint, methods=["POST"]),
            Route("/v1/results", list_results, methods=["GET"]),
            Route("/v1/results/{result_id}", get_result, methods=["GET"]),
        ],
        lifespan=lifespan,
        exception_handlers={
            Refusal: _on_refusal,
            HTTPException: _on_http,
            **dict.fromkeys(errors(), _on_database_error),
            Exception: _on_error,
        },
    )
    app.state.db = db
    app.state.limits = limits or push.Limits()
    return app
