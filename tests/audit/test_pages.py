"""Reading and searching the audit trail: page, per-object history, API, and who may."""

import datetime
import re
from unittest import mock

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from inspections.choices import EstablishmentStatus
from inspections.models import Establishment
from tests.audit.conftest import ADDRESS, entries_of
from tests.factories import EstablishmentFactory, WardFactory
from wards.models import Ward

pytestmark = pytest.mark.django_db

LIST = reverse("audit:list")


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def clock(day: datetime.date):
    """Date the entries written inside (the timestamp default is bound when auditlog loads)."""
    return mock.patch.object(LogEntry._meta.get_field("timestamp"), "_get_default", lambda: at(day))


@pytest.fixture
def history(district_admin, committee_member, an_bien, cat_dai):
    """A few audited writes by two people on two days."""
    with clock(datetime.date(2020, 3, 16)), set_actor(district_admin, remote_addr=ADDRESS):
        karaoke = EstablishmentFactory(ward=an_bien, name="Karaoke Hoàng Gia", owner_name="Phạm Thị Hoa")
        an_bien.population = 30500
        an_bien.save()
    with clock(datetime.date(2020, 3, 18)), set_actor(committee_member, remote_addr="198.51.100.9"):
        shop = EstablishmentFactory(ward=cat_dai, name="Tạp hoá Minh Châu")
        karaoke.status = "closed_by_order"
        karaoke.save()
    return {"karaoke": karaoke, "shop": shop}


def listed(response) -> list[str]:
    return [e.object_repr for e in response.context["entries"]]


# ---- Who may read ------------------------------------------------------------------------------------


def test_committee_reads_the_audit_trail(committee_client, history):
    response = committee_client.get(LIST)
    assert response.status_code == 200
    assert "Karaoke Hoàng Gia" in listed(response)
    assert "198.51.100.9" in response.content.decode()


def test_administrator_reads_the_audit_trail(admin_client_, history):
    assert admin_client_.get(LIST).status_code == 200


def test_officer_is_refused_the_audit_trail(officer_client, history):
    assert officer_client.get(LIST).status_code == 403
    karaoke = history["karaoke"]
    url = reverse("audit:object_history", args=["inspections", "establishment", karaoke.pk])
    assert officer_client.get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_login(client, history):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# ---- Search ------------------------------------------------------------------------------------------


def test_filter_by_kind_of_object(committee_client, history):
    response = committee_client.get(LIST, {"model": "wards.ward"})
    assert listed(response) == ["An Biên"]


def test_filter_by_object_id(committee_client, history):
    shop = history["shop"]
    response = committee_client.get(LIST, {"model": "inspections.establishment", "object_id": shop.pk})
    assert listed(response) == ["Tạp hoá Minh Châu"]


def test_filter_by_user(committee_client, history, committee_member):
    response = committee_client.get(LIST, {"user": committee_member.username})
    assert sorted(listed(response)) == ["Karaoke Hoàng Gia", "Tạp hoá Minh Châu"]


def test_filter_by_action(committee_client, history):
    response = committee_client.get(LIST, {"action": LogEntry.Action.UPDATE})
    assert sorted(listed(response)) == ["An Biên", "Karaoke Hoàng Gia"]


def test_filter_by_dates_in_local_time(committee_client, history):
    first_day = committee_client.get(LIST, {"date_from": "2020-03-16", "date_to": "2020-03-16"})
    assert sorted(listed(first_day)) == ["An Biên", "Karaoke Hoàng Gia"]
    later = committee_client.get(LIST, {"date_from": "2020-03-17", "date_to": "2020-03-31"})
    assert sorted(listed(later)) == ["Karaoke Hoàng Gia", "Tạp hoá Minh Châu"]


def test_text_search_in_changes_finds_vietnamese_values(committee_client, history):
    response = committee_client.get(LIST, {"q": "Phạm Thị Hoa"})  # the owner, only in the changes
    assert listed(response) == ["Karaoke Hoàng Gia"]
    assert listed(committee_client.get(LIST, {"q": "closed_by_order"})) == ["Karaoke Hoàng Gia"]
    assert listed(committee_client.get(LIST, {"q": "không có ở đâu"})) == []


