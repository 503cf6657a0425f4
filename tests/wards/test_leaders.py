"""Leaders in charge of each ward (issue 15 #3): the assignment's history and its database rules,
the ward page and API, the read-only leader account, and the missing-report notice they receive."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from reports import services as report_services
from reports import tasks
from reports.choices import NotificationKind
from reports.models import Notification
from tests.factories import UserFactory, submitted_daily
from wards import access
from wards.choices import LeaderRole, Role
from wards.models import WardLeader
from wards.selectors import leader_accounts_for_wards

pytestmark = pytest.mark.django_db

START = datetime.date(2020, 2, 3)


def _leader(ward, name="Nguyễn Thanh Bình", role=LeaderRole.IN_CHARGE, ended_on=None, user=None, started_on=START):
    return WardLeader.objects.create(
        ward=ward,
        role=role,
        name=name,
        title="Ủy viên Ban Thường vụ Quận ủy",
        phone="0912 300 500",
        email="binh@example.org",
        started_on=started_on,
        ended_on=ended_on,
        user=user,
    )


@pytest.fixture
def leader_user(db):
    return UserFactory(username="leader.test", role=Role.LEADER, last_name="Nguyễn", first_name="Thanh Bình")


# ---- the database rules --------------------------------------------------------------------------


def test_one_current_leader_per_ward_and_role(an_bien):
    _leader(an_bien)
    with pytest.raises(IntegrityError), transaction.atomic():
        _leader(an_bien, name="Trần Quang Huy")
    _leader(an_bien, name="Trần Quang Huy", role=LeaderRole.DEPUTY)  # another role: fine


def test_history_is_kept_and_a_new_leader_follows_an_ended_one(an_bien):
    old = _leader(
        an_bien, name="Nguyễn Hữu Phước", started_on=datetime.date(2019, 6, 1), ended_on=datetime.date(2020, 2, 2)
    )
    new = _leader(an_bien)
    assert not old.is_current and new.is_current
    assert list(an_bien.leaders.filter(ended_on__isnull=True)) == [new]


def test_end_before_start_is_refused(an_bien):
    with pytest.raises(IntegrityError), transaction.atomic():
        _leader(an_bien, ended_on=START - datetime.timedelta(days=1))


def test_model_validation_message_is_translated(an_bien):
    _leader(an_bien)
    duplicate = WardLeader(ward=an_bien, role=LeaderRole.IN_CHARGE, name="X", title="Y", started_on=START)
    from django.core.exceptions import ValidationError  # noqa: PLC0415

    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "đã có" in " ".join(exc.value.messages)


# ---- the ward page and the API --------------------------------------------------------------------


def test_ward_page_shows_current_and_past_leaders(committee_client, an_bien):
    _leader(an_bien, name="Nguyễn Hữu Phước", started_on=datetime.date(2019, 6, 1), ended_on=datetime.date(2020, 2, 2))
    _leader(an_bien)
    page = committee_client.get(reverse("wards:detail", args=[an_bien.pk])).content.decode()
    assert "Nguyễn Thanh Bình" in page and "Nguyễn Hữu Phước" in page
    assert page.index("Nguyễn Thanh Bình") < page.index("Nguyễn Hữu Phước")  # current first
    assert 'href="tel:0912 300 500"' in page


def test_ward_api_lists_leaders_in_constant_queries(committee_api, all_wards, django_assert_max_num_queries):
    for ward in all_wards[:2]:
        _leader(ward)
    with django_assert_max_num_queries(6):
        small = committee_api.get("/api/v1/wards/").json()
    for ward in all_wards[2:]:
        _leader(ward)
        _leader(ward, name="Cũ", started_on=datetime.date(2019, 6, 1), ended_on=datetime.date(2020, 2, 2))
    with django_assert_max_num_queries(6):
        big = committee_api.get("/api/v1/wards/").json()
    assert small["count"] == big["count"] == 15
    an_bien = next(w for w in big["results"] if w["code"] == "an-bien")
    assert an_bien["leaders"][0]["name"] == "Nguyễn Thanh Bình"
    assert an_bien["leaders"][0]["is_current"] is True


def test_officer_sees_only_their_wards_leaders(officer_api, an_bien, cat_dai):
    _leader(an_bien)
    _leader(cat_dai, name="Trần Quang Huy")
    rows = officer_api.get("/api/v1/wards/").json()["results"]
    assert [[leader["name"] for leader in w["leaders"]] for w in rows] == [["Nguyễn Thanh Bình"]]


# ---- the leader's account: reads like the committee, reviews nothing -----------------------------


def test_leader_account_reads_every_ward_but_changes_and_reviews_nothing(leader_user, an_bien):
    assert access.sees_whole_district(leader_user)
    assert access.can_view_ward(leader_user, an_bien)
    assert not access.can_change_ward(leader_user, an_bien)
    assert not access.can_review_reports(leader_user)
    assert not access.is_admin(leader_user)
    assert not access.can_move_stock(leader_user)


def test_leader_cannot_approve_or_return_a_report(leader_user, officer_an_bien, today, catalogue, clock):
    report = submitted_daily(officer_an_bien, today)
    with pytest.raises(PermissionDenied):
        report_services.report_approve(report=report, user=leader_user)
    with pytest.raises(PermissionDenied):
        report_services.report_return(report=report, user=leader_user, comment="Sửa")
    api = APIClient()
    api.force_authenticate(leader_user)
    assert api.get(f"/api/v1/reports/{report.pk}/").status_code == 200  # reads it
    assert api.post(f"/api/v1/reports/{report.pk}/approve/", {}, format="json").status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_leader_reads_the_committee_pages_without_review_buttons(
    client, leader_user, an_bien, officer_an_bien, today, catalogue, clock
):
    report = submitted_daily(officer_an_bien, today)
    client.force_login(leader_user)
    for url in (
        reverse("wards:detail", args=[an_bien.pk]),
        reverse("reports:list"),
        reverse("reports:review"),
        reverse("summary:dashboard"),
        reverse("audit:list"),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'data-testid="review-forms"' not in page and 'data-testid="approve"' not in page
    assert client.post(reverse("reports:approve", args=[report.pk]), {"version": report.version}).status_code in (
        302,
        403,
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_leader_role_needs_no_ward():
    user = UserFactory.build(role=Role.LEADER, ward=None)
    user.clean()  # no error


# ---- the missing-report notice ---------------------------------------------------------------------


def _run(clock, day, hour, minute=0):
    clock(day, hour, minute)
    return tasks.check_deadlines.delay().get()


def test_leader_receives_their_wards_missing_reports_once(people, catalogue, clock, today, all_wards, leader_user):
    officers, committee = people
    wards = {w.code: w for w in all_wards}
    _leader(wards["an-bien"], user=leader_user)
    _leader(wards["cat-dai"], name="Trần Quang Huy", role=LeaderRole.DEPUTY, user=leader_user)
    _leader(wards["vinh-niem"], name="Cũ", user=UserFactory(role=Role.LEADER), ended_on=today)  # ended: not told
    for code, officer in officers.items():
        if code not in ("an-bien", "vinh-niem", "du-hang"):
            submitted_daily(officer, today)
    with translation.override("en"):
        _run(clock, today, 16, 0)
        _run(clock, today, 16, 5)  # a second run sends nothing more
    notes = Notification.objects.filter(kind=NotificationKind.MISSING)
    assert notes.filter(recipient__in=committee).count() == 2
    mine = notes.filter(recipient=leader_user)
    assert mine.count() == 1  # once, only the missing one of their wards (Cát Dài reported)
    with translation.override("en"):
        text = mine.get().text
    assert "An Biên" in text and "Cát Dài" not in text and "Vĩnh Niệm" not in text
    assert notes.count() == 3


def test_leader_accounts_skip_inactive_and_other_roles(an_bien, leader_user):
    _leader(an_bien, user=leader_user)
    assert leader_accounts_for_wards([an_bien.pk]) == {leader_user: ["An Biên"]}
    leader_user.is_active = False
    leader_user.save()
    assert leader_accounts_for_wards([an_bien.pk]) == {}
