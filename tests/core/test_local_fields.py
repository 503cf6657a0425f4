"""The shared form fields for figures and dates (core.fields), alone and on the pages that use them."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone, translation

from core.fields import LocalDateField, LocalDateTimeField, LocalDecimalField, LocalIntegerField
from inspections.forms import EstablishmentForm, TeamForm
from reports.choices import ValueType
from reports.models import Indicator, Report
from supplies import services as supply_services
from supplies.forms import DistributionForm
from supplies.models import StockMovement, SupplyItem
from supplies.seed import load_items
from wards.forms import WardCommitteeForm, WardForm


class Figures(forms.Form):
    count = LocalIntegerField(required=False, max_value=1_000_000)
    rate = LocalDecimalField(required=False, max_digits=8, decimal_places=2)
    day = LocalDateField(required=False)
    moment = LocalDateTimeField(required=False)


def clean(**data) -> Figures:
    form = Figures(data)
    form.is_valid()
    return form


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


# ---- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [("1000", 1000), ("1.000", 1000), ("1 000", 1000), ("1\xa0000", 1000)])
def test_whole_number_field_reads_thousands_typed_the_vietnamese_way(typed, expected):
    form = clean(count=typed)
    assert form.cleaned_data["count"] == expected


def test_decimal_field_reads_a_comma_as_the_decimal_mark():
    assert clean(rate="12,5").cleaned_data["rate"] == Decimal("12.5")
    assert clean(rate="1.234,25").cleaned_data["rate"] == Decimal("1234.25")


def test_empty_figures_are_none():
    form = clean(count="  ", rate="")
    assert form.cleaned_data["count"] is None and form.cleaned_data["rate"] is None


def test_a_comma_in_a_whole_number_field_is_refused_saying_how_it_was_read():
    form = clean(count="12,345")
    message = form.errors["count"][0]
    assert "12,345" in message and "12.345" in message  # read as twelve and a fraction; thousands are 12.345
    assert form.errors.as_data()["count"][0].code == "not_whole_thousands"


def test_an_ambiguous_dot_is_refused_with_the_vietnamese_way_to_write_figures():
    form = clean(rate="1.5")
    message = form.errors["rate"][0]
    assert "“1.5”" in message and "1.000" in message and "12,5" in message


def test_text_is_refused_with_an_example():
    message = clean(count="mười").errors["count"][0]
    assert "“mười”" in message and "1.000" in message


def test_the_range_limit_in_a_message_is_grouped():
    message = clean(count="2.000.000").errors["count"][0]
    assert "1.000.000" in message


def test_decimal_places_are_still_checked():
    assert "rate" in clean(rate="1,234").errors


def test_figure_inputs_are_text_with_a_numeric_keypad():
    html = str(Figures()["count"]) + str(Figures()["rate"])
    assert 'type="number"' not in html
    assert 'inputmode="numeric"' in html and 'inputmode="decimal"' in html and 'autocomplete="off"' in html


def test_a_figure_from_the_server_is_shown_grouped_and_a_typed_one_as_typed():
    unbound = Figures(initial={"count": 14200, "rate": Decimal("1234.50")})
    assert 'value="14.200"' in str(unbound["count"]) and 'value="1.234,5"' in str(unbound["rate"])
    bound = Figures({"count": "1 000,5"})
    bound.is_valid()
    assert 'value="1 000,5"' in str(bound["count"])


def test_english_pages_show_and_read_english_separators():
    with translation.override("en"):
        assert 'value="14,200"' in str(Figures(initial={"count": 14200})["count"])
        assert clean(count="1,000").cleaned_data["count"] == 1000
        assert clean(rate="12.5").cleaned_data["rate"] == Decimal("12.5")


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["20/11/2026", "20/11/2026 ", "20-11-2026", "20.11.2026", "20112026", "2026-11-20", "20 / 11 / 2026"]
)
def test_date_field_reads_day_month_year_and_iso(typed):
    assert clean(day=typed).cleaned_data["day"] == datetime.date(2026, 11, 20)


def test_date_field_reads_single_digit_day_and_month():
    assert clean(day="1/2/2026").cleaned_data["day"] == datetime.date(2026, 2, 1)


@pytest.mark.parametrize("typed", ["11/20/2026", "31/02/2026", "1/2/26", "20/11", "hôm nay", "2026/11/20"])
def test_date_field_refuses_what_is_not_a_day_month_year(typed):
    message = clean(day=typed).errors["day"][0]
    assert "dd/mm/yyyy" in message and f"“{typed}”" in message


def test_date_inputs_are_text_with_a_placeholder_and_show_dd_mm_yyyy():
    html = str(Figures(initial={"day": datetime.date(2026, 11, 20)})["day"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'value="20/11/2026"' in html


# ---- date and time ---------------------------------------------------------------------------


def test_date_and_time_are_typed_in_two_inputs():
    form = clean(moment_date="17/03/2020", moment_time="08:30")
    moment = form.cleaned_data["moment"]
    assert timezone.is_aware(moment)
    assert timezone.localtime(moment).replace(tzinfo=None) == datetime.datetime(2020, 3, 17, 8, 30)


@pytest.mark.parametrize("posted", ["2020-03-17T08:30", "2020-03-17 08:30", "2020-03-17T01:30:00+00:00"])
def test_a_single_iso_value_is_still_read(posted):
    moment = clean(moment=posted).cleaned_data["moment"]
    assert timezone.localtime(moment).replace(tzinfo=None) == datetime.datetime(2020, 3, 17, 8, 30)


def test_a_date_without_a_time_is_incomplete():
    assert "moment" in clean(moment_date="17/03/2020", moment_time="").errors


def test_the_date_and_time_inputs_show_the_moment_in_local_time():
    moment = timezone.make_aware(datetime.datetime(2020, 3, 17, 8, 30))
    html = str(Figures(initial={"moment": moment})["moment"])
    assert 'name="moment_date"' in html and 'value="17/03/2020"' in html
    assert 'name="moment_time"' in html and 'type="time"' in html and 'value="08:30"' in html
    assert "datetime-local" not in html


# ---- the model forms get them ----------------------------------------------------------------


def test_model_forms_use_the_local_fields(db):
    ward = WardForm()
    assert isinstance(ward.fields["population"], LocalIntegerField)
    assert isinstance(ward.fields["active_from"], LocalDateField)
    assert isinstance(WardCommitteeForm().fields["established_on"], LocalDateField)
    establishment = EstablishmentForm()
    assert isinstance(establishment.fields["workers"], LocalIntegerField)
    assert isinstance(establishment.fields["foreign_workers"], LocalIntegerField)
    assert isinstance(TeamForm().fields["daily_capacity"], LocalIntegerField)


# ---- on the pages ----------------------------------------------------------------------------


@pytest.fixture
def vi_client(officer_client, settings):
    settings.LANGUAGE_CODE = "vi"
    return officer_client


def test_the_daily_form_saves_one_thousand_masks_typed_with_a_dot(vi_client, officer_an_bien, catalogue, clock):
    data = {"action": "save", "masks_given": "1.000", "samples_tested": "2.500", "situation": ""}
    response = vi_client.post(reverse("reports:today"), data)
    assert response.status_code == 302
    report = Report.objects.get(ward=officer_an_bien.ward)
    values = dict(report.values.values_list("indicator__code", "value"))
    assert values["masks_given"] == 1000 and values["samples_tested"] == 2500
    page = vi_client.get(reverse("reports:today")).content.decode()
    assert 'value="1.000"' in page and 'value="2.500"' in page


@pytest.fixture
def positivity_rate(catalogue):
    """A decimal indicator an administrator added to the daily report (the seed has only counts)."""
    return Indicator.objects.create(
        code="positivity_rate", name_vi="Tỷ lệ mẫu dương tính", name_en="Positivity rate", unit_vi="%",
        unit_en="%", value_type=ValueType.DECIMAL, in_daily=True, group="surveillance", order=99,
        max_value=Decimal(100),
    )  # fmt: skip


def test_the_daily_form_reads_a_decimal_indicator_with_a_comma(vi_client, officer_an_bien, positivity_rate, clock):
    response = vi_client.post(reverse("reports:today"), {"action": "save", "positivity_rate": "12,5"})
    assert response.status_code == 302
    report = Report.objects.get(ward=officer_an_bien.ward)
    assert report.values.get(indicator=positivity_rate).value == Decimal("12.5")
    assert 'value="12,5"' in vi_client.get(reverse("reports:today")).content.decode()


def test_the_daily_form_keeps_an_unreadable_figure_and_still_checks_the_others(vi_client, catalogue, clock):
    data = {"action": "save", "masks_given": "1,5", "home_quarantine": "-2"}
    response = vi_client.post(reverse("reports:today"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "1,5" in form.errors["masks_given"][0]
    assert form.errors["home_quarantine"]  # the service's check ran on the figures that were read
    assert 'value="1,5"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_distribution_of_one_thousand_masks_typed_with_a_dot(vi_client, officer_an_bien, district_admin):
    items = load_items(SupplyItem)
    masks = items["mask-medical"]
    store = supply_services.holder_for_ward(officer_an_bien.ward_id)
    supply_services.stock_receive(item=masks, holder=store, quantity=5000, user=district_admin, source="Sở Y tế")
    data = {"holder": store.pk, "item": masks.pk, "quantity": "1.000", "recipient_type": "residential_group",
            "recipient": "Tổ dân phố 7", "people_reached": "1 200", "note": ""}  # fmt: skip
    response = vi_client.post(reverse("supplies:distribute"), data)
    assert response.status_code == 302, response.context["form"].errors
    assert supply_services.available(holder_id=store.pk, item_id=masks.pk) == 4000
    movement = StockMovement.objects.get(kind="distribution")
    assert movement.people_reached == 1200


def test_distribution_form_fields_are_local(officer_an_bien):
    form = DistributionForm(user=officer_an_bien)
    assert isinstance(form.fields["quantity"], LocalIntegerField)
    assert isinstance(form.fields["people_reached"], LocalIntegerField)


# ---- the API keeps JSON numbers --------------------------------------------------------------


def test_the_api_reads_json_numbers_and_does_not_read_text_the_vietnamese_way(officer_api, catalogue, clock, today):
    """The API's contract is JSON numbers (``1000``); a string is read as a JSON number would be
    (``"1.000"`` is one, as before), never as Vietnamese text, and ``"1,5"`` is refused."""
    response = officer_api.post(
        "/api/v1/reports/",
        {
            "kind": "daily",
            "period_start": today.isoformat(),
            "values": {"masks_given": 1000, "samples_tested": "1.000"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["values"] == {"masks_given": 1000, "samples_tested": 1}
    refused = officer_api.patch(
        f"/api/v1/reports/{response.json()['id']}/",
        {"version": response.json()["version"], "values": {"home_quarantine": "1,5"}},
        format="json",
    )
    assert refused.status_code == 400
    assert "home_quarantine" in refused.json()["values"]
