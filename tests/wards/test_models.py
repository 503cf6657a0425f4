"""Accounts and wards: the rules the models and the database hold."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import Client

from tests.factories import AdminFactory, CommitteeFactory, OfficerFactory, WardFactory
from wards.choices import Role
from wards.models import User, Ward, WardCommittee
from wards.services import ward_delete, ward_has_data

pytestmark = pytest.mark.django_db


def test_user_model_is_the_portal_user():
    assert get_user_model() is User


def test_ward_officer_without_ward_fails_validation(le_chan):
    user = User(username="no-ward", role=Role.WARD_OFFICER)
    user.set_password("x-Long-password-1")
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "ward" in exc.value.message_dict


def test_ward_officer_without_ward_is_refused_by_the_database(le_chan):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="no-ward", role=Role.WARD_OFFICER, ward=None)


def test_ward_officer_losing_their_ward_is_refused_by_the_database(officer_an_bien):
    officer_an_bien.ward = None
    with pytest.raises(IntegrityError), transaction.atomic():
        officer_an_bien.save()


def test_committee_member_with_a_ward_fails_validation(an_bien):
    user = CommitteeFactory.build(ward=an_bien)
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "ward" in exc.value.message_dict


def test_committee_member_with_a_ward_is_refused_by_the_database(an_bien):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="committee-with-ward", role=Role.COMMITTEE, ward=an_bien)


def test_user_without_a_valid_role_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nobody", role="mayor")


def test_ward_officer_with_a_ward_is_valid_and_bound_to_it(officer_an_bien, an_bien):
    officer_an_bien.full_clean()
    assert officer_an_bien.ward == an_bien
    assert officer_an_bien.is_ward_officer
    assert not officer_an_bien.sees_whole_district


@pytest.mark.parametrize(
    ("factory", "officer", "committee", "admin", "whole_district", "staff"),
    [
        (OfficerFactory, True, False, False, False, False),
        (CommitteeFactory, False, True, False, True, False),
        (AdminFactory, False, False, True, True, True),
    ],
)
def test_role_properties_and_admin_access_flag(le_chan, factory, officer, committee, admin, whole_district, staff):
    user = factory()
    assert (user.is_ward_officer, user.is_committee, user.is_district_admin) == (officer, committee, admin)
    assert user.sees_whole_district is whole_district
    # Only district administrators may enter the Django admin.
    assert user.is_staff is staff


def test_is_staff_follows_the_role_when_the_role_changes(db):
    user = AdminFactory()
    user.role = Role.COMMITTEE
    user.save()
    assert user.is_staff is False


def test_createsuperuser_gets_the_administrator_role(db):
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    user = User.objects.get(username="root")
    assert user.role == Role.ADMIN
    assert user.is_district_admin and user.is_staff and user.is_superuser
    assert user.ward is None


def test_create_superuser_from_code_gets_the_administrator_role(db):
    user = User.objects.create_superuser("root2", "root2@example.org", "a-long-pass-123")
    assert user.role == Role.ADMIN


# ---- Deleting wards ---------------------------------------------------------------------------


def test_ward_without_data_can_be_deleted_through_the_service(le_chan):
    ward = WardFactory()
    assert not ward_has_data(ward)
    ward_delete(ward=ward)
    assert not Ward.objects.filter(pk=ward.pk).exists()
    assert not WardCommittee.objects.filter(ward_id=ward.pk).exists()


def test_ward_with_data_cannot_be_deleted_through_the_service(officer_an_bien, an_bien):
    assert ward_has_data(an_bien)
    with pytest.raises(ValidationError) as exc:
        ward_delete(ward=an_bien)
    assert "An Biên" in exc.value.messages[0]
    assert Ward.objects.filter(pk=an_bien.pk).exists()


def test_ward_with_data_is_protected_in_the_database_too(officer_an_bien, an_bien):
    with pytest.raises(ProtectedError), transaction.atomic():
        an_bien.delete()


def _admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_admin_cannot_delete_a_ward_with_data_in_the_admin(district_admin, officer_an_bien, an_bien):
    client = _admin_client(district_admin)
    response = client.get(f"/admin/wards/ward/{an_bien.pk}/delete/")
    assert response.status_code == 403
    response = client.post(f"/admin/wards/ward/{an_bien.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Ward.objects.filter(pk=an_bien.pk).exists()
    # The change page offers no delete link for it.
    change = client.get(f"/admin/wards/ward/{an_bien.pk}/change/")
    assert change.status_code == 200
    assert f"/admin/wards/ward/{an_bien.pk}/delete/" not in change.text


def test_admin_has_no_bulk_delete_for_wards(district_admin, officer_an_bien, an_bien, cat_dai):
    client = _admin_client(district_admin)
    response = client.post(
        "/admin/wards/ward/", {"action": "delete_selected", "_selected_action": [an_bien.pk, cat_dai.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Ward.objects.filter(pk__in=[an_bien.pk, cat_dai.pk]).count() == 2


def test_admin_can_delete_a_ward_without_data_in_the_admin(district_admin, le_chan):
    ward = WardFactory()
    client = _admin_client(district_admin)
    response = client.post(f"/admin/wards/ward/{ward.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Ward.objects.filter(pk=ward.pk).exists()


def test_admin_cannot_delete_a_district_that_has_wards(district_admin, le_chan):
    client = _admin_client(district_admin)
    response = client.post(f"/admin/wards/district/{le_chan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403


def test_admin_add_user_form_refuses_an_officer_without_ward(district_admin, le_chan):
    client = _admin_client(district_admin)
    password = "A-long-pass-9876"
    data = {
        "username": "new.officer",
        "role": Role.WARD_OFFICER,
        "ward": "",
        "password1": password,
        "password2": password,
    }
    response = client.post("/admin/wards/user/add/", data)
    assert response.status_code == 200
    assert not User.objects.filter(username="new.officer").exists()
    assert response.context["adminform"].form.errors["ward"]


def test_admin_add_user_form_creates_an_officer_bound_to_a_ward(district_admin, an_bien):
    client = _admin_client(district_admin)
    password = "A-long-pass-9876"
    data = {
        "username": "new.officer",
        "role": Role.WARD_OFFICER,
        "ward": an_bien.pk,
        "password1": password,
        "password2": password,
    }
    response = client.post("/admin/wards/user/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(username="new.officer")
    assert user.ward == an_bien and user.check_password(password)
