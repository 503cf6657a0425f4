"""Demo data of the inspections app: ~300 establishments in Lê Chân's 15 wards, four teams, a
month of schedules and inspection records (violations, follow-ups, a closure) and next week's
plan. Idempotent: a second run finds the teams and stops.

History (the 30 days before ``today``) is written in bulk, following the same rules as the
services (follow-up on the correct-by date, repeat flags, closure status); next week's visits
and a campaign go through the services themselves.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from inspections import services
from inspections.choices import (
    SCHOOL_CATEGORIES,
    Action,
    Answer,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
    ScheduleKind,
    ScheduleStatus,
    SiteKind,
)
from inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    DisinfectionSite,
    DisinfectionTarget,
    Establishment,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    TeamMember,
)
from inspections.selectors import REPEAT_WINDOW_DAYS
from wards.choices import Role
from wards.models import User, Ward

TEAM_NAMES = [
    "Đoàn kiểm tra liên ngành số 1",
    "Đoàn kiểm tra liên ngành số 2",
    "Đoàn kiểm tra liên ngành số 3",
    "Đoàn kiểm tra liên ngành số 4",
]
INSPECTORS = [
    ("Nguyễn", "Văn Hải"), ("Trần", "Thị Thu"), ("Lê", "Minh Đức"), ("Phạm", "Thị Hằng"),
    ("Hoàng", "Quốc Việt"), ("Vũ", "Thị Ngân"), ("Đỗ", "Văn Thịnh"), ("Bùi", "Thị Phương"),
]  # fmt: skip
OUTSIDE = [
    ("Đặng Văn Quý", "Trung tâm Y tế quận Lê Chân"), ("Ngô Thị Lụa", "Phòng Văn hoá - Thông tin quận"),
    ("Trịnh Văn Bình", "Công an quận Lê Chân"), ("Phan Thị Xuân", "Phòng Giáo dục và Đào tạo quận"),
]  # fmt: skip
STREETS = [
    "Tô Hiệu", "Lạch Tray", "Hàng Kênh", "Nguyễn Văn Linh", "Trần Nguyên Hãn", "Dư Hàng", "Cát Cụt", "Chợ Con",
    "Hai Bà Trưng", "Lán Bè", "Thiên Lôi", "Miếu Hai Xã", "Mê Linh", "Nguyễn Công Trứ", "Đình Đông", "Nam Sơn",
    "Phạm Tử Nghi", "Lam Sơn", "Hồ Sen", "Chợ Hàng", "Dân Lập", "Vĩnh Niệm", "Trại Lẻ", "Nguyễn Tường Loan",
]  # fmt: skip
OWNERS = ["Nguyễn Văn Tùng", "Trần Thị Mai", "Lê Văn Phú", "Phạm Thị Lan", "Vũ Đình Khôi", "Đỗ Thị Hồng", "Hoàng Văn Lực",
          "Bùi Thị Yến", "Ngô Quang Huy", "Đinh Thị Nhung", "Lương Văn Toản", "Mai Thị Thơm"]  # fmt: skip
# (category, how many per ward, name patterns)
PER_WARD = [
    (Category.KINDERGARTEN, 2, ["Trường Mầm non {w}", "Trường Mầm non Hoa Sen {w}", "Trường Mầm non Sao Mai"]),
    (Category.PRIMARY_SCHOOL, 2, ["Trường Tiểu học {w}", "Trường Tiểu học {s}"]),
    (Category.LOWER_SECONDARY_SCHOOL, 1, ["Trường THCS {w}"]),
    (Category.RELIGIOUS_SITE, 1, ["Chùa {s}", "Nhà thờ Giáo xứ {w}"]),
    (Category.BELIEF_SITE, 1, ["Đình {w}", "Miếu {s}"]),
    (Category.CLINIC, 1, ["Phòng khám Đa khoa {s}", "Trạm Y tế phường {w}"]),
    (Category.PHARMACY, 2, ["Nhà thuốc {o}", "Nhà thuốc Minh Châu {n}", "Nhà thuốc Hồng Phúc"]),
    (Category.MARKET, 1, ["Chợ {w}", "Chợ {s}"]),
    (Category.ENTERPRISE, 2, ["Công ty TNHH Thương mại {s}", "Công ty CP Xây dựng {w} {n}"]),
    (Category.ENTERPRISE_FOREIGN, 1, ["Công ty TNHH May mặc Hải Phòng {n}", "Công ty TNHH Điện tử Đông Á {n}"]),
    (Category.OFFICE, 1, ["UBND phường {w}"]),
    (Category.BAR, 1, ["Quán bar Skyline {n}", "Pub Ánh Trăng {n}"]),
    (Category.RESTAURANT, 2, ["Nhà hàng Hải sản {s}", "Quán ăn Phố Cảng {n}", "Nhà hàng Bánh đa cua {o}"]),
    (Category.KARAOKE, 1, ["Karaoke Hoàng Gia {n}", "Karaoke Sao Biển {n}"]),
]
FINDINGS = [
    "Nhân viên phục vụ không đeo khẩu trang.",
    "Không bố trí điểm rửa tay, dung dịch sát khuẩn ở lối vào.",
    "Sổ theo dõi khử khuẩn không được cập nhật từ tuần trước.",
    "Khách ngồi sát nhau, không bảo đảm giãn cách.",
    "Chưa tổ chức khai báo y tế cho người lao động.",
    "Mở cửa hoạt động khi đã có yêu cầu tạm dừng.",
]


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _users(password):
    users = []
    for index, (last, first) in enumerate(INSPECTORS, start=1):
        username = f"inspector.{index}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=Role.COMMITTEE,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )
            user.set_password(password)
            user.save()
        users.append(user)
    return users


def _establishments(rng, wards, today):
    rows = []
    counter = 0
    for ward in wards:
        for category, count, patterns in PER_WARD:
            for k in range(count):
                counter += 1
                street = rng.choice(STREETS)
                name = patterns[k % len(patterns)].format(
                    w=ward.name, s=street, n=counter, o=rng.choice(OWNERS).split()[-1]
                )
                workers = foreign = None
                if category == Category.ENTERPRISE:
                    workers = rng.randint(15, 300)
                elif category == Category.ENTERPRISE_FOREIGN:
                    workers = rng.randint(80, 900)
                    foreign = rng.randint(2, 25)
                rows.append(
                    Establishment(
                        ward=ward, name=name, address=f"Số {rng.randint(1, 250)} {street}, phường {ward.name}",
                        category=category, owner_name=rng.choice(OWNERS),
                        phone=f"0{rng.choice([225, 912, 936, 983, 868])} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                        workers=workers, foreign_workers=foreign,
                        registered_on=today - datetime.timedelta(days=rng.randint(60, 400)),
                    )
                )  # fmt: skip
    # 39 non-public education facilities across the district (as in the district's report).
    for n in range(39):
        ward = wards[n % len(wards)]
        street = rng.choice(STREETS)
        rows.append(
            Establishment(
                ward=ward, name=f"Nhóm trẻ tư thục {['Bông Sen', 'Họa Mi', 'Ánh Dương', 'Thỏ Ngọc', 'Sơn Ca'][n % 5]} {n + 1}",
                address=f"Số {rng.randint(1, 200)} {street}, phường {ward.name}", category=Category.NON_PUBLIC_EDUCATION,
                owner_name=rng.choice(OWNERS), phone=f"0912 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                registered_on=today - datetime.timedelta(days=rng.randint(60, 400)),
            )
        )  # fmt: skip
    niem_nghia = next(w for w in wards if w.code == "niem-nghia")
    rows.append(
        Establishment(
            ward=niem_nghia, name="Bến xe khách Niệm Nghĩa", address="Số 275 Trần Nguyên Hãn, phường Niệm Nghĩa",
            category=Category.BUS_STATION, owner_name="Công ty CP Bến xe Hải Phòng", phone="0225 3857 236",
            registered_on=today - datetime.timedelta(days=400),
        )
    )  # fmt: skip
    Establishment.objects.bulk_create(rows, batch_size=500)


def _teams(users, admin):
    teams = []
    for index, name in enumerate(TEAM_NAMES):
        leader, second = users[2 * index], users[2 * index + 1]
        team = InspectionTeam.objects.create(name=name, leader=leader, daily_capacity=6)
        TeamMember.objects.create(team=team, user=leader, position="Trưởng đoàn")
        TeamMember.objects.create(team=team, user=second, position="Thành viên")
        outside, unit = OUTSIDE[index]
        TeamMember.objects.create(team=team, name=outside, unit=unit, position="Thành viên")
        if index == 0 and admin is not None:
            TeamMember.objects.create(team=team, user=admin, position="Phó đoàn")
        teams.append(team)
    return teams


def _history(rng, teams, wards, today, admin):
    """Thirty days of visits, written in bulk following the services' rules."""
    items = list(ChecklistItem.objects.filter(active=True).order_by("order"))
    by_team_wards = {team.pk: wards[i * 4 : i * 4 + 4] for i, team in enumerate(teams)}
    pools = {
        team.pk: list(Establishment.objects.filter(ward__in=by_team_wards[team.pk]).order_by("pk")) for team in teams
    }
    members = {team.pk: list(team.members.all()) for team in teams}
    start = today - datetime.timedelta(days=30)
    schedules: list[tuple[InspectionTeam, Establishment, datetime.date, ScheduleKind, int | None]] = []
    inspections: list[tuple[InspectionSchedule, Inspection]] = []
    answers_for: list[list[tuple[ChecklistItem, Answer]]] = []
    follow_ups: list[tuple[int, datetime.date]] = []
    parent_of: dict[int, int] = {}  # a follow-up's position in ``inspections`` → its violation's
    last_violation: dict[int, datetime.date] = {}
    closure_done = False
    day = start
    while day < today:
        if day.weekday() < 5:
            for team in teams:
                pool = pools[team.pk]
                for est in rng.sample(pool, k=min(len(pool), rng.randint(3, 5))):
                    if est.status == EstablishmentStatus.CLOSED:
                        continue
                    schedules.append((team, est, day, ScheduleKind.ROUTINE, None))
        day += datetime.timedelta(days=1)
    # Record each visit in date order (follow-ups are appended as they arise).
    schedules.sort(key=lambda s: s[2])
    taken = set()
    index = 0
    while index < len(schedules):
        team, est, day, kind, parent = schedules[index]
        index += 1
        if (est.pk, day) in taken:
            continue
        taken.add((est.pk, day))
        schedule = InspectionSchedule(team=team, establishment=est, date=day, kind=kind, created_by=admin,
                                      status=ScheduleStatus.DONE)  # fmt: skip
        if parent is not None:
            parent_of[len(inspections)] = parent  # resolved after the inspections exist
        night = est.category in (Category.BAR, Category.KARAOKE, Category.RESTAURANT)
        chance = 0.3 if night else 0.1
        if kind == ScheduleKind.FOLLOW_UP:
            chance = 0.25
        violation = rng.random() < chance
        when = timezone.make_aware(
            datetime.datetime.combine(
                day, datetime.time(rng.choice([8, 9, 10, 14, 15, 20, 21]), rng.choice([0, 15, 30, 45]))
            )
        )
        action, findings = Action.NONE, ""
        fine: int | None = None
        correct_by: datetime.date | None = None
        if violation:
            findings = rng.choice(FINDINGS)
            action = rng.choice([Action.REMINDER, Action.WARNING, Action.WARNING, Action.FINE])
            if not closure_done and est.category == Category.KARAOKE and day >= today - datetime.timedelta(days=12):
                action, closure_done = Action.CLOSURE, True
                findings = "Hoạt động quá giờ, không bảo đảm giãn cách, không khai báo y tế khách."
                est.status = EstablishmentStatus.CLOSED_BY_ORDER
            if action == Action.FINE:
                fine = rng.choice([1_000_000, 2_000_000, 3_000_000, 5_000_000, 7_500_000])
            correct_by = day + datetime.timedelta(days=rng.choice([3, 5, 7]))
        elif rng.random() < 0.15:
            action = Action.REMINDER
        previous = last_violation.get(est.pk)
        repeat = violation and previous is not None and (day - previous).days <= REPEAT_WINDOW_DAYS
        inspection = Inspection(
            establishment=est, team=team, reason=InspectionReason.SCHEDULED, inspected_at=when, inspected_on=day,
            findings=findings, result=Result.VIOLATION if violation else Result.COMPLIANT, action=action,
            fine_amount=fine, correct_by=correct_by, repeat_violation=repeat, recorded_by=members[team.pk][0].user,
        )  # fmt: skip
        inspections.append((schedule, inspection))
        applicable = [i for i in items if i.applies_to(est.category)]
        answers_for.append(
            [(item, Answer.NO if violation and rng.random() < 0.4 else Answer.YES) for item in applicable]
        )
        if violation:
            last_violation[est.pk] = day
            follow_day = correct_by or day  # set for every violation
            while follow_day.weekday() >= 5:
                follow_day += datetime.timedelta(days=1)
            if follow_day < today:
                schedules.append((team, est, follow_day, ScheduleKind.FOLLOW_UP, len(inspections) - 1))
                schedules.sort(key=lambda s: s[2])
            else:
                follow_ups.append((len(inspections) - 1, follow_day))
    InspectionSchedule.objects.bulk_create([s for s, _ in inspections], batch_size=500)
    for schedule, inspection in inspections:
        inspection.schedule = schedule
    Inspection.objects.bulk_create([i for _, i in inspections], batch_size=500)
    for position, (schedule, _inspection) in enumerate(inspections):
        parent = parent_of.get(position)
        if parent is not None:
            schedule.follow_up_of = inspections[parent][1]
    InspectionSchedule.objects.bulk_update(
        [s for s, _ in inspections if s.follow_up_of_id or getattr(s, "follow_up_of", None)],
        ["follow_up_of"],
        batch_size=500,
    )
    ChecklistAnswer.objects.bulk_create(
        [ChecklistAnswer(inspection=i, item=item, answer=a) for (_, i), pairs in zip(inspections, answers_for, strict=True) for item, a in pairs],
        batch_size=1000,
    )  # fmt: skip
    present = Inspection.members_present.through
    present.objects.bulk_create(
        [present(inspection_id=i.pk, teammember_id=m.pk) for s, i in inspections for m in members[s.team_id][:3]],
        batch_size=1000,
    )
    # Violations whose correct-by date is still ahead: their follow-up is planned.
    InspectionSchedule.objects.bulk_create(
        [
            InspectionSchedule(
                team=inspections[k][1].team,
                establishment=inspections[k][1].establishment,
                date=d,
                kind=ScheduleKind.FOLLOW_UP,
                follow_up_of=inspections[k][1],
                note="Kiểm tra lại việc khắc phục vi phạm.",
            )  # fmt: skip
            for k, d in follow_ups
            if (inspections[k][1].establishment_id, d) not in taken
        ]
    )
    closed = [i.establishment_id for _, i in inspections if i.action == Action.CLOSURE]
    Establishment.objects.filter(pk__in=closed).update(status=EstablishmentStatus.CLOSED_BY_ORDER)
    return len(inspections)


