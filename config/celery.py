"""The Celery app and its beat schedule (the one place periodic work is declared)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat schedule. Times are Asia/Ho_Chi_Minh (CELERY_TIMEZONE). Run exactly one beat process.
app.conf.beat_schedule = {
    # Every 5 minutes: reminders to wards that have not reported, one hour (configurable) before
    # each report deadline, and at the deadline the list of missing wards to the committee.
    # Deadlines are edited by administrators (daily 16:00, weekly Monday 10:00, monthly the 3rd
    # 10:00 by default), so the task reads them instead of fixed times; dedup keys make the
    # repeated runs send each message exactly once.
    "reports-check-deadlines": {"task": "reports.tasks.check_deadlines", "schedule": 300.0},
    # Every 5 minutes: urgent alerts and e-mails whose task could not be queued (the broker was
    # down when the report was sent) are sent now; dedup keys and emailed_at keep them single.
    "reports-sweep-undelivered": {"task": "reports.tasks.sweep_undelivered", "schedule": 300.0},
    # Every 5 minutes: compile each district summary owed — daily at the daily deadline and again
    # at 20:00, weekly and monthly at their deadlines (read from the administrators' settings).
    # A summary already compiled since its trigger is skipped; a missed one catches up for a day.
    "summaries-compile-due": {"task": "reports.summary.tasks.compile_due", "schedule": 300.0},
    # Every 5 minutes: compile the pending recompiles (outbox) that no task handled — the broker
    # was down when a report changed, or a worker died — so late reports always reach the summary.
    "summaries-recompile-pending": {"task": "reports.summary.tasks.recompile_pending", "schedule": 300.0},
    # Every 5 minutes: escalation — at each deadline a second reminder to the wards still missing
    # (officers and the ward committee's head), and urgent reports not acknowledged within
    # URGENT_ACK_ESCALATION_MINUTES (30) alerted to the committee again, after twice that to the
    # administrators. Dedup keys send each step once.
    "reports-check-escalations": {"task": "reports.tasks.check_escalations", "schedule": 300.0},
    # Every 5 minutes: the morning brief — compiled and sent at the administrators' time (06:30 by
    # default, read from the settings), once per day and recipient; unsent copies are retried, and
    # stores whose supplies last fewer days than the brief's threshold are told once per item and day.
    "summaries-morning-brief": {"task": "reports.summary.tasks.morning_brief", "schedule": 300.0},
    # Every hour: delete the idempotency records older than IDEMPOTENCY_TTL_DAYS (7 by default);
    # a repeat of a write older than that is treated as a new write.
    "core-sweep-idempotency-records": {"task": "core.tasks.sweep_idempotency_records", "schedule": 3600.0},
    # Every hour: create the coming week's occurrences of repeating directive tasks, remind wards of
    # what is due tomorrow and list the overdue assignments to the committee; each reminder is sent
    # once (keyed), so hourly runs only catch up after a missed one.
    "directives-daily": {"task": "directives.tasks.daily", "schedule": 3600.0},
}
