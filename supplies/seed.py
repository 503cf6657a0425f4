"""The supply items the district starts with, and the stores of existing wards.

Used by the data migration (with historical models) and by the test fixtures.
"""

# (code, Vietnamese name, English name, unit, pack size, minimum level per holder)
ITEMS = [
    ("mask-medical", "Khẩu trang y tế", "Medical mask", "piece", 50, 500),
    ("sanitiser-500ml", "Dung dịch rửa tay sát khuẩn (chai 500 ml)", "Hand sanitiser (500 ml bottle)", "bottle", 24, 30),
    ("thermometer-ir", "Nhiệt kế hồng ngoại", "Infrared thermometer", "piece", None, 2),
    ("protective-suit", "Bộ quần áo bảo hộ", "Protective suit", "set", 10, 10),
    ("gloves", "Găng tay y tế (hộp 100 chiếc)", "Medical gloves (box of 100)", "box", 10, 5),
    ("disinfectant", "Dung dịch khử khuẩn", "Disinfectant", "litre", 20, 20),
]  # fmt: skip


def load_items(SupplyItem):
    """Create the seed items if missing (idempotent); returns them by code."""
    items = {}
    for code, name_vi, name_en, unit, pack_size, minimum in ITEMS:
        items[code], _ = SupplyItem.objects.get_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "unit": unit,
                "pack_size": pack_size,
                "minimum_level": minimum,
            },
        )
    return items


def load_holders(District, Ward, Holder):
    """Give every district a district store and every ward a ward store (idempotent)."""
    for district in District.objects.filter(supply_store__isnull=True):
        Holder.objects.get_or_create(kind="district", district=district)
    for ward in Ward.objects.filter(supply_holder__isnull=True):
        Holder.objects.get_or_create(kind="ward", ward=ward)
