"""`manage.py demo`: the wards app's demo data and the accounts it prints."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.helpers import logs_in
from wards.choices import Role
from wards.models import User, Ward
from wards.seed import LE_CHAN_WARDS

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {"admin", "committee", *(f"officer.{code}" for code, _name in LE_CHAN_WARDS)}


def run_demo(settings, password="demo12345") -> str:
    settings.DEMO_PASSWORD = password
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _wards_only(monkeypatch):
    """Load only the wards app's demo data: the other apps' demo data is tested in their suites."""
    monkeypatch.setattr("wards.management.commands.demo.DEMO_APPS", ("wards",))


def test_demo_creates_admin_committee_and_one_officer_per_ward(settings):
    run_demo(settings)
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related("ward")}
    assert set(users) == DEMO_USERNAMES
    assert users["admin"].role == Role.ADMIN and users["admin"].is_staff
    assert users["committee"].role == Role.COMMITTEE and users["committee"].ward is None
    for code, name in LE_CHAN_WARDS:
        officer = users[f"officer.{code}"]
        assert officer.role == Role.WARD_OFFICER
        assert officer.ward.code == code and officer.ward.name == name


def test_demo_accounts_use_the_demo_password(settings, client):
    run_demo(settings, password="mat-khau-demo")
    for username in ("admin", "committee", "officer.an-bien"):
        assert User.objects.get(username=username).check_password("mat-khau-demo")
    assert logs_in(client, "officer.cat-dai", "mat-khau-demo")


def test_demo_default_password_is_demo12345(client):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "demo12345" in out.getvalue()
    assert logs_in(client, "officer.an-bien", "demo12345")


def test_demo_is_idempotent(settings):
    run_demo(settings)
    counts = (User.objects.count(), Ward.objects.count())
    officer_pk = User.objects.get(username="officer.an-bien").pk
    run_demo(settings)
    assert (User.objects.count(), Ward.objects.count()) == counts
    assert User.objects.get(username="officer.an-bien").pk == officer_pk


def test_demo_run_again_with_another_password_resets_the_printed_password(settings, client):
    run_demo(settings, password="first-password")
    output = run_demo(settings, password="second-password")
    assert "second-password" in output
    assert logs_in(client, "officer.an-bien", "second-password")


def test_demo_fills_committee_records_and_populations(settings):
    run_demo(settings)
    an_bien = Ward.objects.select_related("committee").get(code="an-bien")
    assert an_bien.population
    assert an_bien.committee.head_name and an_bien.committee.phone and an_bien.committee.has_plan


def test_demo_keeps_data_an_administrator_changed(settings):
    run_demo(settings)
    ward = Ward.objects.select_related("committee").get(code="an-bien")
    ward.population = 99
    ward.save()
    ward.committee.head_name = "Người khác"
    ward.committee.save()
    run_demo(settings)
    ward = Ward.objects.select_related("committee").get(code="an-bien")
    assert ward.population == 99 and ward.committee.head_name == "Người khác"


def test_demo_prints_every_account_with_its_role_and_ward_and_the_address(settings):
    output = run_demo(settings)
    assert "demo12345" in output
    assert "http://127.0.0.1:8000" in output
    lines = output.splitlines()
    for username in DEMO_USERNAMES:
        assert any(line.split() and line.split()[0] == username for line in lines), username
    officer_line = next(line for line in lines if line.split() and line.split()[0] == "officer.cat-dai")
    assert "Cát Dài" in officer_line


def test_demo_prints_role_labels_in_vietnamese(settings):
    output = run_demo(settings)
    with translation.override("vi"):
        labels = [str(label) for label in Role.labels]
    assert all(label in output for label in labels)


def test_demo_prints_the_address_it_is_served_at(settings):
    settings.DEMO_PASSWORD = "demo12345"
    out = io.StringIO()
    call_command("demo", "--url", "http://127.0.0.1:8766", stdout=out)
    assert "http://127.0.0.1:8766" in out.getvalue()
