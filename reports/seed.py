"""The default indicator catalogue and deadlines (Vietnam, 2020), loaded by a data migration.

Administrators change the catalogue in the admin afterwards; nothing here is read at run time.
"""

import datetime

# (code, Vietnamese name, English name, unit vi, unit en, group, aggregation, kinds, max, must_not_exceed)
# kinds: D = daily, W = weekly, M = monthly. Stocks (people currently in quarantine) aggregate
# over days as "latest"; flows (masks given out today) as "sum".
INDICATORS = [
    ("home_quarantine", "Số người cách ly tại nhà", "People under home quarantine", "người", "people", "surveillance", "latest", "DWM", 20000, None),
    ("central_quarantine", "Số người cách ly tập trung", "People in centralised quarantine", "người", "people", "surveillance", "latest", "DWM", 20000, None),
    ("health_monitoring", "Số người theo dõi sức khoẻ", "People under health monitoring", "người", "people", "surveillance", "latest", "DWM", 50000, None),
    ("returnees", "Người trở về từ vùng dịch, từ nước ngoài", "Returnees from affected areas and abroad", "người", "people", "surveillance", "sum", "DWM", 20000, None),
    ("foreigners_residing", "Người nước ngoài đang cư trú", "Foreigners residing", "người", "people", "surveillance", "latest", "DWM", 20000, None),
    ("suspected_cases", "Ca nghi nhiễm", "Suspected cases", "ca", "cases", "surveillance", "sum", "DWM", 5000, None),
    ("confirmed_cases", "Ca mắc được xác định", "Confirmed cases", "ca", "cases", "surveillance", "sum", "DWM", 5000, "samples_tested"),
    ("samples_tested", "Số mẫu xét nghiệm", "Samples tested", "mẫu", "samples", "surveillance", "sum", "DWM", 50000, None),
    ("establishments_inspected", "Cơ sở được kiểm tra", "Establishments inspected", "cơ sở", "establishments", "control", "sum", "DWM", 2000, None),
    ("violations_found", "Cơ sở vi phạm bị phát hiện", "Violations found", "cơ sở", "establishments", "control", "sum", "DWM", 2000, "establishments_inspected"),
    ("venues_open_illegally", "Quán bar, karaoke, nhà hàng mở cửa trái quy định", "Bars, karaoke and restaurants open against the rules", "cơ sở", "venues", "control", "sum", "DWM", 1000, None),
    ("weddings_postponed", "Đám cưới, lễ, hội được hoãn", "Weddings and ceremonies postponed", "đám", "events", "control", "sum", "DWM", 500, None),
    ("funerals_limited", "Đám tang tổ chức hạn chế người dự", "Funerals held with limited attendance", "đám", "funerals", "control", "sum", "DWM", 500, None),
    ("loudspeaker_broadcasts", "Lượt phát thanh trên loa truyền thanh", "Loudspeaker broadcasts", "lượt", "broadcasts", "communication", "sum", "DWM", 1000, None),
    ("posters_notices", "Pano, áp phích, thông báo", "Posters and notices", "tờ", "items", "communication", "sum", "DWM", 10000, None),
    ("group_meetings", "Buổi họp tổ dân phố", "Residential-group meetings", "buổi", "meetings", "communication", "sum", "DWM", 500, None),
    ("masks_given", "Khẩu trang phát miễn phí", "Masks given out", "chiếc", "masks", "support", "sum", "DWM", 100000, None),
    ("sanitiser_given", "Chai dung dịch sát khuẩn phát miễn phí", "Sanitiser bottles given out", "chai", "bottles", "support", "sum", "DWM", 20000, None),
    ("schools_online", "Trường dạy học trực tuyến", "Schools teaching online", "trường", "schools", "education", "latest", "DWM", 100, None),
    ("online_lessons", "Tiết học trực tuyến đã dạy", "Online lessons delivered", "tiết", "lessons", "education", "sum", "DWM", 10000, None),
    ("enterprises_foreign_workers", "Doanh nghiệp có lao động nước ngoài", "Enterprises with foreign workers", "doanh nghiệp", "enterprises", "labour", "latest", "WM", 1000, None),
    ("workers_affected", "Người lao động bị ảnh hưởng", "Workers affected", "người", "workers", "labour", "latest", "WM", 50000, None),
]  # fmt: skip

DEADLINES = [
    # kind, days after the period's last day, time: daily same day 16:00, weekly Monday 10:00,
    # monthly the 3rd of the next month 10:00.
    ("daily", 0, datetime.time(16, 0)),
    ("weekly", 1, datetime.time(10, 0)),
    ("monthly", 3, datetime.time(10, 0)),
]


def load_defaults(Indicator, ReportDeadline):
    """Create the default indicators and deadlines where missing; idempotent.

    Takes the model classes so the data migration can pass its historical models.
    """
    group_positions: dict[str, int] = {}
    created = {}
    for code, vi, en, unit_vi, unit_en, group, aggregation, kinds, maximum, _bound in INDICATORS:
        group_positions[group] = group_positions.get(group, 0) + 10
        created[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": vi,
                "name_en": en,
                "unit_vi": unit_vi,
                "unit_en": unit_en,
                "group": group,
                "aggregation": aggregation,
                "in_daily": "D" in kinds,
                "in_weekly": "W" in kinds,
                "in_monthly": "M" in kinds,
                "min_value": 0,
                "max_value": maximum,
                "order": group_positions[group],
                "value_type": "integer",
            },
        )
    for code, *_rest, bound in INDICATORS:
        if bound and created[code].must_not_exceed_id is None:
            created[code].must_not_exceed = created[bound]
            created[code].save(update_fields=["must_not_exceed"])
    for kind, days, at in DEADLINES:
        ReportDeadline.objects.get_or_create(kind=kind, defaults={"days_after_period_end": days, "time": at})
