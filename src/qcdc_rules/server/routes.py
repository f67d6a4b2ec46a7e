"""The service's routes: the API (/api/v1), /healthz and the page. Each route moves bytes in and out: a
request is admitted before its body is read (gate.py), its body is streamed to a file, and the check runs in
a process of its own (engine_process.py, with service.py) that writes its answer to a file, which is sent
from there; every refusal is a Problem (see problems.py)."""
from __future__ import annotations

import asyncio
import logging
import re
import shutil
import unicodedata
from email.utils import encode_rfc2231
from importlib.resources import files
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Path as PathParam, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect

from ..core.version import __version__
from .problems import Problem
from .limits import MULTIPART_OVERHEAD
from .openapi import ANNOTATE_BODY, CHECK_BODY, DOCX, FIX_BODY, RULES_LINKS, query_parameters
from . import pages as scan_pages
from . import progress
from .request_id import current as request_id
from .service import RULE_CODE, parse_as_of, rule_body, rules_body

API = "/api/v1"
STATIC = files("qcdc_rules.server") / "static"
router = APIRouter()


# the page runs only its own script and style, talks only to this server, and is never framed
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


log = logging.getLogger("uvicorn.error")
SYMBOL = re.compile(r"\s*(?:[Ss]ố\s*)?\d{1,5}[\w.\-]*(?:/[\w.\-]+){1,3}\s*")  # 34/2007/PL-UBTVQH11, 01-KL/TW


class _Gone(Exception):
    """The client closed its connection before its whole body had arrived."""


class _Refused(Exception):
    """No place at the gate: answered before the body is read."""


class _RefusalResponse(JSONResponse):
    """A refusal sent before the body was read. Its bytes go out at once (a client that reads while it sends
    has its answer), then the rest of the body is read and dropped, a chunk at a time and for at most
    DRAIN_SECONDS, before the response ends and the connection is closed: a socket closed with unread data is
    reset, and the answer is lost with it."""

    async def __call__(self, scope, receive, send):
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": True})
        try:
            async with asyncio.timeout(DRAIN_SECONDS):
                while True:
                    message = await receive()
                    if message["type"] != "http.request" or not message.get("more_body", False):
                        break
        except Exception:  # noqa: BLE001 - gone, too slow or too large: the answer has been sent
            pass
        await send({"type": "http.response.body", "body": b"", "more_body": False})


DRAIN_SECONDS = 10.0


def _refusal(request: Request, p: Problem) -> Response:
    lang = request.query_params.get("lang")
    if lang not in ("vi", "en"):
        lang = "en" if request.headers.get("accept-language", "").lower().startswith("en") else "vi"
    return _RefusalResponse(p.body(lang), status_code=p.status, headers={**p.headers, "Connection": "close"},
                            media_type="application/problem+json")


def _query(request: Request) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in request.query_params:
        got = request.query_params.getlist(key)
        values[key] = got if len(got) > 1 else got[0]
    return values


async def _spool(request: Request, path: Path, settings) -> None:
    """The body, streamed to a file as it arrives (never whole in memory), within the size and time limits."""
    limit = settings.max_bytes + MULTIPART_OVERHEAD
    seen = 0
    with open(path, "wb") as f:
        try:
            async with asyncio.timeout(settings.time_limit):
                async for chunk in request.stream():
                    seen += len(chunk)
                    if seen > limit:
                        raise Problem("too-large", limit=settings.max_bytes)
                    f.write(chunk)
        except ClientDisconnect:
            raise _Gone(seen) from None
        except TimeoutError:
            raise Problem("slow-upload", headers={"Connection": "close"}, limit=f"{settings.time_limit:g}") from None


