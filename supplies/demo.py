"""Demo stock: the district's 50,000 masks and 3,000 sanitiser bottles received, sent to the
wards and distributed over the month before ``today`` — all through the services, so the
ledger explains every balance. Safe to run again (it does nothing the second time)."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from supplies import services
from supplies.choices import RecipientType
from supplies.models import StockMovement, SupplyItem
from supplies.seed import load_items
from wards.models import District, User, Ward

#: The demo's first receipt; its presence means the demo stock is loaded.
MARKER_BATCH = "KT-HP-2020-01"

# (item code, quantity, donor or supplier, batch, shelf life in days or None)
RECEIPTS = [
    ("mask-medical", 50_000, "UBND thành phố Hải Phòng", MARKER_BATCH, 730),
    ("sanitiser-500ml", 3_000, "Sở Y tế Hải Phòng", "NRT-0320", 540),
    ("thermometer-ir", 60, "Công ty TNHH Thiết bị Y tế Hải Âu", "", None),
    ("protective-suit", 400, "Sở Y tế Hải Phòng", "BH-0320", 1095),
    ("gloves", 120, "Công ty CP Dược phẩm Lê Chân", "GT-0320", 1095),
    ("disinfectant", 800, "Hội Chữ thập đỏ quận Lê Chân", "KK-0320", 365),
]  # fmt: skip

# Per ward: how much of each item the district sends (masks and sanitiser scale with population).
PER_WARD = {"thermometer-ir": 3, "protective-suit": 20, "gloves": 6, "disinfectant": 40}

RESIDENTIAL = "Tổ dân phố số {n}"
SCHOOLS = ["Trường Mầm non {w}", "Trường Tiểu học {w}", "Trường THCS {w}"]
QUARANTINED = "Các hộ cách ly tại nhà, tổ {n}"

SHORT_WARD = "cat-dai"  # its mask delivery arrives 50 short (a wet carton)
IN_TRANSIT_WARD = "vinh-niem"  # a second sanitiser delivery is still on the road
BUSY_WARD = "dong-hai"  # distributes fast: low on masks, runs out soon


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware local time on ``day``, never in the future."""
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())
    return min(moment, timezone.now())


@transaction.atomic
def load(*, today: datetime.date, password: str, stdout=None) -> None:
    if StockMovement.objects.filter(batch=MARKER_BATCH).exists():
        if stdout:
            stdout.write("  supplies: demo stock already loaded")
        return
    items = load_items(SupplyItem)
    admin = User.objects.filter(username="admin").first() or User.objects.filter(role="admin").first()
    if admin is None:
        return
    district = District.objects.get(code="le-chan")
    store = services.district_store(district)
    wards = list(Ward.objects.filter(district=district).order_by("code"))
    officers = {u.ward_id: u for u in User.objects.filter(ward__in=wards, role="ward_officer").order_by("pk")}
    rng = random.Random(2020)
    start = today - datetime.timedelta(days=29)

    # Day 0: the district store receives the donations.
    for code, quantity, source, batch, shelf_life in RECEIPTS:
        services.stock_receive(
            item=items[code], holder=store, quantity=quantity, user=admin, source=source, batch=batch,
            expiry_date=today + datetime.timedelta(days=shelf_life) if shelf_life else None,
            note="Cấp phát miễn phí cho nhân dân và học sinh", at=_at(start, 9),
        )  # fmt: skip

    # Days 1–2: every ward gets its share; the wards acknowledge a day later.
    population = sum(w.population or 15_000 for w in wards)
    sent = []
    for index, ward in enumerate(wards):
        holder = services.holder_for_ward(ward)
        share = (ward.population or 15_000) / population
        plan = {
            "mask-medical": int(45_000 * share) // 50 * 50,
            "sanitiser-500ml": int(2_700 * share) // 6 * 6,
            **PER_WARD,
        }
        day = start + datetime.timedelta(days=1 + index % 2)
        for code, quantity in plan.items():
            transfer = services.stock_transfer(
                item=items[code], to_holder=holder, quantity=quantity, user=admin,
                batch=next(r[3] for r in RECEIPTS if r[0] == code), note="Cấp cho phường", at=_at(day, 8, index),
            )  # fmt: skip
            sent.append((ward, transfer, day))
    for ward, transfer, day in sent:
        receiver = officers.get(ward.pk, admin)
        short = ward.code == SHORT_WARD and transfer.item.code == "mask-medical"
        services.transfer_acknowledge(
            transfer=transfer,
            quantity_received=transfer.quantity_sent - 50 if short else transfer.quantity_sent,
            user=receiver,
            note="Một thùng bị ướt khi vận chuyển, không sử dụng được" if short else "",
            at=_at(day + datetime.timedelta(days=1), 10),
        )

    # Over the month: the wards hand out masks and sanitiser.
    for ward in wards:
        holder = services.holder_for_ward(ward)
        officer = officers.get(ward.pk, admin)
        masks_left = services.available(holder_id=holder.pk, item_id=items["mask-medical"].pk)
        sanitiser_left = services.available(holder_id=holder.pk, item_id=items["sanitiser-500ml"].pk)
        pace = 0.92 if ward.code == BUSY_WARD else 0.7  # share of the masks given out this month
        days = [start + datetime.timedelta(days=d) for d in range(3, 30, 2)]
        mask_budget = int(masks_left * pace)
        for n, day in enumerate(days):
            quantity = min(mask_budget // (len(days) - n), masks_left)
            if quantity <= 0:
                continue
            kind = n % 4
            if kind == 1:
                recipient_type, recipient = RecipientType.SCHOOL, rng.choice(SCHOOLS).format(w=ward.name)
            elif kind == 3:
                recipient_type, recipient = RecipientType.QUARANTINED, QUARANTINED.format(n=rng.randint(1, 30))
            else:
                recipient_type, recipient = RecipientType.RESIDENTIAL_GROUP, RESIDENTIAL.format(n=rng.randint(1, 40))
            services.stock_distribute(
                item=items["mask-medical"], holder=holder, quantity=quantity, recipient_type=recipient_type,
                recipient=recipient, people_reached=max(1, quantity // 2), user=officer,
                at=_at(day, 8 + n % 8, rng.randint(0, 59)),
            )  # fmt: skip
            mask_budget -= quantity
            masks_left -= quantity
            if n % 3 == 0 and sanitiser_left >= 12:
                bottles = min(sanitiser_left // 3, 6 + rng.randint(0, 12))
                services.stock_distribute(
                    item=items["sanitiser-500ml"], holder=holder, quantity=bottles, recipient_type=recipient_type,
                    recipient=recipient, people_reached=bottles, user=officer, at=_at(day, 15, n),
                )  # fmt: skip
                sanitiser_left -= bottles
        services.stock_distribute(
            item=items["disinfectant"], holder=holder, quantity=10, recipient_type=RecipientType.COMMITTEE,
            recipient=f"Tổ phun khử khuẩn phường {ward.name}", people_reached=6, user=officer,
            at=_at(start + datetime.timedelta(days=5), 7),
        )  # fmt: skip

    # Still on the road: a second sanitiser delivery, sent yesterday.
    in_transit = next((w for w in wards if w.code == IN_TRANSIT_WARD), None)
    if in_transit is not None:
        services.stock_transfer(
            item=items["sanitiser-500ml"], to_holder=services.holder_for_ward(in_transit), quantity=60, user=admin,
            batch="NRT-0320", note="Bổ sung đợt 2", at=_at(today - datetime.timedelta(days=1), 14),
        )  # fmt: skip
    if stdout:
        stdout.write(f"  supplies: {StockMovement.objects.count()} ledger rows")
