"""The list headings count every item, not the page's (issue 12 #9): "(0)" once headed nine pages."""

import re

import pytest
from django.urls import reverse

from inspections.views import PAGE_SIZE
from tests.factories import EstablishmentFactory, InspectionFactory

pytestmark = pytest.mark.django_db

COUNT = re.compile(r"<h1[^>]*>.*?<small[^>]*>\((?P<n>[\d.]+)\)</small></h1>", re.S)


def heading_count(html: str) -> str:
    match = COUNT.search(html)
    assert match, "no count in the heading"
    return match["n"]


@pytest.fixture
def many(an_bien, district_admin):
    """More establishments (never inspected: all due) and inspections than a page holds."""
    ests = EstablishmentFactory.create_batch(PAGE_SIZE + 5, ward=an_bien)
    for est in ests[: PAGE_SIZE + 2]:
        InspectionFactory(establishment=est, recorded_by=district_admin)
    return ests


@pytest.mark.parametrize(
    ("name", "expected"),
    [("inspections:establishment_list", PAGE_SIZE + 5), ("inspections:inspection_list", PAGE_SIZE + 2)],
)
def test_list_headings_count_every_item(committee_client, many, name, expected):
    html = committee_client.get(reverse(name)).content.decode()
    assert heading_count(html) == str(expected)


def test_due_list_heading_counts_every_item(committee_client, an_bien):
    EstablishmentFactory.create_batch(PAGE_SIZE + 5, ward=an_bien)  # never inspected: all due
    response = committee_client.get(reverse("inspections:due"))
    html = response.content.decode()
    total = response.context["paginator"].count
    assert total > PAGE_SIZE  # more than one page follows
    assert heading_count(html) == str(total)


def test_an_empty_list_says_zero(committee_client):
    assert heading_count(committee_client.get(reverse("inspections:due")).content.decode()) == "0"
