"""Idempotency keys on the inspections API and the inspection record form: a resent visit records once."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from inspections.choices import Action, Result
from inspections.models import Establishment, Inspection, InspectionSchedule
from inspections.services import schedule_create
from tests.factories import ScheduleFactory
from tests.inspections.conftest import all_yes, at

pytestmark = pytest.mark.django_db

INSPECTIONS = "/api/v1/inspections/"


@pytest.fixture
def visit(district_admin, team, restaurant, today):
    return schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)


@pytest.fixture
def inspector_api(inspector):
    api = APIClient()
    api.force_authenticate(inspector)
    return api


def post(api, path, body, key):
    return api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def record_body(visit, today, **kw):
    body = {
        "schedule": visit.pk, "inspected_at": at(today, 0).isoformat(),
        "members_present": list(visit.team.members.values_list("pk", flat=True)),
        "answers": all_yes(visit.establishment), "result": Result.VIOLATION, "action": Action.FINE,
        "fine_amount": 3_000_000, "correct_by": (today + datetime.timedelta(days=3)).isoformat(),
        "findings": "Không có sổ khử khuẩn",
    }  # fmt: skip
    body.update(kw)
    return body


def test_a_replayed_inspection_returns_the_first_record(inspector_api, visit, today):
    first = post(inspector_api, INSPECTIONS, record_body(visit, today), "visit-1")
    again = post(inspector_api, INSPECTIONS, record_body(visit, today), "visit-1")
    assert first.status_code == again.status_code == 201, again.json()
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Inspection.objects.count() == 1


def test_the_same_key_for_another_visit_report_is_422(inspector_api, visit, today):
    post(inspector_api, INSPECTIONS, record_body(visit, today), "visit-2")
    response = post(inspector_api, INSPECTIONS, record_body(visit, today, fine_amount=5_000_000), "visit-2")
    assert response.status_code == 422
    assert Inspection.objects.get().fine_amount == 3_000_000


def test_replayed_establishment_and_schedule_creations_create_once(admin_api, team, restaurant, today):
    body = {"ward": "cat-dai", "name": "Karaoke Ánh Sao", "address": "12 Hai Bà Trưng", "category": "karaoke"}
    ids = {post(admin_api, "/api/v1/establishments/", body, "est-1").json()["id"] for _ in range(2)}
    assert len(ids) == 1 and Establishment.objects.filter(name="Karaoke Ánh Sao").count() == 1
    plan = {"team": team.pk, "establishment": restaurant.pk, "date": today.isoformat()}
    codes = [post(admin_api, "/api/v1/inspection-schedules/", plan, "plan-1").status_code for _ in range(2)]
    assert codes == [201, 201] and InspectionSchedule.objects.count() == 1


# ---- the record form -------------------------------------------------------------------------------


def record_form(visit, today, key="record-page-1", **kw):
    data = {
        "inspected_at": f"{today.isoformat()}T00:01",
        "members_present": list(visit.team.members.values_list("pk", flat=True)),
        "result": Result.VIOLATION, "action": Action.FINE, "fine_amount": "1500000",
        "correct_by": (today + datetime.timedelta(days=2)).isoformat(), "findings": "Không có điểm rửa tay",
        "idempotency_key": key,
    }  # fmt: skip
    data.update({f"item_{k}": v for k, v in all_yes(visit.establishment).items()})
    data.update(kw)
    return data


@pytest.fixture
def inspector_client(client, inspector):
    client.force_login(inspector)
    return client


def test_the_record_form_carries_a_key(inspector_client, visit):
    page = inspector_client.get(reverse("inspections:record", args=[visit.pk])).content.decode()
    assert 'name="idempotency_key"' in page


def test_a_resent_record_form_redirects_to_the_inspection_it_recorded(inspector_client, visit, today):
    path = reverse("inspections:record", args=[visit.pk])
    first = inspector_client.post(path, record_form(visit, today))
    again = inspector_client.post(path, record_form(visit, today))
    inspection = Inspection.objects.get()
    detail = reverse("inspections:inspection_detail", args=[inspection.pk])
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == detail  # not the "already recorded" establishment page


def test_a_resent_unscheduled_record_form_records_once(inspector_client, team, restaurant, today):
    path = reverse("inspections:record_new") + f"?establishment={restaurant.pk}"
    data = record_form(ScheduleFactory.build(team=team, establishment=restaurant), today, team=team.pk,
                       reason="complaint", result=Result.COMPLIANT, action=Action.NONE, fine_amount="", correct_by="",
                       establishment=restaurant.pk)  # fmt: skip
    codes = [inspector_client.post(path, data).status_code for _ in range(2)]
    assert codes == [302, 302] and Inspection.objects.count() == 1
