"""The request id: every response carries `X-Request-ID` (a sane incoming one is kept, else a new UUID is
made), every problem names it (`instance`, `request_id`), and every log line the service writes while
answering the request starts with it, so that a client's complaint, the answer and the log meet. Log lines
never hold a document's content: only the method, the path, the status and what went wrong."""
from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = b"x-request-id"
# what an incoming id may be: a proxy's or a client's token, never text that could forge a log line
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_CURRENT: ContextVar[str] = ContextVar("qcdc_request_id", default="-")


def current() -> str:
    """The id of the request being answered ("-" outside a request)."""
    return _CURRENT.get()


def choose(given: bytes | None) -> str:
    """The incoming id when it is sane (1-128 of A-Z a-z 0-9 . _ : -), else a new UUID."""
    if given:
        try:
            text = given.decode("ascii")
        except UnicodeDecodeError:
            text = ""
        if SANE.fullmatch(text):
            return text
    return str(uuid.uuid4())


class RequestId:
    """The outermost middleware: chooses the id, sets it for this request's task, adds the header."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        given = next((v for k, v in scope.get("headers") or [] if k.lower() == HEADER), None)
        rid = choose(given)
        token = _CURRENT.set(rid)
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers") or [] if k.lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode("ascii"))]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _CURRENT.reset(token)


class _Prefix(logging.Filter):
    """Puts the request id in front of a log line written while a request is answered."""

    def filter(self, record: logging.LogRecord) -> bool:
        rid = _CURRENT.get()
        if rid != "-" and not getattr(record, "qcdc_request_id", None):
            record.qcdc_request_id = rid
            if record.name == "uvicorn.access" and isinstance(record.args, tuple) and record.args:
                # uvicorn's access formatter builds the line from the arguments, not the message
                record.args = (f"[{rid}] {record.args[0]}", *record.args[1:])
            else:
                record.msg = f"[{rid}] {record.msg}"
        return True


def install_log_filter() -> None:
    """The id in the service's log lines (uvicorn's access and error logs); once per process."""
    for name in ("uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Prefix) for f in logger.filters):
            logger.addFilter(_Prefix())
