"""The summary's inspection and supply sections: read from the other apps' selectors, never emptied silently."""

import datetime
import logging
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from inspections import demo as inspections_demo
from inspections.models import Inspection
from reports.choices import ReportKind
from reports.periods import period_bounds
from reports.summary.models import DistrictSummary
from reports.summary.services import summary_compile
from supplies import demo as supplies_demo
from wards import demo as wards_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_month(le_chan):
    """The wards, inspections and supplies demo data: the month before today, as ``manage.py demo`` loads it.

    Real time (no ``clock``): the supplies demo never dates a movement after now.
    """
    today = timezone.localdate()
    for demo in (wards_demo, inspections_demo, supplies_demo):
        demo.load(today=today, password="demo-pass-123")
    return today


def compile_week(district, day):
    return summary_compile(district_id=district.pk, kind=ReportKind.WEEKLY, period_start=day)


def test_the_summary_of_a_demo_week_has_its_inspections_and_supplies(le_chan, demo_month):
    # A whole week inside the demo month: its weekdays have inspections, every other day distributions.
    summary = compile_week(le_chan, demo_month - datetime.timedelta(days=10))
    start, end = period_bounds(ReportKind.WEEKLY, demo_month - datetime.timedelta(days=10))

    inspected = Inspection.objects.filter(establishment__ward__district=le_chan, inspected_on__range=(start, end))
    assert inspected.count() > 0  # the demo data covers the week
    assert summary.inspections["inspections"] == inspected.count()
    assert summary.inspections["establishments_inspected"] > 0
    masks = next((row for row in summary.supplies if row["item_code"] == "mask-medical"), None)
    assert masks is not None
    assert masks["quantity"] > 0 and masks["people_reached"] > 0 and masks["distributions"] > 0
    # What the compile stored is what the API and the PDF read back.
    stored = DistrictSummary.objects.get(pk=summary.pk)
    assert stored.inspections == summary.inspections
    assert stored.supplies == summary.supplies


def test_a_database_error_in_the_supplies_figures_leaves_only_that_section_empty(le_chan, demo_month, caplog):
    def broken(**kwargs):
        with connection.cursor() as cursor:  # a real failing query: on PostgreSQL it aborts the transaction
            cursor.execute("SELECT no_such_column FROM supplies_stockmovement")

    with (
        mock.patch("reports.summary.services.supplies_distributed", side_effect=broken),
        caplog.at_level(logging.ERROR, logger="reports.summary.services"),
    ):
        summary = compile_week(le_chan, demo_month - datetime.timedelta(days=10))

    assert summary.supplies == []
    assert summary.inspections["inspections"] > 0  # the savepoint kept the compile's transaction usable
    assert DistrictSummary.objects.filter(pk=summary.pk).exists()
    assert "the supplies figures failed" in caplog.text


def test_an_error_that_is_not_a_query_error_stops_the_compile(le_chan, today):
    """A renamed argument or a wrong return is a bug to see, not an empty section to hide."""
    with (
        mock.patch("reports.summary.services.inspection_totals", side_effect=TypeError("unexpected keyword")),
        pytest.raises(TypeError),
    ):
        compile_week(le_chan, today)
    assert not DistrictSummary.objects.exists()
