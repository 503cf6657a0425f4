"""Real threads on PostgreSQL: the one-report-per-period constraint and the row lock of edits."""

import contextlib
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reports import services
from reports.models import Report
from tests.factories import draft_daily

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (real row locks and concurrent transactions)")


def _in_threads(*targets):
    """Run each callable in its own thread (own connection); return their results or exceptions."""
    results = [None] * len(targets)

    def run(i, fn):
        try:
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_concurrent_creations_of_the_same_daily_report_leave_one(catalogue, clock, today, officer_an_bien):
    barrier = threading.Barrier(2, timeout=10)
    original = services._check_period_free

    def check_then_wait(**kwargs):
        original(**kwargs)
        barrier.wait()  # both requests have passed the application check: only the database stops one

    with mock.patch.object(services, "_check_period_free", check_then_wait):
        results = _in_threads(lambda: draft_daily(officer_an_bien, today), lambda: draft_daily(officer_an_bien, today))
    created = [r for r in results if isinstance(r, Report)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == 1, results
    assert list(refused[0].message_dict) == ["period_start"]  # the clear per-field message
    assert Report.objects.filter(ward=officer_an_bien.ward, kind="daily", period_start=today).count() == 1


def test_two_concurrent_edits_from_the_same_version_one_is_stale(catalogue, clock, today, officer_an_bien):
    report = draft_daily(officer_an_bien, today)
    barrier = threading.Barrier(2, timeout=3)
    original = services._stored_rows

    def read_then_wait(r):
        values = original(r)
        # Without the row lock both edits would get here with the same version; with it the
        # other edit waits for ours, nobody joins the barrier and it breaks after its timeout.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return values

    def edit(n):
        return lambda: services.report_update(
            report=Report.objects.get(pk=report.pk), user=officer_an_bien, version=1, values={"masks_given": n}
        )

    with mock.patch.object(services, "_stored_rows", read_then_wait):
        results = _in_threads(edit(10), edit(20))
    assert sum(isinstance(r, Report) for r in results) == 1, results
    assert sum(isinstance(r, services.StaleReportError) for r in results) == 1, results
    report.refresh_from_db()
    assert report.version == 2
