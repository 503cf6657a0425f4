"""Demo data of the reports app: a month of daily reports for every ward, two urgent reports.

Deterministic (seeded random numbers) and idempotent: only what is missing is added.
Some reports are late, a few days are missing, one report is returned, the last three days
wait for review and older ones are approved.
"""

import datetime
import random

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from reports import services
from reports.choices import ChangeAction, ReportKind, ReportStatus, ReviewDecision, Severity
from reports.models import Indicator, Report, ReportChange, ReportDeadline, ReportReview, ReportValue
from reports.periods import period_deadline
from reports.seed import load_defaults
from reports.selectors import deadline_rule
from wards.choices import Role
from wards.models import User, Ward

DAYS = 30
# (ward code, days ago): days the ward did not report (a few missing).
MISSING = {("an-duong", 4), ("ho-nam", 9), ("ho-nam", 10), ("trai-cau", 17)}
RETURNED = ("du-hang", 2)  # returned by the committee with a comment on one field
OUTLIER = ("kenh-duong", 1)  # a value far outside the ward's history (flagged for the reviewer)
# New confirmed cases (ward, days ago) → count: a cluster in Trại Cau this week (epidemic level 3 at
# about 83 per 100,000 residents over 7 days), a few in An Dương (level 2), older ones elsewhere, so
# the ward map and the levels' history show what they are for.
CASES = {
    ("trai-cau", 1): 2, ("trai-cau", 2): 1, ("trai-cau", 3): 3, ("trai-cau", 5): 2, ("trai-cau", 6): 1,
    ("an-duong", 2): 1, ("an-duong", 5): 2,
    ("hang-kenh", 9): 1, ("du-hang", 12): 2, ("du-hang", 13): 2,
}  # fmt: skip
SITUATIONS = [
    "Tình hình dịch bệnh trên địa bàn phường ổn định, chưa phát hiện ca mắc mới.",
    "Tiếp tục rà soát người về từ vùng dịch, cập nhật danh sách theo dõi sức khoẻ tại nhà.",
    "Tổ công tác đã kiểm tra các cơ sở kinh doanh dịch vụ, nhắc nhở thực hiện đeo khẩu trang.",
    "Phát thanh tuyên truyền trên loa truyền thanh 3 buổi/ngày; các tổ dân phố họp phổ biến biện pháp phòng dịch.",
]
DIFFICULTIES = [
    "",
    "",
    "Thiếu khẩu trang và dung dịch sát khuẩn cho lực lượng trực chốt.",
    "Một số hộ kinh doanh chưa chấp hành.",
]
PROPOSALS = [
    "",
    "",
    "Đề nghị quận bổ sung 2.000 khẩu trang y tế.",
    "Đề nghị tăng cường kiểm tra liên ngành vào buổi tối.",
]


def _values(rng: random.Random, scale: float, day_index: int) -> dict[str, int]:
    """One day's plausible figures for a ward of relative size ``scale``."""
    tested = rng.randint(0, int(8 * scale) + 1)
    inspected = rng.randint(0, 6)
    return {
        "home_quarantine": int(scale * 25) + rng.randint(0, 12) - day_index // 6,
        "central_quarantine": rng.randint(0, 4),
        "health_monitoring": int(scale * 70) + rng.randint(0, 25),
        "returnees": rng.randint(0, 5),
        "foreigners_residing": int(scale * 12),
        "suspected_cases": rng.choice([0, 0, 0, 0, 1]),
        "confirmed_cases": 0,
        "samples_tested": tested,
        "establishments_inspected": inspected,
        "violations_found": rng.randint(0, min(inspected, 2)),
        "venues_open_illegally": rng.choice([0, 0, 0, 1]),
        "weddings_postponed": rng.choice([0, 0, 1, 2]),
        "funerals_limited": rng.choice([0, 0, 0, 1]),
        "loudspeaker_broadcasts": rng.randint(2, 4),
        "posters_notices": rng.randint(0, 20),
        "group_meetings": rng.randint(0, 3),
        "masks_given": rng.randrange(100, 600, 10),
        "sanitiser_given": rng.randrange(0, 60, 5),
        "schools_online": int(scale * 4) + 1,
        "online_lessons": rng.randint(10, 50),
    }


