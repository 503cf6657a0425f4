"""A real Celery worker on Redis compiles a summary against the PostgreSQL test database (CI)."""

import pytest

from reports.summary.models import DistrictSummary
from reports.summary.tasks import compile_summary
from tests.factories import daily

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_compiles_a_summary_sent_through_the_broker(
    celery_worker_process, catalogue, le_chan, all_wards, committee_member, today
):
    daily(all_wards[0], today, {"confirmed_cases": 2, "masks_given": 100}, committee_member)
    daily(all_wards[1], today, {"confirmed_cases": 3}, committee_member, late=True)

    result = compile_summary.delay(le_chan.pk, "daily", today.isoformat())
    assert result.get(timeout=60)["summary_id"] == DistrictSummary.objects.get().pk
    # Sent twice (a redelivery): still one row with the same figures.
    compile_summary.delay(le_chan.pk, "daily", today.isoformat()).get(timeout=60)

    summary = DistrictSummary.objects.get()
    assert summary.totals == {"confirmed_cases": 5, "masks_given": 100}
    assert (summary.expected, summary.submitted, summary.late) == (15, 2, 1)
    assert summary.ward_rows.count() == 15
