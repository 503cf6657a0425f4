"""Writes of the district summary: compile (an upsert), recompile requests (an outbox) and the sweeps.

``summary_compile`` is the one place a summary is written: Celery tasks, the "compile now"
button, the beat sweeps and the demo call it. ``summary_report_changed`` is what the reports
workflow calls when a report of a compiled period changes.
"""

import datetime
import logging
from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.selectors import inspection_totals
from reports.choices import PERIODIC_KINDS, ReportKind, ReportStatus
from reports.models import Report
from reports.periods import deadline_of, period_bounds
from reports.selectors import deadline_rules
from reports.summary import cache as dashboard_cache
from reports.summary import dashboard, selectors
from reports.summary.levels import levels_compile
from reports.summary.models import DistrictSummary, DistrictSummaryWard, SummaryRecompile
from reports.summary.selectors import ward_figures
from supplies.selectors import supplies_distributed
from wards.models import District, expected_to_report_q

logger = logging.getLogger(__name__)

# A recompile waits this long after the last change, so a burst of edits compiles once...
RECOMPILE_DELAY = datetime.timedelta(seconds=30)
# ...but never longer than this after the first change, however long the burst lasts.
RECOMPILE_MAX_WAIT = datetime.timedelta(minutes=5)
# A pending request older than this has outlived the task sent for it (which defers itself at
# most RECOMPILE_MAX_WAIT): a new change sends the task again.
STALE_REQUEST = RECOMPILE_MAX_WAIT + RECOMPILE_DELAY
# The daily summary is compiled at the daily deadline and again at this local time.
EVENING_RECOMPILE = datetime.time(20, 0)
# How far back the beat looks for a compile that did not happen (a worker or beat was down).
CATCH_UP = datetime.timedelta(days=1)


def _check_kind(kind: str) -> None:
    if kind not in [k.value for k in PERIODIC_KINDS]:
        raise ValidationError({"kind": _("Summaries are daily, weekly or monthly.")})


def _other_app_figures[T](section: str, read: Callable[..., T], **kwargs: Any) -> T | None:
    """``read(**kwargs)``: another app's selector (the summary's ``section``), whose query must not
    stop the summary from compiling.

    It runs in a savepoint, so a database error (a missing table, a timeout) rolls back only its
    own query and the compile's transaction goes on; the error is logged and the section left
    empty (None). Any other exception is a bug in the call (a renamed argument, a wrong type)
    and propagates, so the tests see it.
    """
    try:
        with transaction.atomic():
            return read(**kwargs)
    except DatabaseError:
        logger.exception("summary: the %s figures failed; the summary is compiled without them", section)
        return None


