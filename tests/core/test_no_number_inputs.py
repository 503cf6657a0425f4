"""No page form uses the browser's number, date or datetime-local inputs.

Chromium's ``type=number`` drops the "." of a Vietnamese ``1.000`` and its ``type=date`` shows the
phone's locale (mm/dd/yyyy on an English phone); the pages use text inputs with a numeric keypad
(core.fields). This renders every page of the portal's forms, for each role, with one object of
every kind, and scans the inputs.
"""

import re

import pytest
from django.urls import reverse

from tests.factories import CommitteeFactory
from tests.hardening.world import build_world
from wards.models import Ward

pytestmark = pytest.mark.django_db

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
BROWSER_TYPED = re.compile(r"""\btype\s*=\s*["']?(number|date|datetime-local|datetime)\b""", re.IGNORECASE)

PAGES = [
    "home", "password_change", "wards:list", "reports:list", "reports:today", "reports:new", "reports:review",
    "reports:calendar", "reports:urgent", "reports:urgent-new", "reports:notifications", "summary:dashboard",
    "summary:list", "inspections:coverage", "inspections:establishment_list", "inspections:establishment_create",
    "inspections:establishment_import", "inspections:suggestion_list", "inspections:due", "inspections:calendar",
    "inspections:team_list", "inspections:team_create", "inspections:schedule_create", "inspections:campaign_create",
    "inspections:inspection_list", "inspections:record_new", "inspections:settings",
    "inspections:checklist_item_create", "supplies:index", "supplies:stock", "supplies:ledger", "supplies:receive",
    "supplies:transfer", "supplies:transfers", "supplies:distribute", "supplies:adjust", "supplies:return",
    "supplies:distributions", "audit:list",
]  # fmt: skip


def object_pages(world, ward_world) -> list[str]:
    w = ward_world
    pages = [
        reverse("wards:detail", args=[w.ward.pk]),
        reverse("wards:edit", args=[w.ward.pk]),
        reverse("reports:detail", args=[w.submitted.pk]),
        reverse("reports:edit", args=[w.draft.pk]),
        reverse("reports:edit", args=[w.urgent.pk]),
        reverse("reports:detail", args=[w.urgent.pk]),
        reverse("inspections:establishment_detail", args=[w.establishment.pk]),
        reverse("inspections:establishment_edit", args=[w.establishment.pk]),
        reverse("inspections:establishment_suggest", args=[w.establishment.pk]),
        reverse("inspections:team_detail", args=[world.team.pk]),
        reverse("inspections:team_edit", args=[world.team.pk]),
        reverse("inspections:record", args=[w.schedule.pk]),
        reverse("inspections:inspection_detail", args=[w.inspection.pk]),
        reverse("supplies:card", args=[world.masks.pk]),
        reverse("supplies:movement", args=[w.distribution.pk]),
        reverse("supplies:acknowledge", args=[w.transfer.pk]),
        reverse("supplies:acknowledge", args=[w.return_transfer.pk]),
        f"{reverse('inspections:record_new')}?establishment={w.establishment.pk}&team={world.team.pk}",
    ]
    if world.summary is not None:
        pages.append(reverse("summary:detail", args=[world.summary.pk]))
    return pages


@pytest.fixture
def world(le_chan):
    return build_world(list(Ward.objects.filter(district=le_chan).order_by("code")[:2]))


def scan(client, paths) -> tuple[list[str], int]:
    """(offending inputs with their page, number of pages with a form that were scanned)."""
    found, scanned = [], 0
    for path in paths:
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if "<form" in html:
            scanned += 1
        found += [f"{path}: {tag}" for tag in INPUT.findall(html) if BROWSER_TYPED.search(tag)]
    return found, scanned


@pytest.mark.parametrize("role", ["officer", "committee", "admin"])
def test_no_page_form_uses_number_or_date_inputs(client, world, role):
    ward_world = world.wards[0]
    user = {"officer": ward_world.officer, "committee": None, "admin": world.admin}[role]
    if user is None:
        user = CommitteeFactory(username="committee.scan")
    client.force_login(user)
    paths = [reverse(name) for name in PAGES] + object_pages(world, ward_world)
    found, scanned = scan(client, paths)
    assert scanned >= 15, f"only {scanned} pages with a form were rendered for {role}"
    assert found == []


def test_the_scan_finds_a_number_input(client, world):
    """The check can fail: a page with ``type=number`` is reported."""
    html = '<form><input type="number" name="quantity"><input type=date name="day"></form>'
    assert [t for t in INPUT.findall(html) if BROWSER_TYPED.search(t)] == [
        '<input type="number" name="quantity">',
        '<input type=date name="day">',
    ]


def test_the_pages_use_numeric_keypads_and_day_month_year_placeholders(client, world):
    client.force_login(world.admin)
    html = client.get(reverse("supplies:receive")).content.decode()
    assert re.search(r'<input[^>]*name="quantity"[^>]*inputmode="numeric"', html) or re.search(
        r'<input[^>]*inputmode="numeric"[^>]*name="quantity"', html
    )
    assert 'placeholder="dd/mm/yyyy"' in html
