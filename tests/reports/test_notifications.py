"""Notifications: each user's own only, whatever the role; the page and the API filter alike and mark
read through the same service, so the page's badge follows; each e-mail is sent once."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports import services, tasks
from reports.choices import NotificationKind, ReportKind
from reports.models import Notification
from tests.factories import at, submitted_daily

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    """The catalogue and the fixed clock of the reports tests (09:00 on Tuesday 17 March 2020)."""


@pytest.fixture
def english(settings):
    """Pages and messages in English (the msgids a test asserts); the API tests choose per request."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _detail(pk, action=""):
    return f"{LIST}{pk}/" + (f"{action}/" if action else "")


def _notify(user, key, kind=NotificationKind.REMINDER, **fields) -> Notification:
    """One notification to ``user`` through the sending service (as the beat tasks do)."""
    params = {
        NotificationKind.REMINDER: {"kind": "daily", "ward": "An Biên", "period": "17/03/2020", "deadline": "16:00"},
        NotificationKind.MISSING: {"kind": "daily", "period": "17/03/2020", "count": 2, "wards": "Cát Dài, Dư Hàng"},
        NotificationKind.URGENT: {"ward": "An Biên", "severity": "critical", "title": "Ổ dịch"},
        NotificationKind.RETURNED: {"kind": "daily", "period": "17/03/2020", "comment": "Thiếu số liệu"},
        NotificationKind.APPROVED: {"kind": "daily", "period": "17/03/2020"},
    }[kind]
    [note] = services.notification_send(recipients=[user], kind=kind, params=params, dedup_key=key, **fields)
    return note


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _mark_read(note, when) -> None:
    Notification.objects.filter(pk=note.pk).update(read_at=when)


# ---- list -------------------------------------------------------------------------------------


def test_each_user_lists_only_own_notifications_newest_first(
    committee_api, other_officer_api, officer_api, admin_api, committee_member, officer_cat_dai, officer_an_bien,
    clock, today,
):  # fmt: skip
    clock(today, 9)
    urgent = _notify(committee_member, "urgent:1", NotificationKind.URGENT)
    mine = _notify(officer_an_bien, "reminder:an-bien")
    clock(today, 16)
    missing = _notify(committee_member, "missing:1", NotificationKind.MISSING)
    theirs = _notify(officer_cat_dai, "reminder:cat-dai")

    assert _ids(committee_api.get(LIST)) == [missing.pk, urgent.pk]
    assert _ids(other_officer_api.get(LIST)) == [theirs.pk]
    assert _ids(officer_api.get(LIST)) == [mine.pk]
    assert _ids(admin_api.get(LIST)) == []  # an administrator sees everything else, not others' notifications


def test_same_time_notifications_are_newest_id_first(officer_api, officer_an_bien):
    first, second = _notify(officer_an_bien, "a"), _notify(officer_an_bien, "b")
    assert _ids(officer_api.get(LIST)) == [second.pk, first.pk]


def test_item_has_kind_label_text_link_report_and_times(officer_api, officer_an_bien, clock, today):
    report = submitted_daily(officer_an_bien, today)
    note = _notify(
        officer_an_bien, "review:1", NotificationKind.RETURNED, link=report.get_absolute_url(), report=report
    )
    [row] = officer_api.get(LIST, **EN).json()["results"]
    assert row == {
        "id": note.pk,
        "kind": "returned",
        "kind_label": "Report returned",
        "text": "Your daily report for 17/03/2020 was returned: Thiếu số liệu",
        "link": f"/reports/{report.pk}/",
        "report": report.pk,
        "created_at": "2020-03-17T09:00:00+07:00",
        "read_at": None,
    }
    assert officer_api.get(_detail(note.pk), **EN).json() == row


def test_item_is_in_vietnamese_by_default(officer_api, officer_an_bien):
    _notify(officer_an_bien, "reminder:1")
    [row] = officer_api.get(LIST).json()["results"]
    assert row["kind_label"] == "Nhắc hạn báo cáo"
    assert row["text"].startswith("Báo cáo ") and row["text"].endswith(
        " của phường An Biên kỳ 17/03/2020 hết hạn lúc 16:00."
    )
    assert row["link"] == "" and row["report"] is None


