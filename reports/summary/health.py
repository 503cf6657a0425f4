"""The summary's part of ``/healthz/``: when the last district summary was compiled."""

import datetime
import logging

from django.db.models import Max

from reports.summary.models import DistrictSummary

logger = logging.getLogger(__name__)

WHEN_DATABASE_DOWN = {"last_compiled_at": None, "age_seconds": None}


def summary_state(now: datetime.datetime) -> dict:
    """When the last district summary was compiled and how long ago (one aggregate query).

    None/None when no summary exists yet or the query fails (the database state says why); a
    growing age while reports keep coming in means beat or the worker is not running.
    """
    try:
        last = DistrictSummary.objects.aggregate(last=Max("compiled_at"))["last"]
    except Exception:  # noqa: BLE001 - the health check reports, never raises
        logger.exception("health check: last summary unreadable")
        last = None
    if last is None:
        return dict(WHEN_DATABASE_DOWN)
    return {"last_compiled_at": last.isoformat(), "age_seconds": max(0, int((now - last).total_seconds()))}
