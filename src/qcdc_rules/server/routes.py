"""The service's routes: the API (/api/v1), /healthz and the page. Each route moves bytes in and out; what
is done with them is in service.py, and every refusal is a Problem (see problems.py)."""
from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from ..core.version import __version__
from .problems import Problem
from .service import (
    CheckParams, annotate_upload, check_upload, parse_as_of, parse_params, registry_body, report_body, rule_body, rules_body,
)

API = "/api/v1"
STATIC = files("qcdc_rules.server") / "static"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
router = APIRouter()


def _report_schema() -> dict:
    return json.loads((files("qcdc_rules.contract") / "report-1.schema.json").read_text(encoding="utf-8"))


CHECK_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "The document: .docx, .pdf, .txt or .md"}},
        }},
        "application/json": {"schema": {
            "type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {"text": {"type": "string", "description": "The plan's text"},
                           "filename": {"type": "string", "description": "Its name (.txt or .md) [document.txt]"}},
        }},
    },
}


# the page runs only its own script and style, talks only to this server, and is never framed
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


async def _document(request: Request) -> tuple[bytes, str, dict[str, Any]]:
    """The document and the options a request carries (query parameters, then form fields or JSON keys)."""
    values: dict[str, Any] = {}
    for key in request.query_params:
        got = request.query_params.getlist(key)
        values[key] = got if len(got) > 1 else got[0]
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=20, max_part_size=request.app.state.settings.max_bytes)
        upload = form.get("file")
        for key, value in form.multi_items():
            if key != "file":
                values[key] = value if isinstance(value, str) else str(value)
        if upload is None or isinstance(upload, str):
            raise Problem("no-document")
        return await upload.read(), upload.filename or "document.txt", values
    if ctype == "application/json":
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise Problem("bad-request", what="JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise Problem("no-document")
        name = body.get("filename") or "document.txt"
        if not isinstance(name, str):
            raise Problem("bad-option", what="filename")
        values.update({k: v for k, v in body.items() if k not in ("text", "filename")})
        return body["text"].encode("utf-8", "surrogatepass"), name, values
    raise Problem("unsupported-type", vi="Hãy gửi multipart/form-data (trường `file`) hoặc application/json.",
                  en="Send multipart/form-data (field `file`) or application/json.")


async def _run(request: Request, work):
    """The request's document and options, then `work(engine, data, name, params)` through the worker's gate."""
    data, name, values = await _document(request)
    params: CheckParams = parse_params(values, request.app.state.settings.max_bytes)
    engine = request.app.state.engine
    return params, await request.app.state.gate.run(lambda: work(engine, data, name, params))


option_params = dict(
    as_of=Query(None, description="Check as of this date (YYYY-MM-DD) instead of the plan's own date"),
    lang=Query(None, description="vi (default) or en"),
    select=Query(None, description="Only these rule codes or prefixes, comma-separated"),
    ignore=Query(None, description="Skip these rule codes or prefixes, comma-separated"),
    pre_issuance=Query(None, description="true: the plan is about to be signed (QCDC204/205 become errors)"),
    strict=Query(None, description="true: also report local instruments missing from the registry"),
    preview=Query(None, description="true: also run the rules in preview (by default only the stable rules run)"),
    fail_on=Query(None, description="Lowest severity that makes `pass` false: error (default), warning, info"),
)


@router.post(f"{API}/check", summary="Check a document", openapi_extra={"requestBody": CHECK_BODY}, responses={
    200: {"description": "The JSON report of `qcdc-check --format json`, plus `pass` and `fail_on`; "
                         "SARIF 2.1.0 with format=sarif",
          "content": {"application/json": {"schema": _report_schema()}}},
    400: {"description": "Unknown rule or option, bad value"}, 413: {"description": "Too large"},
    415: {"description": "Unsupported type"}, 422: {"description": "Unreadable document"},
    503: {"description": "Busy or too slow; see Retry-After"}})
async def check(request: Request, as_of: Optional[str] = option_params["as_of"],
                lang: Optional[str] = option_params["lang"], select: Optional[str] = option_params["select"],
                ignore: Optional[str] = option_params["ignore"],
                pre_issuance: Optional[str] = option_params["pre_issuance"],
                strict: Optional[str] = option_params["strict"], preview: Optional[str] = option_params["preview"],
                fail_on: Optional[str] = option_params["fail_on"],
                format: Optional[str] = Query(None, description="json (default) or sarif"),
                view: Optional[str] = Query(None, description="true: add the text and finding places (the page)")):
    params, (fr, doc) = await _run(request, check_upload)
    body = report_body(request.app.state.engine, fr, doc, params)
    media = "application/sarif+json" if params.fmt == "sarif" else "application/json"
    return JSONResponse(body, media_type=media)


@router.post(f"{API}/annotate", summary="The .docx with a Word comment on each finding",
          openapi_extra={"requestBody": {"required": True, "content": {
              "multipart/form-data": CHECK_BODY["content"]["multipart/form-data"]}}},
          responses={200: {"content": {DOCX: {}}, "description": "The annotated .docx"}})
async def annotate(request: Request, as_of: Optional[str] = option_params["as_of"],
                   lang: Optional[str] = option_params["lang"], select: Optional[str] = option_params["select"],
                   ignore: Optional[str] = option_params["ignore"],
                   pre_issuance: Optional[str] = option_params["pre_issuance"],
                   strict: Optional[str] = option_params["strict"], preview: Optional[str] = option_params["preview"]):
    _, (out, count, name) = await _run(request, annotate_upload)
    stem = (name.rsplit(".", 1)[0] or "document").encode("ascii", "ignore").decode() or "document"
    return Response(out, media_type=DOCX, headers={
        "Content-Disposition": f'attachment; filename="{stem}-qcdc.docx"', "X-QCDC-Comments": str(count)})


@router.get(f"{API}/rules", summary="Every rule with its documentation")
async def rules(lang: str = Query("vi", pattern="^(vi|en)$")):
    return rules_body(lang)


@router.get(f"{API}/rules/{{code}}", summary="One rule's documentation")
async def rule(code: str, lang: str = Query("vi", pattern="^(vi|en)$")):
    return rule_body(code, lang)


@router.get(f"{API}/registry/{{symbol:path}}", summary="What the registry records of one instrument")
async def registry(request: Request, symbol: str, as_of: Optional[str] = Query(None)):
    return registry_body(request.app.state.engine, symbol, parse_as_of(as_of))


@router.get("/healthz", summary="Engine loaded, registry size, version")
async def healthz(request: Request):
    engine = getattr(request.app.state, "engine", None)
    return {"status": "ok" if engine else "starting", "version": __version__,
            "engine": engine.executor if engine else None,
            "registry": {"instruments": len(engine.registry.instruments) if engine else 0},
            "checks_in_progress": request.app.state.gate.admitted if engine else 0}


@router.get("/", include_in_schema=False)
async def page():
    return FileResponse(str(STATIC / "index.html"), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"})

