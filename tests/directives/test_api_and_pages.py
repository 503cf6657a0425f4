"""The API's actions and the pages: reply / accept / return, bad inputs, cross-ward access, exports."""

import pytest
from django.test import Client

from directives import services
from directives.choices import AssignmentStatus
from directives.models import Assignment, Evidence
from tests.directives.conftest import JPEG, upload

pytestmark = pytest.mark.django_db


def test_officer_replies_on_the_api_and_the_committee_accepts(
    mine, officer_api, committee_api, clock, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = officer_api.post(
        f"/api/v1/assignments/{mine.pk}/reply/",
        {"reply": "Đã rà soát", "number": "12", "evidence": [upload("a.jpg", JPEG)]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == AssignmentStatus.REPLIED
    assert len(response.json()["evidence"]) == 1
    assert officer_api.post(f"/api/v1/assignments/{mine.pk}/accept/", {}, format="json").status_code == 403
    assert committee_api.post(f"/api/v1/assignments/{mine.pk}/accept/", {}, format="json").status_code == 200
    twice = committee_api.post(f"/api/v1/assignments/{mine.pk}/accept/", {}, format="json")
    assert twice.status_code == 400
    assert "status" in twice.json()


def test_return_on_the_api_needs_a_comment(mine, officer_api, committee_api, clock):
    officer_api.post(f"/api/v1/assignments/{mine.pk}/reply/", {"reply": "x", "number": 1}, format="json")
    assert committee_api.post(f"/api/v1/assignments/{mine.pk}/return/", {}, format="json").status_code == 400
    response = committee_api.post(f"/api/v1/assignments/{mine.pk}/return/", {"comment": "Thiếu ảnh"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == AssignmentStatus.RETURNED


def test_officer_cannot_reach_another_wards_assignment(theirs, officer_api, officer_an_bien, clock, task):
    assert officer_api.get(f"/api/v1/assignments/{theirs.pk}/").status_code == 404
    reply = officer_api.post(f"/api/v1/assignments/{theirs.pk}/reply/", {"reply": "x", "number": 1}, format="json")
    assert reply.status_code == 404
    ids = {a["id"] for a in officer_api.get("/api/v1/assignments/", {"page_size": 500}).json()["results"]}
    assert ids == set(Assignment.objects.filter(ward=officer_an_bien.ward).values_list("pk", flat=True))
    client = Client()
    client.force_login(officer_an_bien)
    assert client.get(f"/directives/assignments/{theirs.pk}/").status_code == 404
    assert client.post(f"/directives/assignments/{theirs.pk}/", {"reply": "x", "number": "1"}).status_code == 404
    csv = client.get("/directives/assignments.csv", {"ward": "cat-dai"}).content.decode()
    assert "Cát Dài" not in csv
    assert client.get("/directives/overdue/").status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == AssignmentStatus.NEW


def test_evidence_is_served_to_its_ward_and_the_committee_only(
    mine, officer_an_bien, officer_cat_dai, committee_member, clock, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.assignment_reply(assignment=mine, user=officer_an_bien, reply="x", number=1, files=[upload("a.jpg", JPEG)])
    evidence = Evidence.objects.get()
    for user, expected in ((officer_an_bien, 200), (committee_member, 200), (officer_cat_dai, 404)):
        client = Client()
        client.force_login(user)
        assert client.get(f"/directives/evidence/{evidence.pk}/").status_code == expected


def test_reply_page_shows_translated_errors_next_to_the_fields(mine, officer_an_bien, clock):
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(officer_an_bien)
    response = client.post(
        f"/directives/assignments/{mine.pk}/",
        {"action": "reply", "reply": "Đã làm", "number": "12", "evidence": upload("x.jpg", b"GIF89a not allowed")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đã làm" in page  # nothing typed is lost
    assert "PDF" in page
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.NEW


def test_reply_and_review_through_the_pages(mine, officer_an_bien, committee_member, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = Client()
    officer.force_login(officer_an_bien)
    response = officer.post(
        f"/directives/assignments/{mine.pk}/",
        {"action": "reply", "reply": "Đã rà soát", "done_on": "17/03/2020", "number": "1.200",
         "evidence": upload("a.jpg", JPEG)},
    )  # fmt: skip
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.number) == (AssignmentStatus.REPLIED, 1200)
    committee = Client()
    committee.force_login(committee_member)
    assert "review-form" in committee.get(f"/directives/assignments/{mine.pk}/").content.decode()
    assert committee.post(f"/directives/assignments/{mine.pk}/", {"action": "accept"}).status_code == 302
    again = committee.post(f"/directives/assignments/{mine.pk}/", {"action": "accept"})
    assert again.status_code == 400
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ACCEPTED


def test_pages_answer_for_each_role(mine, officer_an_bien, committee_member, district_admin, clock):
    for user in (officer_an_bien, committee_member, district_admin):
        client = Client()
        client.force_login(user)
        for url in ("/directives/", f"/directives/{mine.task.directive_id}/", "/directives/inbox/",
                    f"/directives/assignments/{mine.pk}/", "/directives/assignments.csv"):  # fmt: skip
            assert client.get(url).status_code == 200, (user.username, url)
    anonymous = Client()
    assert anonymous.get("/directives/").status_code == 302
    assert anonymous.get("/api/v1/assignments/").status_code in (401, 403)


def test_the_matrix_shows_an_officer_only_their_ward(mine, officer_an_bien, committee_member, clock):
    officer = Client()
    officer.force_login(officer_an_bien)
    page = officer.get(f"/directives/{mine.task.directive_id}/").content.decode()
    assert "An Biên" in page and "Cát Dài" not in page
    committee = Client()
    committee.force_login(committee_member)
    page = committee.get(f"/directives/{mine.task.directive_id}/").content.decode()
    assert "An Biên" in page and "Cát Dài" in page


def test_open_assignments_are_on_the_officers_home_page(mine, officer_an_bien, clock, catalogue):
    client = Client()
    client.force_login(officer_an_bien)
    page = client.get("/").content.decode()
    assert 'data-testid="home-assignments"' in page
    assert mine.task.title in page
