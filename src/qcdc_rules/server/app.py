"""The HTTP service: FastAPI routes over service.py, run by uvicorn (`qcdc-check serve`).

FastAPI because the API is documented by the OpenAPI schema it derives from the routes (workflow systems
and Schemathesis read it) and its test client drives the app in-process; it is Starlette underneath, which
serves the page's assets. The engine is loaded once per worker process, when the worker starts."""
from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..core.version import __version__
from ..pipeline import default_engine
from .gate import Gate
from .limits import BodyLimit
from .problems import Problem
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
        from ..core.resources import sample_plan

        engine = default_engine()
        engine.check_file(sample_plan())  # warm: the first request is as fast as the others
        app.state.engine = engine
        app.state.settings = settings
        app.state.gate = Gate(settings.max_checks, settings.time_limit)
        yield
        app.state.gate.close()

    app = FastAPI(
        title="qcdc-check", version=__version__, lifespan=lifespan,
        description="Kiểm tra căn cứ pháp lý của kế hoạch thực hiện dân chủ ở cơ sở trước khi ban hành. "
                    "Checks the legal basis of Vietnamese grassroots-democracy plans before they are issued.",
        openapi_url=f"{API}/openapi.json", docs_url=None, redoc_url=None,  # the docs UIs load from a CDN
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"])

    _install_handlers(app, settings)
    app.include_router(router)
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
        elif e.status_code == 405:
            p = Problem("bad-request", status=405, what=f"method {request.method}")
        else:
            p = Problem("bad-request", status=e.status_code if 400 <= e.status_code < 500 else 400, what=str(e.detail))
        return problem_response(p, _lang(request))

    @app.exception_handler(Exception)
    async def _crash(request: Request, e: Exception):  # never a traceback to the client
        return problem_response(Problem("internal-error"), _lang(request))

    @app.middleware("http")
    async def _token(request: Request, call_next):
        if settings.token and request.url.path.startswith("/api/") and request.url.path != f"{API}/openapi.json":
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {settings.token}".encode()):
                p = Problem("unauthorized", headers={"WWW-Authenticate": "Bearer"})
                return problem_response(p, _lang(request))
        return await call_next(request)
