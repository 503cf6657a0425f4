"""The layout every page shares (issue 12): the favicon, the skip link to the main content, the
district's identity in the footer and on the login page, read from the District row."""

import pytest
from django.templatetags.static import static
from django.utils import translation

from wards.context_processors import forget_identity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_identity():
    forget_identity()
    yield
    forget_identity()


def test_favicon_ico_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.ico")
    assert client.get(response["Location"]).status_code == 200


def test_pages_link_the_icons_and_skip_to_the_main_content(officer_client):
    html = officer_client.get("/").content.decode()
    for name in ("img/favicon.svg", "img/favicon-32.png", "img/apple-touch-icon.png"):
        assert f'href="{static(name)}"' in html
    assert 'href="#main"' in html and '<main class="container-lg py-3" id="main"' in html
    assert html.index('href="#main"') < html.index("<nav")  # the first thing a keyboard reaches


def test_login_page_and_footer_show_the_districts_committee_from_the_district_row(client, le_chan):
    with translation.override("vi"):
        html = client.get("/accounts/login/").content.decode()
    assert html.count("Ban Chỉ đạo phòng, chống dịch COVID-19 quận Lê Chân") == 2  # login card and footer
    le_chan.committee_name = "Ban Chỉ đạo phòng, chống dịch quận Lê Chân"
    le_chan.save()
    forget_identity()
    html = client.get("/accounts/login/").content.decode()
    assert html.count("Ban Chỉ đạo phòng, chống dịch quận Lê Chân") == 2


def test_a_district_without_a_committee_name_is_named_after_the_district(client, le_chan):
    le_chan.committee_name = ""
    le_chan.save()
    with translation.override("vi"):
        html = client.get("/accounts/login/").content.decode()
    assert "Ban Chỉ đạo phòng, chống dịch COVID-19 Lê Chân" in html


def test_the_district_identity_costs_no_query_once_read(client, le_chan, django_assert_num_queries):
    client.get("/accounts/login/")
    with django_assert_num_queries(0):
        client.get("/accounts/login/")
