"""The demo data of issue 15: a leader in charge of each ward, and one running disinfection round
over schools, markets and the bus station with a mix of done and pending sites."""

import datetime

import pytest
from django.db.models import Count, Q

from inspections import demo
from inspections.choices import Category, SiteKind
from inspections.models import DisinfectionRound, DisinfectionTarget
from wards import demo as wards_demo
from wards.choices import Role
from wards.models import WardLeader

pytestmark = pytest.mark.django_db


def test_demo_leaders_and_round(le_chan, inspection_defaults):
    today = datetime.date.today()
    wards_demo.load(today=today, password="demo-pass-123")
    demo.load(today=today, password="demo-pass-123")
    current = WardLeader.objects.filter(ended_on__isnull=True)
    assert current.values("ward").distinct().count() == 15 == current.count()
    assert all(" " in name and name.split()[0] in {"Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Hoàng", "Bùi", "Ngô", "Đặng", "Trịnh", "Phan", "Lưu", "Cao", "Tạ"} for name in current.values_list("name", flat=True))  # fmt: skip
    assert current.filter(title__startswith="Ủy viên Ban Thường vụ Quận ủy").count() >= 8
    assert current.get(user__isnull=False).user.role == Role.LEADER
    assert WardLeader.objects.filter(ended_on__isnull=False).count() == 1  # some history

    round_ = DisinfectionRound.objects.get()
    assert round_.start <= today <= round_.end
    by_category = dict(DisinfectionTarget.objects.filter(round=round_).values_list("category").annotate(n=Count("pk")))
    for category in (Category.PRIMARY_SCHOOL, Category.MARKET, Category.BUS_STATION, SiteKind.WARD_HQ):
        assert by_category.get(category, 0) >= 1, category
    counts = DisinfectionTarget.objects.filter(round=round_).aggregate(
        done=Count("pk", filter=Q(done_on__isnull=False)), pending=Count("pk", filter=Q(done_on__isnull=True))
    )
    assert counts["done"] > 0 and counts["pending"] > 0
    assert not DisinfectionTarget.objects.filter(done_on__gt=today).exists()

    demo.load(today=today, password="demo-pass-123")  # loads once
    wards_demo.load(today=today, password="demo-pass-123")
    assert DisinfectionRound.objects.count() == 1 and WardLeader.objects.count() == 16
