"""Scheduling: single visits, campaigns spread over a team's working days, and follow-up visits.

Every booking locks the team row first, so concurrent schedulers count each other's visits
against the team's daily capacity.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.bulk import audited_bulk_create
from core.collation import ViCollate
from inspections.choices import EstablishmentStatus, ScheduleKind, ScheduleStatus
from inspections.models import Campaign, Establishment, Inspection, InspectionSchedule, InspectionTeam
from inspections.services.common import short_date
from inspections.services.establishments import check_establishment_open
from inspections.services.teams import lock_team
from wards.access import require_admin
from wards.types import AnyUser

# How far past the correct-by date a follow-up may be pushed when the team is fully booked.
FOLLOW_UP_SEARCH_DAYS = 60


def _booked(team: InspectionTeam, days: Iterable[datetime.date]) -> dict[datetime.date, int]:
    """Visits (not cancelled) the team has on each of ``days``; days without any are absent."""
    rows = (
        InspectionSchedule.objects.filter(team=team, date__in=list(days))
        .exclude(status=ScheduleStatus.CANCELLED)
        .values("date")
        .annotate(n=Count("pk"))
    )
    return {r["date"]: r["n"] for r in rows}


def _check_active(team: InspectionTeam) -> None:
    if not team.active:
        raise ValidationError({"team": _("The team %(team)s is not active.") % {"team": team.name}})


def _check_not_taken(establishment: Establishment, day: datetime.date) -> None:
    taken = (
        InspectionSchedule.objects.filter(establishment=establishment, date=day)
        .exclude(status=ScheduleStatus.CANCELLED)
        .select_related("team")
        .first()
    )
    if taken:
        raise ValidationError(
            {
                "date": _("%(name)s is already scheduled on %(date)s (%(team)s).")
                % {"name": establishment.name, "date": short_date(day), "team": taken.team.name}
            }
        )


@transaction.atomic
def schedule_create(
    *,
    user: AnyUser,
    team: InspectionTeam,
    establishment: Establishment,
    date: datetime.date,
    kind: str = ScheduleKind.ROUTINE,
    note: str = "",
) -> InspectionSchedule:
    """Administrators plan one visit. Refuses a past date, a closed establishment, an inactive
    team, a day the team is full, and a second visit of the establishment on the same day."""
    admin = require_admin(user)
    if date < timezone.localdate():
        raise ValidationError({"date": _("The date %(date)s is in the past.") % {"date": short_date(date)}})
    team = lock_team(team)
    _check_active(team)
    establishment = Establishment.objects.get(pk=establishment.pk)
    check_establishment_open(establishment)
    booked = _booked(team, [date]).get(date, 0)
    if booked >= team.daily_capacity:
        raise ValidationError(
            {
                "date": _("%(team)s is fully booked on %(date)s (%(booked)s of %(capacity)s visits).")
                % {"team": team.name, "date": short_date(date), "booked": booked, "capacity": team.daily_capacity}
            }
        )
    _check_not_taken(establishment, date)
    schedule = InspectionSchedule(
        team=team, establishment=establishment, date=date, kind=kind, note=note, created_by=admin
    )
    schedule.save()
    return schedule


@transaction.atomic
def schedule_cancel(*, user: AnyUser, schedule: InspectionSchedule, reason: str) -> InspectionSchedule:
    """Administrators cancel a planned visit (it stays on record with the reason)."""
    require_admin(user)
    s = InspectionSchedule.objects.select_for_update().get(pk=schedule.pk)
    if s.status != ScheduleStatus.PLANNED:
        raise ValidationError(_("Only planned visits can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    s.status, s.cancelled_reason = ScheduleStatus.CANCELLED, reason.strip()
    s.save(update_fields=["status", "cancelled_reason"])
    return s


def campaign_days(team: InspectionTeam, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The team's working days in [start, end]."""
    days = []
    day = start
    while day <= end:
        if day.weekday() in team.weekdays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


@transaction.atomic
def campaign_create(
    *,
    user: AnyUser,
    team: InspectionTeam,
    name: str,
    establishments: Iterable[Establishment],
    start: datetime.date,
    end: datetime.date,
    per_day: int | None = None,
) -> Campaign:
    """Plan a visit to each establishment, spread over the team's working days in [start, end]
    with at most ``per_day`` visits a day (the team's capacity when not given; never more),
    counting visits already booked. All or nothing: when the establishments do not fit, nothing
    is planned and the message says how many places are free.

    Permanently closed establishments and ones already planned within the period are skipped
    (they are not an error); the campaign keeps its schedules.
    """
    admin = require_admin(user)
    _check_campaign_period(name, start, end)
    team = lock_team(team)
    _check_active(team)
    per_day = _campaign_per_day(team, per_day)
    targets = _campaign_targets(establishments, start, end)
    days = campaign_days(team, start, end)
    if not days:
        raise ValidationError({"end": _("The team has no working day in this period.")})
    free = _free_places(team, days, per_day, needed=len(targets), start=start, end=end)
    campaign = Campaign.objects.create(
        name=name.strip(), team=team, start=start, end=end, per_day=per_day, created_by=admin
    )
    _book_campaign(campaign, targets, _level_quota(free, len(targets)))
    return campaign


def _check_campaign_period(name: str, start: datetime.date, end: datetime.date) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the campaign a name.")
    if start < timezone.localdate():
        errors["start"] = _("The date %(date)s is in the past.") % {"date": short_date(start)}
    if end < start:
        errors["end"] = _("The last day must not be before the first day.")
    if errors:
        raise ValidationError(errors)


