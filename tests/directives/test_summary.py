"""The district summary's page and PDF count documents issued in the period and assignments done and
overdue per ward (issue 15 #5)."""

import datetime
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from directives import services
from directives.choices import DocumentKind, Issuer
from directives.models import Assignment
from reports.choices import ReportKind
from reports.summary.services import summary_compile
from tests.factories import daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(le_chan, all_wards, catalogue, committee_member, district_admin, officer_an_bien, today, clock):
    directive = services.directive_create(
        user=district_admin, number="70/CV-UBND", kind=DocumentKind.OFFICIAL_LETTER,
        issuer=Issuer.DISTRICT_COMMITTEE, signed_on=today, title="Công văn rà soát",
    )  # fmt: skip
    task = services.task_create(user=district_admin, directive=directive, title="Rà soát", due_on=today, today=today)
    mine = Assignment.objects.get(task=task, ward=officer_an_bien.ward)
    services.assignment_reply(assignment=mine, user=officer_an_bien, reply="Đã rà soát")
    services.assignment_accept(assignment=mine, user=committee_member)
    daily(all_wards[0], today, {"confirmed_cases": 2}, committee_member)
    return summary_compile(district_id=le_chan.pk, kind=ReportKind.DAILY, period_start=today)


def test_summary_page_and_pdf_count_documents_and_assignments(summary, committee_member, today, clock):
    clock(today + datetime.timedelta(days=1))  # the day after: the 14 other wards are overdue
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(committee_member)
    page = client.get(f"/dashboard/summaries/{summary.pk}/").content.decode()
    assert 'data-testid="summary-directives"' in page
    assert "1 văn bản được ban hành; 15 nhiệm vụ đến hạn, 1 đã hoàn thành, 14 quá hạn." in page
    pdf = client.get(f"/dashboard/summaries/{summary.pk}/export.pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "VII. Văn bản chỉ đạo và nhiệm vụ" in text
    assert "1 văn bản được ban hành; 15 nhiệm vụ đến hạn, 1 đã hoàn thành, 14 quá hạn." in text
