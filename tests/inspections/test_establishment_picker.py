"""The establishment picker of "Plan a visit" (issue 12 #9): 325 bare names could not be searched
and twins in two wards could not be told apart. Options read "Name — Ward"; a search box filters
them as one types, accents ignored, on a 360 px phone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import InspectionSchedule
from tests.conftest import browser_login
from tests.factories import EstablishmentFactory
from wards.models import Ward

PICKER_PATH = "/inspections/schedules/new/"


@pytest.fixture
def twins(le_chan, inspection_defaults):
    """The same name in two wards, and a crowd of others."""
    ho_nam, an_bien = Ward.objects.get(code="ho-nam"), Ward.objects.get(code="an-bien")
    for ward in Ward.objects.filter(district=le_chan):
        EstablishmentFactory.create_batch(8, ward=ward)
    return (
        EstablishmentFactory(ward=ho_nam, name="Quán cà phê Đồng Xanh"),
        EstablishmentFactory(ward=an_bien, name="Quán cà phê Đồng Xanh"),
    )


@pytest.mark.django_db
def test_options_name_the_ward_and_a_search_box_comes_with_the_select(admin_client_, twins):
    html = admin_client_.get(reverse("inspections:schedule_create")).content.decode()
    ho_nam, an_bien = twins
    assert f'<option value="{ho_nam.pk}">Quán cà phê Đồng Xanh — Hồ Nam</option>' in html
    assert f'<option value="{an_bien.pk}">Quán cà phê Đồng Xanh — An Biên</option>' in html
    assert 'data-select-filter="id_establishment"' in html
    assert 'type="number"' not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_administrator_finds_an_establishment_by_typing_on_a_phone(
    chromium_browser, live_server, district_admin, twins, team
):
    ho_nam, _an_bien = twins
    context = chromium_browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        browser_login(page, district_admin.username)
        page.goto(PICKER_PATH)
        total = page.locator("#id_establishment option").count()
        assert total > 120
        search = page.locator("[data-select-filter=id_establishment]")
        assert search.is_visible()
        search.fill("dong xanh ho nam")  # no accents, name and ward words mixed
        options = page.locator("#id_establishment option:not([value=''])")
        assert options.all_inner_texts() == ["Quán cà phê Đồng Xanh — Hồ Nam"]
        assert "1" in page.locator("[data-select-count]").inner_text()
        search.press("Enter")  # picks the first match, does not send the form
        assert page.locator("#id_establishment").input_value() == str(ho_nam.pk)
        search.fill("")
        assert page.locator("#id_establishment option").count() == total
        assert page.locator("#id_establishment").input_value() == str(ho_nam.pk)  # the choice stays
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.select_option("select[name=team]", str(team.pk))
        day = timezone.localdate() + datetime.timedelta(days=1)
        page.fill("input[name=date]", day.strftime("%d/%m/%Y"))
        page.click("form.card button[type=submit]")
        page.wait_for_url(lambda url: PICKER_PATH not in url)
        assert InspectionSchedule.objects.get(establishment=ho_nam).date == day
    finally:
        context.close()
