"""`qcdc-check serve`: the HTTP service and the web page, run by uvicorn on this machine."""
from __future__ import annotations

import sys

import click

from ..core.i18n import N_, tr
from ..readers import DEFAULT_MAX_BYTES
from .language import current_lang

# the install command of README ("The web page and the HTTP service"), run in the project's folder
NO_SERVER = N_("qcdc-check: error: the service needs FastAPI, uvicorn and python-multipart; in the qcdc-rules "
               "folder, run: pip install '.[server]'")


@click.command("serve", help=N_('Run the checking service: the web page at /, the API at /api/v1 (OpenAPI: '
                                '/api/v1/openapi.json).'))
@click.option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on (loopback by default)."))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help=N_("Checks run at once; each runs in a process of its own, forked from the process that loaded the "
                      "engine (once)."))
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(min=1),
              help=N_("Largest request body accepted (413 beyond)."))
@click.option("--time-limit", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help=N_("Seconds a check may take, waiting included (503 beyond; the check's process is stopped); also "
                      "the longest an upload may take (408 beyond)."))
@click.option("--max-checks", default=8, show_default=True, type=click.IntRange(min=1),
              help=N_("Requests admitted at once per worker (uploading, waiting or being checked); more get 503 with "
                      "Retry-After, before their body is read."))
@click.option("--token", envvar="QCDC_TOKEN",
              help=N_("Require 'Authorization: Bearer TOKEN' on /api/ (or set QCDC_TOKEN)."))
@click.option("--cors-origin", "cors", multiple=True,
              help=N_("Allow cross-origin calls from this origin (CORS is off by default)."))
@click.option("--proxy-headers/--no-proxy-headers", default=False, show_default=True,
              help=N_("Trust X-Forwarded-* from --forwarded-allow-ips (behind a reverse proxy)."))
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True)
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve_cmd(host, port, workers, max_bytes, time_limit, max_checks, token, cors, proxy_headers,
              forwarded_allow_ips, log_level) -> None:
    """Run the checking service: the web page at /, the API at /api/v1 (OpenAPI: /api/v1/openapi.json)."""
    try:
        import uvicorn  # noqa: F401

        from ..server.settings import Settings
        from ..server.workers import serve
    except ImportError:
        click.echo(tr(current_lang(), NO_SERVER), err=True)
        sys.exit(2)
    settings = Settings(max_bytes=max_bytes, time_limit=time_limit, max_checks=max_checks, token=token,
                        cors_origins=tuple(cors), workers=workers)
    try:
        serve(host, port, workers, settings, proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips,
              log_level=log_level, server_header=False)
    except OSError as e:
        click.echo(f"qcdc-check: lỗi: không mở được {host}:{port} ({e.strerror or e}) / cannot listen on {host}:{port}",
                   err=True)
        sys.exit(2)