@transaction.atomic
def load(*, today: datetime.date, password: str, stdout=None) -> None:
    """Add the demo reports that are missing."""
    load_defaults(Indicator, ReportDeadline)
    officers = {u.ward_id: u for u in User.objects.filter(role=Role.WARD_OFFICER, username__startswith="officer.")}
    committee = User.objects.filter(role=Role.COMMITTEE).order_by("pk").first()
    wards = [w for w in Ward.objects.order_by("code") if w.pk in officers]
    if not wards or committee is None:
        if stdout:
            stdout.write("reports demo: no demo accounts, skipped")
        return
    indicators = dict(Indicator.objects.values_list("code", "id"))
    rule = deadline_rule(ReportKind.DAILY)
    start = today - datetime.timedelta(days=DAYS)
    existing = set(
        Report.objects.filter(kind=ReportKind.DAILY, period_start__gte=start, period_start__lt=today).values_list(
            "ward_id", "period_start"
        )
    )
    biggest = max((w.population or 10000) for w in wards)
    new_reports, plans = [], []
    for index, ward in enumerate(wards):
        rng = random.Random(index * 7919 + 17)
        scale = (ward.population or 10000) / biggest * 1.5
        for ago in range(DAYS, 0, -1):
            day = today - datetime.timedelta(days=ago)
            values = _values(rng, scale, DAYS - ago)
            minute = rng.randint(0, 7 * 60)  # 09:00 to 16:00 mostly; some late
            late = rng.random() < 0.07
            if (ward.code, ago) in MISSING or (ward.pk, day) in existing or not ward.is_active_on(day):
                continue
            if (ward.code, ago) == OUTLIER:
                values["masks_given"] = 4800
            if cases := CASES.get((ward.code, ago)):
                values["confirmed_cases"] = cases
                values["samples_tested"] = max(values["samples_tested"], cases + 3)  # the cases came from samples
            submitted = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(minutes=minute)
            )
            if late:
                submitted += datetime.timedelta(hours=rng.randint(1, 5), minutes=rng.randint(1, 50))
            deadline = period_deadline(ReportKind.DAILY, day, rule)
            approved = ago > 3
            new_reports.append(
                Report(
                    ward=ward, kind=ReportKind.DAILY, period_start=day, period_end=day,
                    status=ReportStatus.APPROVED if approved else ReportStatus.SUBMITTED,
                    situation=rng.choice(SITUATIONS), difficulties=rng.choice(DIFFICULTIES),
                    proposals=rng.choice(PROPOSALS), created_by=officers[ward.pk], submitted_at=submitted,
                    submitted_by=officers[ward.pk], deadline=deadline, is_late=submitted > deadline,
                    approved_at=submitted + datetime.timedelta(hours=20) if approved else None, version=3 if approved else 2,
                )
            )  # fmt: skip
            plans.append(values)
    Report.objects.bulk_create(new_reports)
    if new_reports and new_reports[0].pk is None:  # databases that return no ids on bulk insert
        by_key = {
            (r.ward_id, r.period_start): r
            for r in Report.objects.filter(kind=ReportKind.DAILY, period_start__gte=start, period_start__lt=today)
        }
        new_reports = [by_key[(r.ward_id, r.period_start)] for r in new_reports]
    ReportValue.objects.bulk_create(
        [
            ReportValue(report=r, indicator_id=indicators[code], value=value)
            for r, values in zip(new_reports, plans, strict=True)
            for code, value in values.items()
            if code in indicators
        ]
    )
    history = []
    reviews = []
    for r in new_reports:
        history.append(ReportChange(report=r, user=r.created_by, action=ChangeAction.CREATE))
        history.append(ReportChange(report=r, user=r.created_by, action=ChangeAction.SUBMIT))
        if r.status == ReportStatus.APPROVED:
            history.append(ReportChange(report=r, user=committee, action=ChangeAction.APPROVE))
            reviews.append(ReportReview(report=r, decision=ReviewDecision.APPROVED, user=committee))
    ReportChange.objects.bulk_create(history)
    ReportReview.objects.bulk_create(reviews)
    # History rows get "now" on insert; give them the times the demo reports were sent and approved.
    ids = [r.pk for r in new_reports]
    sent_at = Subquery(Report.objects.filter(pk=OuterRef("report_id")).values("submitted_at")[:1])
    approved_at = Subquery(Report.objects.filter(pk=OuterRef("report_id")).values("approved_at")[:1])
    ReportChange.objects.filter(report_id__in=ids).exclude(action=ChangeAction.APPROVE).update(at=sent_at)
    ReportChange.objects.filter(report_id__in=ids, action=ChangeAction.APPROVE).update(at=approved_at)
    ReportReview.objects.filter(report_id__in=ids).update(at=approved_at)
    # Flag the recent reports against each ward's history (what the reviewer sees).
    for r in new_reports:
        if r.period_start is not None and r.period_start >= today - datetime.timedelta(days=3):
            services._flag_outliers(r)
    _returned(today, committee, new_reports)
    _urgent(today, officers, committee, wards)
    if stdout:
        stdout.write(f"reports demo: {len(new_reports)} daily reports added")


def _returned(today, committee, new_reports) -> None:
    code, ago = RETURNED
    report = next(
        (r for r in new_reports if r.ward.code == code and r.period_start == today - datetime.timedelta(days=ago)), None
    )
    if report is None or report.status != ReportStatus.SUBMITTED:
        return
    services.report_return(
        report=report,
        user=committee,
        comment="Đề nghị phường kiểm tra lại số khẩu trang đã phát và bổ sung tình hình người về từ vùng dịch.",
        field_comments={"masks_given": "Số liệu khác nhiều so với sổ cấp phát của phường."},
    )


def _urgent(today, officers, committee, wards) -> None:
    by_code = {w.code: w for w in wards}
    items = [
        ("lam-son", "Phát hiện người nghi nhiễm trở về từ Hà Nội", Severity.SERIOUS, 3, "Tổ dân phố số 7, phố Lam Sơn",
         "Một người trở về từ Hà Nội có biểu hiện sốt, ho. Đã đưa đi cách ly và lấy mẫu xét nghiệm; đang rà soát "
         "các trường hợp tiếp xúc gần.", True),
        ("cat-dai", "Quán karaoke mở cửa trái phép, tụ tập đông người", Severity.CRITICAL, 1, "Đường Cát Dài",
         "Tổ kiểm tra phát hiện quán karaoke hoạt động với khoảng 20 khách. Đã lập biên bản, đình chỉ hoạt động; "
         "đề nghị quận hỗ trợ xử lý.", False),
    ]  # fmt: skip
    for code, title, severity, ago, location, description, acknowledged in items:
        ward = by_code.get(code)
        if ward is None or Report.objects.filter(kind=ReportKind.URGENT, ward=ward, title=title).exists():
            continue
        officer = officers[ward.pk]
        occurred = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=ago), datetime.time(20, 30))
        )
        report = services.report_create(
            user=officer, ward=ward, kind=ReportKind.URGENT, title=title, severity=severity,
            occurred_at=min(occurred, timezone.now()), location=location, description=description,
        )  # fmt: skip
        report = services.report_submit(report=report, user=officer)
        if acknowledged:
            services.report_acknowledge(report=report, user=committee)
