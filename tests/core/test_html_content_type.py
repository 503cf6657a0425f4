"""Every HTML page of the portal answers ``Content-Type: text/html; charset=utf-8`` (issue 12 #3).

The audit trail's object page once sent the audited model's name as its content type, so browsers
showed raw HTML. This renders every page (the URL patterns without arguments, one detail URL of each
kind, the Django admin for the administrator), as each role, and checks the header of every answer
that is HTML, error pages included; downloads and scripts keep their own type and are not HTML.
"""

import pytest

from audit import views
from tests.core.pages import every_page
from tests.factories import CommitteeFactory
from tests.hardening.world import build_world
from wards.models import Ward

pytestmark = pytest.mark.django_db

HTML = "text/html; charset=utf-8"
NOT_HTML = (
    "text/javascript",
    "text/csv",
    "application/pdf",
    "application/vnd.openxmlformats",
    "application/json",
    "application/manifest+json",
)


@pytest.fixture
def world(le_chan):
    return build_world(list(Ward.objects.filter(district=le_chan).order_by("code")[:2]))


def looks_like_html(body: bytes) -> bool:
    head = body[:1000].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def check(client, paths) -> tuple[list[str], int]:
    """(pages answered with a wrong content type, number of HTML pages checked)."""
    wrong, checked = [], 0
    for path in paths:
        response = client.get(path)
        if response.status_code in (301, 302, 303, 307, 308):
            continue
        content_type = response.get("Content-Type", "")
        body = b"" if response.streaming else response.content
        if content_type.startswith(NOT_HTML) and not looks_like_html(body):
            continue
        checked += 1
        if content_type != HTML:
            wrong.append(f"{path} [{response.status_code}]: {content_type!r}")
    return wrong, checked


@pytest.mark.parametrize("role", ["anonymous", "officer", "committee", "admin"])
def test_every_html_page_is_served_as_html(client, world, role):
    ward_world = world.wards[0]
    user = {
        "anonymous": None,
        "officer": ward_world.officer,
        "committee": CommitteeFactory(username="committee.content-type") if role == "committee" else None,
        "admin": world.admin,
    }[role]
    if user is not None:
        client.force_login(user)
    wrong, checked = check(client, every_page(world, ward_world, admin=role == "admin"))
    assert wrong == []
    assert checked >= (2 if role == "anonymous" else 40), f"only {checked} HTML pages checked for {role}"


def test_the_check_catches_a_page_served_with_another_type(client, world, monkeypatch):
    """The check can fail: an HTML page sent with a model's name as its type is reported."""
    original = views.ObjectHistoryView.render_to_response

    def clobbered(self, context, **kwargs):
        response = original(self, context, **kwargs)
        response["Content-Type"] = "inspections | establishment"
        return response

    monkeypatch.setattr(views.ObjectHistoryView, "render_to_response", clobbered)
    client.force_login(world.admin)
    est = world.wards[0].establishment
    wrong, checked = check(client, [f"/audit/inspections/establishment/{est.pk}/", "/"])
    assert checked == 2
    assert wrong == [f"/audit/inspections/establishment/{est.pk}/ [200]: 'inspections | establishment'"]
