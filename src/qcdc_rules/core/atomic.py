"""Every file the tool writes (a report, a baseline, an annotated copy, a fixed file and its backup, the
compiled cache) is written whole or not at all: to a temporary file in the target's folder, flushed and
fsynced, renamed over the target, then the folder fsynced. A failed write (disk full, read-only disk, no
permission, an I/O error, a folder in the way) raises WriteError, which names the file and the problem;
the temporary file is removed and the previous file is left as it was.

Temporary files are named `.qcdc-tmp-<pid>-<random>-<target name>`: a run killed before its rename leaves one
behind, and a later run writing beside it removes those whose process is gone (`remove_stale`).

Test hook: QCDC_TEST_PAUSE_AT=<label>:<point> (e.g. `backup:partial`, `file:synced`) makes the write of that
label print `qcdc-test-pause <label>:<point>` on stderr and sleep at that point, so that a test can kill the
process there. Points: `partial` (half the data in the temporary file), `synced` (temporary file complete and
fsynced, before the rename), `renamed` (after the rename, before the folder's fsync). Labels: `backup`,
`file` (--fix), `annotate`, `report`, `baseline`, `cache`.
"""
from __future__ import annotations

import errno as E
import io
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Callable, Optional

TMP_PREFIX = ".qcdc-tmp-"
STDOUT = "<stdout>"

# why a write failed, in the words of an officer (the errno's own text otherwise)
REASONS = {
    E.ENOSPC: ("ổ đĩa đã đầy", "no space left on the disk"),
    E.EDQUOT: ("đã hết hạn mức dung lượng trên ổ đĩa", "disk quota exceeded"),
    E.EROFS: ("ổ đĩa chỉ cho đọc", "the disk is read-only"),
    E.EACCES: ("không có quyền ghi", "permission denied"),
    E.EPERM: ("không có quyền ghi", "permission denied"),
    E.EISDIR: ("đã có một thư mục trùng tên", "a folder is in the way"),
    E.ENOTDIR: ("một phần của đường dẫn không phải là thư mục", "a part of the path is not a folder"),
    E.ENOENT: ("thư mục không tồn tại", "the folder does not exist"),
    E.EIO: ("lỗi đọc ghi của ổ đĩa", "input/output error on the disk"),
    E.EFBIG: ("tệp quá lớn", "file too large"),
    E.ENAMETOOLONG: ("tên tệp quá dài", "file name too long"),
}
# error codes (the JSON of an error line)
CODES = {E.ENOSPC: "disk-full", E.EDQUOT: "disk-full", E.EROFS: "read-only", E.EACCES: "permission",
         E.EPERM: "permission", E.EISDIR: "is-directory", E.ENOTDIR: "not-a-directory", E.ENOENT: "no-folder",
         E.EIO: "io-error"}


class WriteError(Exception):
    """A file (or standard output) that could not be written: `path` and the OSError's errno."""

    def __init__(self, path, error: OSError | None = None, errno: int | None = None, temporary: bool = False):
        self.path, self.temporary = str(path), temporary  # temporary: a temporary file in the folder `path`
        self.errno = errno if errno is not None else getattr(error, "errno", None)
        self.strerror = getattr(error, "strerror", None) or (os.strerror(self.errno) if self.errno else "error")
        super().__init__(f"{self.path}: {self.reason('en')}")

    @property
    def code(self) -> str:
        return CODES.get(self.errno, "write-error") if self.errno is not None else "write-error"

    def reason(self, lang: str) -> str:
        vi_en = REASONS.get(self.errno) if self.errno is not None else None
        return (vi_en[1] if lang == "en" else vi_en[0]) if vi_en else self.strerror

    def line(self, lang: str) -> str:
        """`qcdc-check: lỗi: FILE: không ghi được (ổ đĩa đã đầy)`: the one line the CLI prints."""
        if self.path == STDOUT:
            what = "standard output" if lang == "en" else "đầu ra chuẩn"
            return (f"qcdc-check: error: cannot write to {what} ({self.reason('en')})" if lang == "en"
                    else f"qcdc-check: lỗi: không ghi được ra {what} ({self.reason('vi')})")
        if lang == "en":
            what = "cannot write a temporary file" if self.temporary else "cannot write"
            return f"qcdc-check: error: {self.path}: {what} ({self.reason('en')})"
        what = "không ghi được tệp tạm" if self.temporary else "không ghi được"
        return f"qcdc-check: lỗi: {self.path}: {what} ({self.reason('vi')})"

    def json_line(self, lang: str) -> str:
        """The same as one line of JSON, for a run whose output is JSON."""
        import json

        message = self.line(lang).split(": ", 2)[2]  # without "qcdc-check: lỗi: "
        return json.dumps({"error": {"code": self.code, "path": self.path, "message": message}}, ensure_ascii=False)


def pause(label: str, point: str) -> None:
    """The test hook (see the module's docstring): nothing unless QCDC_TEST_PAUSE_AT names this point."""
    if os.environ.get("QCDC_TEST_PAUSE_AT") == f"{label}:{point}":
        sys.stderr.write(f"qcdc-test-pause {label}:{point}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("QCDC_TEST_PAUSE_SECONDS", "60")))


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (not every file system lets a folder be opened or synced)."""
    try:
        fd = os.open(str(folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (E.EINVAL, E.ENOTSUP, E.EBADF):
            raise
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_stale(folder: Path, name: Optional[str] = None) -> int:
    """Remove the temporary files a killed run left in `folder` (for target `name`, or any), those whose
    process is gone; how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TMP_PREFIX):
            continue
        pid, _, rest = entry.name[len(TMP_PREFIX):].partition("-")
        target = rest.partition("-")[2]
        if not pid.isdigit() or (name is not None and target != name) or _alive(int(pid)):
            continue
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def temp_name(target: Path) -> Path:
    return target.with_name(f"{TMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{target.name}"[:255])