def test_changes_are_shown_with_field_names_and_choice_labels(committee_client, history):
    response = committee_client.get(LIST, {"model": "inspections.establishment", "action": LogEntry.Action.UPDATE})
    [entry] = response.context["entries"]
    [change] = entry.readable
    with translation.override("vi"):  # the page's language
        assert change.field == str(Establishment._meta.get_field("status").verbose_name)
        assert change.old == str(EstablishmentStatus.OPERATING.label)
        assert change.new == str(EstablishmentStatus.CLOSED_BY_ORDER.label)


# Session, user, navigation badges, session refresh, count, page, and at most one query per
# model in selectors.NAMED_MODELS (names of users, wards… in the changes): never per row.
MAX_QUERIES = 9 + 5


def test_list_page_runs_a_constant_number_of_queries(
    committee_client, history, district_admin, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        committee_client.get(LIST)
    with set_actor(district_admin):
        for n in range(30):
            WardFactory(name=f"Phường thử {n}", population=1000 + n)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = committee_client.get(LIST)
    assert len(response.context["entries"]) > 30


# ---- Per-object history ------------------------------------------------------------------------------


def test_object_history_shows_the_object_and_its_parts(committee_client, history, an_bien):
    committee = an_bien.committee
    committee.head_name = "Lê Văn Nam"
    committee.save()
    url = reverse("audit:object_history", args=["wards", "ward", an_bien.pk])
    response = committee_client.get(url)
    assert response.status_code == 200
    reprs = listed(response)
    assert "An Biên" in reprs  # the ward's own change
    assert str(committee) in reprs  # its committee record's change
    assert all(e.object_repr != "Karaoke Hoàng Gia" for e in response.context["entries"])


def test_history_of_a_deleted_object_stays_readable(admin_client_, district_admin):
    with set_actor(district_admin):
        ward = WardFactory(name="Phường tạm")
        pk = ward.pk
        ward.committee.delete()
        ward.delete()
    assert not Ward.objects.filter(pk=pk).exists()
    response = admin_client_.get(reverse("audit:object_history", args=["wards", "ward", pk]))
    assert response.status_code == 200
    actions = [e.action for e in response.context["entries"] if e.object_repr == "Phường tạm"]
    assert LogEntry.Action.DELETE in actions and LogEntry.Action.CREATE in actions


def test_history_of_an_unaudited_model_is_404(committee_client):
    assert committee_client.get(reverse("audit:object_history", args=["sessions", "session", "x"])).status_code == 404


def test_history_link_include_shows_for_committee_only(history, committee_member, officer_an_bien):
    karaoke = history["karaoke"]
    template = Template('{% include "audit/_object_link.html" with obj=karaoke %}')
    request = RequestFactory().get("/")
    for user, shown in ((committee_member, True), (officer_an_bien, False)):
        html = template.render(Context({"karaoke": karaoke, "user": user, "request": request}))
        assert (reverse("audit:object_history", args=["inspections", "establishment", karaoke.pk]) in html) is shown


# ---- API ---------------------------------------------------------------------------------------------


def test_api_lists_and_filters_the_trail_for_the_committee(committee_api, history):
    karaoke = history["karaoke"]
    response = committee_api.get("/api/v1/audit-log/", {"model": "inspections.establishment", "object_id": karaoke.pk})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["action"] for r in rows] == ["update", "create"]
    assert rows[0]["actor"] == "committee.test" and rows[0]["remote_addr"] == "198.51.100.9"
    assert rows[0]["changes"]["status"][1] == "closed_by_order"
    assert rows[1]["model"] == "inspections.establishment" and rows[1]["object_id"] == str(karaoke.pk)


def test_api_refuses_officers_and_anonymous(officer_api, anon_api, history):
    assert officer_api.get("/api/v1/audit-log/").status_code == 403
    assert anon_api.get("/api/v1/audit-log/").status_code in (401, 403)


def test_api_is_read_only(admin_api, history):
    [entry] = entries_of(history["shop"])
    assert admin_api.delete(f"/api/v1/audit-log/{entry.pk}/").status_code == 405
    assert admin_api.patch(f"/api/v1/audit-log/{entry.pk}/", {"object_repr": "x"}).status_code == 405
    assert admin_api.post("/api/v1/audit-log/", {}).status_code == 405


def test_pages_have_no_inline_script_style_or_handlers(committee_client, history, an_bien):
    for url in (LIST, reverse("audit:object_history", args=["wards", "ward", an_bien.pk])):
        html = committee_client.get(url).content.decode()
        assert not re.search(r"<script\b(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), url
        assert 'data-testid="audit-entry"' in html
