"""The ward officer's home is their task list (issue 12 #10): today's report and the time left,
returned reports with the committee's comments, their urgent reports and whether acknowledged,
deliveries to confirm, inspections due this week, items running low and a week of key figures,
in a fixed number of queries."""

import datetime

import pytest
from django.utils import translation

from reports import services as report_services
from supplies import services as supply_services
from supplies.models import SupplyItem
from supplies.seed import load_items
from tests.factories import EstablishmentFactory, WardFactory, at, bulk_daily, draft_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(catalogue, clock, today, settings):
    clock(today, 9)  # this folder's clock starts at 21:00
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _returned(officer, committee, day, comment):
    report = report_services.report_submit(report=draft_daily(officer, day), user=officer)
    return report_services.report_return(
        report=report, user=committee, comment=comment, field_comments={"masks_given": "Kiểm tra lại"}
    )


def _urgent(officer, title, when):
    report = report_services.report_create(
        user=officer, ward=officer.ward, kind="urgent", title=title, severity="serious",
        occurred_at=when, location="Chợ Cột Đèn", description="Mô tả",
    )  # fmt: skip
    return report_services.report_submit(report=report, user=officer)


def _ward_tasks(*, officer, committee, admin, today, scale=1):
    ward = officer.ward
    for n in range(2):
        _returned(officer, committee, today - datetime.timedelta(days=n + 1), f"Sửa lại số liệu {n + 1}")
    waiting = _urgent(officer, "Phát hiện ca nghi nhiễm", at(today, 7))
    seen = _urgent(officer, "Tụ tập đông người", at(today, 8))
    report_services.report_acknowledge(report=seen, user=committee)
    items = load_items(SupplyItem)
    masks = items["mask-medical"]
    district = supply_services.district_store(ward.district)
    supply_services.stock_receive(item=masks, holder=district, quantity=5000 * scale, user=admin, source="Sở Y tế")
    for _ in range(scale):
        supply_services.stock_transfer(
            item=masks, to_holder=supply_services.holder_for_ward(ward), quantity=200, user=admin
        )
    sanitiser = items["sanitiser-500ml"]
    sanitiser.minimum_level = 50
    sanitiser.save()
    supply_services.stock_receive(
        item=sanitiser, holder=supply_services.holder_for_ward(ward), quantity=3, user=admin, source="Sở Y tế"
    )
    for n in range(scale):
        EstablishmentFactory(
            ward=ward, name=f"Nhà hàng quá hạn {n}", registered_on=today - datetime.timedelta(days=400)
        )
    EstablishmentFactory(ward=ward, name="Quán mới mở", registered_on=today)  # not due for months
    return waiting, seen


def test_officer_home_lists_every_task_of_the_ward(
    client, officer_an_bien, committee_member, district_admin, all_wards, today
):
    bulk_daily([officer_an_bien.ward], [today - datetime.timedelta(days=d) for d in range(3, 7)], officer_an_bien)
    waiting, seen = _ward_tasks(officer=officer_an_bien, committee=committee_member, admin=district_admin, today=today)
    client.force_login(officer_an_bien)
    html = client.get("/").content.decode()

    assert "Due today at 16:00" in html and "7 h 0 min left" in html  # 09:00 now
    returned = html[html.index('data-testid="home-returned"') :]
    returned = returned[: returned.index("</section>")]
    assert "Returned for correction (2)" in returned
    assert "Sửa lại số liệu 1" in returned and "Sửa lại số liệu 2" in returned  # the reviewer's comments
    assert "1 comment on a field" in returned
    urgent = html[html.index('data-testid="home-urgent"') :]
    assert waiting.title in urgent and seen.title in urgent
    assert 'data-testid="urgent-waiting"' in urgent and 'data-testid="urgent-acknowledged"' in urgent
    transfers = html[html.index('data-testid="home-transfers"') :]
    assert "Deliveries to confirm (1)" in transfers and "/supplies/transfers/" in transfers
    inspections = html[html.index('data-testid="home-inspections"') :]
    inspections = inspections[: inspections.index("</section>")]
    assert "Nhà hàng quá hạn 0" in inspections and "Overdue" in inspections
    assert "Quán mới mở" not in inspections
    low = html[html.index('data-testid="home-low-stock"') :]
    assert sanitiser_name() in low[: low.index("</section>")] and "minimum 50" in low
    strip = html[html.index('data-testid="home-strip"') :]
    assert "People under home quarantine" in strip and "12" in strip
    assert (today - datetime.timedelta(days=6)).strftime("%d/%m") in strip and today.strftime("%d/%m/%Y") in strip


def test_a_quiet_ward_sees_only_today_and_the_week(client, officer_an_bien, all_wards):
    client.force_login(officer_an_bien)
    html = client.get("/").content.decode()
    assert 'data-testid="today-card"' in html and 'data-testid="home-strip"' in html
    for section in ("home-returned", "home-urgent", "home-transfers", "home-inspections", "home-low-stock"):
        assert f'data-testid="{section}"' not in html


def test_officer_home_sees_only_its_own_ward(
    client, officer_an_bien, officer_cat_dai, committee_member, district_admin, today
):
    _ward_tasks(officer=officer_cat_dai, committee=committee_member, admin=district_admin, today=today)
    client.force_login(officer_an_bien)
    html = client.get("/").content.decode()
    for section in ("home-returned", "home-urgent", "home-transfers", "home-inspections", "home-low-stock"):
        assert f'data-testid="{section}"' not in html


def sanitiser_name():
    return SupplyItem.objects.get(code="sanitiser-500ml").name


HOME_QUERIES = 18  # measured: the same at both sizes (16, and 2 for the directives block)


@pytest.mark.parametrize("scale", [1, 5])
def test_officer_home_query_count_is_constant(
    client, officer_an_bien, committee_member, district_admin, all_wards, today, scale, django_assert_max_num_queries
):
    wards = all_wards + [WardFactory(code=f"extra-{i}", name=f"Phường {i}") for i in range(15 * (scale - 1))]
    bulk_daily(wards, [today - datetime.timedelta(days=d) for d in range(3, 3 + 7 * scale)], officer_an_bien)
    _ward_tasks(officer=officer_an_bien, committee=committee_member, admin=district_admin, today=today, scale=scale)
    client.force_login(officer_an_bien)
    client.get("/")
    with django_assert_max_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200
