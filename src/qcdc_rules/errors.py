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
