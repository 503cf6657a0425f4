"""One object of every ward-owned kind for each of the 15 seeded wards, built through the
apps' services and factories: the fixture data of the hardening tests.

Every object carries its ward's marker (``XW07Q`` …) in a text field that the pages and the API
show, so a response that leaks another ward's object can be caught by looking for the marker.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from directives import services as directive_services
from directives.choices import DocumentKind, Issuer
from directives.models import Assignment, DirectiveTask, Evidence
from inspections import services as inspection_services
from inspections.choices import SiteKind
from inspections.models import (
    DisinfectionRound,
    DisinfectionSite,
    DisinfectionTarget,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
)
from reports import services as report_services
from reports.choices import NotificationKind, ReportKind, Severity
from reports.models import Indicator, Notification, Report, ReportChange, ReportDeadline, ReportReview, ReportValue
from reports.seed import load_defaults
from reports.summary.services import summary_compile
from supplies import services as supply_services
from supplies.choices import RecipientType
from supplies.models import Holder, StockBalance, StockMovement, SupplyItem, Transfer
from supplies.seed import load_items
from tests.factories import (
    DAILY_VALUES,
    AdminFactory,
    EstablishmentFactory,
    InspectionFactory,
    MemberFactory,
    OfficerFactory,
    ScheduleFactory,
    TeamFactory,
    draft_daily,
    submitted_daily,
)
from wards.models import Ward, WardCommittee, WardLeader


@dataclass
class WardWorld:
    """A ward, its officer and one object of every ward-owned kind (and a notification to the officer)."""

    ward: Ward
    officer: object
    marker: str
    draft: Report
    submitted: Report
    urgent: Report
    establishment: Establishment
    schedule: InspectionSchedule
    inspection: Inspection
    holder: Holder
    balance: StockBalance
    receipt: StockMovement
    distribution: StockMovement
    transfer: Transfer  # district → this ward, in transit
    return_transfer: Transfer  # this ward → district, in transit
    notification: Notification  # to this ward's officer, unread
    reports: list[Report] = field(default_factory=list)
    replied: Assignment | None = None  # a directive task's assignment the ward replied to (marker in the reply)
    open: Assignment | None = None  # one still to reply to
    leader: WardLeader | None = None  # the leader in charge of the ward (issue 15)
    disinfection: DisinfectionTarget | None = None  # the ward headquarters in the world's disinfection round


@dataclass
class World:
    wards: list[WardWorld]
    admin: object
    team: object
    masks: SupplyItem
    district_store: Holder
    summary: object | None  # a compiled daily summary (None if the summary app could not compile)
    summary_error: str = ""
    today: datetime.date = field(default_factory=timezone.localdate)
    late: WardWorld | None = None  # the ward added after the summary's period: no line in it
    disinfection_round: DisinfectionRound | None = None  # lists every ward's headquarters (issue 15)

    def has_summary_line(self, world: WardWorld) -> bool:
        return world is not self.late

    def others(self, world: WardWorld) -> list[WardWorld]:
        return [w for w in self.wards if w.ward.pk != world.ward.pk]


def marker_for(index: int) -> str:
    """A token no other marker contains (no prefix collisions: XW01Q vs XW11Q)."""
    return f"XW{index:02d}Q"


def _ward_world(index: int, ward: Ward, *, admin, team, masks, today: datetime.date) -> WardWorld:
    """The officer and one object of every ward-owned kind of ``ward`` (marker ``XW<index>Q``)."""
    mark = marker_for(index)
    WardCommittee.objects.update_or_create(ward=ward, defaults={"plan_reference": f"{mark} KH-01"})
    officer = OfficerFactory(username=f"officer.{ward.code}.hardening", ward=ward)
    draft = draft_daily(officer, today - datetime.timedelta(days=2), situation=f"{mark} draft")
    submitted = submitted_daily(officer, today - datetime.timedelta(days=1))
    submitted = report_services.report_update(
        report=submitted, user=officer, version=submitted.version, situation=f"{mark} submitted"
    )
    urgent = report_services.report_create(
        user=officer, ward=ward, kind=ReportKind.URGENT, title=f"{mark} urgent", severity=Severity.SERIOUS,
        occurred_at=timezone.now() - datetime.timedelta(hours=2), location=f"{mark} tổ 5",
        description=f"{mark} description",
    )  # fmt: skip
    urgent = report_services.report_submit(report=urgent, user=officer)
    [notification] = report_services.notification_send(
        recipients=[officer], kind=NotificationKind.RETURNED, dedup_key=f"hardening:{ward.code}",
        params={"kind": ReportKind.DAILY, "period": submitted.period_label, "comment": f"{mark} notification"},
        link=submitted.get_absolute_url(), report=submitted,
    )  # fmt: skip
    est = EstablishmentFactory(ward=ward, name=f"{mark} Nhà hàng", owner_name=f"{mark} chủ")
    schedule = ScheduleFactory(team=team, establishment=est, date=today + datetime.timedelta(days=1))
    inspection = InspectionFactory(establishment=est, team=team, findings=f"{mark} findings", recorded_by=admin)
    leader = WardLeader.objects.create(
        ward=ward, name=f"{mark} lãnh đạo", title="Ủy viên Ban Thường vụ Quận ủy", started_on=today
    )
    DisinfectionSite.objects.create(
        ward=ward, name=f"{mark} trụ sở phường", address=f"{mark} phố", kind=SiteKind.WARD_HQ
    )
    holder = supply_services.holder_for_ward(ward)
    receipt = supply_services.stock_receive(
        item=masks, holder=holder, quantity=1_000, user=admin, source=f"{mark} nhà tài trợ"
    )
    distribution = supply_services.stock_distribute(
        item=masks, holder=holder, quantity=10, recipient_type=RecipientType.RESIDENTIAL_GROUP,
        recipient=f"{mark} tổ dân phố", people_reached=5, user=officer,
    )  # fmt: skip
    transfer = supply_services.stock_transfer(item=masks, to_holder=holder, quantity=50, user=admin, note=mark)
    returned = supply_services.stock_return(item=masks, holder=holder, quantity=5, user=officer, note=mark)
    return (
        WardWorld(
            ward=ward, officer=officer, marker=mark, draft=draft, submitted=submitted, urgent=urgent,
            establishment=est, schedule=schedule, inspection=inspection, holder=holder,
            balance=StockBalance.objects.get(holder=holder, item=masks), receipt=receipt,
            distribution=distribution, transfer=transfer, return_transfer=returned, notification=notification,
            reports=[draft, submitted, urgent], leader=leader,
        )
    )  # fmt: skip


def build_world(all_wards: list[Ward]) -> World:
    """Build the objects; about a second on SQLite for 15 wards."""
    load_defaults(Indicator, ReportDeadline)
    items = load_items(SupplyItem)
    masks = items["mask-medical"]
    today = timezone.localdate()
    admin = AdminFactory(username="admin.hardening")
    team = TeamFactory(name="Đoàn kiểm tra liên ngành", daily_capacity=50, work_weekdays=[0, 1, 2, 3, 4, 5, 6])
    MemberFactory(team=team, user=admin, position="Trưởng đoàn")
    district = all_wards[0].district
    store = supply_services.district_store(district)
    supply_services.stock_receive(item=masks, holder=store, quantity=100_000, user=admin, source="Sở Y tế")
    worlds = [
        _ward_world(index, ward, admin=admin, team=team, masks=masks, today=today)
        for index, ward in enumerate(all_wards, start=1)
    ]
    summary, error = None, ""
    try:
        summary = summary_compile(
            district_id=district.pk, kind=ReportKind.DAILY, period_start=today - datetime.timedelta(days=1)
        )
    except Exception as exc:  # the summary app is optional for these checks; say why it is missing
        error = f"{type(exc).__name__}: {exc}"
    # A ward added after the summary was compiled (the district grows, or a ward is split): it has
    # every kind of object but no line in the summary, the state that once let its officer read
    # the whole district's summary. Its officer probes the others like everyone else.
    late = Ward.objects.create(
        district=district, code="phuong-moi", name="Phường Mới", active_from=today - datetime.timedelta(days=2)
    )
    worlds.append(_ward_world(len(worlds) + 1, late, admin=admin, team=team, masks=masks, today=today))
    _directive_assignments(worlds, admin=admin, today=today)
    disinfection_round = inspection_services.round_create(
        user=admin,
        data={"title": "Phun khử khuẩn trụ sở phường", "start": today - datetime.timedelta(days=1),
              "end": today + datetime.timedelta(days=1), "categories": [SiteKind.WARD_HQ]},
    )  # fmt: skip
    for w in worlds:
        w.disinfection = DisinfectionTarget.objects.get(round=disinfection_round, ward=w.ward)
    return World(
        wards=worlds, admin=admin, team=team, masks=masks, district_store=store, summary=summary,
        summary_error=error, today=today, late=worlds[-1], disinfection_round=disinfection_round,
    )  # fmt: skip


def _directive_assignments(worlds: list[WardWorld], *, admin, today: datetime.date) -> None:
    """A district plan with two tasks for every ward: each ward replies to the first (its marker in
    the reply), the second stays open."""
    plan = directive_services.directive_create(
        user=admin, number="99/KH-UBND", kind=DocumentKind.PLAN, issuer=Issuer.DISTRICT_COMMITTEE,
        signed_on=today - datetime.timedelta(days=5), title="Kế hoạch kiểm tra chéo",
    )  # fmt: skip
    tasks = [
        directive_services.task_create(
            user=admin, directive=plan, title=title, due_on=today + datetime.timedelta(days=3), today=today
        )
        for title in ("Báo cáo rà soát", "Báo cáo khử khuẩn")
    ]
    for w in worlds:
        replied, still_open = (Assignment.objects.get(task=t, ward=w.ward) for t in tasks)
        w.replied = directive_services.assignment_reply(assignment=replied, user=w.officer, reply=f"{w.marker} reply")
        w.open = still_open


def snapshot() -> dict:
    """Everything a write on a ward's object could change, in a few queries."""
    return {
        "reports": list(Report.objects.order_by("pk").values_list("pk", "version", "status", "acknowledged_at")),
        "report_values": ReportValue.objects.aggregate(n=Count("pk"), total=Sum("value")),
        "report_changes": ReportChange.objects.count(),
        "reviews": ReportReview.objects.count(),
        "establishments": list(Establishment.objects.order_by("pk").values_list("pk", "name", "status", "updated_at")),
        "suggestions": EstablishmentUpdateSuggestion.objects.count(),
        "schedules": list(InspectionSchedule.objects.order_by("pk").values_list("pk", "status")),
        "inspections": Inspection.objects.count(),
        "movements": StockMovement.objects.count(),
        "balances": list(StockBalance.objects.order_by("pk").values_list("pk", "quantity")),
        "transfers": list(Transfer.objects.order_by("pk").values_list("pk", "status", "quantity_received")),
        "wards": list(Ward.objects.order_by("pk").values_list("pk", "name", "population", "active_until")),
        "committees": list(WardCommittee.objects.order_by("pk").values_list("pk", "head_name", "plan_reference")),
        "notifications": list(Notification.objects.order_by("pk").values_list("pk", "recipient_id", "read_at")),
        "assignments": list(Assignment.objects.order_by("pk").values_list("pk", "status", "version", "reply")),
        "evidence": Evidence.objects.count(),
        "directive_tasks": DirectiveTask.objects.count(),
        "disinfection": list(DisinfectionTarget.objects.order_by("pk").values_list("pk", "done_on", "product")),
        "leaders": list(WardLeader.objects.order_by("pk").values_list("pk", "name", "ended_on")),
    }


__all__ = ["DAILY_VALUES", "World", "WardWorld", "build_world", "marker_for", "snapshot"]
