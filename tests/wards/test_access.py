"""The one access function: who may see or change which ward's objects."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from wards.access import can_change_ward, can_view_ward, get_for_user_or_404, scope_to_user
from wards.models import User, Ward, WardCommittee

pytestmark = pytest.mark.django_db


@pytest.fixture
def inactive_committee(committee_member):
    committee_member.is_active = False
    committee_member.save()
    return committee_member


@pytest.fixture
def inactive_officer(officer_an_bien):
    officer_an_bien.is_active = False
    officer_an_bien.save()
    return officer_an_bien


# ---- can_view_ward ----------------------------------------------------------------------------


def test_officer_views_own_ward_only(officer_an_bien, an_bien, cat_dai):
    assert can_view_ward(officer_an_bien, an_bien)
    assert can_view_ward(officer_an_bien, an_bien.pk)  # an id works too
    assert not can_view_ward(officer_an_bien, cat_dai)
    assert not can_view_ward(officer_an_bien, cat_dai.pk)


def test_officer_does_not_view_district_level_objects(officer_an_bien):
    assert not can_view_ward(officer_an_bien, None)


@pytest.mark.parametrize("persona", ["committee_member", "district_admin"])
def test_committee_and_admin_view_every_ward_and_district_level(request, persona, all_wards):
    user = request.getfixturevalue(persona)
    assert all(can_view_ward(user, ward) for ward in all_wards)
    assert can_view_ward(user, None)


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_anonymous_views_nothing(user, an_bien):
    assert not can_view_ward(user, an_bien)
    assert not can_change_ward(user, an_bien)


@pytest.mark.parametrize("persona", ["inactive_officer", "inactive_committee"])
def test_inactive_users_view_and_change_nothing(request, persona, an_bien):
    user = request.getfixturevalue(persona)
    assert not can_view_ward(user, an_bien)
    assert not can_change_ward(user, an_bien)


def test_superuser_counts_as_district_administrator(an_bien, cat_dai):
    root = User.objects.create_superuser("root", "root@example.org", "a-long-pass-123")
    assert can_view_ward(root, cat_dai) and can_change_ward(root, an_bien)
    assert scope_to_user(Ward.objects.all(), root, "pk").count() == 15


# ---- can_change_ward --------------------------------------------------------------------------


def test_officer_changes_own_ward_only(officer_an_bien, an_bien, cat_dai):
    assert can_change_ward(officer_an_bien, an_bien)
    assert not can_change_ward(officer_an_bien, cat_dai)
    assert not can_change_ward(officer_an_bien, None)


def test_committee_reviews_but_does_not_change_ward_data(committee_member, an_bien):
    assert not can_change_ward(committee_member, an_bien)
    assert not can_change_ward(committee_member, None)


def test_admin_changes_every_ward(district_admin, all_wards):
    assert all(can_change_ward(district_admin, ward) for ward in all_wards)
    assert can_change_ward(district_admin, None)


# ---- scope_to_user ----------------------------------------------------------------------------


def test_scope_gives_an_officer_only_their_ward(officer_an_bien, an_bien):
    assert list(scope_to_user(Ward.objects.all(), officer_an_bien, "pk")) == [an_bien]


def test_scope_follows_a_path_to_the_ward(officer_an_bien, an_bien):
    committees = scope_to_user(WardCommittee.objects.all(), officer_an_bien, "ward")
    assert [c.ward_id for c in committees] == [an_bien.pk]


@pytest.mark.parametrize("persona", ["committee_member", "district_admin"])
def test_scope_gives_committee_and_admin_everything(request, persona):
    user = request.getfixturevalue(persona)
    assert scope_to_user(Ward.objects.all(), user, "pk").count() == 15
    assert scope_to_user(WardCommittee.objects.all(), user, "ward").count() == 15


@pytest.mark.parametrize("persona", ["inactive_officer", "inactive_committee"])
def test_scope_gives_inactive_users_nothing(request, persona):
    user = request.getfixturevalue(persona)
    assert not scope_to_user(Ward.objects.all(), user, "pk").exists()


def test_scope_gives_anonymous_nothing(le_chan):
    assert not scope_to_user(Ward.objects.all(), AnonymousUser(), "pk").exists()
    assert not scope_to_user(Ward.objects.all(), None, "pk").exists()


def test_scope_runs_in_the_database_as_one_query(officer_an_bien, django_assert_num_queries):
    qs = scope_to_user(Ward.objects.all(), officer_an_bien, "pk")
    with django_assert_num_queries(1):
        assert len(list(qs)) == 1


# ---- get_for_user_or_404 ----------------------------------------------------------------------


def test_get_returns_officers_own_ward(officer_an_bien, an_bien):
    assert get_for_user_or_404(Ward.objects.all(), officer_an_bien, "pk", pk=an_bien.pk) == an_bien


def test_get_raises_404_for_another_wards_object(officer_an_bien, cat_dai):
    with pytest.raises(Http404):
        get_for_user_or_404(Ward.objects.all(), officer_an_bien, "pk", pk=cat_dai.pk)
    with pytest.raises(Http404):
        get_for_user_or_404(WardCommittee.objects.all(), officer_an_bien, "ward", ward=cat_dai)


def test_get_raises_404_for_a_missing_object(committee_member):
    with pytest.raises(Http404):
        get_for_user_or_404(Ward.objects.all(), committee_member, "pk", pk=999_999)


@pytest.mark.parametrize("persona", ["committee_member", "district_admin"])
def test_get_returns_any_ward_to_committee_and_admin(request, persona, cat_dai):
    user = request.getfixturevalue(persona)
    assert get_for_user_or_404(Ward.objects.all(), user, "pk", pk=cat_dai.pk) == cat_dai


@pytest.mark.parametrize("persona", ["inactive_officer", "inactive_committee"])
def test_get_raises_404_for_inactive_users(request, persona, an_bien):
    user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        get_for_user_or_404(Ward.objects.all(), user, "pk", pk=an_bien.pk)


def test_get_raises_404_for_anonymous(an_bien):
    with pytest.raises(Http404):
        get_for_user_or_404(Ward.objects.all(), AnonymousUser(), "pk", pk=an_bien.pk)
