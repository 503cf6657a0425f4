"""The page header's alerts (issue 12): the unread notifications and, for the committee, the urgent
reports not acknowledged, outside the collapsed menu so a phone shows them; one query whatever the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports import services
from reports.choices import NotificationKind, ReportKind, Severity
from reports.selectors import header_counts
from tests.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    """The catalogue and the fixed clock of the reports tests."""


def _notify(user, n: int) -> None:
    for k in range(n):
        services.notification_send(
            recipients=[user], kind=NotificationKind.APPROVED, dedup_key=f"k{k}",
            params={"kind": "daily", "period": "17/03/2020"},
        )  # fmt: skip


def _urgent(officer, today, title="Ổ dịch tại chợ"):
    report = services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.URGENT, title=title, severity=Severity.CRITICAL,
        occurred_at=at(today, 8), location="Chợ An Biên", description="Một người sốt cao.",
    )  # fmt: skip
    return services.report_submit(report=report, user=officer)


def _header(client) -> str:
    html = client.get("/reports/").content.decode()
    start = html.index('data-testid="header-alerts"')
    return html[start : html.index('id="mainNav"')]


def test_officer_sees_the_unread_count_outside_the_collapsed_menu_with_an_accessible_name(client, officer_an_bien):
    _notify(officer_an_bien, 3)
    client.force_login(officer_an_bien)
    with translation.override("vi"):
        header = _header(client)
    assert 'data-testid="unread-badge"' in header
    assert "3 thông báo chưa đọc" in header
    assert 'data-testid="header-urgent"' not in header  # urgent counts are the committee's


def test_committee_sees_the_urgent_reports_not_acknowledged_in_the_header(
    client, officer_an_bien, committee_member, today
):
    first = _urgent(officer_an_bien, today)
    _urgent(officer_an_bien, today, title="Tụ tập đông người")
    client.force_login(committee_member)
    with translation.override("vi"):
        header = _header(client)
    assert 'data-testid="header-urgent"' in header
    assert "2 báo cáo đột xuất chưa tiếp nhận" in header
    services.report_acknowledge(report=first, user=committee_member)
    with translation.override("vi"):
        assert "1 báo cáo đột xuất chưa tiếp nhận" in _header(client)


def test_no_badge_when_nothing_is_unread(client, committee_member):
    client.force_login(committee_member)
    header = _header(client)
    assert 'data-testid="unread-badge"' not in header
    assert 'data-testid="header-urgent"' not in header
    assert 'data-testid="nav-notifications"' in header  # the bell itself is always there


@pytest.mark.parametrize("size", [1, 30])
def test_header_counts_are_one_query_whatever_the_data(officer_an_bien, committee_member, today, size):
    _notify(committee_member, size)
    for k in range(size):
        _urgent(officer_an_bien, today, title=f"Ổ dịch {k}")
    with CaptureQueriesContext(connection) as queries:
        counts = header_counts(committee_member)
    assert counts == {"unread": size, "urgent": size}
    assert len(queries.captured_queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert header_counts(officer_an_bien) == {"unread": 0, "urgent": 0}
    assert len(queries.captured_queries) == 1
