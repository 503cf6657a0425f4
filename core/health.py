"""The health check's parts: the database, the broker, and what the apps add (probes).

``/healthz/`` answers 200 when the database answers and 503 when it does not. Apps add their own
state without ``core`` importing them: ``register_probe("summary", fn)`` in their
``AppConfig.ready()``; ``fn(now)`` returns a JSON-able dict and must not raise.
"""

import datetime
import logging
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

Probe = Callable[[datetime.datetime], dict]
_probes: dict[str, tuple[Probe, dict]] = {}


def register_probe(name: str, probe: Probe, *, when_database_down: dict) -> None:
    """Add ``name`` to the health answer; ``when_database_down`` is shown instead when the database is down."""
    _probes[name] = (probe, when_database_down)


def database_state() -> dict:
    """``SELECT 1`` on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - the health check reports, never raises
        logger.exception("health check: database unreachable")
        return {"status": "error", "detail": exc.__class__.__name__}


def broker_state() -> dict:
    """Ping the Celery broker quickly; 'eager' when no broker is configured.

    The URL is read from the settings at call time (not from the Celery app's cached
    configuration), so the answer always matches what the process is configured with.
    """
    url = settings.CELERY_BROKER_URL
    if not url:
        return {"status": "eager", "detail": "CELERY_BROKER_URL not set: tasks run in-process"}
    try:
        with current_app.connection_for_write(url=url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return {"status": "ok"}
    except Exception as exc:  # noqa: BLE001 - any broker failure is reported, not raised
        return {"status": "error", "detail": exc.__class__.__name__}


def health(now: datetime.datetime) -> tuple[bool, dict]:
    """(database ok?, the whole answer)."""
    database = database_state()
    ok = database["status"] == "ok"
    answer: dict = {"status": "ok" if ok else "error", "database": database, "broker": broker_state()}
    for name, (probe, when_down) in _probes.items():
        answer[name] = probe(now) if ok else dict(when_down)
    answer["time"] = now.isoformat()
    return ok, answer
