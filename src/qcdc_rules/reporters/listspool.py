"""The items of one list of a JSON document, written as they come to a temporary file, then written in the
document's place for them (`slot`) as the document is encoded at the end: a report of any number of files is
written with only counts kept in memory, and reads exactly as `json.dumps(document, indent=2)` would have
written it whole."""
from __future__ import annotations

import json
import secrets
import tempfile
from typing import Any, TextIO

from pydantic_core import to_json


class ListSpool:
    def __init__(self, depth: int):
        """`depth`: how deep the list's items are in the document (the top object's values are at 1)."""
        self.depth = depth
        self.pad = "  " * depth
        self.count = 0
        # what the document holds where the list goes: a string no report can hold (a random part of its own)
        self.slot = f"\x00qcdc-list-{secrets.token_hex(16)}\x00"
        self._encoded = json.dumps(self.slot)
        try:
            self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        except OSError as e:
            raise _spool_error(e) from None

    def add(self, item: Any) -> None:
        """A JSON value of strings, integers, booleans and null. pydantic's serializer writes it as
        json.dumps(item, ensure_ascii=False, indent=2) does (not a float: 1e-05 would be 1e-5), at a fifth of
        the cost: json.dumps indents in Python."""
        self.add_text(to_json(item, indent=2).decode("utf-8"))

    def add_text(self, text: str) -> None:
        """An item already written as `json.dumps(item, ensure_ascii=False, indent=2)` would write it."""
        # as json.dumps indents an item of a list at this depth (a string's line ends are escaped: "\n")
        try:
            self.file.write(("," if self.count else "") + "\n" + self.pad + text.replace("\n", "\n" + self.pad))
        except OSError as e:  # the temporary folder is full: one clear error, the file is removed as it closes
            self.file.close()
            raise _spool_error(e) from None
        self.count += 1

    def write_into(self, stream: TextIO, document: Any) -> None:
        """Write `document` as json.dumps(document, ensure_ascii=False, indent=2) + a line end would, with the
        items in place of `slot` (the value of a key at this depth)."""
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(document):
            if chunk.endswith(self._encoded):  # a value of its own chunk (after its key, or a list's separator)
                stream.write(chunk[: -len(self._encoded)])
                self._write_items(stream)
            else:
                stream.write(chunk)
        stream.write("\n")

    def _write_items(self, stream: TextIO) -> None:
        stream.write("[")
        try:
            self.file.seek(0)  # writes what is buffered
        except OSError as e:
            self.file.close()
            raise _spool_error(e) from None
        try:
            while True:
                try:
                    chunk = self.file.read(1 << 16)
                except OSError as e:
                    raise _spool_error(e) from None
                if not chunk:
                    break
                stream.write(chunk)  # the output's own errors are the output's (a WriteError naming it)
        finally:
            self.file.close()
        stream.write("\n" + "  " * (self.depth - 1) + "]" if self.count else "]")


def _spool_error(e: OSError):
    from ..core.atomic import WriteError

    return WriteError(tempfile.gettempdir(), e, temporary=True)
