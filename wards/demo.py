"""Demo data of the wards app: populations, committee records and the demo accounts."""

import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from wards.choices import LeaderRole, Role
from wards.models import User, Ward, WardCommittee, WardLeader

# Rough populations of Lê Chân's wards (used for "per 1,000 residents" figures).
POPULATIONS = {
    "an-bien": 14200, "an-duong": 12800, "cat-dai": 10500, "du-hang": 15600, "du-hang-kenh": 23400,
    "dong-hai": 9800, "hang-kenh": 16900, "ho-nam": 13100, "kenh-duong": 19700, "lam-son": 11300,
    "nghia-xa": 20100, "niem-nghia": 18200, "trai-cau": 10900, "tran-nguyen-han": 14800, "vinh-niem": 21500,
}  # fmt: skip

HEADS = [
    ("Nguyễn Văn Hùng", "Trần Thị Lan"), ("Phạm Minh Tuấn", "Lê Thị Hoa"), ("Vũ Đức Thắng", "Đỗ Thị Mai"),
    ("Hoàng Văn Nam", "Bùi Thị Hạnh"), ("Đặng Quốc Bảo", "Ngô Thị Thu"), ("Trịnh Văn Long", "Phan Thị Yến"),
    ("Lương Văn Hải", "Đinh Thị Nga"), ("Mai Xuân Trường", "Tạ Thị Hương"), ("Cao Văn Dũng", "Hà Thị Liên"),
    ("Dương Văn Sơn", "Lý Thị Oanh"), ("Tô Văn Phúc", "Quách Thị Vân"), ("Kiều Văn Thành", "Lưu Thị Hằng"),
    ("Nguyễn Đức Mạnh", "Vương Thị Ngọc"), ("Phí Văn Toàn", "Chu Thị Thảo"), ("Bạch Văn Khoa", "Tăng Thị Bích"),
]  # fmt: skip

# Leaders the district assigns to the wards (family name first), with their positions.
LEADERS = [
    ("Nguyễn Thanh Bình", "Ủy viên Ban Thường vụ Quận ủy, Phó Chủ tịch UBND quận"),
    ("Trần Quang Huy", "Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Tổ chức Quận ủy"),
    ("Lê Thị Thanh Hà", "Ủy viên Ban Thường vụ Quận ủy, Chủ nhiệm Ủy ban Kiểm tra Quận ủy"),
    ("Phạm Văn Cường", "Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Tuyên giáo Quận ủy"),
    ("Vũ Thị Minh Nguyệt", "Ủy viên Ban Thường vụ Quận ủy, Trưởng Ban Dân vận Quận ủy"),
    ("Đỗ Mạnh Hùng", "Ủy viên Ban Thường vụ Quận ủy, Chỉ huy trưởng Ban Chỉ huy Quân sự quận"),
    ("Hoàng Đức Anh", "Ủy viên Ban Thường vụ Quận ủy, Trưởng Công an quận"),
    ("Bùi Thị Thu Trang", "Ủy viên Ban Thường vụ Quận ủy, Chủ tịch Ủy ban MTTQ Việt Nam quận"),
    ("Ngô Văn Tiến", "Quận ủy viên, Phó Chủ tịch UBND quận"),
    ("Đặng Thị Kim Oanh", "Quận ủy viên, Trưởng phòng Y tế quận"),
    ("Trịnh Xuân Lộc", "Quận ủy viên, Giám đốc Trung tâm Y tế quận"),
    ("Phan Văn Quyết", "Quận ủy viên, Chánh Văn phòng Quận ủy"),
    ("Lưu Thị Hồng Nhung", "Quận ủy viên, Trưởng phòng Giáo dục và Đào tạo quận"),
    ("Cao Minh Đức", "Quận ủy viên, Trưởng phòng Văn hóa và Thông tin quận"),
    ("Tạ Văn Khánh", "Quận ủy viên, Chánh Văn phòng HĐND và UBND quận"),
]


def _load_leaders(wards: list[Ward], leader_account: User | None) -> None:
    """A current leader in charge of each ward (once); the first one has the demo leader account."""
    if WardLeader.objects.exists():
        return
    rows = []
    for index, ward in enumerate(wards):
        name, title = LEADERS[index % len(LEADERS)]
        rows.append(
            WardLeader(
                ward=ward,
                role=LeaderRole.IN_CHARGE,
                name=name,
                title=title,
                phone=f"0912 {300 + index * 11:03d} {500 + index * 23:03d}",
                email=f"lanhdao.{ward.code}@example.org",
                started_on=datetime.date(2020, 2, 3),
                user=leader_account if index == 0 else None,
            )
        )
    if wards:  # the history: the first ward's leader before the current one
        rows.append(
            WardLeader(
                ward=wards[0],
                role=LeaderRole.IN_CHARGE,
                name="Nguyễn Hữu Phước",
                title="Ủy viên Ban Thường vụ Quận ủy",
                started_on=datetime.date(2019, 6, 1),
                ended_on=datetime.date(2020, 2, 2),
            )
        )
    WardLeader.objects.bulk_create(rows)


@transaction.atomic
def load(*, today: datetime.date, password: str, stdout=None) -> list[tuple[str, str, str]]:
    """Fill ward details and create the demo accounts; safe to run again.

    Returns (username, role, ward) rows for the accounts, for printing.
    """
    wards = list(Ward.objects.select_related("committee").order_by("code"))
    for index, ward in enumerate(wards):
        if ward.code in POPULATIONS and ward.population is None:
            ward.population = POPULATIONS[ward.code]
            ward.save(update_fields=["population"])
        committee, _ = WardCommittee.objects.get_or_create(ward=ward)
        if not committee.head_name:
            head, deputy = HEADS[index % len(HEADS)]
            committee.head_name, committee.deputy_name = head, deputy
            committee.phone = f"0225 38{index:02d} {100 + index * 7:03d}"
            committee.established_on = datetime.date(2020, 1, 30)
            committee.plan_reference = f"{20 + index}/KH-BCĐ"
            committee.save()

    accounts: list[tuple[str, Role, Ward | None, str, str]] = [
        ("admin", Role.ADMIN, None, "Quản trị", "Hệ thống"),
        ("committee", Role.COMMITTEE, None, "Ban Chỉ đạo", "Quận"),
        ("leader", Role.LEADER, None, "Nguyễn", "Thanh Bình"),
    ]
    accounts += [(f"officer.{w.code}", Role.WARD_OFFICER, w, "Cán bộ", w.name) for w in wards]
    usernames = [username for username, *_rest in accounts]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # One hash for every demo account: hashing is deliberately slow, and they share the password.
    hashed = make_password(password)
    new_users = [
        User(
            username=username,
            role=role,
            ward=ward,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
            password=hashed,
            is_staff=role == Role.ADMIN,
        )
        for username, role, ward, last, first in accounts  # họ (family name) first, as shown
        if username not in existing
    ]
    User.objects.bulk_create(new_users)
    # Accounts from an earlier run keep their data; if DEMO_PASSWORD changed since, the printed
    # password must still work, so reset it (one check: they all share one hash).
    sample = next(iter(existing.values()), None)
    if sample is not None and not sample.check_password(password):
        User.objects.filter(username__in=usernames).update(password=hashed)
    users = {u.username: u for u in User.objects.filter(username__in=usernames).select_related("ward")}
    _load_leaders(wards, users.get("leader"))
    return [
        (username, str(Role(users[username].role).label), ward.name if (ward := users[username].ward) else "")
        for username in usernames
    ]
