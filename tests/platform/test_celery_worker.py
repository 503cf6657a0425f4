"""The real-worker fixture works: a task sent through Redis runs in another process."""

import pytest

from tests.platform.worker_tasks import count_wards

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_real_worker_runs_a_task_against_the_test_database(celery_worker_process, le_chan):
    result = count_wards.delay()
    assert result.get(timeout=30) == 15