def _json_safe(value: Any) -> Any:
    """Decimals → numbers, dates → ISO strings, recursively (for the JSON fields)."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    try:
        return selectors.as_number(value)
    except (ArithmeticError, ValueError, TypeError):
        return str(value)


def summary_compile(*, district_id: int, kind: str, period_start: datetime.date) -> DistrictSummary:
    """Compile the summary of ``district_id`` for the period of ``kind`` containing ``period_start``.

    An upsert keyed by (district, kind, period): running it twice leaves one row with the same
    figures. The pending recompile request seen at the start (locked, so a concurrent change
    waits or leaves a new request) is removed when the compile commits.
    """
    _check_kind(kind)
    start, end = period_bounds(kind, period_start)
    if not District.objects.filter(pk=district_id).exists():
        raise ValidationError({"district": _("Unknown district.")})
    with transaction.atomic():
        pending = (
            SummaryRecompile.objects.select_for_update()
            .filter(district_id=district_id, kind=kind, period_start=start)
            .values_list("pk", flat=True)
            .first()
        )
        figures = ward_figures(district_id=district_id, kind=kind, start=start, end=end)
        lines = figures["lines"]
        others = {"district": district_id, "start": start, "end": end}
        inspections = _other_app_figures("inspections", inspection_totals, **others)
        supplies = _other_app_figures("supplies", supplies_distributed, **others)
        figures_of_period = {
            "period_end": end,
            "totals": figures["totals"],
            "expected": figures["expected"],
            "submitted": figures["submitted"],
            "on_time": figures["on_time"],
            "late": figures["late"],
            "missing_wards": [{"id": r["ward_id"], "name": r["name"]} for r in lines if r["status"] == "missing"],
            "late_wards": [
                {"id": r["ward_id"], "name": r["name"], "submitted_at": _json_safe(r["submitted_at"])}
                for r in lines
                if r["status"] == "late"
            ],
            "urgent": selectors.urgent_in_period(district_id=district_id, start=start, end=end),
            "inspections": _json_safe(inspections) if inspections is not None else {},
            "supplies": _json_safe(supplies) if supplies is not None else [],
            "compiled_at": timezone.now(),
        }
        # One INSERT … ON CONFLICT DO UPDATE keyed by (district, kind, period): an upsert in one statement.
        summary = DistrictSummary(district_id=district_id, kind=kind, period_start=start, **figures_of_period)
        DistrictSummary.objects.bulk_create(
            [summary],
            update_conflicts=True,
            unique_fields=["district", "kind", "period_start"],
            update_fields=list(figures_of_period),
        )
        if summary.pk is None:  # a database that cannot return the row's id from an upsert
            summary = DistrictSummary.objects.get(district_id=district_id, kind=kind, period_start=start)
        DistrictSummaryWard.objects.bulk_create(
            [
                DistrictSummaryWard(
                    summary=summary,
                    ward_id=r["ward_id"],
                    kind=kind,
                    period_start=start,
                    status=r["status"],
                    report_id=r["report_id"],
                    submitted_at=r["submitted_at"],
                    values=r["values"],
                )
                for r in lines
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["summary", "ward"],
            update_fields=["kind", "period_start", "status", "report", "submitted_at", "values"],
        )
        # Wards no longer expected in the period (their active dates changed) leave the summary.
        DistrictSummaryWard.objects.filter(summary=summary).exclude(
            expected_to_report_q(start, end, prefix="ward__")
        ).delete()
        if kind == ReportKind.DAILY:
            levels_compile(district_id=district_id, day=start)  # epidemic levels per ward (levels.py)
        if pending is not None:
            SummaryRecompile.objects.filter(pk=pending).delete()
        dashboard_cache.bump_generation(live=False)  # after the commit: the dashboard shows the new figures
        # Then the default view is rendered ahead: the committee's first load after it is a cache hit.
        transaction.on_commit(lambda: dashboard.warm(district_id=district_id, kind=kind, period_start=start))
    return summary


def summary_request_recompile(*, district_id: int, kind: str, period_start: datetime.date) -> SummaryRecompile:
    """Ask for the summary to be recompiled; call it inside the transaction that changed a report.

    Writes (or moves forward) the outbox row in the caller's transaction, and after the commit
    sends the debounced compile task. The first request of a burst sends the task; later ones
    only move ``requested_at``, and the task waits until the burst is over. If the broker is
    unreachable the send is logged and the row stays: the beat sweep compiles it.
    """
    _check_kind(kind)
    start = period_bounds(kind, period_start)[0]
    now = timezone.now()
    row, created = SummaryRecompile.objects.get_or_create(
        district_id=district_id, kind=kind, period_start=start, defaults={"created_at": now, "requested_at": now}
    )
    if not created:
        if now - row.created_at <= STALE_REQUEST:
            SummaryRecompile.objects.filter(pk=row.pk).update(requested_at=now)
            row.requested_at = now
            return row
        # The task sent for this request should have compiled it long ago: it failed or was lost
        # (a compile that hit a locked database, a worker that died). Start a new burst and send
        # another task rather than leave the summary frozen until the sweep (an upsert: harmless).
        SummaryRecompile.objects.filter(pk=row.pk).update(requested_at=now, created_at=now)
        row.requested_at = row.created_at = now
    transaction.on_commit(lambda: _send_recompile(district_id, kind, start))
    return row


def _send_recompile(district_id: int, kind: str, start: datetime.date) -> None:
    """Send the debounced compile task; a broker error is logged, never raised (the outbox keeps it)."""
    from reports.summary.tasks import compile_requested  # noqa: PLC0415 - cycle: reports.summary.tasks imports this module

    try:
        compile_requested.apply_async(
            args=[district_id, kind, start.isoformat()], countdown=int(RECOMPILE_DELAY.total_seconds()), retry=False
        )
    except Exception:
        logger.warning(
            "summary: could not queue the recompile of %s/%s/%s; the beat sweep will compile it",
            district_id, kind, start, exc_info=True,
        )  # fmt: skip


def summary_report_changed(*, report: Report) -> None:
    """The reports workflow's one call: a report was submitted, edited after submission, approved or acknowledged.

    A daily/weekly/monthly report asks for its own period's summary; a sent urgent report for
    the daily, weekly and monthly summaries of the day it was sent (their urgent lists change).
    Drafts change nothing. Call it inside the service's transaction.
    """
    if report.status == ReportStatus.DRAFT:
        return
    dashboard_cache.bump_generation()  # today's live completeness and the urgent list change
    district_id = report.ward.district_id
    if report.kind == ReportKind.URGENT:
        if report.submitted_at is None:
            return
        day = timezone.localtime(report.submitted_at).date()
        for kind in PERIODIC_KINDS:
            summary_request_recompile(district_id=district_id, kind=kind, period_start=day)
        return
    period_start = cast(datetime.date, report.period_start)  # a periodic report has a period
    summary_request_recompile(district_id=district_id, kind=report.kind, period_start=period_start)


def recompile_pending(*, now: datetime.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """The beat sweep: compile every pending request older than the debounce delay (oldest first).

    Catches what a lost or failed task left behind (broker down when the report was saved, a
    worker killed). A compile that fails stays pending with its error and is tried next time.
    """
    now = now or timezone.now()
    rows = list(
        SummaryRecompile.objects.filter(requested_at__lte=now - RECOMPILE_DELAY)
        .order_by("requested_at")
        .values_list("pk", "district_id", "kind", "period_start")[:limit]
    )
    done = failed = 0
    for pk, district_id, kind, start in rows:
        try:
            summary_compile(district_id=district_id, kind=kind, period_start=start)
            done += 1
        except Exception as exc:
            failed += 1
            logger.exception("summary: recompile of %s/%s/%s failed", district_id, kind, start)
            SummaryRecompile.objects.filter(pk=pk).update(attempts=F("attempts") + 1, last_error=str(exc)[:2000])
    return {"compiled": done, "failed": failed}


def due_compiles(*, now: datetime.datetime) -> list[tuple[str, datetime.date, datetime.datetime]]:
    """The compiles beat owes at ``now``: [(kind, period_start, trigger time)].

    Each kind's period is compiled at its deadline (read from the administrators' settings), the
    daily one again at 20:00; a trigger stays owed for a day, so a missed run catches up.
    """
    owed = []
    today = timezone.localtime(now).date()
    for kind, rule in deadline_rules().items():
        for back in range(0, 40):
            day = today - datetime.timedelta(days=back)
            start, end = period_bounds(kind, day)
            if end != day:
                continue
            triggers = [deadline_of(rule, end)]
            if kind == ReportKind.DAILY:
                triggers.append(timezone.make_aware(datetime.datetime.combine(end, EVENING_RECOMPILE)))
            for trigger in triggers:
                if trigger <= now < trigger + CATCH_UP:
                    owed.append((kind, start, trigger))
    return owed


def compile_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Compile every summary owed at ``now`` that has not been compiled since its trigger time.

    Run by beat every few minutes; the check makes repeated runs no-ops.
    """
    now = now or timezone.now()
    compiled = 0
    district_ids = list(District.objects.order_by("pk").values_list("pk", flat=True))
    for kind, start, trigger in due_compiles(now=now):
        fresh = set(
            DistrictSummary.objects.filter(kind=kind, period_start=start, compiled_at__gte=trigger).values_list(
                "district_id", flat=True
            )
        )
        for district_id in district_ids:
            if district_id not in fresh:
                summary_compile(district_id=district_id, kind=kind, period_start=start)
                compiled += 1
    return {"compiled": compiled}


def summary_compile_now(*, district_id: int, kind: str, period_start: datetime.date) -> dict:
    """The committee's "compile now": queue the compile and return its task id and request time.

    If the broker cannot be reached the summary is compiled here and now instead, so the button
    always leads to a compiled summary.
    """
    from reports.summary.tasks import compile_summary  # noqa: PLC0415 - cycle: reports.summary.tasks imports this module

    _check_kind(kind)
    start = period_bounds(kind, period_start)[0]
    if not District.objects.filter(pk=district_id).exists():
        raise ValidationError({"district": _("Unknown district.")})
    requested_at = timezone.now()
    try:
        app = compile_summary.app
        if not app.conf.task_always_eager:
            # Fail fast when the broker is down (one try), instead of the client's long retry loop.
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
        result = compile_summary.apply_async(args=[district_id, kind, start.isoformat()], retry=False)
        task_id = result.id
    except Exception:
        logger.warning("summary: broker unreachable; compiling %s/%s/%s in the request", district_id, kind, start)
        summary_compile(district_id=district_id, kind=kind, period_start=start)
        task_id = ""
    return {
        "task_id": task_id,
        "district": district_id,
        "kind": kind,
        "period_start": start,
        "requested_at": requested_at,
    }
