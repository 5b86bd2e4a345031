"""The application: `create_app(...)` loads the lists once, opens the store, and mounts the API
routers, the web UI and the offline API docs behind one set of middleware (body limits,
security headers)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles

from rightscreen import __version__
from rightscreen.api import alerts, jobs, lists, match, users
from rightscreen.api.errors import Scrubber, install
from rightscreen.api.settings import ApiSettings
from rightscreen.api.state import AppState, state_of
from rightscreen.matching.screener import Screener
from rightscreen.snapshot import Snapshot, load_snapshot
from rightscreen.store import Store
from rightscreen.web import routes as web
from rightscreen.web.routes import page, signed_in

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Paths that take a file upload: they get the upload limit, everything else the body limit.
UPLOAD_PATHS = ("/jobs", "/ui/upload")
# Scripts and styles from this server only; no inline script anywhere; nothing framed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'")
# Swagger UI sets style attributes on its elements: the docs page alone allows them.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def create_app(*, snapshot: Snapshot | None = None, screener: Screener | None = None,
               store: Store | str | None = None, list_paths: list[Path] | None = None,
               settings: ApiSettings | None = None) -> FastAPI:
    """The app over these lists (the built-in snapshot by default) and this store (a Store, a
    path or URL, or None for RIGHTSCREEN_STORE or the default file)."""
    settings = settings or ApiSettings()
    snapshot = snapshot if snapshot is not None else load_snapshot(list_paths or None)
    if screener is None:
        screener = Screener(snapshot.entities, index=snapshot.name_index())
    case_store = store if isinstance(store, Store) else Store.open(store)
    state = AppState.build(snapshot, screener, case_store, settings)
    state.list_paths = list_paths or None
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(state.upload_root, ignore_errors=True)

    app = FastAPI(title="rightscreen", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=lifespan, description=(
                      "Screen names, documents and portfolios against restricted-party lists. "
                      "Send `Authorization: ApiKey KEY` (or `Bearer KEY`) with every request "
                      "but /healthz."))
    app.state.rightscreen = state
    scrub = Scrubber(upload_root=str(state.upload_root), store_display=case_store.display)
    install(app, scrub, web.error_page)
    for router in (match.router, jobs.router, alerts.router, users.router, lists.router):
        app.include_router(router)
    web.install(app)
    _docs(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, upload=settings.max_upload_bytes + 64 * 1024,
                       other=settings.max_body_bytes)

    @app.get("/healthz", tags=["Service"], summary="Liveness; the only route without a key")
    def healthz(request: Request) -> dict[str, Any]:
        current = state_of(request)
        return {"status": "ok", "version": __version__, "lists": len(current.snapshot.infos)}

    return app


def _docs(app: FastAPI) -> None:
    """The OpenAPI document and Swagger UI, served from the package: no CDN."""
    assets = resources.files("fastapi_offline").joinpath("static")
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(user: Annotated[Any, Depends(signed_in)]) -> dict[str, Any]:
        return app.openapi()

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request, user: Annotated[Any, Depends(signed_in)]) -> Any:
        response = page(request, "docs.html", {"user": user})
        response.headers["Content-Security-Policy"] = DOCS_CSP
        return response


class BodyLimit:
    """Refuses a request body over its limit with 413: by its Content-Length before anything
    is read, or, sent without one, as soon as the bytes received pass the limit."""

    def __init__(self, app: ASGIApp, *, upload: int, other: int):
        self.app, self.upload, self.other = app, upload, other

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload if scope["path"] in UPLOAD_PATHS else self.other
        page = scope["path"].startswith("/ui")
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit, page=page)
            return
        seen = 0
        over = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                over = True
                return {"type": "http.disconnect"}
            return message

        sent = False

        async def guarded(message: Message) -> None:
            nonlocal sent
            if over:  # whatever the app answers to a cut-off body, the answer is 413
                if not sent:
                    sent = True
                    await _too_large(send, limit, page=page)
                return
            sent = sent or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not over:
                raise
        if over and not sent:
            await _too_large(send, limit, page=page)


async def _too_large(send: Send, limit: int, *, page: bool) -> None:
    message = f"request body over the limit of {limit:,} bytes"
    if page:  # the web UI's upload form: a page to read, with the way back
        body = (f"<!doctype html><title>413</title><h1>File too large</h1><p>{message}.</p>"
                '<p><a href="/ui">Back</a></p>').encode()
        kind = b"text/html; charset=utf-8"
    else:
        body, kind = f'{{"detail":"{message}"}}'.encode(), b"application/json"
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", kind), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """The same headers on every answer; a route may set a CSP of its own (reports, docs)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                names = {k.lower() for k, _ in headers}
                extra = [(b"content-security-policy", CSP.encode()),
                         (b"x-content-type-options", b"nosniff"),
                         # no-referrer would make form posts say "Origin: null"
                         (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"),
                         (b"cross-origin-opener-policy", b"same-origin")]
                if not scope["path"].startswith(("/static/", "/docs-assets/")):
                    extra.append((b"cache-control", b"no-store"))
                headers += [(k, v) for k, v in extra if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)
