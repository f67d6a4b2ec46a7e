"""Layer 12, server: the HTTP service and the web page, on the same engine as the CLI (`qcdc-check serve`).
service.py is what it does (no web framework there), app.py the routes, gate.py how many checks run at once,
limits.py the request size limit, problems.py the errors (RFC 9457), settings.py what a worker is told."""
