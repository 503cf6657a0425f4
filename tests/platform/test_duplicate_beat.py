"""A second beat (or a beat run delivered twice) does no harm: one summary per key, each message once.

Production runs exactly one beat (docs/deploy.md); these tests prove that if the same periodic
tasks still run twice — one after the other, or at the same moment in two processes — the
compiles are upserts and the notifications' dedup keys keep every message single.
"""

import datetime
import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.models import Count

from reports import services
from reports import tasks as report_tasks
from reports.choices import NotificationKind, ReportKind
from reports.models import Indicator, Notification, ReportDeadline
from reports.seed import load_defaults
from reports.summary import tasks as summary_tasks
from reports.summary.models import DistrictSummary, DistrictSummaryWard
from tests.factories import at, submitted_daily

TODAY = datetime.date(2020, 3, 17)  # a Tuesday; the daily deadline is 16:00


@pytest.fixture
def clock():
    """The clock is 16:05 on TODAY: just past the daily deadline (compile and missing list due)."""
    with mock.patch("django.utils.timezone.now", return_value=at(TODAY, 16, 5)) as fake:
        yield fake


@pytest.fixture
def beat_state(people, clock):
    """Two wards reported, thirteen did not; one urgent report was sent without its alert."""
    load_defaults(Indicator, ReportDeadline)
    officers, committee = people
    clock.return_value = at(TODAY, 14)
    submitted_daily(officers["an-bien"], TODAY, {"home_quarantine": 4})
    submitted_daily(officers["cat-dai"], TODAY, {"home_quarantine": 6})

    urgent = services.report_create(
        user=officers["an-bien"], ward=officers["an-bien"].ward, kind=ReportKind.URGENT, title="Ổ dịch",
        severity="critical", occurred_at=at(TODAY, 13), description="Ba người sốt",
    )  # fmt: skip
    # Submitted outside any commit callback: its alert task never runs (as with the broker down).
    services.report_submit(report=urgent, user=officers["an-bien"])
    clock.return_value = at(TODAY, 16, 5)
    return officers, committee, urgent


def run_beat() -> dict:
    """One beat tick of the three periodic tasks, run in this thread as a worker runs them.

    The task bodies are called directly: ``delay().get()`` from two threads at once trips
    Celery's "never call result.get() within a task" guard, which is about eager mode only.
    """
    return {
        "compile": summary_tasks.compile_due(),
        "deadlines": report_tasks.check_deadlines(),
        "sweep": report_tasks.sweep_undelivered(),
    }


def assert_single_effects(committee, urgent):
    per_key = DistrictSummary.objects.values("district", "kind", "period_start").annotate(n=Count("pk"))
    assert per_key and {row["n"] for row in per_key} == {1}
    summary = DistrictSummary.objects.get(kind=ReportKind.DAILY, period_start=TODAY)
    assert summary.submitted == 2
    assert DistrictSummaryWard.objects.filter(summary=summary).count() == 15
    assert Notification.objects.filter(kind=NotificationKind.MISSING).count() == len(committee)
    assert Notification.objects.filter(kind=NotificationKind.URGENT, report=urgent).count() == len(committee)
    assert not Notification.objects.values("recipient", "dedup_key").annotate(n=Count("pk")).filter(n__gt=1).exists()


@pytest.mark.django_db
def test_a_beat_tick_run_twice_compiles_one_summary_and_sends_each_message_once(beat_state):
    _officers, committee, urgent = beat_state
    first = run_beat()
    # Today's daily summary (16:00 trigger) and yesterday's 20:00 recompile, still within its catch-up day.
    assert first["compile"] == {"compiled": 2}
    assert first["deadlines"]["missing"] == len(committee)
    assert first["sweep"]["urgent_alerts_caught_up"] == len(committee)
    compiled = dict(DistrictSummary.objects.values_list("pk", "compiled_at"))

    second = run_beat()
    assert second["compile"] == {"compiled": 0}  # already compiled since the 16:00 trigger
    assert second["deadlines"] == {"reminders": 0, "missing": 0}
    assert second["sweep"]["urgent_alerts_caught_up"] == 0
    assert dict(DistrictSummary.objects.values_list("pk", "compiled_at")) == compiled
    assert_single_effects(committee, urgent)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_beats_running_the_same_tick_at_the_same_moment_do_no_harm(beat_state):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent runs need PostgreSQL's row locks")
    _officers, committee, urgent = beat_state
    start = threading.Barrier(2)
    errors = []

    def beat():
        try:
            start.wait(timeout=10)
            run_beat()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert_single_effects(committee, urgent)
