"""The engine process: loads the engine once, then forks one child per check (`python -m
qcdc_rules.server.engine_process FD PARENT`).

Why a process per check: a check is CPU-bound Python that cannot be interrupted from another thread, and
what it allocates stays in the allocator of the process that ran it. A forked child starts at once from the
loaded, warmed engine (copy-on-write), is killed when it passes the time limit, and gives every byte back
to the system when it ends; the engine process itself never runs a check, so it never grows.

Protocol on the socket FD (multiprocessing Connection, pickled tuples), HTTP process -> here:
    ("run", job, spec)   spec: see `run_job`; ("kill", job); ("stop",)
here -> HTTP process:
    ("ready", info)  ("started", job, pid)  ("done", job, code)   code: exit status, or -signal
The child writes its answer to files (spec["out"] and spec["out"] + ".meta"), never to the socket, so that
only this process writes there. Every process here dies with its parent (PR_SET_PDEATHSIG, and a check of
the parent's pid after setting it)."""
from __future__ import annotations

import ctypes
import gc
import json
import os
import select
import signal
import sys
from multiprocessing.connection import Connection

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Be killed when the parent ends (Linux); elsewhere, the engine process polls its parent instead."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


# ------------------------------------------------------------------------------------------- in the child
def _write(out: str, meta: dict, body: bytes = b"") -> None:
    with open(out, "wb") as f:
        f.write(body)
    with open(out + ".meta", "w", encoding="utf-8") as f:
        json.dump(meta, f)


def _problem_meta(p) -> dict:
    return {"problem": {"code": p.code, "status": p.status, "vi": p.vi, "en": p.en, "headers": p.headers,
                        "extra": p.extra}}


def _one(engine, spec: dict, docs, params):
    """One document: its report (a dict), or the annotated or fixed file written as the answer (None)."""
    from .service import annotate_upload, check_upload, report_body

    upload = docs.uploads[0]
    out = spec["out"]
    if spec["kind"] == "annotate":
        docx, count, name = annotate_upload(engine, upload.data, upload.name, params)
        _write(out, {"status": 200, "comments": count, "name": name}, docx)
        return None
    if spec["kind"] == "fix":
        from .fixing import fix_upload

        fixed = fix_upload(engine, upload.data, upload.name, params)
        _write(out, {"status": 200, "media": fixed.media, "name": fixed.name, "applied": fixed.applied,
                     "left": fixed.left}, fixed.data)
        return None
    fr, doc = check_upload(engine, upload.data, upload.name, params)
    upload.data = None
    return report_body(engine, fr, doc, params)


def run_job(engine, spec: dict) -> None:
    """One job, in the forked child: spec["kind"] is check, annotate, fix or registry; the answer goes to files."""
    from .problems import Problem
    from .service import batch_body, parse_as_of, parse_params, registry_body

    out = spec["out"]
    try:
        if spec["kind"] == "registry":
            body = registry_body(engine, spec["symbol"], parse_as_of(spec.get("as_of")))
            _write(out, {"status": 200, "media": "application/json"}, json.dumps(body, ensure_ascii=False).encode())
            return
        if spec["kind"] == "pages":  # one page's image of a scan (pages.py)
            from .pages import page_image

            _write(out, *page_image(spec))
            return
        from .pages import add_boxes, digests
        from .progress import install
        from .uploads import read_documents

        install(spec)  # pages read by OCR told to the state file GET /api/v1/progress/{token} reads

        docs = read_documents(spec, multipart_only=spec["kind"] in ("annotate", "fix"))
        params = parse_params(docs.values, spec["max_bytes"], spec["kind"])
        if docs.batch and spec["kind"] != "check":
            raise Problem("too-many-files", limit=1, extra={"limit": {"name": "files", "value": 1}})
        scans = digests(docs.uploads)  # before the check drops the bytes: its pages read by OCR are found by them
        if docs.batch:
            body = batch_body(engine, docs.uploads, params)
        else:
            body = _one(engine, spec, docs, params)
            if not isinstance(body, dict):
                return
        if params.fmt == "json":
            add_boxes(body, scans)  # each finding's boxes on its scanned page (the web page draws them)
        media = "application/sarif+json" if params.fmt == "sarif" else "application/json"
        _write(out, {"status": 200, "media": media},
               json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    except Problem as p:
        _write(out, _problem_meta(p))
    except RecursionError:
        _write(out, _problem_meta(Problem("bad-request", what="nesting too deep")))
    except MemoryError:
        _write(out, _problem_meta(Problem("internal-error")))
    except Exception as e:  # one line, the type and where: never the document's content
        tb = e.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
        print(f"qcdc-check serve: [{spec.get('request_id', '-')}] internal error in a check: {type(e).__name__} at "
              f"{where}", file=sys.stderr, flush=True)
        _write(out, _problem_meta(Problem("internal-error")))


# --------------------------------------------------------------------------------- the engine process
def main(fd: int, parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the HTTP process stops us
    conn = Connection(fd)
    from ..core.resources import sample_plan
    from ..pipeline import default_engine

    engine = default_engine()
    engine.check_file(sample_plan())  # warm: the first request is as fast as the others
    # the registry is read here once, so that children do not each pay for it
    info = {"executor": engine.executor, "instruments": len(engine.registry.instruments), "pid": os.getpid()}
    gc.collect()
    gc.freeze()  # the loaded engine is never collected: children do not copy its pages by touching them
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    conn.send(("ready", info))
    me = os.getpid()
    jobs: dict[int, str] = {}  # pid -> job
    pids: dict[str, int] = {}  # job -> pid
    while True:
        try:
            ready, _, _ = select.select([conn, wake_r], [], [], 1.0)
        except InterruptedError:
            continue
        if os.getppid() != parent:
            break
        if wake_r in ready:
            try:
                os.read(wake_r, 4096)
            except BlockingIOError:
                pass
        while jobs:  # reap every child that ended
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            job = jobs.pop(pid, None)
            if job is not None:
                pids.pop(job, None)
                code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                conn.send(("done", job, code))
        if conn not in ready:
            continue
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            break
        if msg[0] == "stop":
            break
        if msg[0] == "kill":
            pid = pids.get(msg[1])
            if pid is not None:  # not yet reaped: the pid cannot belong to another process
                os.kill(pid, signal.SIGKILL)
            continue
        if msg[0] == "run":
            job, spec = msg[1], msg[2]
            pid = os.fork()
            if pid == 0:
                _child(conn, wake_r, wake_w, engine, spec, me)
            jobs[pid], pids[job] = job, pid
            conn.send(("started", job, pid))
    for pid in list(jobs):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _child(conn, wake_r, wake_w, engine, spec, zygote: int) -> None:
    code = 0
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for fd in (conn.fileno(), wake_r, wake_w):
            os.close(fd)
        die_with_parent(zygote)
        run_job(engine, spec)
    except BaseException:  # noqa: BLE001 - the child never returns into the engine process's loop
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