def test_unread_filter(officer_api, officer_an_bien, clock, today):
    read = _notify(officer_an_bien, "a")
    unread = _notify(officer_an_bien, "b")
    _mark_read(read, clock(today, 10))
    assert _ids(officer_api.get(LIST, {"unread": "1"})) == [unread.pk]
    assert _ids(officer_api.get(LIST, {"unread": "true"})) == [unread.pk]
    assert _ids(officer_api.get(LIST, {"unread": "0"})) == [read.pk]
    assert _ids(officer_api.get(LIST, {"unread": "false"})) == [read.pk]
    assert _ids(officer_api.get(LIST)) == [unread.pk, read.pk]


def test_kind_filter(committee_api, committee_member):
    urgent = _notify(committee_member, "urgent:1", NotificationKind.URGENT)
    _notify(committee_member, "missing:1", NotificationKind.MISSING)
    assert _ids(committee_api.get(LIST, {"kind": "urgent"})) == [urgent.pk]
    assert committee_api.get(LIST, {"kind": "nonsense"}).status_code == 400


def test_list_is_paginated_like_the_other_lists(officer_api, officer_an_bien):
    for k in range(3):
        _notify(officer_an_bien, f"k{k}")
    body = officer_api.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"] and body["previous"] is None
    assert len(officer_api.get(LIST, {"page_size": 2, "page": 2}).json()["results"]) == 1


# ---- detail and marking read -----------------------------------------------------------------------


def test_another_users_notification_is_404_and_stays_unread(officer_api, committee_api, officer_cat_dai):
    theirs = _notify(officer_cat_dai, "reminder:cat-dai")
    for api in (officer_api, committee_api):
        assert api.get(_detail(theirs.pk)).status_code == 404
        assert api.post(_detail(theirs.pk, "read")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_missing_id_is_404(officer_api):
    assert officer_api.get(_detail(999999)).status_code == 404


def test_mark_read_returns_the_item_and_is_idempotent(officer_api, officer_an_bien, clock, today):
    note = _notify(officer_an_bien, "reminder:1")
    clock(today, 10)
    first = officer_api.post(_detail(note.pk, "read"))
    assert first.status_code == 200
    assert first.json()["id"] == note.pk
    assert first.json()["read_at"] == "2020-03-17T10:00:00+07:00"
    clock(today, 11)
    again = officer_api.post(_detail(note.pk, "read"))
    assert again.status_code == 200
    assert again.json() == first.json()  # the first reading time is kept
    note.refresh_from_db()
    assert note.read_at == datetime.datetime.fromisoformat("2020-03-17T10:00:00+07:00")


def test_detail_is_found_whatever_the_list_filter(officer_api, officer_an_bien, clock, today):
    note = _notify(officer_an_bien, "reminder:1")
    _mark_read(note, clock(today, 10))
    assert officer_api.get(_detail(note.pk), {"unread": "1"}).status_code == 200


def test_read_all_marks_only_the_callers_unread_in_one_update(
    officer_api, officer_an_bien, officer_cat_dai, committee_member, clock, today
):
    already = _notify(officer_an_bien, "old")
    _mark_read(already, clock(today, 8))
    mine = [_notify(officer_an_bien, f"k{k}") for k in range(3)]
    others = [_notify(officer_cat_dai, "k0"), _notify(committee_member, "urgent:1", NotificationKind.URGENT)]
    clock(today, 10)
    with CaptureQueriesContext(connection) as ctx:
        response = officer_api.post(f"{LIST}read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert sum(q["sql"].lstrip().upper().startswith("UPDATE") for q in ctx.captured_queries) == 1
    assert all(n.read_at is not None for n in Notification.objects.filter(pk__in=[n.pk for n in mine]))
    assert Notification.objects.get(pk=already.pk).read_at == at(today, 8)  # kept
    assert not Notification.objects.filter(pk__in=[n.pk for n in others], read_at__isnull=False).exists()
    assert officer_api.post(f"{LIST}read-all/").json() == {"marked": 0}


def test_unread_count(officer_api, committee_api, officer_an_bien, committee_member, clock, today):
    assert officer_api.get(f"{LIST}unread-count/").json() == {"unread": 0}
    notes = [_notify(officer_an_bien, f"k{k}") for k in range(3)]
    _notify(committee_member, "urgent:1", NotificationKind.URGENT)
    _mark_read(notes[0], clock(today, 10))
    assert officer_api.get(f"{LIST}unread-count/").json() == {"unread": 2}
    assert committee_api.get(f"{LIST}unread-count/").json() == {"unread": 1}
    assert officer_api.get(f"{LIST}unread-count/", {"unread": "0", "page": "3"}).json() == {"unread": 2}


# ---- query counts -----------------------------------------------------------------------------------


def _many(user, start, n):
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=NotificationKind.REMINDER, dedup_key=f"bulk:{start + k}",
                         params={"kind": ReportKind.DAILY, "ward": "An Biên", "period": "17/03/2020",
                                 "deadline": "16:00"}, link="/reports/today/")
            for k in range(n)
        ]
    )  # fmt: skip


