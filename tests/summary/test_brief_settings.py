"""The morning brief's settings page and API (administrators only), and the brief's PDF page
(committee and administrators): access per role, saving, translated errors on bad input."""

import datetime

import pytest
from django.test import Client

from reports.summary import brief
from reports.summary.models import MorningBrief
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db

PAGE = "/dashboard/brief/settings/"
API = "/api/v1/morning-brief-settings/current/"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"), [("officer_an_bien", 403), ("committee_member", 403), ("district_admin", 200)]
)
def test_settings_page_is_for_administrators_only(request, who, status):
    assert _client(request.getfixturevalue(who)).get(PAGE).status_code == status


def test_settings_page_asks_anonymous_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_administrator_saves_time_threshold_and_recipients(district_admin, committee_member):
    response = _client(district_admin).post(
        PAGE, {"send_at": "07:15", "low_cover_days": "10", "recipients": [committee_member.pk]}
    )
    assert response.status_code == 302
    row = brief.brief_settings()
    assert (row.send_at, row.low_cover_days) == (datetime.time(7, 15), 10)
    assert list(row.recipients.all()) == [committee_member]


def test_bad_input_is_refused_with_translated_errors_next_to_the_fields(district_admin, officer_an_bien):
    response = _client(district_admin).post(
        PAGE, {"send_at": "25:99", "low_cover_days": "0", "recipients": [officer_an_bien.pk]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nhập giờ theo dạng giờ:phút, ví dụ 06:30." in html
    form = response.context["form"]
    assert set(form.errors) == {"send_at", "low_cover_days", "recipients"}
    row = brief.brief_settings()
    assert (row.send_at, row.low_cover_days) == (datetime.time(6, 30), 7)  # nothing changed


@pytest.mark.parametrize(("who", "status"), [("officer_api", 403), ("committee_api", 403), ("admin_api", 200)])
def test_settings_api_is_for_administrators_only(request, who, status):
    api = request.getfixturevalue(who)
    assert api.get(API).status_code == status
    if status == 403:
        assert api.put(API, {"send_at": "07:00", "low_cover_days": 5}, format="json").status_code == 403


def test_settings_api_reads_and_changes(admin_api, committee_member):
    assert admin_api.get(API).json() == {
        "send_at": "06:30", "low_cover_days": 7, "recipients": [], "updated_at": admin_api.get(API).json()["updated_at"]
    }  # fmt: skip
    body = admin_api.put(
        API, {"send_at": "05:45", "low_cover_days": 3, "recipients": [committee_member.pk]}, format="json"
    ).json()
    assert (body["send_at"], body["low_cover_days"], body["recipients"]) == ("05:45", 3, [committee_member.pk])
    assert admin_api.patch(API, {"low_cover_days": 14}, format="json").json()["send_at"] == "05:45"
    assert brief.brief_settings().low_cover_days == 14


def test_settings_api_refuses_bad_input(admin_api, officer_an_bien):
    response = admin_api.put(
        API, {"send_at": "nope", "low_cover_days": 91, "recipients": [officer_an_bien.pk]}, format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()) >= {"send_at", "low_cover_days", "recipients"}
    assert brief.brief_settings().low_cover_days == 7


def test_brief_pdf_for_the_committee_only(committee_member, officer_an_bien, district_admin, le_chan, catalogue):
    MorningBrief.objects.create(
        day=datetime.date(2020, 3, 17), district=le_chan, content={}, compiled_at=datetime.datetime.now(datetime.UTC)
    )
    url = "/dashboard/brief/2020-03-17.pdf"
    response = _client(committee_member).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _client(district_admin).get(url).status_code == 200
    assert _client(officer_an_bien).get(url).status_code == 403
    assert _client(committee_member).get("/dashboard/brief/2020-03-18.pdf").status_code == 404
    assert _client(committee_member).get("/dashboard/brief/17-03-2020.pdf").status_code == 404


@pytest.mark.parametrize("extra", [0, 30])
def test_settings_page_and_api_query_counts_do_not_grow_with_recipients(
    district_admin, admin_api, le_chan, extra, django_assert_max_num_queries
):
    for n in range(extra):
        CommitteeFactory(username=f"member.{n}")
        MorningBrief.objects.create(
            day=datetime.date(2020, 1, 1) + datetime.timedelta(days=n), district=le_chan, content={},
            compiled_at=datetime.datetime.now(datetime.UTC),
        )  # fmt: skip
    brief.brief_settings_update(
        user=district_admin, send_at=datetime.time(6, 30), low_cover_days=7,
        recipients=list(brief.eligible_recipients()),
    )  # fmt: skip
    client = _client(district_admin)
    client.get(PAGE)  # warm: the session, the menu
    with django_assert_max_num_queries(7):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(5):
        assert admin_api.get(API).status_code == 200


def test_the_copies_are_listed_read_only_in_the_admin(district_admin, committee_member, le_chan):
    row = MorningBrief.objects.create(
        day=datetime.date(2020, 3, 17), district=le_chan, content={}, compiled_at=datetime.datetime.now(datetime.UTC)
    )
    row.deliveries.create(day=row.day, recipient=committee_member, claimed_at=row.compiled_at, attempts=2,
                          last_error="SMTP down")  # fmt: skip
    client = _client(district_admin)
    response = client.get("/admin/summaries/morningbriefdelivery/")
    assert response.status_code == 200 and "SMTP down" in response.text
    assert client.get("/admin/summaries/morningbriefdelivery/add/").status_code == 403