def _next_week(rng, teams, wards, today, admin):
    """Next week's plan, through the services (capacity and rules apply)."""
    monday = today + datetime.timedelta(days=7 - today.weekday())
    niem_nghia = next(w for w in wards if w.code == "niem-nghia")
    schools = Establishment.objects.filter(ward=niem_nghia, category__in=SCHOOL_CATEGORIES)
    team = next(t for t in teams if niem_nghia in wards[teams.index(t) * 4 : teams.index(t) * 4 + 4])
    services.campaign_create(
        user=admin, team=team, name=f"Trường học phường Niệm Nghĩa, tuần {monday:%d/%m}", establishments=schools,
        start=monday, end=monday + datetime.timedelta(days=4), per_day=3,
    )  # fmt: skip
    for index, t in enumerate(teams):
        if t == team:
            continue
        pool = list(Establishment.objects.filter(ward__in=wards[index * 4 : index * 4 + 4], status=EstablishmentStatus.OPERATING, category__in=[Category.MARKET, Category.KARAOKE, Category.RESTAURANT]).order_by("pk"))  # fmt: skip
        for k, est in enumerate(rng.sample(pool, k=min(6, len(pool)))):
            day = monday + datetime.timedelta(days=k % 5)
            try:
                services.schedule_create(user=admin, team=t, establishment=est, date=day)
            except Exception:  # noqa: BLE001,S112 - a clash with a planned follow-up is fine in demo data
                continue


