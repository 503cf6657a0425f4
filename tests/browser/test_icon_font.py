"""Browser test (issue 13 #5): the icon subset font loads in Chromium (its sanitiser accepts the font
scripts/icon_subset.py writes) and the header's icons are drawn with it."""

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_icon_subset_font_loads_and_draws_the_header_icons(phone_page, committee_member):
    failed: list[str] = []
    phone_page.on("requestfailed", lambda request: failed.append(request.url))
    phone_page.on("console", lambda msg: failed.append(msg.text) if msg.type == "error" else None)
    browser_login(phone_page, committee_member.username)
    statuses = phone_page.evaluate(
        """document.fonts.ready.then(() => [...document.fonts]
             .filter((face) => face.family.includes("bootstrap-icons")).map((face) => face.status))"""
    )
    assert statuses == ["loaded"]
    assert phone_page.evaluate("document.fonts.check('16px bootstrap-icons', '\\uf18a')")  # bi-bell
    for selector in ("[data-testid=header-alerts] .bi", "header .bi, nav .bi, #main .bi"):
        drawn = phone_page.evaluate(
            """(s) => {
                 const icons = [...document.querySelectorAll(s)];
                 const icon = icons.find((i) => i.getBoundingClientRect().width > 0) || icons[0];
                 return [getComputedStyle(icon, "::before").fontFamily, icon.getBoundingClientRect().width];
               }""",
            selector,
        )
        assert "bootstrap-icons" in drawn[0] and drawn[1] > 10, (selector, drawn)  # one em wide, about 16 px
    assert failed == []
