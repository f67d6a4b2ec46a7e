"""The registry's large tables on disk, read one key at a time (issue 20: a registry a hundred times larger must
cost a new process little). The compiled cache (pipeline/compiled.py) keeps the small part of the registry
(vocabularies, the rules' base, the laws known by name) in its pickle, and every table keyed by instrument, symbol,
number, title word or unit here, in an SQLite file of its own (the standard library's sqlite3): a process that
checks one plan reads the few rows that plan reaches, never the whole registry.

A table is a `Lazy` (a read-only Mapping, or a Sequence for the lists): it answers from the file and keeps
what it read. Each row carries a CRC-32 of its value, checked when it is read; a file whose size, build token or a
row does not check out is damaged: it is deleted and the registry is built again, in memory, by the callback
the cache gave (`Index.rebuild`), whose tables then answer instead. Nothing damaged is ever used.

The file is made in memory and written whole (core/atomic.py), under a name made of the cache key, so it never
changes once written: it is opened read-only and immutable, anew in each process (a forked child opens its own).
"""
from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import threading
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Callable, Optional

log = logging.getLogger(__name__)

SCHEMA = ("CREATE TABLE kv (tbl TEXT NOT NULL, key TEXT NOT NULL, val BLOB NOT NULL, PRIMARY KEY (tbl, key)) "
          "WITHOUT ROWID")


class Damaged(Exception):
    """The index file cannot be trusted."""


def _pack(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.crc32(data).to_bytes(4, "big") + data


def _unpack(blob: bytes) -> Any:
    if len(blob) < 4 or zlib.crc32(blob[4:]).to_bytes(4, "big") != blob[:4]:
        raise Damaged("a row does not match its checksum")
    return pickle.loads(blob[4:])


def write_index(path: Path, tables: dict[str, Any], token: str) -> None:
    """The tables (name -> dict or list) as an SQLite file written whole at `path` (core/atomic.py)."""
    from ..core.atomic import write_bytes

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:  # made aside (Connection.serialize is Python 3.11+), then written whole
        built = Path(tmp) / "index.sqlite"
        _fill(sqlite3.connect(built), tables, token)
        data = built.read_bytes()
    write_bytes(path, data, label="cache")


def _fill(db: sqlite3.Connection, tables: dict[str, Any], token: str) -> None:
    try:
        db.execute(SCHEMA)
        rows = [("", "token", _pack(token))]
        for name, table in tables.items():
            seq = isinstance(table, (list, tuple)) or getattr(table, "seq", False)  # a Lazy list: a registry read back
            items = enumerate(table) if seq else table.items()
            count = 0
            for k, v in items:
                rows.append((name, repr(k), _pack(v)))
                count += 1
            rows.append(("", f"len:{name}", _pack(count)))
        db.executemany("INSERT INTO kv VALUES (?, ?, ?)", rows)
        db.commit()
    finally:
        db.close()


class Index:
    """An index file opened read-only; `rebuild()` gives the in-memory registry whose tables answer once the
    file is found damaged."""

    def __init__(self, path: Path, token: str, rebuild: Callable[[], Any]):
        self.path, self.token, self.rebuild = Path(path), token, rebuild
        self._db: Optional[sqlite3.Connection] = None
        self._pid = -1
        self._lock = threading.Lock()
        self.fallback: Any = None  # the registry built again, once the file is found damaged
        try:
            db = self._connect()
            size = self.path.stat().st_size
            pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]
            if size != pages or self.get("", "token") != token:
                raise Damaged("its size or build token is not the one recorded")
        except (sqlite3.Error, OSError, Damaged, pickle.UnpicklingError, EOFError) as e:
            self.close()
            raise Damaged(str(e)) from None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():  # a forked child opens its own connection
            try:
                self._db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro&immutable=1", uri=True,
                                           check_same_thread=False)
            except sqlite3.Error as e:
                raise Damaged(str(e)) from None
            self._pid = os.getpid()
        return self._db

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None

    def get(self, tbl: str, key: str) -> Any:
        """The value of a row, `KeyError` when there is none; Damaged when it does not check out."""
        try:
            with self._lock:
                row = self._connect().execute("SELECT val FROM kv WHERE tbl = ? AND key = ?", (tbl, key)).fetchone()
        except sqlite3.Error as e:  # "database disk image is malformed" and the like
            raise Damaged(str(e)) from None
        if row is None:
            raise KeyError(key)
        try:
            return _unpack(row[0])
        except Damaged:
            raise
        except Exception as e:  # noqa: BLE001 - a damaged row can fail to unpickle in any way
            raise Damaged(f"a row cannot be read ({type(e).__name__})") from None

    def keys(self, tbl: str) -> list[str]:
        try:
            with self._lock:
                return [k for (k,) in self._connect().execute("SELECT key FROM kv WHERE tbl = ? ORDER BY key", (tbl,))]
        except sqlite3.Error as e:
            raise Damaged(str(e)) from None

    def damaged(self, why: str) -> Any:
        """The registry built again (once), the file deleted: what answers from now on."""
        if self.fallback is None:
            log.debug("registry index %s damaged (%s); rebuilding the registry", self.path, why)
            self.close()
            self.path.unlink(missing_ok=True)
            self.fallback = self.rebuild()
        return self.fallback


