"""How far a check has got in reading a scan by OCR, for the web page (issue 25: "progress per page on the page").

The client names its check with a token of its own making (header X-QCDC-Progress on POST /api/v1/check, 16-64
letters, digits, '-' or '_'), and while the check runs asks GET /api/v1/progress/{token}, which answers

    {"state": "waiting"}                                   admitted, no scan page read yet (or not a scan)
    {"state": "reading", "file": "plan.pdf", "done": 1, "pages": 3}     OCR has read 1 of the file's 3 pages

and 404 (`not-found`) for a token no check in progress goes by (not yet arrived, or already answered). A token
says nothing but page counts; it is forgotten when its check is answered.

The check's process (engine_process.py) writes the state to a small file in its job folder as each page is read
(readers/scanpage.ON_START and ON_PAGE), replaced whole each time, so a reader never sees half of it; the HTTP
process reads it from there."""
from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Optional

from .problems import Problem

HEADER = "X-QCDC-Progress"
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
SUFFIX = ".progress"  # beside the job's answer file (spec["out"])

PARAMETER = {"name": HEADER, "in": "header", "required": False,
             "schema": {"type": "string", "pattern": f"^{TOKEN.pattern}$"},
             "description": "A token of the client's making: GET /api/v1/progress/{token} tells how far this check has "
                            "got in reading a scan by OCR while it runs"}
SCHEMA = {"type": "object", "required": ["state"], "properties": {
    "state": {"type": "string", "enum": ["waiting", "reading"]},
    "file": {"type": "string", "description": "The file being read by OCR"},
    "done": {"type": "integer", "description": "Its pages read so far"},
    "pages": {"type": "integer", "description": "Its pages to read by OCR"}}}


# --------------------------------------------------------------------------------------- the HTTP process
def token_of(headers) -> Optional[str]:
    """The request's progress token, None without one; a malformed one is a 400 problem."""
    token = headers.get(HEADER)
    if token is None:
        return None
    if not TOKEN.fullmatch(token):
        raise Problem("bad-option", what=f"{HEADER} (16-64 letters, digits, '-' or '_')")
    return token


class Board:
    """The checks in progress that have a token: token -> the file their process writes the state to."""

    def __init__(self):
        self._files: dict[str, str] = {}

    def add(self, token: str, out: str) -> None:
        if token in self._files:
            raise Problem("bad-option", what=f"{HEADER} (already used by a check in progress)")
        self._files[token] = out + SUFFIX

    def remove(self, token: Optional[str]) -> None:
        if token is not None:
            self._files.pop(token, None)

    def state(self, token: str) -> dict:
        path = self._files.get(token) if TOKEN.fullmatch(token) else None
        if path is None:
            raise Problem("not-found", vi="Không có lượt kiểm tra nào đang chạy với mã theo dõi này.",
                          en="No check in progress goes by this progress token.")
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return {"state": "waiting"}


# --------------------------------------------------------------------------------------- the check's process
class Writer:
    """Installed into readers/scanpage as ON_START and ON_PAGE in the check's process: each call replaces the
    state file whole (written beside it, then renamed over it)."""

    def __init__(self, out: str):
        self.path = out + SUFFIX
        self.lock = threading.Lock()

    def start(self, name: str, pages: int) -> None:
        self._write({"state": "reading", "file": Path(name).name, "done": 0, "pages": pages})

    def page(self, name: str, done: int, pages: int, number: int, seconds: float) -> None:
        self._write({"state": "reading", "file": Path(name).name, "done": done, "pages": pages})

    def _write(self, state: dict) -> None:
        with self.lock:
            tmp = f"{self.path}.{os.getpid()}.tmp"
            try:
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump(state, f, ensure_ascii=False)
                os.replace(tmp, self.path)
            except OSError:  # progress is not worth failing a check for
                pass


def install(spec: dict) -> None:
    """In the check's process: tell the state file of this job as pages are read (only when a token was given)."""
    if not spec.get("progress"):
        return
    from ..readers import scanpage

    writer = Writer(spec["out"])
    scanpage.ON_START, scanpage.ON_PAGE = writer.start, writer.page
