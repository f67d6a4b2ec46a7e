"""The HTTP service: FastAPI routes over service.py, run by uvicorn (`qcdc-check serve`).

FastAPI because the API is documented by the OpenAPI schema it derives from the routes (workflow systems
and Schemathesis read it) and its test client drives the app in-process; it is Starlette underneath, which
serves the page's assets. The engine is loaded once, in the engine process (engine_process.py), and each
check runs in a process forked from it (gate.py); this process only moves bytes.

Middleware, outermost first: RequestId (X-Request-ID on every response, and in problems and log lines), Guard
(X-Content-Type-Options on every response; an error no handler took is one problem and one log line), CORS
(so that a preflight, sent without credentials, is answered before the token is asked for), Token,
BodyLimit."""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..core.version import __version__
from .docs import router as docs_router
from .gate import EngineProcess, Gate
from .limits import BodyLimit
from .openapi import finish as finish_openapi
from .problems import Problem
from .request_id import RequestId, install_log_filter
from .routes import API, STATIC, router
from .settings import Settings



def _lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    if lang in ("vi", "en"):
        return lang
    return "en" if request.headers.get("accept-language", "").lower().startswith("en") else "vi"


def problem_response(p: Problem, lang: str) -> JSONResponse:
    return JSONResponse(p.body(lang), status_code=p.status, headers=p.headers, media_type="application/problem+json")


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        engine = EngineProcess.shared()
        if not await asyncio.to_thread(engine.ready.wait, 600):  # it loads and warms the engine
            raise RuntimeError("the engine process did not start")
        app.state.settings = settings
        app.state.gate = Gate(engine, settings.max_checks, settings.time_limit, settings.workers)
        yield
        app.state.gate.close()

    app = FastAPI(
        title="qcdc-check", version=__version__, lifespan=lifespan,
        description="Kiểm tra căn cứ pháp lý của kế hoạch thực hiện dân chủ ở cơ sở trước khi ban hành. "
                    "Checks the legal basis of Vietnamese grassroots-democracy plans before they are issued.",
        openapi_url=f"{API}/openapi.json", docs_url=None, redoc_url=None,  # the docs UIs load from a CDN
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)  # added first: innermost
    if settings.token:
        app.add_middleware(Token, token=settings.token)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "X-Request-ID", "X-QCDC-Progress"],
                           expose_headers=["X-QCDC-Comments", "X-QCDC-Fixes-Applied", "X-QCDC-Fixes-Left",
                                           "X-Request-ID", "Content-Disposition", "Retry-After"])
    app.add_middleware(Guard)
    app.add_middleware(RequestId)  # outermost
    install_log_filter()

    _install_handlers(app, settings)
    app.include_router(router)
    app.include_router(docs_router)  # /docs/: public, and not in the OpenAPI document (pages for people)

    def openapi() -> dict:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            app.openapi_schema = finish_openapi(get_openapi(title=app.title, version=app.version,
                                                            description=app.description, routes=app.routes),
                                                token=bool(settings.token))
        return app.openapi_schema
    app.openapi = openapi
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def _install_handlers(app: FastAPI, settings: Settings) -> None:
    """Every error as a problem (never a traceback), and the bearer token on /api/ when one is set."""
    @app.exception_handler(Problem)
    async def _problem(request: Request, p: Problem):
        return problem_response(p, _lang(request))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError):
        where = ", ".join(".".join(str(x) for x in err.get("loc", ())) for err in e.errors()) or "request"
        return problem_response(Problem("bad-option", what=where), _lang(request))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException):
        if e.status_code == 404:
            p = Problem("not-found", vi=f"Không có địa chỉ {request.url.path}.", en=f"There is no {request.url.path}.")
        elif e.status_code == 405:  # with the methods the address takes
            allow = (getattr(e, "headers", None) or {}).get("Allow") or "GET, HEAD"
            p = Problem("bad-request", status=405, what=f"method {request.method}", headers={"Allow": allow})
        else:
            p = Problem("bad-request", status=e.status_code if 400 <= e.status_code < 500 else 400, what=str(e.detail))
        return problem_response(p, _lang(request))

    @app.exception_handler(Exception)
    async def _crash(request: Request, e: Exception):  # never a traceback to the client
        return problem_response(Problem("internal-error"), _lang(request))


def _send_problem(send, p: Problem, lang: str):
    body = json.dumps(p.body(lang), ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in p.headers.items()]

    async def go():
        await send({"type": "http.response.start", "status": p.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
    return go()


def _scope_lang(scope) -> str:
    query = scope.get("query_string", b"")
    if b"lang=en" in query:
        return "en"
    if b"lang=vi" in query:
        return "vi"
    accept = dict(scope.get("headers") or []).get(b"accept-language", b"")
    return "en" if accept.lower().startswith(b"en") else "vi"


class Token:
    """The bearer token on /api/ (not on the page, its documentation /docs/, /healthz or the OpenAPI document)."""

    def __init__(self, app, token: str):
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith("/api/") and path != f"{API}/openapi.json":
            given = dict(scope.get("headers") or []).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                p = Problem("unauthorized", headers={"WWW-Authenticate": "Bearer"})
                return await _send_problem(send, p, _scope_lang(scope))
        return await self.app(scope, receive, send)


class Guard:
    """X-Content-Type-Options: nosniff on every response, and an exception no handler took answered as one
    problem (500) with one log entry, instead of Starlette's traceback after its own answer."""

    log = logging.getLogger("uvicorn.error")

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def guarded_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers") or [])
                if not any(k.lower() == b"x-content-type-options" for k, _ in headers):
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, guarded_send)
        except Exception as e:  # noqa: BLE001 - the last line: never a traceback to the client
            from starlette.requests import ClientDisconnect

            if isinstance(e, ClientDisconnect):
                # noqa
                self.log.warning("%s %s: the client closed the connection", scope.get("method"), scope.get("path"))
            else:
                self.log.error("%s %s: internal error: %s", scope.get("method"), scope.get("path"),
                               type(e).__name__, exc_info=not isinstance(e, RecursionError))
            if not started:
                await _send_problem(guarded_send, Problem("internal-error"), _scope_lang(scope))
