import datetime
from unittest import mock

import pytest

from reports.models import Indicator, ReportDeadline
from reports.seed import load_defaults
from tests.summary.factories import at


@pytest.fixture
def catalogue(db):
    """The seeded indicator catalogue and deadlines (re-created if a transactional test flushed them)."""
    load_defaults(Indicator, ReportDeadline)
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def today():
    """A fixed 'today': Tuesday 17 March 2020."""
    return datetime.date(2020, 3, 17)


@pytest.fixture
def clock(today):
    """Set the clock: ``clock(day, hour, minute, second)``; starts at 21:00 on ``today``."""
    patcher = mock.patch("django.utils.timezone.now", return_value=at(today, 21))
    fake = patcher.start()

    def set_to(day, hour=9, minute=0, second=0):
        fake.return_value = at(day, hour, minute, second)
        return fake.return_value

    set_to.mock = fake
    yield set_to
    patcher.stop()
