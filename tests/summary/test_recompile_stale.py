"""A recompile request whose task failed or was lost is sent again by the next change."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from reports.summary import services
from reports.summary.models import SummaryRecompile

pytestmark = pytest.mark.django_db


def _request(le_chan, today):
    return services.summary_request_recompile(district_id=le_chan.pk, kind="daily", period_start=today)


def test_a_change_within_the_burst_only_moves_the_request(le_chan, today, django_capture_on_commit_callbacks):
    with mock.patch.object(services, "_send_recompile") as send:
        with django_capture_on_commit_callbacks(execute=True):
            _request(le_chan, today)
        with django_capture_on_commit_callbacks(execute=True):
            _request(le_chan, today)
    assert send.call_count == 1  # the first change of a burst sends the debounced task; the next waits for it


def test_a_request_older_than_its_task_is_sent_again_and_starts_a_new_burst(
    le_chan, today, django_capture_on_commit_callbacks
):
    old = timezone.now() - services.STALE_REQUEST - datetime.timedelta(seconds=1)
    SummaryRecompile.objects.create(
        district=le_chan, kind="daily", period_start=today, created_at=old, requested_at=old
    )  # its compile failed (a locked database): nothing would compile it until a sweep
    with mock.patch.object(services, "_send_recompile") as send:
        with django_capture_on_commit_callbacks(execute=True):
            _request(le_chan, today)
        with django_capture_on_commit_callbacks(execute=True):
            _request(le_chan, today)
    assert send.call_count == 1
    assert SummaryRecompile.objects.get().created_at > old