async def _job(request: Request, kind: str, progress: Optional[str] = None, **spec: Any) -> tuple[dict, Path]:
    """One job through the gate: admitted before the body is read, the body spooled to disk, then run in its
    own process. Returns the answer's meta and the folder that holds it (deleted once it is sent). With a
    `progress` token, GET /api/v1/progress/{token} tells how far its reading of a scan has got until then."""
    gate = request.app.state.gate
    settings = request.app.state.settings
    if gate.full:
        raise _Refused(gate.busy())
    with gate.admit():
        folder = gate.engine.job_dir()
        try:
            spec.update(kind=kind, out=str(folder / "out"), max_bytes=settings.max_bytes, query=_query(request),
                        content_type=request.headers.get("content-type", ""), max_files=settings.max_files,
                        max_batch_bytes=settings.max_batch_bytes, request_id=request_id(),
                        progress=progress is not None)
            if progress is not None:
                try:
                    gate.progress.add(progress, spec["out"])
                except Problem as p:  # a token in use: refused before the body is read
                    progress = None
                    raise _Refused(p) from None
            if kind != "registry":
                spec["body"] = str(folder / "body")
                await _spool(request, folder / "body", settings)
            return await gate.run(spec), folder
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            gate.progress.remove(progress)


def _gone(request: Request, e: _Gone) -> Response:
    log.warning("%s %s: the client closed the connection after %d bytes of its body", request.method,
                request.url.path, e.args[0])
    return Response(status_code=400)


