"""A request's documents and options, read from its spooled body in the check's own process: one document
(a multipart `file` part, or JSON `text`), or a batch (several `file` parts, or a .zip of documents).

A .zip is opened in memory and never written out by its entry names (no path can escape): each entry is
read, within the limits, into bytes that go by a cleaned relative name. Limits: at most `max_files`
documents and `max_batch_bytes` bytes together in one request (413 naming the limit, before any entry is
read); an entry over the file limit, expanding more than 200 times (over 1 MiB), encrypted, damaged, or a
.zip inside the .zip, is one file's error and the others are still checked."""
from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any, Optional

from ..core.i18n import N_, in_both
from .problems import Problem

MAX_RATIO = 200  # uncompressed/compressed for one entry over 1 MiB, as the .docx reader's limit
RATIO_FLOOR = 1024 * 1024
MAX_FIELDS = 1000  # form fields besides the files (`finding` may repeat)


@dataclass
class Upload:
    name: str
    data: Optional[bytes] = None
    error: Optional[tuple[str, str, str]] = None  # (code, vi, en): a file of a batch that cannot be taken


@dataclass
class Documents:
    uploads: list[Upload]
    values: dict[str, Any]  # the options: query parameters, then form fields or JSON keys
    batch: bool  # several documents (several `file` parts, or a .zip): the answer is one report of them all


def read_documents(spec: dict, multipart_only: bool = False) -> Documents:
    """The documents and options of a request whose body is in spec["body"]."""
    values = dict(spec["query"])
    ctype = spec["content_type"].split(";")[0].strip().lower()
    with open(spec["body"], "rb") as f:
        raw = f.read()
    if ctype == "multipart/form-data":
        return _multipart(spec, raw, values)
    if multipart_only:
        raise Problem("not-multipart")
    if ctype == "application/json":
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nesting deeper than the stack
            raise Problem("bad-request", what="JSON") from None
        del raw
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise Problem("no-document")
        name = body.get("filename") or "document.txt"
        if not isinstance(name, str):
            raise Problem("bad-option", what="filename")
        if "file" in body:  # a form field, not a key of the JSON body
            raise Problem("unknown-option", what="file")
        values.update({k: v for k, v in body.items() if k not in ("text", "filename")})
        return Documents([Upload(name, body["text"].encode("utf-8", "surrogatepass"))], values, batch=False)
    raise Problem("unsupported-type", **in_both(N_("Send multipart/form-data (field `file`) or application/json.")))


def _multipart(spec: dict, raw: bytes, values: dict) -> Documents:
    import asyncio

    from starlette.datastructures import Headers
    from starlette.formparsers import MultiPartException, MultiPartParser

    max_files = spec.get("max_files", 1)

    async def stream():
        yield raw
        yield b""

    parser = MultiPartParser(Headers({"content-type": spec["content_type"]}), stream(), max_files=max_files + 1,
                             max_fields=MAX_FIELDS, max_part_size=spec["max_bytes"])
    try:
        form = asyncio.run(parser.parse())
    except MultiPartException:
        if raw.count(b"filename=") > max_files:  # the parser stopped at the file limit
            raise _too_many(max_files) from None
        raise Problem("bad-request", what="multipart") from None
    files: list[tuple[str, bytes]] = []
    fields: dict[str, Any] = {}
    for key, value in form.multi_items():
        if key == "file" and not isinstance(value, str):
            value.file.seek(0)
            files.append((value.filename or "document.txt", value.file.read()))
        else:
            fields.setdefault(key, []).append(value if isinstance(value, str) else str(value))
    for key, got in fields.items():
        values[key] = got if len(got) > 1 else got[0]
    if not files:
        raise Problem("no-document")
    batch = len(files) > 1 or files[0][0].lower().endswith(".zip")
    if not batch:
        return Documents([Upload(*files[0])], values, batch=False)
    return Documents(_batch(files, spec), values, batch=True)


def _too_many(limit: int) -> Problem:
    return Problem("too-many-files", limit=limit, extra={"limit": {"name": "max_files", "value": limit}})


def _too_large_batch(limit: int) -> Problem:
    return Problem("batch-too-large", limit=limit, extra={"limit": {"name": "max_batch_bytes", "value": limit}})


def _batch(files: list[tuple[str, bytes]], spec: dict) -> list[Upload]:
    from .service import safe_name

    uploads: list[Upload] = []
    for filename, data in files:
        name = safe_name(filename)
        uploads += expand_zip(name, data, spec) if name.lower().endswith(".zip") else [Upload(name, data)]
        if len(uploads) > spec["max_files"]:
            raise _too_many(spec["max_files"])
    if sum(len(u.data or b"") for u in uploads) > spec["max_batch_bytes"]:
        raise _too_large_batch(spec["max_batch_bytes"])
    return uploads


def entry_name(name: str) -> str:
    """A .zip entry's name as a relative path: no drive, root, '.' or '..' part, no control character."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    parts = ["".join(c for c in p if c.isprintable()).strip() for p in parts]
    cleaned = "/".join(p for p in parts if p and not p.endswith(":"))[:300]
    return cleaned or "document"


def _error(name: str, code: str, vi: str, en: str) -> Upload:
    return Upload(name, error=(code, f"{name}: {vi}", f"{name}: {en}"))


def expand_zip(name: str, data: bytes, spec: dict) -> list[Upload]:
    """The documents of a .zip, in the archive's order (413 when they are too many or too large together)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return [_error(name, "corrupt", "tệp .zip bị hỏng hoặc không phải tệp .zip.",
                       "the .zip file is damaged or not a .zip file.")]
    if len(infos) > spec["max_files"]:
        raise _too_many(spec["max_files"])
    if sum(i.file_size for i in infos) > spec["max_batch_bytes"]:
        raise _too_large_batch(spec["max_batch_bytes"])
    return [_entry(archive, i, f"{name}/{entry_name(i.filename)}", spec["max_bytes"]) for i in infos]


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, max_bytes: int) -> Upload:
    if info.flag_bits & 0x1:
        return _error(name, "encrypted", "tệp trong .zip được đặt mật khẩu.", "the entry is encrypted.")
    if info.filename.lower().endswith(".zip"):
        return _error(name, "unsupported-type", "không mở tệp .zip nằm trong tệp .zip.",
                      "a .zip inside the .zip is not opened.")
    if info.file_size > max_bytes:
        return _error(name, "too-large", f"tệp lớn {info.file_size} byte, quá giới hạn {max_bytes} byte.",
                      f"the entry is {info.file_size} bytes, over the limit of {max_bytes} bytes.")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        return _error(name, "zip-bomb", "tệp nở ra quá lớn so với khi nén; nghi là bom nén, không đọc.",
                      f"the entry expands {info.file_size // max(1, info.compress_size)}x; refused as a possible "
                      "zip bomb.")
    try:
        with archive.open(info) as f:
            data = f.read(max_bytes + 1)  # the declared size bounds the read; never more than the limit
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError):
        return _error(name, "corrupt", "tệp trong .zip bị hỏng.", "the entry is damaged.")
    if len(data) > max_bytes:
        return _error(name, "too-large", f"tệp quá giới hạn {max_bytes} byte.",
                      f"the entry is over the limit of {max_bytes} bytes.")
    return Upload(name, data)