PUBLIC_OFFICES = [
    ("Trụ sở Quận ủy - HĐND - UBND quận Lê Chân", "Số 1 Hai Bà Trưng"),
    ("Trung tâm Hành chính công quận Lê Chân", "Số 5 Nguyễn Đức Cảnh"),
    ("Trung tâm Y tế quận Lê Chân", "Số 9 Lán Bè"),
]
DISINFECTION_PRODUCTS = ["Cloramin B 2%", "Cloramin B 0,5%", "Javel 0,05%", "Presept 2,5 g"]


def _disinfection(rng, wards, today, admin) -> tuple[int, int]:
    """Each ward's headquarters and three district offices as sites, and one running round over
    schools, markets, the bus station and those sites, about two thirds of them marked done."""
    if not DisinfectionSite.objects.exists():
        sites = [
            DisinfectionSite(ward=w, name=f"Trụ sở Đảng ủy - HĐND - UBND phường {w.name}", address=f"Phường {w.name}", kind=SiteKind.WARD_HQ)
            for w in wards
        ] + [
            DisinfectionSite(ward=wards[index], name=name, address=address, kind=SiteKind.PUBLIC_OFFICE)
            for index, (name, address) in enumerate(PUBLIC_OFFICES)
        ]  # fmt: skip
        DisinfectionSite.objects.bulk_create(sites)
    start = today - datetime.timedelta(days=4)
    round_ = services.round_create(
        user=admin,
        data={
            "title": "Phun khử khuẩn trường học, chợ, bến xe và trụ sở cơ quan",
            "scope": "Toàn bộ trường học, chợ, bến xe khách, trụ sở cơ quan và trụ sở phường trên địa bàn quận.",
            "start": start,
            "end": today + datetime.timedelta(days=3),
            "categories": [*SCHOOL_CATEGORIES, Category.MARKET, Category.BUS_STATION, SiteKind.PUBLIC_OFFICE, SiteKind.WARD_HQ],
            "directive_reference": "Kế hoạch 52/KH-UBND ngày 30/3/2020 của UBND quận Lê Chân",
        },
    )  # fmt: skip
    share: dict[str, float] = {
        Category.BUS_STATION: 1.0,
        Category.MARKET: 1.0,
        SiteKind.WARD_HQ: 0.8,
        SiteKind.PUBLIC_OFFICE: 0.34,
    }
    targets = list(DisinfectionTarget.objects.filter(round=round_).select_related("ward").order_by("pk"))
    done = 0
    for target in targets:
        if rng.random() >= share.get(target.category, 0.6):
            continue
        services.target_mark_done(
            user=admin,
            round_=round_,
            target_id=target.pk,
            data={
                "done_on": start + datetime.timedelta(days=rng.randint(0, 4)),
                "done_by": f"Tổ phản ứng nhanh phường {target.ward.name}",
                "product": rng.choice(DISINFECTION_PRODUCTS),
                "quantity": Decimal(rng.randint(4, 40)) / 2,
                "unit": "lít",
            },
        )
        done += 1
    return len(targets), done


@transaction.atomic
def load(*, today: datetime.date, password: str, stdout=None) -> None:
    if InspectionTeam.objects.filter(name=TEAM_NAMES[0]).exists():
        _say(stdout, "  inspections: already loaded")
        return
    rng = random.Random(20200122)  # noqa: S311 - demo data only
    wards = list(Ward.objects.filter(district__code="le-chan").order_by("code"))
    if not wards:
        return
    users = _users(password)
    admin = User.objects.filter(username="admin").first() or User.objects.filter(role=Role.ADMIN).first()
    if not Establishment.objects.exists():
        _establishments(rng, wards, today)
    teams = _teams(users, admin)
    count = _history(rng, teams, wards, today, admin)
    disinfected = (0, 0)
    if admin is not None:
        _next_week(rng, teams, wards, today, admin)
        disinfected = _disinfection(rng, wards, today, admin)
    _say(
        stdout,
        f"  inspections: {Establishment.objects.count()} establishments, {len(teams)} teams, {count} inspections; "
        f"team accounts inspector.1 … inspector.8 (password as above); "
        f"a disinfection round of {disinfected[0]} sites, {disinfected[1]} done",
    )