def test_query_counts_stay_constant_with_more_notifications(
    officer_api, officer_an_bien, officer_cat_dai, django_assert_max_num_queries
):
    urls = [LIST, f"{LIST}?unread=1", f"{LIST}unread-count/"]
    _many(officer_an_bien, 0, 3)
    _many(officer_cat_dai, 0, 3)
    note = Notification.objects.filter(recipient=officer_an_bien).first()
    for url in urls:
        with django_assert_max_num_queries(2):  # the count and the page (the API client is authenticated)
            assert officer_api.get(url).status_code == 200
    with django_assert_max_num_queries(1):
        assert officer_api.get(_detail(note.pk)).status_code == 200
    with django_assert_max_num_queries(5):  # the row, the UPDATE (in a savepoint), the row again
        assert officer_api.post(_detail(note.pk, "read")).status_code == 200
    _many(officer_an_bien, 3, 120)
    _many(officer_cat_dai, 3, 120)
    for url in urls:
        with django_assert_max_num_queries(2):
            assert officer_api.get(url).status_code == 200
    assert officer_api.get(LIST).json()["count"] == 123
    with django_assert_max_num_queries(3):  # the UPDATE in a savepoint, whatever the number of rows
        assert officer_api.post(f"{LIST}read-all/").json() == {"marked": 122}


# ---- authentication ---------------------------------------------------------------------------------


def test_anonymous_is_refused_everywhere(anon_api, officer_an_bien):
    note = _notify(officer_an_bien, "reminder:1")
    for method, url in [
        ("get", LIST), ("get", _detail(note.pk)), ("post", _detail(note.pk, "read")), ("post", f"{LIST}read-all/"),
        ("get", f"{LIST}unread-count/"),
    ]:  # fmt: skip
        assert getattr(anon_api, method)(url).status_code in (401, 403), (method, url)
    note.refresh_from_db()
    assert note.read_at is None


def test_token_and_session_authentication(client, officer_an_bien):
    note = _notify(officer_an_bien, "reminder:1")
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_an_bien).key}")
    assert _ids(token.get(LIST)) == [note.pk]
    client.force_login(officer_an_bien)
    assert client.get(f"{LIST}unread-count/").json() == {"unread": 1}
    assert client.post(f"{LIST}read-all/").json() == {"marked": 1}


# ---- the page and the API share the service -----------------------------------------------------------


def _badge(client) -> bool:
    return 'data-testid="unread-badge"' in client.get(reverse("reports:list")).content.decode()


def test_marking_read_through_the_api_clears_the_pages_badge(client, officer_api, officer_an_bien):
    first, second = _notify(officer_an_bien, "a"), _notify(officer_an_bien, "b")
    client.force_login(officer_an_bien)
    assert _badge(client)
    officer_api.post(_detail(first.pk, "read"))
    assert _badge(client)  # one still unread
    officer_api.post(f"{LIST}read-all/")
    assert not _badge(client)
    assert officer_api.get(f"{LIST}unread-count/").json() == {"unread": 0}
    assert Notification.objects.get(pk=second.pk).read_at is not None


