"""Names in Vietnamese order, family name first: "Nguyễn Văn Hải", never "Văn Hải Nguyễn"."""

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from inspections.forms import TeamForm
from reports import services as report_services
from tests.factories import (
    DAILY_VALUES,
    AdminFactory,
    CommitteeFactory,
    InspectionFactory,
    MemberFactory,
    OfficerFactory,
    TeamFactory,
    submitted_daily,
)

pytestmark = pytest.mark.django_db

FULL = "Nguyễn Văn Hải"
WESTERN = "Văn Hải Nguyễn"


def hai(factory=CommitteeFactory, **kwargs):
    """Mr Nguyễn Văn Hải: family name (họ) Nguyễn, given names (tên) Văn Hải."""
    return factory(first_name="Văn Hải", last_name="Nguyễn", **kwargs)


def test_full_name_is_family_name_then_given_names():
    assert hai().get_full_name() == FULL


@pytest.mark.parametrize(
    ("last", "first", "expected"),
    [("Nguyễn", "", "Nguyễn"), ("", "Lan", "Lan"), ("", "", ""), (" Trần ", " Thị Thu ", "Trần Thị Thu")],
)
def test_full_name_with_a_part_missing_has_no_stray_spaces(last, first, expected):
    assert CommitteeFactory(first_name=first, last_name=last).get_full_name() == expected


def test_the_short_name_is_the_given_name():
    assert hai().get_short_name() == "Văn Hải"


def test_the_menu_shows_the_user_family_name_first(client, an_bien):
    officer = hai(OfficerFactory, ward=an_bien)
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert FULL in html and WESTERN not in html


def test_the_reviewer_of_a_report_is_shown_family_name_first(client, an_bien, catalogue, clock, today):
    officer = OfficerFactory(ward=an_bien)
    reviewer = hai()
    report = submitted_daily(officer, today, DAILY_VALUES)
    report_services.report_approve(report=report, user=reviewer, comment="Tốt")
    client.force_login(reviewer)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert FULL in html and WESTERN not in html


def test_team_members_and_the_inspection_recorder_are_shown_family_name_first(client, an_bien, le_chan):
    admin = AdminFactory()
    inspector = hai()
    team = TeamFactory(leader=inspector)
    MemberFactory(team=team, user=inspector)
    inspection = InspectionFactory(team=team, recorded_by=inspector)
    client.force_login(admin)
    for path in (
        reverse("inspections:team_detail", args=[team.pk]),
        reverse("inspections:team_list"),
        reverse("inspections:inspection_detail", args=[inspection.pk]),
    ):
        html = client.get(path).content.decode()
        assert FULL in html, path
        assert WESTERN not in html, path


def test_team_form_lists_people_family_name_first():
    inspector = hai(username="hai.nv")
    labels = [label for _value, label in TeamForm().fields["leader"].choices]
    assert f"{FULL} (hai.nv)" in labels
    assert inspector.pk


def test_the_admin_user_form_asks_the_family_name_before_the_given_name(client):
    admin = AdminFactory()
    client.force_login(admin)
    html = client.get(reverse("admin:wards_user_change", args=[hai().pk])).content.decode()
    assert 'name="last_name"' in html and 'name="first_name"' in html
    assert html.index('name="last_name"') < html.index('name="first_name"')


def test_the_audit_trail_names_the_actor_family_name_first(client, an_bien):
    admin = hai(AdminFactory)
    client.force_login(admin)
    with set_actor(admin):
        an_bien.population = 12345
        an_bien.save()
    html = client.get(reverse("audit:list")).content.decode()
    assert FULL in html and WESTERN not in html