def _answer(folder: Path, media: str, headers: Optional[dict] = None) -> Response:
    return FileResponse(folder / "out", media_type=media, headers=headers,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


def attachment(name: str) -> str:
    """Content-Disposition for a download called `name` (RFC 6266): an ASCII fallback made only of safe
    characters, and the exact name as filename* (RFC 5987, encoded by the standard library)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip(" .") or "document.docx"
    return f'attachment; filename="{ascii_name}"; filename*={encode_rfc2231(name, "utf-8")}'


@router.post(f"{API}/check", summary="Check a document, or several (a batch)",
             openapi_extra={"requestBody": CHECK_BODY, "parameters": [*query_parameters("check"), progress.PARAMETER]},
             responses={200: {
                 "description": "The JSON report of `qcdc-check --format json` for the file (or, for a batch, for "
                                "all the files in order; one that cannot be read has `error` with its `code`), plus "
                                "`pass` and `fail_on`, and each finding's `id`; SARIF 2.1.0 with format=sarif",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                             "application/sarif+json": {"schema": {"type": "object"}}}}})
async def check(request: Request):  # options: query, form or JSON (service.parse_params)
    try:
        token = progress.token_of(request.headers)  # X-QCDC-Progress: GET /api/v1/progress/{token} tells how far
    except Problem as p:
        return _refusal(request, p)
    try:
        meta, folder = await _job(request, "check", progress=token)
    except _Gone as e:
        return _gone(request, e)
    except _Refused as e:
        return _refusal(request, e.args[0])
    return _answer(folder, meta["media"])


@router.post(f"{API}/annotate", summary="The .docx with a Word comment on each finding",
             openapi_extra={"requestBody": ANNOTATE_BODY, "parameters": query_parameters("annotate")},
             responses={200: {"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
                              "description": "The annotated .docx",
                              "headers": {"X-QCDC-Comments": {"schema": {"type": "integer"}, "required": True},
                                          "Content-Disposition": {"schema": {"type": "string"}, "required": True}}}})
async def annotate(request: Request):
    try:
        meta, folder = await _job(request, "annotate")
    except _Gone as e:
        return _gone(request, e)
    except _Refused as e:
        return _refusal(request, e.args[0])
    stem = meta["name"].rsplit(".", 1)[0] or "document"
    return _answer(folder, DOCX, {"Content-Disposition": attachment(f"{stem}-qcdc.docx"),
                                  "X-QCDC-Comments": str(meta["comments"])})


@router.post(f"{API}/fix", summary="The document with its fixes applied (a .docx: as Word tracked changes)",
             openapi_extra={"requestBody": FIX_BODY, "parameters": query_parameters("fix")},
             responses={200: {
                 "description": "The .docx with each applied fix as a tracked change (an unsafe one with a comment), "
                                "or the fixed .txt/.md text; nothing to fix: the file as it came",
                 "content": {DOCX: {"schema": {"type": "string", "format": "binary"}},
                             "text/plain": {"schema": {"type": "string"}},
                             "text/markdown": {"schema": {"type": "string"}}},
                 "headers": {"X-QCDC-Fixes-Applied": {"schema": {"type": "integer"}, "required": True},
                             "X-QCDC-Fixes-Left": {"schema": {"type": "integer"}, "required": True},
                             "Content-Disposition": {"schema": {"type": "string"}, "required": True}}}})
async def fix(request: Request):
    try:
        meta, folder = await _job(request, "fix")
    except _Gone as e:
        return _gone(request, e)
    except _Refused as e:
        return _refusal(request, e.args[0])
    return _answer(folder, meta["media"], {"Content-Disposition": attachment(meta["name"]),
                                           "X-QCDC-Fixes-Applied": str(meta["applied"]),
                                           "X-QCDC-Fixes-Left": str(meta["left"])})


@router.post(f"{API}/pages", summary="One page of a scan (a .pdf or an image) as PNG, for the findings' boxes",
             openapi_extra={"requestBody": scan_pages.BODY, "parameters": scan_pages.PARAMETERS},
             responses=scan_pages.RESPONSES)
async def pages(request: Request):  # page, width: query or form (pages.parse_options)
    try:
        meta, folder = await _job(request, "pages")
    except _Gone as e:
        return _gone(request, e)
    except _Refused as e:
        return _refusal(request, e.args[0])
    return _answer(folder, "image/png", {"X-QCDC-Pages": str(meta["pages"]), "X-QCDC-Page": str(meta["page"])})


@router.get(f"{API}/progress/{{token}}", summary="How far a check in progress has got in reading a scan by OCR",
            responses={200: {"description": "The check's state: waiting, or reading a file's pages (done of pages)",
                             "content": {"application/json": {"schema": progress.SCHEMA}}}})
async def check_progress(request: Request, token: str = PathParam(..., description="The token the check was sent "
                                                                                   "with (header X-QCDC-Progress)")):
    return request.app.state.gate.progress.state(token)


@router.get(f"{API}/rules", summary="Every rule with its documentation", operation_id="rules", responses={200: {
    "description": "The rules, each with its code", "links": RULES_LINKS,
    "content": {"application/json": {"schema": {"type": "array", "items": {
        "type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}}}}}})
async def rules(lang: str = Query("vi", pattern="^(vi|en)$")):
    return rules_body(lang)


@router.get(f"{API}/rules/{{code}}", summary="One rule's documentation (404 for a code no rule has)",
            operation_id="rule")
async def rule(code: str = PathParam(..., pattern=RULE_CODE, description="A rule's code, e.g. QCDC101",
                                     examples=["QCDC101"]),
               lang: str = Query("vi", pattern="^(vi|en)$")):
    return rule_body(code, lang)


@router.get(f"{API}/registry/{{symbol:path}}", summary="What the registry records of one instrument")
async def registry(request: Request, symbol: str = PathParam(..., examples=["34/2007/PL-UBTVQH11"]),
                   as_of: Optional[str] = Query(None)):
    if len(symbol) > 80 or not SYMBOL.fullmatch(symbol):  # a look-up needs a symbol, never a fuzzy hit on any text
        raise Problem("not-found", vi="Cần số ký hiệu của văn bản, ví dụ 34/2007/PL-UBTVQH11.",
                      en="An instrument's symbol is needed, e.g. 34/2007/PL-UBTVQH11.")
    parse_as_of(as_of)
    try:
        meta, folder = await _job(request, "registry", symbol=symbol, as_of=as_of)
    except _Refused as e:
        raise e.args[0] from None
    return _answer(folder, meta["media"])


@router.get("/healthz", summary="Engine loaded, registry size, version")
async def healthz(request: Request):
    gate = getattr(request.app.state, "gate", None)
    ready = gate is not None and gate.engine.ready.is_set()
    info = gate.engine.info if ready else {}
    return {"status": "ok" if ready else "starting", "version": __version__, "engine": info.get("executor"),
            "registry": {"instruments": info.get("instruments", 0)},
            "checks_in_progress": gate.admitted if gate is not None else 0}


@router.get("/", include_in_schema=False)
async def page():
    return FileResponse(str(STATIC / "index.html"), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})

