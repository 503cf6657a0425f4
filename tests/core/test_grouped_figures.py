"""Read-only pages show figures grouped the Vietnamese way: 14.200, never 14200."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Establishment
from reports import services as report_services
from supplies import services as supply_services
from supplies.models import SupplyItem
from supplies.seed import load_items
from tests.factories import AdminFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


def shows_grouped(client, path: str, grouped: str, raw: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert grouped in html, f"{grouped} not on {path}"
    assert raw not in html, f"{raw} on {path}"


@pytest.fixture
def big_ward(an_bien):
    an_bien.population = 14200
    an_bien.save()
    return an_bien


def test_the_ward_population_is_grouped_on_the_ward_and_home_pages(client, big_ward, officer_an_bien, committee_member):
    client.force_login(officer_an_bien)
    shows_grouped(client, reverse("wards:detail", args=[big_ward.pk]), "14.200", "14200")
    shows_grouped(client, reverse("home"), "14.200", "14200")
    client.force_login(committee_member)
    shows_grouped(client, reverse("home"), "14.200", "14200")  # the district home lists the wards


def test_an_establishment_workforce_is_grouped(client, an_bien):
    place = EstablishmentFactory(ward=an_bien, workers=12345, foreign_workers=10250)
    client.force_login(AdminFactory())
    path = reverse("inspections:establishment_detail", args=[place.pk])
    shows_grouped(client, path, "12.345", "12345")
    shows_grouped(client, path, "10.250", "10250")


def test_a_report_value_is_grouped(client, officer_an_bien, catalogue, clock, today):
    report = report_services.report_create(
        user=officer_an_bien, ward=officer_an_bien.ward, kind="daily", period_start=today,
        values={"masks_given": 14200},
    )  # fmt: skip
    client.force_login(officer_an_bien)
    shows_grouped(client, reverse("reports:detail", args=[report.pk]), "14.200", "14200")


def test_stock_quantities_are_grouped(client, officer_an_bien, district_admin):
    masks = load_items(SupplyItem)["mask-medical"]
    store = supply_services.holder_for_ward(officer_an_bien.ward_id)
    receipt = supply_services.stock_receive(
        item=masks, holder=store, quantity=12345, user=district_admin, source="Sở Y tế"
    )
    client.force_login(officer_an_bien)
    for path in (
        reverse("supplies:stock"),
        reverse("supplies:ledger"),
        reverse("supplies:card", args=[masks.pk]),
        reverse("supplies:movement", args=[receipt.pk]),
    ):
        shows_grouped(client, path, "12.345", "12345")


def test_a_distribution_message_groups_the_quantity(client, officer_an_bien, district_admin):
    masks = load_items(SupplyItem)["mask-medical"]
    store = supply_services.holder_for_ward(officer_an_bien.ward_id)
    supply_services.stock_receive(item=masks, holder=store, quantity=20000, user=district_admin, source="Sở Y tế")
    client.force_login(officer_an_bien)
    data = {"holder": store.pk, "item": masks.pk, "quantity": "12.500", "recipient_type": "residential_group",
            "recipient": "Tổ dân phố 7", "people_reached": "1.200", "note": ""}  # fmt: skip
    response = client.post(reverse("supplies:distribute"), data, follow=True)
    assert response.redirect_chain, response.context["form"].errors  # saved
    assert supply_services.available(holder_id=store.pk, item_id=masks.pk) == 7500
    html = response.content.decode()
    assert "12.500" in html and "12500" not in html


def test_the_inspection_coverage_counts_are_grouped(client, an_bien):
    template = EstablishmentFactory.build(ward=an_bien, registered_on=datetime.date(2020, 1, 1))
    Establishment.objects.bulk_create(
        [Establishment(**{f.attname: getattr(template, f.attname) for f in Establishment._meta.concrete_fields
                          if not f.primary_key} | {"name": f"Cơ sở {n}"}) for n in range(1200)]
    )  # fmt: skip
    client.force_login(AdminFactory())
    shows_grouped(client, reverse("inspections:coverage"), "0 / 1.200", "1200")
