"""Demo documents: the national documents of spring 2020 with their real numbers, dates and issuers,
and district documents (illustrative numbers) that pass their tasks to the 15 wards, with a mix of
done, in-progress and overdue assignments. All through the services (audited). Safe to run again."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from directives import services
from directives.choices import AssignmentStatus, DocumentKind, Issuer, Repeat, Weekday
from directives.models import Assignment, Directive
from wards.choices import Role
from wards.models import User, Ward

D = datetime.date

# The Prime Minister's documents the district lived by in 2020 (real numbers, dates, titles).
NATIONAL = [
    ("15/CT-TTg", DocumentKind.DIRECTIVE, D(2020, 3, 27),
     "Về quyết liệt thực hiện đợt cao điểm phòng, chống dịch COVID-19",
     "Hạn chế tập trung đông người; tạm dừng các hoạt động không thiết yếu; giữ khoảng cách khi tiếp xúc."),
    ("16/CT-TTg", DocumentKind.DIRECTIVE, D(2020, 3, 31),
     "Về thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19",
     "Cách ly toàn xã hội trong 15 ngày từ 0 giờ ngày 01/4/2020; mọi người ở tại nhà, chỉ ra ngoài khi thật cần thiết."),
    ("447/QĐ-TTg", DocumentKind.DECISION, D(2020, 4, 1),
     "Về việc công bố dịch COVID-19",
     "Công bố dịch COVID-19 do chủng mới của vi rút Corona gây ra trên phạm vi toàn quốc."),
    ("19/CT-TTg", DocumentKind.DIRECTIVE, D(2020, 4, 24),
     "Về việc tiếp tục thực hiện các biện pháp phòng, chống dịch COVID-19 trong tình hình mới",
     "Nới lỏng có kiểm soát; tiếp tục đeo khẩu trang nơi công cộng, hạn chế tụ tập đông người."),
]  # fmt: skip

REPLIES = [
    "Đã họp Ban Chỉ đạo phường, phân công cán bộ phụ trách từng tổ dân phố.",
    "Đã rà soát toàn bộ các hộ, lập danh sách và báo cáo Ban Chỉ đạo quận.",
    "Đã tuyên truyền trên loa truyền thanh và dán thông báo tại các tổ dân phố.",
    "Đã kiểm tra, nhắc nhở các cơ sở kinh doanh dịch vụ không thiết yếu tạm dừng hoạt động.",
]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _national(admin: User) -> dict[str, Directive]:
    found = {}
    for number, kind, signed, title, summary in NATIONAL:
        found[number] = services.directive_create(
            user=admin, number=number, kind=kind, issuer=Issuer.PRIME_MINISTER, signed_on=signed, effective_on=signed,
            title=title, summary=summary,
        )  # fmt: skip
    return found


def _district_2020(admin: User, national: dict[str, Directive]) -> list:
    """District documents relaying the national ones (illustrative numbers), with their tasks."""
    d15 = services.directive_create(
        user=admin, number="65/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=D(2020, 3, 28), title="Kế hoạch triển khai Chỉ thị 15/CT-TTg trên địa bàn quận Lê Chân",
        summary="Giao các phường rà soát người về từ vùng dịch và tạm dừng các cơ sở kinh doanh không thiết yếu.",
    )  # fmt: skip
    d16 = services.directive_create(
        user=admin, number="512/UBND-VP", kind=DocumentKind.OFFICIAL_LETTER, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=D(2020, 4, 1), title="Về thực hiện cách ly toàn xã hội theo Chỉ thị 16/CT-TTg",
        summary="Các phường lập chốt kiểm soát, báo cáo số người ra đường không có lý do chính đáng hằng tuần.",
    )  # fmt: skip
    d19 = services.directive_create(
        user=admin, number="98/KH-BCĐ", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_STEERING,
        signed_on=D(2020, 4, 25), title="Kế hoạch thực hiện Chỉ thị 19/CT-TTg trong tình hình mới",
        summary="Khử khuẩn trường học, chợ và trụ sở; tiếp tục tuyên truyền đeo khẩu trang nơi công cộng.",
        supersedes=d16,
    )  # fmt: skip
    return [
        services.task_create(user=admin, directive=d15, title="Rà soát người về từ vùng dịch trong 14 ngày qua",
                             due_on=D(2020, 3, 31), number_label="Số người đã rà soát", today=D(2020, 3, 28)),
        services.task_create(user=admin, directive=d15, title="Tạm dừng cơ sở kinh doanh dịch vụ không thiết yếu",
                             due_on=D(2020, 4, 1), today=D(2020, 3, 28)),
        services.task_create(user=admin, directive=d16, title="Báo cáo số người ra đường không có lý do chính đáng",
                             due_on=D(2020, 4, 6), repeat=Repeat.WEEKLY, weekday=Weekday.MONDAY,
                             repeat_until=D(2020, 4, 27), number_label="Số người bị nhắc nhở",
                             today=D(2020, 4, 27)),
        services.task_create(user=admin, directive=d19, title="Khử khuẩn trường học, chợ và trụ sở phường",
                             due_on=D(2020, 5, 4), number_label="Số điểm đã khử khuẩn", today=D(2020, 4, 25)),
    ]  # fmt: skip


def _recent(admin: User, today: datetime.date) -> list:
    """A recent district letter, so the inbox and the reminders have something due now."""
    letter = services.directive_create(
        user=admin, number=f"{today.timetuple().tm_yday + 600}/UBND-YT", kind=DocumentKind.OFFICIAL_LETTER,
        issuer=Issuer.DISTRICT_COMMITTEE, signed_on=today - datetime.timedelta(days=6),
        title="Về tăng cường công tác phòng, chống dịch COVID-19 tại khu dân cư",
        summary="Rà soát người nước ngoài lưu trú; báo cáo công tác tuyên truyền hằng tuần.",
    )  # fmt: skip
    return [
        services.task_create(user=admin, directive=letter, title="Rà soát người nước ngoài lưu trú trên địa bàn",
                             due_on=today + datetime.timedelta(days=1), number_label="Số người nước ngoài",
                             today=today),
        services.task_create(user=admin, directive=letter, title="Kiểm tra các hộ kinh doanh karaoke, quán bar",
                             due_on=today - datetime.timedelta(days=2), today=today),
        services.task_create(user=admin, directive=letter, title="Báo cáo công tác tuyên truyền",
                             due_on=today - datetime.timedelta(days=6), repeat=Repeat.WEEKLY,
                             weekday=today.weekday(), today=today),
    ]  # fmt: skip


def _play(rng: random.Random, tasks: list, officers: dict[int, User], committee: User, *, done_share: float,
          today: datetime.date) -> dict[str, int]:  # fmt: skip
    """Wards reply to most assignments; the committee accepts most replies and returns a few."""
    counts = {"accepted": 0, "replied": 0, "returned": 0, "open": 0}
    for assignment in Assignment.objects.filter(task__in=tasks, due_on__lte=today).select_related("task"):
        officer = officers.get(assignment.ward_id)
        roll = rng.random()
        if officer is None or roll > done_share + 0.15:
            counts["open"] += 1
            continue
        number = rng.randint(3, 120) if assignment.task.asks_number else None
        a = services.assignment_reply(
            assignment=assignment, user=officer, reply=rng.choice(REPLIES), done_on=min(assignment.due_on, today),
            number=number,
        )  # fmt: skip
        if roll < done_share:
            services.assignment_accept(assignment=a, user=committee, comment="Đã nhận báo cáo.")
            counts["accepted"] += 1
        elif roll < done_share + 0.05:
            services.assignment_return(assignment=a, user=committee, comment="Đề nghị bổ sung danh sách kèm theo.")
            counts["returned"] += 1
        else:
            counts["replied"] += 1
    return counts


def load(*, today: datetime.date, password: str, stdout=None) -> None:
    if Directive.objects.filter(issuer=Issuer.PRIME_MINISTER, number="16/CT-TTg").exists():
        _say(stdout, "  directives: already loaded")
        return
    admin = User.objects.filter(username="admin").first() or User.objects.filter(role=Role.ADMIN).first()
    committee = User.objects.filter(username="committee").first() or User.objects.filter(role=Role.COMMITTEE).first()
    if admin is None or committee is None or not Ward.objects.exists():
        return
    officers = {u.ward_id: u for u in User.objects.filter(role=Role.WARD_OFFICER, is_active=True).order_by("username")}
    rng = random.Random(20200327)  # noqa: S311 - demo data only
    with transaction.atomic():
        national = _national(admin)
        old = _district_2020(admin, national)
        counts = _play(rng, old, officers, committee, done_share=0.8, today=D(2020, 5, 10))
        recent = _recent(admin, today)
        more = _play(rng, recent, officers, committee, done_share=0.3, today=today)
    open_now = Assignment.objects.filter(status=AssignmentStatus.NEW, due_on__lt=timezone.localdate()).count()
    _say(
        stdout,
        f"  directives: {Directive.objects.count()} documents, {Assignment.objects.count()} assignments "
        f"({counts['accepted'] + more['accepted']} done, {open_now} overdue)",
    )
