"""Browser test: a team member records an inspection with a violation on a phone-sized window."""

import datetime

import pytest
from django.utils import timezone, translation

from inspections.choices import Action, Result, ScheduleKind
from inspections.models import Inspection, InspectionSchedule
from inspections.services import checklist_for, schedule_create
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_team_member_records_a_violation_with_a_fine_on_a_phone(
    phone_page, inspector, team, restaurant, district_admin
):
    today = timezone.localdate()
    visit = schedule_create(user=district_admin, team=team, establishment=restaurant, date=today)
    page = phone_page
    browser_login(page, inspector.username)

    page.goto(f"/inspections/calendar/?team={team.pk}&start={today.isoformat()}")
    page.click(f"a[href='/inspections/record/{visit.pk}/']")
    assert page.locator("[data-testid=record-establishment]").inner_text() == "Nhà hàng Biển Xanh"

    items = checklist_for(restaurant.category)
    for item in items:
        answer = 1 if item.code == "masks" else 0  # "no" for masks, "yes" for the rest
        page.click(f"label[for=id_item_{item.code}_{answer}]")
    page.fill("textarea[name=findings]", "Nhân viên phục vụ không đeo khẩu trang.")
    # Correct-by and the fine amount appear only once a violation and a fine are chosen.
    assert page.locator("input[name=correct_by]").is_hidden()
    page.check("input[name=result][value=violation]")
    page.select_option("select[name=action]", Action.FINE)
    page.fill("input[name=fine_amount]", "2000000")
    correct_by = today + datetime.timedelta(days=3)
    page.fill("input[name=correct_by]", correct_by.isoformat())
    page.click("[data-testid=record-submit]")

    page.wait_for_selector("[data-testid=inspection-result]")
    with translation.override("vi"):  # the page is in Vietnamese (phone locale vi-VN, default language)
        assert str(Result.VIOLATION.label) in page.locator("[data-testid=inspection-result]").inner_text()
    assert correct_by.strftime("%d/%m/%Y") in page.locator("[data-testid=follow-ups]").inner_text()
    # The page fits the phone: no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    inspection = Inspection.objects.get(schedule=visit)
    assert inspection.result == Result.VIOLATION and inspection.fine_amount == 2_000_000
    assert inspection.answers.get(item__code="masks").answer == "no"
    assert InspectionSchedule.objects.get(follow_up_of=inspection, kind=ScheduleKind.FOLLOW_UP).date == correct_by
