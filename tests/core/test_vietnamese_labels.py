"""The English and raw codes users met on Vietnamese pages, one by one (issue 12 #5): the blank
choice of selects, the distribution form's store label, units on the summary page and in its PDF,
field codes and raw values in a report's history and in the audit trail."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services as report_services
from reports.choices import ReportKind
from reports.summary.pdf import summary_pdf
from reports.summary.services import summary_compile
from supplies import services as supply_services
from supplies.choices import RecipientType
from supplies.models import SupplyItem
from supplies.seed import load_items
from tests.factories import submitted_daily
from tests.summary.test_exports import pdf_text

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture(autouse=True)
def _setup(catalogue, clock):
    yield


def test_selects_offer_a_vietnamese_blank_choice(admin_client_):
    form = admin_client_.get(reverse("inspections:establishment_create"), **VI).content.decode()
    assert '<option value="" selected>— Chọn —</option>' in form
    filters = admin_client_.get(reverse("reports:list"), **VI).content.decode()
    assert "— Tất cả —" in filters
    for html in (form, filters):
        assert "---------" not in html and "Select an option" not in html


def test_the_distribution_form_labels_the_store_not_a_date(officer_client):
    html = officer_client.get(reverse("supplies:distribute"), **VI).content.decode()
    label = html[html.index('for="id_holder"') :]
    assert label[label.index(">") + 1 :].lstrip().startswith("Từ kho")
    assert "Từ ngày" not in html


@pytest.fixture
def summary_with_supplies(le_chan, an_bien, officer_an_bien, district_admin, today):
    items = load_items(SupplyItem)
    masks = items["mask-medical"]
    holder = supply_services.holder_for_ward(an_bien)
    supply_services.stock_receive(item=masks, holder=holder, quantity=2_000, user=district_admin, source="Sở Y tế")
    supply_services.stock_distribute(
        item=masks, holder=holder, quantity=1_500, recipient_type=RecipientType.RESIDENTIAL_GROUP,
        recipient="Tổ dân phố 3", people_reached=600, user=officer_an_bien,
    )  # fmt: skip
    submitted_daily(officer_an_bien, today)
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def test_units_are_vietnamese_on_the_summary_page_and_in_the_pdf(committee_client, summary_with_supplies):
    assert summary_with_supplies.supplies and summary_with_supplies.supplies[0]["unit"] == "piece"
    html = committee_client.get(reverse("summary:detail", args=[summary_with_supplies.pk]), **VI).content.decode()
    assert "1.500 chiếc" in html
    assert "piece" not in html
    text = pdf_text(summary_pdf(summary_with_supplies))
    assert "chiếc" in text and "piece" not in text


def test_report_history_names_indicators_and_groups_figures(officer_an_bien, officer_client, committee_client, today):
    report = submitted_daily(officer_an_bien, today)
    report_services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"samples_tested": 1500}
    )
    html = committee_client.get(reverse("reports:detail", args=[report.pk]), **VI).content.decode()
    history = html[html.index('data-testid="history"') :]
    history = history[: history.index("</ol>")]
    assert "samples_tested" not in history
    assert "Số mẫu xét nghiệm" in history or "xét nghiệm" in history
    assert "1.500" in history


def test_the_audit_trail_shows_indicator_names_and_formatted_values(officer_an_bien, committee_client, today):
    report = submitted_daily(officer_an_bien, today)
    report_services.report_update(
        report=report, user=officer_an_bien, version=report.version, values={"masks_given": 2500}
    )
    for path in (reverse("audit:list"), reverse("audit:object_history", args=["reports", "report", report.pk])):
        html = committee_client.get(path, **VI).content.decode()
        assert "masks_given" not in html, path
        assert "=150.00" not in html and "2500.00" not in html, path
        assert "2.500" in html, path


def test_urgent_history_labels_report_fields(officer_an_bien, committee_client):
    urgent = report_services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind=ReportKind.URGENT, title="Ổ dịch",
        severity="serious", occurred_at=timezone.now() - datetime.timedelta(hours=1), location="Tổ 5",
        description="Ba ca sốt",
    )  # fmt: skip
    urgent = report_services.report_submit(report=urgent, user=officer_an_bien)
    report_services.report_update(report=urgent, user=officer_an_bien, version=urgent.version, location="Tổ 6")
    html = committee_client.get(reverse("reports:detail", args=[urgent.pk]), **VI).content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "<code>location</code>" not in history and ">location<" not in history
