"""Browser test at 360×740: an officer replies to an assignment with a photo taken on the phone;
the committee sees the reply and the ward × task matrix (screenshots in test-results/screenshots/)."""

from pathlib import Path

import pytest
from PIL import Image

from directives.choices import AssignmentStatus
from directives.models import Evidence
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


def _context(browser, live_server, width: int, height: int):
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=width < 500, has_touch=width < 500, locale="vi-VN",
        base_url=live_server.url,
    )  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_officer_replies_with_a_photo_on_a_phone(
    chromium_browser, live_server, mine, officer_an_bien, committee_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "khu-khuan.jpg"
    Image.new("RGB", (640, 480), (30, 120, 200)).save(photo, "JPEG")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _context(chromium_browser, live_server, 360, 740)
    try:
        browser_login(page, officer_an_bien.username)
        assert page.locator("[data-testid=home-assignments]").is_visible()
        page.goto("/directives/?q=ke+hoach+phong")  # the registry, searched without diacritics
        assert "58/KH-UBND" in page.locator("[data-testid=directives]").inner_text()
        assert _fits(page)
        page.screenshot(path=str(SCREENSHOTS / "directives-registry-360.png"), full_page=True)
        page.goto("/directives/inbox/")
        assert _fits(page)
        page.screenshot(path=str(SCREENSHOTS / "directives-inbox-360.png"), full_page=True)
        page.click(f"[data-testid=assignment-{mine.pk}]")
        page.fill("textarea[name=reply]", "Đã rà soát 12 người về từ vùng dịch, lập danh sách gửi trạm y tế.")
        page.fill("input[name=number]", "12")
        page.set_input_files("input[name=evidence]", str(photo))
        assert _fits(page)
        page.screenshot(path=str(SCREENSHOTS / "directives-reply-form-360.png"), full_page=True)
        page.click("[data-testid=reply-submit]")
        page.wait_for_selector("[data-testid=reply]")
        assert page.locator("[data-testid=evidence] img").count() == 1
        assert _fits(page)
        page.screenshot(path=str(SCREENSHOTS / "directives-replied-360.png"), full_page=True)
    finally:
        context.close()
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.REPLIED and mine.number == 12
    assert Evidence.objects.get(assignment=mine).content_type == "image/jpeg"

    context, page = _context(chromium_browser, live_server, 1280, 800)
    try:
        browser_login(page, committee_member.username)
        page.goto(f"/directives/assignments/{mine.pk}/")
        assert page.locator("[data-testid=review-form]").is_visible()
        page.click("[data-testid=accept]")
        page.wait_for_selector("[data-testid=review-comment], [data-testid=reply]")
        page.goto(f"/directives/{mine.task.directive_id}/")
        assert _fits(page)
        page.screenshot(path=str(SCREENSHOTS / "directives-matrix-1280.png"), full_page=True)
    finally:
        context.close()
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ACCEPTED
