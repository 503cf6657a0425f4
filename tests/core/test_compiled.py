"""ORM queries compiled once and re-run with new values (wards/compiled.py): same rows as the ORM."""

import datetime
from decimal import Decimal

import pytest

from core.compiled import CompiledQuery, StandIn
from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, ReportDeadline
from reports.seed import load_defaults
from reports.summary.selectors import ward_figure_rows
from tests.factories import add_reports
from wards.models import Ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(catalogue, le_chan, all_wards, committee_member):
    day = datetime.date(2020, 3, 17)
    add_reports(
        [
            (
                all_wards[0],
                day,
                {"confirmed_cases": 3, "home_quarantine": Decimal("2.5")},
                ReportStatus.SUBMITTED,
                False,
            ),
            (all_wards[1], day, {"confirmed_cases": 4}, ReportStatus.APPROVED, True),
            (all_wards[2], day, {"confirmed_cases": 9}, ReportStatus.DRAFT, False),
            (all_wards[0], day - datetime.timedelta(days=1), {"confirmed_cases": 1}, ReportStatus.SUBMITTED, False),
        ],
        committee_member,
    )
    return CompiledQuery(
        ward_figure_rows, district_id=StandIn.id(1), kind=StandIn.text(1), start=StandIn.date(1), end=StandIn.date(2)
    )


@pytest.fixture
def catalogue(db):
    load_defaults(Indicator, ReportDeadline)


def test_rows_equal_the_orms_for_every_set_of_values(figures, le_chan):
    day = datetime.date(2020, 3, 17)
    for values in [
        {"district_id": le_chan.pk, "kind": ReportKind.DAILY, "start": day, "end": day},
        {"district_id": le_chan.pk, "kind": ReportKind.DAILY, "start": day - datetime.timedelta(days=1), "end": day},
        {"district_id": le_chan.pk, "kind": ReportKind.WEEKLY, "start": day, "end": day + datetime.timedelta(days=6)},
        {"district_id": le_chan.pk + 999, "kind": ReportKind.DAILY, "start": day, "end": day},
    ]:
        expected = sorted(ward_figure_rows(**values), key=repr)
        assert sorted(figures.rows(**values), key=repr) == expected


def test_values_keep_the_orms_types(figures, le_chan, all_wards):
    day = datetime.date(2020, 3, 17)
    rows = {r[0]: r for r in figures.rows(district_id=le_chan.pk, kind=ReportKind.DAILY, start=day, end=day)}
    _ward, _name, report_id, is_late, submitted_at, values = rows[all_wards[0].pk]
    assert isinstance(report_id, int) and is_late is False
    assert isinstance(submitted_at, datetime.datetime) and submitted_at.tzinfo is not None
    assert values == {"confirmed_cases": 3, "home_quarantine": Decimal("2.5")}
    assert isinstance(values["home_quarantine"], Decimal)  # exact, never a float
    # A draft is not sent: the ward is missing, with no values.
    assert rows[all_wards[2].pk][:5] == (all_wards[2].pk, all_wards[2].name, None, None, None)
    assert not rows[all_wards[2].pk][5]  # NULL on PostgreSQL, {} on SQLite


def test_the_query_is_built_once(figures, le_chan, django_assert_num_queries):
    day = datetime.date(2020, 3, 17)
    calls = []

    def counting_build(**values):
        calls.append(values)
        return ward_figure_rows(**values)

    compiled = CompiledQuery(
        counting_build, district_id=StandIn.id(1), kind=StandIn.text(1), start=StandIn.date(1), end=StandIn.date(2)
    )
    for _ in range(3):
        with django_assert_num_queries(1):
            compiled.rows(district_id=le_chan.pk, kind=ReportKind.DAILY, start=day, end=day)
    assert len(calls) == 1


def test_a_value_the_query_does_not_carry_is_refused():
    compiled = CompiledQuery(
        lambda name, ward_id: Ward.objects.filter(pk=ward_id), name=StandIn.text(1), ward_id=StandIn.id(1)
    )
    with pytest.raises(ValueError, match="name"):
        compiled.rows(name="x", ward_id=1)


def test_values_must_be_given_for_every_stand_in(figures):
    with pytest.raises(TypeError):
        figures.rows(district_id=1, kind=ReportKind.DAILY, start=datetime.date(2020, 1, 1))