def test_marking_read_on_the_page_shows_in_the_api(client, officer_api, officer_an_bien):
    note = _notify(officer_an_bien, "a")
    client.force_login(officer_an_bien)
    client.post(reverse("reports:notifications-read"), {"id": note.pk})
    assert officer_api.get(f"{LIST}unread-count/").json() == {"unread": 0}
    assert officer_api.get(_detail(note.pk)).json()["read_at"] is not None


def test_page_and_api_mark_read_through_the_same_service(client, officer_api, officer_an_bien):
    note = _notify(officer_an_bien, "a")
    client.force_login(officer_an_bien)
    with mock.patch.object(services, "notifications_mark_read", wraps=services.notifications_mark_read) as mark_read:
        client.post(reverse("reports:notifications-read"), {"id": note.pk})
        client.post(reverse("reports:notifications-read"))
        officer_api.post(_detail(note.pk, "read"))
        officer_api.post(f"{LIST}read-all/")
    assert mark_read.call_args_list == [
        mock.call(user=officer_an_bien, ids=[note.pk]),
        mock.call(user=officer_an_bien, ids=None),
        mock.call(user=officer_an_bien, ids=[note.pk]),
        mock.call(user=officer_an_bien),
    ]


# ---- the notifications page ----------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_notifications_page_marks_read(client, officer_an_bien):
    services.notification_send(
        recipients=[officer_an_bien], kind="reminder", dedup_key="k1",
        params={"kind": "daily", "ward": "An Biên", "period": "17/03/2020", "deadline": "16:00"},
    )  # fmt: skip
    client.force_login(officer_an_bien)
    assert 'data-testid="unread-badge"' in client.get(reverse("reports:list")).content.decode()
    html = client.get(reverse("reports:notifications")).content.decode()
    assert "The daily report of An Biên for 17/03/2020 is due at 16:00." in html
    client.post(reverse("reports:notifications-read"))
    assert 'data-testid="unread-badge"' not in client.get(reverse("reports:list")).content.decode()


@pytest.mark.usefixtures("english")
def test_notifications_page_filters_unread_and_kind_like_the_api(client, officer_an_bien):
    reminder = {"kind": "daily", "ward": "An Biên", "period": "17/03/2020", "deadline": "16:00"}
    services.notification_send(recipients=[officer_an_bien], kind="reminder", dedup_key="r1", params=reminder)
    services.notification_send(
        recipients=[officer_an_bien], kind="reminder", dedup_key="r2", params={**reminder, "period": "16/03/2020"}
    )
    services.notification_send(
        recipients=[officer_an_bien], kind="missing", dedup_key="m1",
        params={"kind": "daily", "period": "16/03/2020", "wards": "Cát Dài", "count": 1},
    )  # fmt: skip
    read = officer_an_bien.notifications.get(dedup_key="r2")
    services.notifications_mark_read(user=officer_an_bien, ids=[read.pk])
    client.force_login(officer_an_bien)
    page = reverse("reports:notifications")
    assert len(client.get(page).context["notifications"]) == 3
    unread = client.get(page, {"unread": "1"})
    assert {n.dedup_key for n in unread.context["notifications"]} == {"r1", "m1"}
    assert 'data-testid="unread-only"' in unread.content.decode()
    both = client.get(page, {"unread": "1", "kind": "reminder"})
    assert [n.dedup_key for n in both.context["notifications"]] == ["r1"]
    wrong = client.get(page, {"kind": "nonsense"})
    assert wrong.status_code == 200 and "invalid-feedback" in wrong.content.decode()


# ---- e-mail ------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("english")
def test_email_task_is_idempotent(people, mailoutbox):
    _officers, committee = people
    [note] = services.notification_send(
        recipients=[committee[0]], kind="approved", params={"kind": "daily", "period": "x"}, dedup_key="e1"
    )
    assert tasks.send_notification_email.delay(note.pk).get() is True
    assert tasks.send_notification_email.delay(note.pk).get() is False
    assert len(mailoutbox) == 1