_MISSING = object()


class Lazy(Mapping):
    """A table of the registry read from an Index: a Mapping (`seq=False`) or a Sequence of `length` rows.
    Pickled without its file (the cache's pickle holds it empty; `attach` gives it the file)."""

    def __init__(self, name: str, key_type: type = str, seq: bool = False, field: Optional[Callable] = None):
        self.name, self.key_type, self.seq = name, key_type, seq
        self.field: Callable = field or _nothing  # how the fallback registry gives this table
        self._index: Optional[Index] = None
        self._memo: dict = {}
        self._len: Optional[int] = None

    def __getstate__(self):
        return {"name": self.name, "key_type": self.key_type, "seq": self.seq, "field": self.field}

    def __setstate__(self, state):
        self.__init__(**state)

    def attach(self, index: Index) -> None:
        self._index, self._memo, self._len = index, {}, None

    @property
    def index(self) -> Index:
        if self._index is None:
            raise LookupError(f"the registry table {self.name} has no index file (read it through load_compiled)")
        return self._index

    def _fallback(self, why: str):
        return self.field(self.index.damaged(why))

    def _read(self, key):
        if self.index.fallback is not None:
            return self.field(self.index.fallback)[key]
        hit = self._memo.get(key, _MISSING)
        if hit is not _MISSING:
            if hit is _ABSENT:
                raise KeyError(key)
            return hit
        try:
            value = self.index.get(self.name, repr(key))
        except KeyError:
            self._memo[key] = _ABSENT
            raise
        except Damaged as e:
            table = self._fallback(str(e))
            return table[key]
        self._memo[key] = value
        return value

    def __getitem__(self, key):
        if self.seq:
            if isinstance(key, slice):
                return [self[i] for i in range(*key.indices(len(self)))]
            if key < 0:
                key += len(self)
            if not 0 <= key < len(self):
                raise IndexError(key)
        elif not isinstance(key, self.key_type):
            raise KeyError(key)
        return self._read(key)

    def __len__(self) -> int:
        if self.index.fallback is not None:
            return len(self.field(self.index.fallback))
        if self._len is None:
            try:
                self._len = self.index.get("", f"len:{self.name}")
            except (KeyError, Damaged) as e:
                return len(self._fallback(str(e)))
        return self._len

    def __iter__(self):
        if self.seq:
            return (self[i] for i in range(len(self)))
        if self.index.fallback is not None:
            return iter(self.field(self.index.fallback))
        try:
            keys = [self.key_type(k) if self.key_type is int else _unrepr(k) for k in self.index.keys(self.name)]
        except Damaged as e:
            return iter(self._fallback(str(e)))
        return iter(keys)

    def __contains__(self, key) -> bool:
        if self.seq:
            return any(x == key for x in self)
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __eq__(self, other) -> bool:
        if self.seq:
            return isinstance(other, (list, tuple, Sequence)) and list(self) == list(other)
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<registry table {self.name}>"


_ABSENT = object()


def _nothing(registry) -> dict:
    return {}


def _unrepr(text: str) -> str:
    import ast

    return ast.literal_eval(text)

