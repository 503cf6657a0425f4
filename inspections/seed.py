"""Default risk intervals and checklist, loaded by a data migration (idempotent).

Checklist texts are data the district edits in the admin, so they are stored in Vietnamese.
"""

from inspections.choices import SCHOOL_CATEGORIES, Category
from inspections.models import DEFAULT_INTERVALS

_SCHOOLS = [str(c) for c in SCHOOL_CATEGORIES]
_NIGHTLIFE = [Category.BAR.value, Category.KARAOKE.value, Category.RESTAURANT.value]

# (code, text, categories (empty = all), order)
DEFAULT_CHECKLIST = [
    ("masks", "Nhân viên, khách đeo khẩu trang", [], 10),
    ("hand_washing", "Có điểm rửa tay, dung dịch sát khuẩn ở lối vào", [], 20),
    ("distancing", "Bảo đảm giãn cách (chỗ ngồi, xếp hàng)", [], 30),
    ("disinfection_log", "Có sổ theo dõi khử khuẩn, cập nhật đầy đủ", [], 40),
    ("health_declaration", "Khai báo y tế của người lao động, khách", [], 50),
    ("temperature", "Đo thân nhiệt tại lối vào", [*_SCHOOLS, "enterprise", "enterprise_foreign", "clinic", "market", "bus_station", "office"], 60),
    ("isolation_area", "Có phòng/khu cách ly tạm thời người nghi nhiễm", [*_SCHOOLS, "enterprise", "enterprise_foreign", "clinic"], 70),
    ("pupil_monitoring", "Theo dõi sức khỏe học sinh, cho học sinh ốm nghỉ học", _SCHOOLS, 80),
    ("foreign_workers_register", "Có danh sách lao động nước ngoài và tình trạng cách ly", ["enterprise_foreign"], 90),
    ("gathering_limit", "Số người tập trung trong giới hạn cho phép", ["religious_site", "belief_site", "restaurant", "market"], 100),
    ("closed_if_ordered", "Đóng cửa theo yêu cầu (không hoạt động khi có lệnh tạm dừng)", [*_NIGHTLIFE, "other"], 110),
]  # fmt: skip


def load_defaults(RiskInterval, ChecklistItem):
    """Create missing risk intervals and checklist items; never overwrite edited ones."""

    for category, (interval, after) in DEFAULT_INTERVALS.items():
        RiskInterval.objects.get_or_create(
            category=str(category), defaults={"interval_days": interval, "after_violation_days": after}
        )
    for code, text, categories, order in DEFAULT_CHECKLIST:
        ChecklistItem.objects.get_or_create(
            code=code, defaults={"text": text, "categories": categories, "order": order}
        )
