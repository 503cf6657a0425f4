"""Documents, tasks and assignments for the directives tests (clock fixed on Tuesday 17 March 2020)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directives import services
from directives.choices import DocumentKind, Issuer
from directives.models import Assignment

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def upload(name: str, content: bytes, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def directive(district_admin, all_wards):
    return services.directive_create(
        user=district_admin, number="58/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=datetime.date(2020, 3, 10), title="Kế hoạch phòng, chống dịch bệnh COVID-19",
        summary="Giao các phường rà soát người về từ vùng dịch",
    )  # fmt: skip


@pytest.fixture
def task(directive, district_admin, today):
    return services.task_create(
        user=district_admin, directive=directive, title="Rà soát người về từ vùng dịch",
        due_on=datetime.date(2020, 3, 18), number_label="Số người đã rà soát", today=today,
    )  # fmt: skip


@pytest.fixture
def mine(task, an_bien):
    """An Biên's assignment of ``task`` (due Wednesday 18 March 2020)."""
    return Assignment.objects.get(task=task, ward=an_bien)


@pytest.fixture
def theirs(task, cat_dai):
    return Assignment.objects.get(task=task, ward=cat_dai)