def _campaign_per_day(team: InspectionTeam, per_day: int | None) -> int:
    per_day = team.daily_capacity if per_day is None else per_day
    if per_day < 1:
        raise ValidationError({"per_day": _("Plan at least one visit a day.")})
    if per_day > team.daily_capacity:
        raise ValidationError(
            {"per_day": _("The team makes at most %(capacity)s visits a day.") % {"capacity": team.daily_capacity}}
        )
    return per_day


def _campaign_targets(
    establishments: Iterable[Establishment], start: datetime.date, end: datetime.date
) -> list[Establishment]:
    """The establishments to plan: not permanently closed, not already planned in the period."""
    ids = [e.pk for e in establishments]
    already = set(
        InspectionSchedule.objects.filter(
            establishment_id__in=ids, date__range=(start, end), status=ScheduleStatus.PLANNED
        ).values_list("establishment_id", flat=True)
    )
    targets = list(
        Establishment.objects.filter(pk__in=ids)
        .exclude(status=EstablishmentStatus.CLOSED)
        .exclude(pk__in=already)
        .select_related("ward")
        .order_by(ViCollate("ward__name"), ViCollate("address"), ViCollate("name"))  # neighbours on the same day
    )
    if not targets:
        raise ValidationError(_("No establishment to plan: they are closed or already planned in this period."))
    return targets


def _free_places(
    team: InspectionTeam,
    days: list[datetime.date],
    per_day: int,
    *,
    needed: int,
    start: datetime.date,
    end: datetime.date,
) -> dict[datetime.date, int]:
    """Free places on each working day; refused when they are fewer than ``needed``."""
    booked = _booked(team, days)
    free = {d: max(0, per_day - booked.get(d, 0)) for d in days}
    if sum(free.values()) < needed:
        raise ValidationError(
            _(
                "%(count)s visits do not fit: %(team)s has %(free)s free places on its working days from "
                "%(start)s to %(end)s. Choose a longer period or fewer establishments."
            )
            % {
                "count": needed,
                "team": team.name,
                "free": sum(free.values()),
                "start": short_date(start),
                "end": short_date(end),
            }
        )
    return free


def _level_quota(free: dict[datetime.date, int], count: int) -> dict[datetime.date, int]:
    """How many visits each day gets: as even as the free places allow, earlier days first."""
    quota = dict.fromkeys(free, 0)
    left = count
    while left:
        progressed = False
        for day in free:
            if left and quota[day] < free[day]:
                quota[day] += 1
                left -= 1
                progressed = True
        if not progressed:  # pragma: no cover - guarded by the free-places check
            break
    return quota


def _book_campaign(campaign: Campaign, targets: list[Establishment], quota: dict[datetime.date, int]) -> None:
    """Book the targets in order, filling days in turn so the load is level rather than front-loaded."""
    remaining = iter(targets)
    plan = [
        InspectionSchedule(
            team=campaign.team,
            establishment=next(remaining),
            date=day,
            kind=ScheduleKind.CAMPAIGN,
            campaign=campaign,
            created_by=campaign.created_by,
        )
        for day, visits in quota.items()
        for _i in range(visits)
    ]
    try:
        with transaction.atomic():
            audited_bulk_create(InspectionSchedule, plan)
    except IntegrityError as exc:
        raise ValidationError(_("An establishment is already scheduled on one of these days.")) from exc


def follow_up_plan(inspection: Inspection) -> InspectionSchedule:
    """Plan the follow-up visit of a violation on its correct-by date (or the team's next day
    with room), reusing a visit already planned on that day."""
    team = lock_team(inspection.team)
    first = max(inspection.correct_by or timezone.localdate(), timezone.localdate())
    existing = (
        InspectionSchedule.objects.select_for_update()
        .filter(establishment=inspection.establishment, status=ScheduleStatus.PLANNED, date=first)
        .first()
    )
    if existing:
        existing.kind, existing.follow_up_of = ScheduleKind.FOLLOW_UP, inspection
        existing.save(update_fields=["kind", "follow_up_of"])
        return existing
    day = _first_free_day(team, inspection.establishment, first)
    return InspectionSchedule.objects.create(
        team=team,
        establishment=inspection.establishment,
        date=day,
        kind=ScheduleKind.FOLLOW_UP,
        follow_up_of=inspection,
        note=_("Follow-up of the violation found on %(date)s.") % {"date": short_date(inspection.inspected_on)},
    )


def _first_free_day(team: InspectionTeam, establishment: Establishment, first: datetime.date) -> datetime.date:
    """``first`` or the team's next working day with room where the establishment has no visit."""
    days = [first + datetime.timedelta(days=i) for i in range(FOLLOW_UP_SEARCH_DAYS + 1)]
    booked = _booked(team, days)
    taken = set(
        InspectionSchedule.objects.filter(establishment=establishment, date__in=days)
        .exclude(status=ScheduleStatus.CANCELLED)
        .values_list("date", flat=True)
    )
    for day in days:
        workday = day == first or day.weekday() in team.weekdays
        if workday and booked.get(day, 0) < team.daily_capacity and day not in taken:
            return day
    raise ValidationError(
        {
            "correct_by": _("%(team)s has no free day for the follow-up visit; choose another correct-by date.")
            % {"team": team.name}
        }
    )
