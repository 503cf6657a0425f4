"""The first district and its wards, as in DESIGN.md (names with exact diacritics)."""

import datetime

LE_CHAN = {
    "code": "le-chan",
    "name": "Lê Chân",
    "city": "Hải Phòng",
    "committee_name": "Ban Chỉ đạo phòng, chống dịch COVID-19 quận Lê Chân",
}

# (code, name). Order as in DESIGN.md.
LE_CHAN_WARDS = [
    ("an-bien", "An Biên"),
    ("an-duong", "An Dương"),
    ("cat-dai", "Cát Dài"),
    ("du-hang", "Dư Hàng"),
    ("du-hang-kenh", "Dư Hàng Kênh"),
    ("dong-hai", "Đông Hải"),
    ("hang-kenh", "Hàng Kênh"),
    ("ho-nam", "Hồ Nam"),
    ("kenh-duong", "Kênh Dương"),
    ("lam-son", "Lam Sơn"),
    ("nghia-xa", "Nghĩa Xá"),
    ("niem-nghia", "Niệm Nghĩa"),
    ("trai-cau", "Trại Cau"),
    ("tran-nguyen-han", "Trần Nguyên Hãn"),
    ("vinh-niem", "Vĩnh Niệm"),
]

# The district's prevention work began on 22 January 2020; wards report from then on.
WARDS_ACTIVE_FROM = datetime.date(2020, 1, 22)


def load_le_chan(District, Ward, WardCommittee):
    """Create Lê Chân and its wards (each with a committee record) if missing; idempotent.

    Takes the model classes so the data migration can pass its historical models.
    """
    district, _ = District.objects.get_or_create(code=LE_CHAN["code"], defaults=LE_CHAN)
    for code, name in LE_CHAN_WARDS:
        ward, _ = Ward.objects.get_or_create(
            district=district, code=code, defaults={"name": name, "active_from": WARDS_ACTIVE_FROM}
        )
        WardCommittee.objects.get_or_create(ward=ward)
    return district
