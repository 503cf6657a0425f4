"""The district summary's issue-15 block: the period's disinfection rounds with coverage per
category, and the leaders in charge, on the page and in the PDF (the district's and one ward's)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.factories import daily
from tests.inspections.disinfection import mark, target_of
from wards.choices import LeaderRole
from wards.models import WardLeader

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(
    catalogue, le_chan, all_wards, committee_member, today, the_round, places, officer_an_bien, an_bien, cat_dai
):
    daily(an_bien, today, {"confirmed_cases": 0}, committee_member)
    daily(cat_dai, today, {"confirmed_cases": 0}, committee_member)
    mark(officer_an_bien, the_round, target_of(the_round, places["market_ab"]))
    WardLeader.objects.create(ward=an_bien, role=LeaderRole.IN_CHARGE, name="Nguyễn Thanh Bình", title="Ủy viên Ban Thường vụ Quận ủy", phone="0912 300 500", started_on=today)  # fmt: skip
    WardLeader.objects.create(ward=cat_dai, role=LeaderRole.IN_CHARGE, name="Trần Quang Huy", title="Quận ủy viên", started_on=today)  # fmt: skip
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_summary_page_shows_rounds_and_leaders(committee_client, summary, the_round):
    page = committee_client.get(
        reverse("summary:detail", args=[summary.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    block = page[page.index('data-testid="summary-disinfection"') :]
    assert the_round.title in block
    assert "1/6" in block.replace(" ", "") or "1 / 6" in block
    assert "Chợ" in block and "100% (1/2)" not in block  # markets: 1 of 2
    assert "50% (1/2)" in block
    leaders = page[page.index('data-testid="summary-leaders"') :]
    assert "Nguyễn Thanh Bình" in leaders and "Trần Quang Huy" in leaders


def test_officer_sees_their_wards_part_only(officer_client, summary):
    page = officer_client.get(reverse("summary:detail", args=[summary.pk])).content.decode()
    assert "Nguyễn Thanh Bình" in page and "Trần Quang Huy" not in page
    block = page[page.index('data-testid="summary-disinfection"') : page.index('data-testid="summary-leaders"')]
    assert "100% (1/1)" in block  # An Biên's one market, done


def test_summary_pdf_has_the_rounds_and_leaders(committee_client, summary, the_round, an_bien):
    text = _pdf_text(committee_client.get(reverse("summary:export", args=[summary.pk, "pdf"])).content)
    assert "VIII. Các đợt phun khử khuẩn" in text
    assert the_round.title in text and "Chợ 2 1 50%" in text
    assert "IX. Lãnh đạo phụ trách các phường" in text
    assert "Nguyễn Thanh Bình" in text and "Trần Quang Huy" in text
    ward_text = _pdf_text(
        committee_client.get(reverse("summary:export", args=[summary.pk, "pdf"]), {"ward": an_bien.pk}).content
    )
    assert "Nguyễn Thanh Bình" in ward_text and "Trần Quang Huy" not in ward_text
    assert "Chợ 1 1 100%" in ward_text


def test_summary_page_query_count_does_not_grow_with_rounds(
    committee_client, summary, district_admin, today, django_assert_max_num_queries
):
    from inspections import services  # noqa: PLC0415

    url = reverse("summary:detail", args=[summary.pk])
    committee_client.get(url)
    with django_assert_max_num_queries(40) as small:
        committee_client.get(url)
    for n in range(5):
        services.round_create(user=district_admin, data={"title": f"Đợt {n}", "start": today, "end": today, "categories": ["market", "ward_hq"]})  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        committee_client.get(url)
