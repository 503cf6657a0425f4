"""Every kind of write leaves an audit entry: who, when, from where and what changed."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.bulk import audited_bulk_create, audited_bulk_update
from inspections.choices import Answer, Result
from inspections.models import Establishment
from inspections.services import checklist_for, inspection_record
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Indicator, ReportDeadline, ReportValue
from reports.seed import load_defaults
from supplies.models import SupplyItem, Transfer
from supplies.seed import load_items
from tests.audit.conftest import ADDRESS, entries_of, entries_of_model
from tests.factories import PASSWORD, EstablishmentFactory, MemberFactory, OfficerFactory, TeamFactory
from wards.choices import Role
from wards.models import User

pytestmark = pytest.mark.django_db

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


# ---- Users and roles (admin pages) ---------------------------------------------------------------


def test_user_created_in_admin_is_logged_with_actor_address_and_no_password(admin_client_, district_admin, an_bien):
    response = admin_client_.post(
        reverse("admin:wards_user_add"),
        {
            "username": "officer.new",
            "role": Role.WARD_OFFICER,
            "ward": an_bien.pk,
            "usable_password": "true",
            "password1": "Rất-khó-đoán-2020",
            "password2": "Rất-khó-đoán-2020",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content
    user = User.objects.get(username="officer.new")
    [entry] = entries_of(user, CREATE)
    assert entry.actor == district_admin
    assert entry.remote_addr == ADDRESS
    assert entry.changes["username"] == ["None", "officer.new"]
    assert entry.changes["role"] == ["None", Role.WARD_OFFICER]
    assert entry.changes["ward"] == ["None", str(an_bien.pk)]
    assert "password" not in entry.changes and "last_login" not in entry.changes
    assert entry.cid  # the request id, as on the request's log lines


def test_role_change_in_admin_is_logged(admin_client_, district_admin, an_bien):
    officer = OfficerFactory(username="officer.promoted", ward=an_bien)
    response = admin_client_.post(
        reverse("admin:wards_user_change", args=[officer.pk]),
        {
            "username": "officer.promoted",
            "first_name": "",
            "last_name": "",
            "email": "",
            "phone": "",
            "role": Role.COMMITTEE,
            "ward": "",
            "is_active": "on",
            "date_joined_0": "2020-01-22",
            "date_joined_1": "08:00:00",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content
    [entry] = entries_of(officer, UPDATE)
    assert entry.actor == district_admin and entry.remote_addr == ADDRESS
    assert entry.changes["role"] == [Role.WARD_OFFICER, Role.COMMITTEE]
    assert entry.changes["ward"] == [str(an_bien.pk), "None"]


def test_logging_in_writes_no_entry_and_never_the_password(client, officer_an_bien):
    before = LogEntry.objects.count()
    response = client.post(reverse("login"), {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 302
    assert LogEntry.objects.count() == before  # last_login is not audited
    assert not LogEntry.objects.filter(changes__icontains="pbkdf2").exists()
    assert not LogEntry.objects.filter(changes__icontains="md5$").exists()


# ---- Wards (page) ----------------------------------------------------------------------------------


def test_ward_edit_page_is_logged_for_ward_and_committee(admin_client_, district_admin, an_bien):
    response = admin_client_.post(
        reverse("wards:edit", args=[an_bien.pk]),
        {
            "ward-name": an_bien.name,
            "ward-population": "31000",
            "ward-active_from": an_bien.active_from.isoformat(),
            "ward-active_until": "",
            "committee-head_name": "Trần Văn Hùng",
            "committee-deputy_name": "",
            "committee-phone": "0225 3855 123",
            "committee-established_on": "",
            "committee-plan_reference": "KH-12/2020",
        },
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302, response.content
    [entry] = entries_of(an_bien, UPDATE)
    assert entry.actor == district_admin and entry.remote_addr == ADDRESS
    assert entry.changes["population"][1] == "31000"
    [committee_entry] = entries_of(an_bien.committee, UPDATE)
    assert committee_entry.changes["head_name"][1] == "Trần Văn Hùng"
    # The committee record's entry also belongs to the ward's history.
    assert committee_entry.additional_data["parent"] == f"wards.ward:{an_bien.pk}"


# ---- Establishments (API, token authentication) ----------------------------------------------------


def test_establishment_create_and_update_through_the_api_are_logged(district_admin, an_bien):
    token = Token.objects.create(user=district_admin)
    api = APIClient(REMOTE_ADDR=ADDRESS, HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(
        "/api/v1/establishments/",
        {"ward": "an-bien", "name": "Quán Karaoke Ánh Dương", "address": "12 Tô Hiệu", "category": "karaoke"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]

    est = Establishment.objects.get(pk=pk)
    [created] = entries_of(est, CREATE)
    # The token is authenticated inside the view, after the middleware: still attributed.
    assert created.actor == district_admin
    assert created.remote_addr == ADDRESS
    assert created.changes["name"] == ["None", "Quán Karaoke Ánh Dương"]

    # A forged X-Forwarded-For is not believed without a trusted proxy (TRUSTED_PROXY_COUNT=0).
    response = api.patch(
        f"/api/v1/establishments/{pk}/", {"workers": 14}, format="json", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert response.status_code == 200, response.json()
    [updated] = entries_of(est, UPDATE)
    assert updated.actor == district_admin and updated.remote_addr == ADDRESS
    assert updated.changes == {"workers": ["None", "14"]}  # updated_at is not an audited change


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(settings, district_admin, an_bien):
    settings.TRUSTED_PROXY_COUNT = 1
    api = APIClient(REMOTE_ADDR="10.0.0.2")
    api.force_authenticate(district_admin)
    response = api.post(
        "/api/v1/establishments/",
        {"ward": "an-bien", "name": "Chợ Đôn", "address": "Đường Chợ Đôn", "category": "market"},
        format="json",
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ADDRESS}",
    )
    assert response.status_code == 201, response.json()
    [entry] = entries_of_model(response.renderer_context["view"].get_queryset().model, CREATE)
    assert entry.remote_addr == ADDRESS  # the address nginx saw, not what the client claimed


# ---- Inspections (service) ---------------------------------------------------------------------------


@pytest.fixture
def team(le_chan, committee_member):
    t = TeamFactory(name="Đoàn kiểm tra số 1", daily_capacity=3, work_weekdays=[0, 1, 2, 3, 4, 5, 6])
    MemberFactory(team=t, user=committee_member, position="Trưởng đoàn")
    return t


def test_inspection_recorded_through_the_service_is_logged(committee_member, team, an_bien):
    est = EstablishmentFactory(ward=an_bien, name="Nhà hàng Biển Xanh")
    with set_actor(committee_member, remote_addr=ADDRESS):
        inspection = inspection_record(
            user=committee_member,
            team=team,
            establishment=est,
            inspected_at=timezone.now() - datetime.timedelta(hours=1),
            members_present=list(team.members.all()),
            answers={i.code: Answer.YES for i in checklist_for(est.category)},
            findings="Đeo khẩu trang đầy đủ",
            result=Result.COMPLIANT,
        )
    created, members = entries_of(inspection)
    assert created.action == CREATE and created.actor == committee_member and created.remote_addr == ADDRESS
    assert created.changes["result"] == ["None", Result.COMPLIANT]
    assert created.changes["findings"] == ["None", "Đeo khẩu trang đầy đủ"]
    assert created.additional_data["parent"] == f"inspections.establishment:{est.pk}"
    assert members.changes["members_present"]["operation"] == "add"
    assert len(members.changes["members_present"]["objects"]) == 1


# ---- Reports (service) ---------------------------------------------------------------------------------


@pytest.fixture
def catalogue(db):
    pytest.importorskip("reports.services")

    load_defaults(Indicator, ReportDeadline)


def _draft(officer):
    day = timezone.localdate() - datetime.timedelta(days=1)
    return services.report_create(
        user=officer, ward=officer.ward, kind=ReportKind.DAILY, period_start=day, values={"home_quarantine": 12}
    )


def test_report_create_and_submit_are_logged(catalogue, officer_an_bien):
    with set_actor(officer_an_bien, remote_addr=ADDRESS):
        report = _draft(officer_an_bien)
        services.report_submit(report=report, user=officer_an_bien)
    created, submitted = entries_of(report)
    assert created.action == CREATE and created.actor == officer_an_bien and created.remote_addr == ADDRESS
    assert created.changes["status"] == ["None", ReportStatus.DRAFT]
    assert submitted.action == UPDATE and submitted.actor == officer_an_bien
    assert submitted.changes["status"] == [ReportStatus.DRAFT, ReportStatus.SUBMITTED]


def test_removing_a_report_value_is_logged_in_the_reports_history(catalogue, officer_an_bien):
    report = _draft(officer_an_bien)
    value = report.values.get()
    with set_actor(officer_an_bien, remote_addr=ADDRESS):
        services.report_update(
            report=report, user=officer_an_bien, version=report.version, values={"home_quarantine": None}
        )
    assert not ReportValue.objects.filter(pk=value.pk).exists()
    [deleted] = entries_of(value, DELETE)
    assert deleted.actor == officer_an_bien
    assert deleted.changes["value"][0].startswith("12")
    assert deleted.additional_data["parent"] == f"reports.report:{report.pk}"


def test_report_values_written_by_the_service_are_logged(catalogue, officer_an_bien):
    with set_actor(officer_an_bien):
        report = _draft(officer_an_bien)
        services.report_update(
            report=report, user=officer_an_bien, version=report.version, values={"home_quarantine": 15}
        )
    value = report.values.get()
    assert entries_of(value, CREATE) and entries_of(value, UPDATE)


def test_audited_bulk_writes_log_each_row(catalogue, officer_an_bien):
    report = _draft(officer_an_bien)
    indicator = Indicator.objects.exclude(code="home_quarantine").first()
    with set_actor(officer_an_bien, remote_addr=ADDRESS):
        [row] = audited_bulk_create(ReportValue, [ReportValue(report=report, indicator=indicator, value=3)])
        row.value = 5
        audited_bulk_update(ReportValue, [row], ["value"])
    created, updated = entries_of(row)
    assert created.action == CREATE and created.actor == officer_an_bien and created.remote_addr == ADDRESS
    assert updated.action == UPDATE and updated.changes["value"][1] == "5"
    assert updated.additional_data["parent"] == f"reports.report:{report.pk}"


# ---- Supplies (service) -----------------------------------------------------------------------------


def test_stock_receipt_and_transfer_are_logged(district_admin, an_bien, le_chan):
    services = pytest.importorskip("supplies.services")

    masks = load_items(SupplyItem)["mask-medical"]
    store = services.district_store(le_chan)
    with set_actor(district_admin, remote_addr=ADDRESS):
        receipt = services.stock_receive(
            item=masks, holder=store, quantity=50000, user=district_admin, source="Sở Y tế Hải Phòng"
        )
        transfer = services.stock_transfer(
            item=masks, to_holder=services.holder_for_ward(an_bien), quantity=2000, user=district_admin
        )
    [entry] = entries_of(receipt, CREATE)
    assert entry.actor == district_admin and entry.remote_addr == ADDRESS
    assert entry.changes["quantity"] == ["None", "50000"]
    assert entry.changes["source"] == ["None", "Sở Y tế Hải Phòng"]
    assert entries_of(transfer.sent_movement, CREATE)
    [transfer_entry] = entries_of(Transfer.objects.get(pk=transfer.pk), CREATE)
    assert transfer_entry.changes["quantity_sent"] == ["None", "2000"]


# ---- API tokens: logged, never with their key --------------------------------------------------------


def test_api_token_issue_and_revoke_are_logged_without_the_key(district_admin, officer_an_bien):
    api = APIClient(REMOTE_ADDR=ADDRESS)
    api.force_authenticate(district_admin)
    token = Token.objects.create(user=officer_an_bien)
    key = token.key
    response = api.post(f"/api/v1/auth/tokens/{officer_an_bien.pk}/revoke/")
    assert response.status_code in (200, 204), response.content
    created, deleted = entries_of_model(Token)
    assert (created.action, deleted.action) == (CREATE, DELETE)
    assert deleted.actor == district_admin and deleted.remote_addr == ADDRESS
    for entry in (created, deleted):
        assert entry.object_pk == str(officer_an_bien.pk)
        assert key not in entry.object_repr and key not in str(entry.changes) and key not in str(entry.additional_data)
        assert entry.additional_data["parent"] == f"wards.user:{officer_an_bien.pk}"
    assert not LogEntry.objects.filter(object_pk=key).exists()
