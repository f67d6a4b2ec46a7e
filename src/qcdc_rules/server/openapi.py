"""The OpenAPI document told as the service behaves: request bodies with every field the service takes (and
no other: an unknown one is 400 `unknown-option`), each operation's error answers in the problem+json shape
of problems.py (never FastAPI's validation shape: validation errors are 400 problems), X-Request-ID on
every answer, and the bearer scheme when a token is required. routes.py declares the operations; `finish`
completes the document FastAPI derives from them."""
from __future__ import annotations

from typing import Any

from ..pipeline.optionmodel import HTTP, Opt, fields

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
FLAG = "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff]|1|0)?\\s*$"

PROBLEM = {
    "type": "object", "description": "RFC 9457 problem details, with a stable `code` and the message in vi and en",
    "required": ["type", "title", "status", "code", "detail", "message", "messages", "instance", "request_id"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "code": {"type": "string", "description": "stable: what clients branch on"},
        "detail": {"type": "string"}, "message": {"type": "string", "description": "in the language asked for"},
        "messages": {"type": "object", "required": ["vi", "en"],
                     "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}},
        "instance": {"type": "string", "description": "urn:qcdc:request:<X-Request-ID>"},
        "request_id": {"type": "string", "description": "the X-Request-ID of the request"},
        "limit": {"type": "object", "description": "the limit a 413 names",
                  "properties": {"name": {"type": "string"}, "value": {"type": "integer"}}},
    },
}


def _form_schema(o: Opt) -> dict:
    """An option's schema as a query parameter or form field (text), from its kind in the options model."""
    if o.kind == "ids":
        return {"type": "array", "items": {"type": "string"}, "description": o.en}
    schema: dict[str, Any] = {"type": "string", "description": o.en}
    if o.kind == "choice":
        schema["enum"] = [*(o.http_choices or o.choices), ""]
    elif o.kind == "flag":
        schema["pattern"] = FLAG
    return schema


def form_options(operation: str) -> dict:
    """The options `operation` takes, as multipart form fields (they may also be query parameters)."""
    return {o.http_name or name: _form_schema(o) for name, o in fields(HTTP, operation)}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def json_options(operation: str) -> dict:
    """The options as keys of a JSON body: strings as in a form, flags also as booleans, codes also as lists."""
    out = {}
    for name, o in fields(HTTP, operation):
        schema = _form_schema(o)
        if o.kind == "flag":
            schema = {"anyOf": [{"type": "boolean"}, schema]}
        elif o.kind == "codes":
            schema = {"anyOf": [schema, {"type": "array", "items": {"type": "string"}}]}
        out[o.http_name or name] = _nullable(schema)
    return out


def query_parameters(operation: str) -> list[dict]:
    """The options `operation` takes, as query parameters (routes.py declares them through openapi_extra)."""
    return [{"name": key, "in": "query", "required": False, "description": schema["description"],
             "schema": {k: v for k, v in schema.items() if k != "description"}}
            for key, schema in form_options(operation).items()]


def _file(many: bool) -> dict:
    one = {"type": "string", "format": "binary"}
    if not many:
        return {**one, "description": "The document"}
    return {"type": "array", "items": one, "minItems": 1,
            "description": "The document (.docx, .pdf, .txt or .md); several `file` parts, or one .zip of "
                           "documents, make a batch"}


def multipart(operation: str, many: bool = False) -> dict:
    return {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "additionalProperties": False,
        "properties": {"file": _file(many), **form_options(operation)},
    }}}


CHECK_BODY = {"required": True, "content": {
    **multipart("check", many=True),
    "application/json": {"schema": {
        "type": "object", "required": ["text"], "additionalProperties": False,
        "properties": {"text": {"type": "string", "description": "The plan's text"},
                       "filename": _nullable({"type": "string",
                                              "description": "Its name (.txt or .md) [document.txt]"}),
                       **json_options("check")},
    }},
}}
ANNOTATE_BODY = {"required": True, "content": multipart("annotate")}
FIX_BODY = {"required": True, "content": multipart("fix")}

PROBLEM_TEXT = {
    400: "Unknown rule or option, bad value, no document", 401: "A bearer token is required",
    404: "Not found", 408: "The upload was too slow", 413: "Too large: the body, a file, or a batch's files or bytes",
    415: "Unsupported type", 422: "The document cannot be read (the reader's code), or the fix cannot be written",
    503: "Busy or too slow; see Retry-After",
}
UPLOAD_ERRORS = (400, 408, 413, 415, 422, 503)
# the errors each operation can answer, besides 401 when a token is set
ERRORS = {("post", "/api/v1/check"): UPLOAD_ERRORS, ("post", "/api/v1/annotate"): UPLOAD_ERRORS,
          ("post", "/api/v1/fix"): UPLOAD_ERRORS, ("get", "/api/v1/rules"): (400,),
          ("post", "/api/v1/pages"): UPLOAD_ERRORS, ("get", "/api/v1/progress/{token}"): (404,),
          ("get", "/api/v1/rules/{code}"): (400, 404), ("get", "/api/v1/registry/{symbol}"): (400, 404, 503)}
FILE_ANSWERS = ("/api/v1/annotate", "/api/v1/fix", "/api/v1/pages")
REQUEST_ID = {"description": "The request's id (the incoming one when sane, else a new UUID)",
              "schema": {"type": "string"}, "required": True}


def _problem_response(status: int) -> dict:
    response: dict[str, Any] = {"description": PROBLEM_TEXT[status],
                                "content": {"application/problem+json": {"schema": PROBLEM_REF}}}
    if status == 503:
        response["headers"] = {"Retry-After": {"schema": {"type": "string"}, "required": True}}
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}, "required": True}}
    return response


def report_schema() -> dict:
    """The report's JSON Schema (contract/report-1.schema.json) as OpenAPI components: its `$defs` become
    `Report_<name>` schemas, so that its references resolve inside the OpenAPI document."""
    import json
    from importlib.resources import files

    schema = json.loads((files("qcdc_rules.contract") / "report-1.schema.json").read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    defs = schema.pop("$defs", {})

    def moved(node):
        if isinstance(node, dict):
            return {k: ("#/components/schemas/Report_" + v.rsplit("/", 1)[-1]
                        if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/") else moved(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [moved(v) for v in node]
        return node
    return {"Report": moved(schema), **{f"Report_{k}": moved(v) for k, v in defs.items()}}


RULES_LINKS = {"rule": {"operationId": "rule", "parameters": {"code": "$response.body#/0/code"},
                        "description": "The first rule's documentation"}}


def finish(schema: dict, token: bool) -> dict:
    """The document FastAPI derived, completed as the service behaves."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM
    schemas.update(report_schema())
    if token:
        components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    for path, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            responses.pop("422", None)  # FastAPI's validation shape: the service answers 400 problems instead
            if path in FILE_ANSWERS:  # a file, never FastAPI's default JSON
                responses.get("200", {}).get("content", {}).pop("application/json", None)
            for status in ERRORS.get((method, path), ()):
                responses[str(status)] = _problem_response(status)
            if token and path.startswith("/api/"):
                op["security"] = [{"bearer": []}]
                responses["401"] = _problem_response(401)
            for response in responses.values():
                response.setdefault("headers", {})["X-Request-ID"] = REQUEST_ID
    return schema