def _open_temp(target: Path) -> tuple[int, Path]:
    for _ in range(100):
        tmp = temp_name(target)
        try:
            return os.open(str(tmp), os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(E.EEXIST, "cannot create a temporary file", str(target))


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise IsADirectoryError(E.EISDIR, os.strerror(E.EISDIR), str(target))


def write_bytes(path, data: bytes, label: str = "file", mode_from: Optional[Path] = None,
                exclusive: bool = False) -> Path:
    """Write `data` to `path` whole or not at all (see the module's docstring). `mode_from`: copy that file's
    permissions and times (a backup); `exclusive`: never replace an existing file (FileExistsError).
    WriteError when it cannot be written; nothing is left then and `path` is as it was."""
    target = Path(path)
    tmp = None
    try:
        _check_target(target)
        remove_stale(target.parent, target.name)
        fd, tmp = _open_temp(target)
        with os.fdopen(fd, "wb") as fh:
            half = len(data) // 2
            fh.write(data[:half])
            if os.environ.get("QCDC_TEST_PAUSE_AT"):
                fh.flush()
                pause(label, "partial")
            fh.write(data[half:])
            fh.flush()
            os.fsync(fh.fileno())
        _finish(tmp, target, label, mode_from, exclusive)
        tmp = None
    except FileExistsError:
        raise
    except OSError as e:
        raise WriteError(target, e) from None
    finally:
        if tmp is not None:
            _discard(tmp)
    return target


def _finish(tmp: Path, target: Path, label: str, mode_from: Optional[Path], exclusive: bool) -> None:
    import shutil

    if mode_from is not None:
        shutil.copystat(mode_from, tmp)
    elif target.exists():
        shutil.copymode(target, tmp)
    else:  # a new file gets the permissions the umask gives
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    pause(label, "synced")
    if exclusive:
        try:
            os.link(tmp, target)  # fails if `target` exists: never replaced
            os.unlink(tmp)
        except FileExistsError:
            raise
        except OSError as e:
            if e.errno not in (E.EPERM, E.ENOTSUP, E.EXDEV, E.EMLINK, E.ENOSYS):
                raise
            if target.exists():  # no hard links on this file system
                raise FileExistsError(E.EEXIST, os.strerror(E.EEXIST), str(target)) from None
            os.replace(tmp, target)
    else:
        os.replace(tmp, target)
    pause(label, "renamed")
    fsync_dir(target.parent)


def _discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


class AtomicText:
    """A text file written through a temporary file: `commit()` makes it the target, `discard()` (or an
    error) leaves the target as it was. Writes that fail raise WriteError naming the target."""

    def __init__(self, path, encoding: str = "utf-8", label: str = "report"):
        self.target, self.label = Path(path), label
        try:
            _check_target(self.target)
            remove_stale(self.target.parent, self.target.name)
            fd, self.tmp = _open_temp(self.target)
        except OSError as e:
            raise WriteError(self.target, e) from None
        self.fh = io.open(fd, "w", encoding=encoding, newline=None)
        self.encoding = encoding

    def write(self, s: str) -> int:
        try:
            n = self.fh.write(s)
        except OSError as e:
            self.discard()
            raise WriteError(self.target, e) from None
        return n

    def flush(self) -> None:
        if not self.fh.closed:
            try:
                self.fh.flush()
            except OSError as e:
                self.discard()
                raise WriteError(self.target, e) from None

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return self.fh.closed

    def close(self) -> None:  # the reporters close nothing; closing without commit() discards
        if hasattr(self, "fh") and not self.fh.closed:
            self.discard()

    def __del__(self):
        self.close()

    def commit(self) -> None:
        if self.fh.closed:
            raise WriteError(self.target, errno=E.EIO)
        try:
            if os.environ.get("QCDC_TEST_PAUSE_AT"):
                self.fh.flush()
                pause(self.label, "partial")
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            _finish(self.tmp, self.target, self.label, None, False)
        except OSError as e:
            self.discard()
            raise WriteError(self.target, e) from None

    def discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        _discard(self.tmp)


class GuardedStream:
    """Standard output whose write errors (a full disk, /dev/full) are a WriteError; a closed pipe
    (EPIPE, as `| head` does) is not an error and the rest of the output is dropped."""

    def __init__(self, stream, name: str = STDOUT):
        self.stream, self.name, self.broken = stream, name, False

    def _do(self, call: Callable, *args):
        if self.broken:
            return 0
        try:
            return call(*args)
        except BrokenPipeError:
            self.broken = True
            return 0
        except OSError as e:
            raise WriteError(self.name, e) from None

    def write(self, s: str) -> int:
        if s == "":  # nothing to write (click probes a stream with an empty write, which /dev/full refuses)
            return 0
        return self._do(self.stream.write, s)

    def flush(self) -> None:
        self._do(self.stream.flush)

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.stream.isatty()

    def __getattr__(self, name):
        return getattr(self.stream, name)
