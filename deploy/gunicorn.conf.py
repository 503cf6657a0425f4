"""Gunicorn settings for the portal (``gunicorn -c deploy/gunicorn.conf.py config.wsgi``).

Every value can be overridden by the environment (``/etc/phongchongdich.env``). The access log is
one JSON object per line on stdout (journald keeps it), with the request id the app sends back in
``X-Request-ID``, so an access line and the application's log lines join on ``request_id``.
"""

import datetime
import json
import multiprocessing
import os

from gunicorn.glogging import Logger

# Where nginx sends requests (deploy/nginx.conf). A unix socket works too: unix:/run/phongchongdich/web.sock
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: 2 × cores + 1 (the usual rule for a database-bound Django app).
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A request taking longer than this is killed (exports of a large city stay well below it).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Recycle workers now and then so a slow leak never grows (jitter: not all at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))
# Load the app once in the master, then fork (less memory, faster restarts of workers).
preload_app = True
# Only nginx on this host may set X-Forwarded-Proto / X-Forwarded-For for gunicorn.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn's control socket is not used: systemd restarts and reloads (HUP) the server.
control_socket_disable = True

accesslog = "-"  # stdout
errorlog = "-"  # stderr
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


class JsonAccessLogger(Logger):
    """Gunicorn's logger with the access log written as JSON (values escaped properly)."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "request_id": atoms.get("{x-request-id}o", ""),
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "remote_addr": atoms["h"],
            "forwarded_for": atoms.get("{x-forwarded-for}i", ""),
            "user_agent": atoms["a"],
            "referer": atoms["f"],
        }
        try:
            self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - never let logging break a response
            self.exception("access log failed")


logger_class = JsonAccessLogger


def worker_abort(worker):
    """A worker killed for taking longer than ``timeout``: log each request it was serving.

    Gunicorn writes no access line for a request it kills, so without this the timeout would be
    a "WORKER TIMEOUT" line that says neither which page nor which request id. This writes an
    access-style JSON line per request in flight (path, method, request id, seconds).
    """
    try:
        from core.middleware import requests_in_flight  # noqa: PLC0415 - the app is loaded by now (preload_app)
    except ImportError:  # the app never loaded: nothing to name
        return
    for request in requests_in_flight():
        entry = {
            "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "level": "ERROR",
            "logger": "gunicorn.access",
            "message": "request timed out: worker killed",
            "request_id": request["request_id"],
            "method": request["method"],
            "path": request["path"],
            "status": None,
            "duration_ms": int(request["seconds"] * 1000),
            "timeout_seconds": timeout,
        }
        worker.log.access_log.error(json.dumps(entry, ensure_ascii=False))
