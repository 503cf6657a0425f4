"""Pages of the foundation for each role: home, wards, ward edit, accounts, admin, error pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from tests.factories import PASSWORD
from tests.wards.helpers import logs_in
from wards.models import Ward, WardCommittee
from wards.seed import LE_CHAN_WARDS

pytestmark = pytest.mark.django_db

WARD_NAMES = [name for _code, name in LE_CHAN_WARDS]
# Session, user, the page's one query (+ the officer's ward for the navigation) and the other apps'
# home-page panels (the reports panel adds about 8). A query per ward would add 15 or 150.
MAX_PAGE_QUERIES = 20


def t(msgid: str) -> str:
    """The text the (Vietnamese by default) UI shows for ``msgid``."""
    with translation.override("vi"):
        return translation.gettext(msgid)


def template_names(response) -> list[str]:
    return [tpl.name for tpl in response.templates]


# ---- Home per role ----------------------------------------------------------------------------


def test_anonymous_home_redirects_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_officer_home_shows_own_ward_today(officer_client):
    response = officer_client.get("/")
    assert response.status_code == 200
    assert "wards/home_officer.html" in template_names(response)
    assert response.context["ward"].code == "an-bien"
    assert response.context["today"] == timezone.localdate()
    html = response.text
    assert "An Biên" in html
    assert "Cát Dài" not in html  # nothing of another ward


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_home_shows_all_fifteen_wards(page_client_for, role):
    response = page_client_for(role).get("/")
    assert response.status_code == 200
    assert "wards/home_district.html" in template_names(response)
    for name in WARD_NAMES:
        assert name in response.text
    assert len(response.context["wards"]) == 15


def test_navigation_offers_administration_only_to_administrators(page_client_for):
    assert 'href="/admin/"' in page_client_for("admin").get("/").text
    assert 'href="/admin/"' not in page_client_for("committee").get("/").text
    assert 'href="/admin/"' not in page_client_for("officer").get("/").text


def test_navigation_names_the_officers_ward_page_my_ward(page_client_for):
    assert t("My ward") in page_client_for("officer").get("/").text
    assert t("My ward") not in page_client_for("committee").get("/").text


# ---- Ward list and detail ---------------------------------------------------------------------


def test_officer_ward_list_shows_own_ward_only(officer_client, an_bien):
    response = officer_client.get("/wards/")
    assert response.status_code == 200
    assert list(response.context["wards"]) == [an_bien]
    assert "Cát Dài" not in response.text


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_ward_list_shows_all_wards(page_client_for, role):
    response = page_client_for(role).get("/wards/")
    assert response.status_code == 200
    assert len(response.context["wards"]) == 15
    for name in WARD_NAMES:
        assert name in response.text


def test_officer_sees_own_ward_detail(officer_client, an_bien):
    response = officer_client.get(f"/wards/{an_bien.pk}/")
    assert response.status_code == 200
    assert "An Biên" in response.text
    assert f"/wards/{an_bien.pk}/edit/" not in response.text  # no edit button for officers


def test_officer_of_an_bien_gets_404_for_cat_dai(officer_client, cat_dai):
    response = officer_client.get(f"/wards/{cat_dai.pk}/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert "Cát Dài" not in response.text


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_and_admin_see_any_ward_detail(page_client_for, role, cat_dai):
    response = page_client_for(role).get(f"/wards/{cat_dai.pk}/")
    assert response.status_code == 200
    assert "Cát Dài" in response.text
    assert (f"/wards/{cat_dai.pk}/edit/" in response.text) is (role == "admin")


@pytest.mark.parametrize("path", ["/wards/", "/wards/1/", "/wards/1/edit/", "/accounts/password/"])
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# ---- Ward edit (administrators only) -----------------------------------------------------------


def edit_data(ward: Ward, **changes) -> dict:
    committee = ward.committee
    data = {
        "ward-name": ward.name,
        "ward-population": ward.population or "",
        "ward-active_from": ward.active_from.isoformat(),
        "ward-active_until": "",
        "committee-head_name": committee.head_name,
        "committee-deputy_name": committee.deputy_name,
        "committee-phone": committee.phone,
        "committee-established_on": "",
        "committee-plan_reference": committee.plan_reference,
    }
    data.update(changes)
    return data


def test_admin_opens_the_ward_edit_page(admin_client_, an_bien):
    response = admin_client_.get(f"/wards/{an_bien.pk}/edit/")
    assert response.status_code == 200
    assert 'name="ward-name"' in response.text and 'name="committee-head_name"' in response.text


def test_admin_saves_ward_and_committee(admin_client_, an_bien):
    data = edit_data(
        an_bien,
        **{
            "ward-population": "14250",
            "committee-head_name": "Nguyễn Thị Hằng",
            "committee-deputy_name": "Trần Văn Bình",
            "committee-phone": "0225 3855 123",
            "committee-established_on": "2020-01-30",
            "committee-plan_reference": "12/KH-BCĐ",
        },
    )
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/wards/{an_bien.pk}/"
    an_bien.refresh_from_db()
    committee = WardCommittee.objects.get(ward=an_bien)
    assert an_bien.population == 14250
    assert (committee.head_name, committee.deputy_name) == ("Nguyễn Thị Hằng", "Trần Văn Bình")
    assert committee.established_on == datetime.date(2020, 1, 30)
    assert committee.has_plan


def test_admin_uploads_the_plan_pdf(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 302
    committee = WardCommittee.objects.get(ward=an_bien)
    assert committee.plan_file.name.startswith("ward-plans/")
    assert committee.has_plan


@pytest.fixture
def an_bien_plan(an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee = an_bien.committee
    committee.plan_file = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan of An Bien")
    committee.save()
    return an_bien


@pytest.mark.parametrize("role", ["officer", "committee", "admin"])
def test_plan_is_downloaded_by_users_who_see_the_ward(page_client_for, role, an_bien_plan):
    detail = page_client_for(role).get(f"/wards/{an_bien_plan.pk}/")
    assert f"/wards/{an_bien_plan.pk}/plan/" in detail.text
    response = page_client_for(role).get(f"/wards/{an_bien_plan.pk}/plan/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan of An Bien"
    response.close()


def test_plan_of_another_ward_is_404_for_an_officer(page_client_for, an_bien_plan, officer_cat_dai):
    client = Client()
    client.force_login(officer_cat_dai)
    assert client.get(f"/wards/{an_bien_plan.pk}/plan/").status_code == 404


def test_plan_download_needs_login(client, an_bien_plan):
    assert client.get(f"/wards/{an_bien_plan.pk}/plan/")["Location"].startswith("/accounts/login/")


def test_plan_download_is_404_when_no_plan_is_on_file(committee_client, an_bien):
    assert committee_client.get(f"/wards/{an_bien.pk}/plan/").status_code == 404


def test_ward_edit_refuses_a_plan_that_is_not_a_pdf(admin_client_, an_bien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = edit_data(an_bien)
    data["committee-plan_file"] = SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream")
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["committee_form"].errors["plan_file"] == [t("The plan file must be a PDF.")]
    assert not WardCommittee.objects.get(ward=an_bien).plan_file


def test_ward_edit_error_keeps_typed_values_and_saves_nothing(admin_client_, an_bien):
    data = edit_data(
        an_bien,
        **{
            "ward-name": "An Biên mới",
            "ward-population": "nhiều",  # not a number
            "ward-active_until": "2019-12-31",  # before active_from
            "committee-head_name": "Phạm Thị Thu",
        },
    )
    response = admin_client_.post(f"/wards/{an_bien.pk}/edit/", data)
    assert response.status_code == 400
    form = response.context["ward_form"]
    assert "population" in form.errors
    html = response.text
    assert 'value="An Biên mới"' in html
    assert 'value="nhiều"' in html
    assert 'value="Phạm Thị Thu"' in html
    an_bien.refresh_from_db()
    assert an_bien.name == "An Biên"
    assert WardCommittee.objects.get(ward=an_bien).head_name == ""


def test_ward_edit_refuses_an_end_date_before_the_start(admin_client_, an_bien):
    response = admin_client_.post(
        f"/wards/{an_bien.pk}/edit/", edit_data(an_bien, **{"ward-active_until": "2019-12-31"})
    )
    assert response.status_code == 400
    assert t("The end date must not be before the start date.") in response.text
    an_bien.refresh_from_db()
    assert an_bien.active_until is None


@pytest.mark.parametrize("role", ["committee", "officer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_administrators_edit_wards(page_client_for, role, method, an_bien):
    client = page_client_for(role)
    response = getattr(client, method)(
        f"/wards/{an_bien.pk}/edit/", edit_data(an_bien, **{"ward-name": "X"}) if method == "post" else None
    )
    assert response.status_code == 403
    assert "403.html" in template_names(response)
    assert t("Access denied") in response.text
    an_bien.refresh_from_db()
    assert an_bien.name == "An Biên"


def test_admin_gets_404_for_editing_a_missing_ward(admin_client_):
    assert admin_client_.get("/wards/999999/edit/").status_code == 404


# ---- Login, logout, password change -----------------------------------------------------------


def login_errors(client, username, password):
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 200
    return response, list(response.context["form"].non_field_errors())


def test_login_with_good_credentials_goes_home(client, officer_an_bien):
    response = client.post("/accounts/login/", {"username": officer_an_bien.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").context["user"] == officer_an_bien


def test_login_wrong_password_shows_a_translated_error_that_does_not_say_which_part(client, officer_an_bien):
    wrong_password, errors_password = login_errors(client, officer_an_bien.username, "wrong-password")
    _unknown_user, errors_user = login_errors(client, "nobody-here", PASSWORD)
    assert errors_password == [t("The username or password is not correct.")]
    # The same message whichever part was wrong: no hint that the account exists.
    assert errors_user == errors_password
    assert t("The username or password is not correct.") in wrong_password.text
    # What was typed as username is kept; the password is not echoed back.
    assert f'value="{officer_an_bien.username}"' in wrong_password.text
    assert "wrong-password" not in wrong_password.text


def test_login_of_an_inactive_user_gets_the_same_error(client, officer_an_bien):
    officer_an_bien.is_active = False
    officer_an_bien.save()
    _response, errors = login_errors(client, officer_an_bien.username, PASSWORD)
    assert errors == [t("The username or password is not correct.")]


def test_login_page_redirects_a_logged_in_user_home(officer_client):
    response = officer_client.get("/accounts/login/")
    assert response.status_code == 302


def test_logout_ends_the_session(officer_client):
    response = officer_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert officer_client.get("/")["Location"].startswith("/accounts/login/")


def test_logout_is_post_only(officer_client):
    assert officer_client.get("/accounts/logout/").status_code == 405
    assert officer_client.get("/").status_code == 200


def test_password_change_then_login_with_the_new_password(officer_client, officer_an_bien):
    new = "Mật-khẩu-mới-2026"
    response = officer_client.get("/accounts/password/")
    assert response.status_code == 200
    response = officer_client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert officer_client.get("/accounts/password/done/").status_code == 200
    officer_an_bien.refresh_from_db()
    assert officer_an_bien.check_password(new)
    fresh = Client()
    assert logs_in(fresh, officer_an_bien.username, new)


def test_password_change_with_wrong_old_password_keeps_the_old_one(officer_client, officer_an_bien):
    new = "Mật-khẩu-mới-2026"
    response = officer_client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    officer_an_bien.refresh_from_db()
    assert officer_an_bien.check_password(PASSWORD)


# ---- Django admin: administrators only --------------------------------------------------------


def test_admin_site_opens_for_administrators(admin_client_):
    response = admin_client_.get("/admin/")
    assert response.status_code == 200
    assert admin_client_.get("/admin/wards/ward/").status_code == 200
    assert admin_client_.get("/admin/wards/user/").status_code == 200


@pytest.mark.parametrize("role", ["committee", "officer"])
def test_admin_site_refuses_committee_and_officers(page_client_for, role):
    client = page_client_for(role)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/wards/ward/").status_code == 302


@pytest.mark.parametrize("persona", ["committee_member", "officer_an_bien"])
def test_committee_and_officers_cannot_log_in_to_the_admin(client, request, persona):
    user = request.getfixturevalue(persona)
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/admin/").status_code == 302


def test_administrator_logs_in_to_the_admin(client, district_admin):
    response = client.post("/admin/login/?next=/admin/", {"username": district_admin.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# ---- Error pages ------------------------------------------------------------------------------


def test_unknown_url_shows_our_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in template_names(response)
    assert t("Page not found") in response.text
    assert t("The page you asked for does not exist or you may not see it.") in response.text


def test_logged_in_unknown_url_shows_our_404_page_with_navigation(officer_client):
    response = officer_client.get("/wards/no-such-thing/")
    assert response.status_code == 404
    assert t("Page not found") in response.text
    assert 'data-testid="user-menu"' in response.text


def test_server_error_page_renders_without_database_or_request_context():
    from core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "500" in content and t("Server error") in content


# ---- Query counts -----------------------------------------------------------------------------


def add_wards(district, count: int) -> None:
    wards = Ward.objects.bulk_create(
        Ward(district=district, code=f"extra-{i}", name=f"Phường {i}", active_from=datetime.date(2020, 1, 22))
        for i in range(count)
    )
    WardCommittee.objects.bulk_create(WardCommittee(ward=w, head_name=f"Trưởng ban {w.name}") for w in wards)


def count_queries(client, path: str, max_queries) -> int:
    client.get(path)  # warm up: the first request of a session also refreshes the session row
    with max_queries(MAX_PAGE_QUERIES) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/", "/wards/"])
def test_district_pages_run_the_same_queries_for_15_and_150_wards(
    committee_client, le_chan, path, django_assert_max_num_queries
):
    with_15 = count_queries(committee_client, path, django_assert_max_num_queries)
    add_wards(le_chan, 135)
    with_150 = count_queries(committee_client, path, django_assert_max_num_queries)
    assert with_150 == with_15
    assert len(committee_client.get(path).context["wards"]) == 150


def test_officer_home_runs_the_same_queries_for_15_and_150_wards(
    officer_client, le_chan, django_assert_max_num_queries
):
    with_15 = count_queries(officer_client, "/", django_assert_max_num_queries)
    add_wards(le_chan, 135)
    assert count_queries(officer_client, "/", django_assert_max_num_queries) == with_15
