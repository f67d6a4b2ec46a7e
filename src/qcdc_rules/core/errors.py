"""Errors that name the file and the problem; the CLI turns them into one clear line, never a traceback."""


class QcdcError(Exception):
    """Base class for errors that end the check of one file."""

    code = "error"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InputError(QcdcError):
    code = "unreadable"


class DataError(QcdcError):
    """The ontology, registry or shapes are broken (a maintainer's error)."""

    code = "data"


def brief(e: BaseException, limit: int = 90) -> str:
    """An exception as a short, printable reason for an error line (no raw bytes dumped)."""
    import re

    text = " ".join(str(e).split())
    text = re.split(r"\s*(?:@\d+:\s*)?b['\"]", text)[0].rstrip(" :@")  # drop repr'd raw bytes
    text = "".join(c if c.isprintable() else "?" for c in text)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
