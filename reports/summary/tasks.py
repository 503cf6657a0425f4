"""Celery tasks of the district summary. Each takes ids and an ISO date and calls a service.

Compiles are upserts, so every task is safe to run twice; ``acks_late`` redelivers a task whose
worker died, and database hiccups are retried with exponential backoff.
"""

import datetime
import math

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from reports.summary import brief, services
from reports.summary.models import SummaryRecompile

COMPILE_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
    # Far below the broker's visibility timeout (3,600 s), so a slow compile is never delivered twice at once.
    "soft_time_limit": 240,
    "time_limit": 300,
}


@shared_task(**COMPILE_OPTIONS)
def compile_summary(district_id: int, kind: str, period_start_iso: str) -> dict:
    """Compile one summary now (beat, the "compile now" button)."""
    summary = services.summary_compile(
        district_id=district_id, kind=kind, period_start=datetime.date.fromisoformat(period_start_iso)
    )
    return {"summary_id": summary.pk, "compiled_at": summary.compiled_at.isoformat()}


@shared_task(bind=True, **COMPILE_OPTIONS)
def compile_requested(self, district_id: int, kind: str, period_start_iso: str) -> dict:
    """Compile a summary whose reports changed, once the burst of changes is over (debounce).

    Sent after the first change of a burst with a countdown; while changes keep arriving it
    puts itself back until ``RECOMPILE_DELAY`` has passed since the last one (at most
    ``RECOMPILE_MAX_WAIT`` after the first). Nothing pending (already compiled) → nothing to do.
    """
    start = datetime.date.fromisoformat(period_start_iso)
    row = (
        SummaryRecompile.objects.filter(district_id=district_id, kind=kind, period_start=start)
        .values("requested_at", "created_at")
        .first()
    )
    if row is None:
        return {"state": "nothing pending"}
    now = timezone.now()
    wait = (row["requested_at"] + services.RECOMPILE_DELAY - now).total_seconds()
    if wait > 0 and now < row["created_at"] + services.RECOMPILE_MAX_WAIT and not self.request.is_eager:
        self.apply_async(args=[district_id, kind, period_start_iso], countdown=math.ceil(wait))
        return {"state": "deferred", "seconds": math.ceil(wait)}
    summary = services.summary_compile(district_id=district_id, kind=kind, period_start=start)
    return {"state": "compiled", "summary_id": summary.pk, "compiled_at": summary.compiled_at.isoformat()}


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def recompile_pending() -> dict:
    """Beat sweep: compile the recompile requests that no task handled (broker down, worker lost)."""
    return services.recompile_pending()


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def compile_due() -> dict:
    """Beat: compile each kind's summary at its deadline, the daily one again at 20:00."""
    return services.compile_due()


# Sending a copy: any error (the mail server too) is retried with backoff; the sweep catches the rest.
SEND_OPTIONS = {**COMPILE_OPTIONS, "autoretry_for": (Exception,), "retry_backoff": 30}


@shared_task(**SEND_OPTIONS)
def send_morning_brief(delivery_id: int) -> bool:
    """Send one claimed copy of the morning brief (e-mail with the PDF, in-app notice), once."""
    return brief.brief_send(delivery_id=delivery_id)


@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def morning_brief() -> dict:
    """Beat, every 5 minutes: the brief at the administrators' time, the sweep of unsent copies,
    and the low-stock notices (once per store, item and day)."""
    now = timezone.now()
    result: dict = brief.brief_due(now=now)
    result.update(brief.brief_sweep(now=now))
    result["low_stock_notices"] = brief.low_stock_notify(now=now)
    return result
