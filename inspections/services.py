"""Writes and workflow of the inspections app.

Every page, API endpoint and the demo call these functions, so each rule is written once.
They check the rules, run in a transaction and raise ``ValidationError`` with translated
messages keyed by field name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.collation import ViCollate
from inspections.choices import (
    COMPLIANT_ACTIONS,
    VIOLATION_ACTIONS,
    Action,
    Answer,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
    ScheduleKind,
    ScheduleStatus,
    SuggestionStatus,
)
from inspections.importing import ImportReport, parse, read_rows
from inspections.models import (
    Campaign,
    ChecklistAnswer,
    ChecklistItem,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    RiskInterval,
    TeamMember,
)
from inspections.selectors import MAX_CHECKLIST_ORDER, REPEAT_WINDOW_DAYS, can_record
from wards.access import can_view_ward, require_admin
from wards.models import Ward

# How far past the correct-by date a follow-up may be pushed when the team is fully booked.
FOLLOW_UP_SEARCH_DAYS = 60


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")



def _full_clean(obj, *, exclude: Sequence[str] = ()) -> None:
    """Model validation (fields, choices, constraints) with translated, field-keyed messages."""
    obj.full_clean(exclude=list(exclude))


# ---- Establishments ------------------------------------------------------------------------------

ESTABLISHMENT_FIELDS = (
    "ward",
    "name",
    "address",
    "category",
    "owner_name",
    "phone",
    "status",
    "workers",
    "foreign_workers",
    "notes",
)


@transaction.atomic
def establishment_create(*, user, data: Mapping) -> Establishment:
    """Administrators add an establishment (``data`` holds model field values, ward as a Ward)."""
    require_admin(user)
    est = Establishment(registered_on=timezone.localdate())
    for field in ESTABLISHMENT_FIELDS:
        if field in data:
            setattr(est, field, data[field])
    _full_clean(est)
    est.save()
    return est


@transaction.atomic
def establishment_update(*, user, establishment: Establishment, data: Mapping) -> Establishment:
    """Administrators change an establishment (status included, e.g. lifting a closure)."""
    require_admin(user)
    est = Establishment.objects.select_for_update().get(pk=establishment.pk)
    for field in ESTABLISHMENT_FIELDS:
        if field in data:
            setattr(est, field, data[field])
    _full_clean(est)
    est.save()
    return est


def _suggestion_changes(establishment: Establishment, changes: Mapping) -> dict:
    """Keep only real changes of the fields officers may propose; validate them on a copy."""
    unknown = set(changes) - set(EstablishmentUpdateSuggestion.FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed by a suggestion: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    copy = Establishment.objects.get(pk=establishment.pk)
    clean = {}
    for field, value in changes.items():
        if value == "" and field in ("workers", "foreign_workers"):
            value = None
        if getattr(copy, field) != value:
            clean[field] = value
            setattr(copy, field, value)
    if not clean:
        raise ValidationError(_("The suggestion changes nothing."))
    _full_clean(copy)
    return clean


@transaction.atomic
def suggestion_create(
    *, user, establishment: Establishment, changes: Mapping, note: str = ""
) -> EstablishmentUpdateSuggestion:
    """A ward officer proposes changes to an establishment of their own ward."""
    if not (user and user.is_authenticated and user.is_ward_officer):
        raise PermissionDenied(_("Only ward officers suggest updates; administrators edit directly."))
    if not can_view_ward(user, establishment.ward_id):
        raise PermissionDenied(_("The establishment is not in your ward."))
    clean = _suggestion_changes(establishment, changes)
    return EstablishmentUpdateSuggestion.objects.create(
        establishment=establishment, suggested_by=user, changes=clean, note=note
    )


def _decide(*, user, suggestion, status: str, note: str) -> EstablishmentUpdateSuggestion:
    require_admin(user)
    s = EstablishmentUpdateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if s.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion was already decided."))
    s.status, s.decided_by, s.decided_at, s.decision_note = status, user, timezone.now(), note
    s.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return s


@transaction.atomic
def suggestion_accept(
    *, user, suggestion: EstablishmentUpdateSuggestion, note: str = ""
) -> EstablishmentUpdateSuggestion:
    """Apply a pending suggestion to its establishment (validated again as it is now)."""
    s = _decide(user=user, suggestion=suggestion, status=SuggestionStatus.ACCEPTED, note=note)
    est = Establishment.objects.select_for_update().get(pk=s.establishment_id)
    for field, value in s.changes.items():
        if field in EstablishmentUpdateSuggestion.FIELDS:
            setattr(est, field, value)
    _full_clean(est)
    est.save()
    return s


@transaction.atomic
def suggestion_reject(
    *, user, suggestion: EstablishmentUpdateSuggestion, note: str = ""
) -> EstablishmentUpdateSuggestion:
    return _decide(user=user, suggestion=suggestion, status=SuggestionStatus.REJECTED, note=note)


# ---- Teams ----------------------------------------------------------------------------------------

# A team's daily capacity: at least one visit, at most this many.
MAX_DAILY_CAPACITY = 50
TEAM_FIELDS = ("name", "leader", "daily_capacity", "active", "member_users", "outside_members")
OUTSIDE_FIELDS = ("name", "unit", "phone")


def _clean_outside_members(rows: Sequence[Mapping], existing: dict[int, TeamMember], errors: dict) -> list[dict]:
    """Outside members as ``{"id"?, "name", "unit", "phone"}``; rows are numbered from 1 in messages."""
    clean, seen_ids = [], set()
    for number, row in enumerate(rows, start=1):
        values = {f: str(row.get(f) or "").strip() for f in OUTSIDE_FIELDS}
        member_id = row.get("id")
        if member_id is not None and member_id not in existing:
            errors.setdefault("outside_members", []).append(
                _("Row %(row)s: this outside member is not in the team.") % {"row": number}
            )
            continue
        if member_id is not None and member_id in seen_ids:
            errors.setdefault("outside_members", []).append(
                _("Row %(row)s: the member is listed twice.") % {"row": number}
            )
            continue
        seen_ids.add(member_id)
        if not values["name"] or not values["unit"]:
            errors.setdefault("outside_members", []).append(
                _("Row %(row)s: an outside member needs a name and a unit.") % {"row": number}
            )
            continue
        phone = values["phone"]
        if phone and not (phone.replace(" ", "").replace(".", "").lstrip("+").isdigit() and len(phone) <= 20):
            errors.setdefault("outside_members", []).append(
                _("Row %(row)s: the phone number may contain only digits, spaces, dots and a leading +.")
                % {"row": number}
            )
            continue
        if len(values["name"]) > 120 or len(values["unit"]) > 160:
            errors.setdefault("outside_members", []).append(
                _("Row %(row)s: the name or unit is too long.") % {"row": number}
            )
            continue
        clean.append({"id": member_id, **values})
    return clean


def _team_save(*, team: InspectionTeam, data: Mapping, creating: bool) -> InspectionTeam:
    """Apply ``data`` (keys of TEAM_FIELDS; absent ones stay as they are) to a locked or new team."""
    errors: dict[str, list[str]] = {}
    existing = (
        {}
        if creating
        else {
            m.pk: m for m in TeamMember.objects.select_for_update(of=("self",)).filter(team=team).select_related("user")
        }
    )
    current_users = {m.user_id: m for m in existing.values() if m.user_id}
    if "name" in data:
        team.name = str(data["name"] or "").strip()
    if "daily_capacity" in data:
        team.daily_capacity = data["daily_capacity"]
    if "active" in data:
        team.active = bool(data["active"])
    if "leader" in data:
        team.leader = data["leader"]

    if not team.name:
        errors.setdefault("name", []).append(_("Give the team a name."))
    elif team.active and team.name.casefold() in {
        n.casefold()
        for n in InspectionTeam.objects.filter(active=True).exclude(pk=team.pk).values_list("name", flat=True)
    }:  # compared in Python: SQLite's case-insensitive match ignores Vietnamese capitals (Đ)
        errors.setdefault("name", []).append(_("An active team is already called %(name)s.") % {"name": team.name})
    capacity = team.daily_capacity
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_DAILY_CAPACITY:
        errors.setdefault("daily_capacity", []).append(
            _("The capacity is a number of visits from 1 to %(max)s a day.") % {"max": MAX_DAILY_CAPACITY}
        )

    if "member_users" in data:
        users = {u.pk: u for u in data["member_users"]}
    else:
        users = {uid: m.user for uid, m in current_users.items()}
    inactive = sorted(u.get_username() for u in users.values() if not u.is_active)
    if inactive:
        errors.setdefault("member_users", []).append(
            _("These accounts are disabled and cannot be members: %(names)s.") % {"names": ", ".join(inactive)}
        )
    if team.leader is not None:
        if not team.leader.is_active:
            errors.setdefault("leader", []).append(_("The leader's account is disabled."))
        users.setdefault(team.leader.pk, team.leader)  # the leader is always a member

    if "outside_members" in data:
        outside = _clean_outside_members(
            list(data["outside_members"]), {pk: m for pk, m in existing.items() if not m.user_id}, errors
        )
    else:
        outside = [
            {"id": m.pk, **{f: getattr(m, f) for f in OUTSIDE_FIELDS}} for m in existing.values() if not m.user_id
        ]
    if not users and not outside and "outside_members" not in errors:
        errors.setdefault("member_users", []).append(_("A team needs at least one member."))

    # Members who were present at recorded inspections stay: the records name them.
    kept_ids = {o["id"] for o in outside if o["id"]} | {current_users[uid].pk for uid in users if uid in current_users}
    removed = [m for pk, m in existing.items() if pk not in kept_ids]
    if removed:
        attended = dict(
            TeamMember.objects.filter(pk__in=[m.pk for m in removed], inspections_attended__isnull=False)
            .values_list("pk")
            .annotate(n=models.Count("inspections_attended"))
        )
        for m in removed:
            if m.pk in attended:
                field = "member_users" if m.user_id else "outside_members"
                errors.setdefault(field, []).append(
                    ngettext(
                        "%(name)s was present at %(count)s recorded inspection and stays in the team.",
                        "%(name)s was present at %(count)s recorded inspections and stays in the team.",
                        attended[m.pk],
                    )
                    % {"name": m.display_name, "count": attended[m.pk]}
                )

    if not creating and not team.active:
        planned = InspectionSchedule.objects.filter(
            team=team, status=ScheduleStatus.PLANNED, date__gte=timezone.localdate()
        ).count()
        if planned:
            errors.setdefault("active", []).append(
                ngettext(
                    "The team has %(count)s planned visit from today; cancel it or give it to another team "
                    "before deactivating the team.",
                    "The team has %(count)s planned visits from today; cancel them or give them to another team "
                    "before deactivating the team.",
                    planned,
                )
                % {"count": planned}
            )
    if errors:
        raise ValidationError(errors)
    _full_clean(team)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:  # a concurrent team took the name
        raise ValidationError({"name": _("An active team is already called %(name)s.") % {"name": team.name}}) from exc

    TeamMember.objects.filter(pk__in=[m.pk for m in removed]).delete()
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, user=u) for uid, u in users.items() if uid not in current_users]
    )
    changed = []
    for row in outside:
        if row["id"] is None:
            changed.append(TeamMember(team=team, name=row["name"], unit=row["unit"], phone=row["phone"]))
            continue
        member = existing[row["id"]]
        if any(getattr(member, f) != row[f] for f in OUTSIDE_FIELDS):
            for f in OUTSIDE_FIELDS:
                setattr(member, f, row[f])
            member.save(update_fields=list(OUTSIDE_FIELDS))
    TeamMember.objects.bulk_create(changed)
    return team


@transaction.atomic
def team_create(*, user, data: Mapping) -> InspectionTeam:
    """Administrators create a team. ``data``: name, leader (a user or None), daily_capacity,
    active, member_users (users), outside_members (``{"name", "unit", "phone"}`` mappings).
    The leader is added as a member when not listed; a team has at least one member."""
    require_admin(user)
    team = InspectionTeam(daily_capacity=data.get("daily_capacity", 6))
    return _team_save(team=team, data=data, creating=True)


@transaction.atomic
def team_update(*, user, team: InspectionTeam, data: Mapping) -> InspectionTeam:
    """Administrators change a team; keys absent from ``data`` stay as they are. ``member_users``
    and ``outside_members`` replace the lists (outside rows with an ``id`` update that member).
    Deactivating a team with planned visits from today on is refused."""
    require_admin(user)
    locked = _lock_team(team)
    return _team_save(team=locked, data=data, creating=False)


# ---- Scheduling ------------------------------------------------------------------------------------


def _lock_team(team: InspectionTeam) -> InspectionTeam:
    """Lock the team row so concurrent schedulers see each other's visits (capacity)."""
    return InspectionTeam.objects.select_for_update().get(pk=team.pk)


def _booked(team: InspectionTeam, days: Iterable[datetime.date]) -> dict[datetime.date, int]:
    from django.db.models import Count

    rows = (
        InspectionSchedule.objects.filter(team=team, date__in=list(days))
        .exclude(status=ScheduleStatus.CANCELLED)
        .values("date")
        .annotate(n=Count("pk"))
    )
    return {r["date"]: r["n"] for r in rows}


def _check_establishment_open(establishment: Establishment, field: str = "establishment") -> None:
    if establishment.status == EstablishmentStatus.CLOSED:
        raise ValidationError(
            {field: _("%(name)s is closed; closed establishments are not inspected.") % {"name": establishment.name}}
        )


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
                % {"name": establishment.name, "date": _d(day), "team": taken.team.name}
            }
        )


@transaction.atomic
def schedule_create(
    *,
    user,
    team: InspectionTeam,
    establishment: Establishment,
    date: datetime.date,
    kind: str = ScheduleKind.ROUTINE,
    note: str = "",
) -> InspectionSchedule:
    """Administrators plan one visit. Refuses a past date, a closed establishment, an inactive
    team, a day the team is full, and a second visit of the establishment on the same day."""
    require_admin(user)
    today = timezone.localdate()
    if date < today:
        raise ValidationError({"date": _("The date %(date)s is in the past.") % {"date": _d(date)}})
    team = _lock_team(team)
    if not team.active:
        raise ValidationError({"team": _("The team %(team)s is not active.") % {"team": team.name}})
    establishment = Establishment.objects.get(pk=establishment.pk)
    _check_establishment_open(establishment)
    booked = _booked(team, [date]).get(date, 0)
    if booked >= team.daily_capacity:
        raise ValidationError(
            {
                "date": _("%(team)s is fully booked on %(date)s (%(booked)s of %(capacity)s visits).")
                % {"team": team.name, "date": _d(date), "booked": booked, "capacity": team.daily_capacity}
            }
        )
    _check_not_taken(establishment, date)
    schedule = InspectionSchedule(
        team=team, establishment=establishment, date=date, kind=kind, note=note, created_by=user
    )
    schedule.save()
    return schedule


@transaction.atomic
def schedule_cancel(*, user, schedule: InspectionSchedule, reason: str) -> InspectionSchedule:
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
    user,
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
    require_admin(user)
    today = timezone.localdate()
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the campaign a name.")
    if start < today:
        errors["start"] = _("The date %(date)s is in the past.") % {"date": _d(start)}
    if end < start:
        errors["end"] = _("The last day must not be before the first day.")
    if errors:
        raise ValidationError(errors)
    team = _lock_team(team)
    if not team.active:
        raise ValidationError({"team": _("The team %(team)s is not active.") % {"team": team.name}})
    per_day = team.daily_capacity if per_day is None else per_day
    if per_day < 1:
        raise ValidationError({"per_day": _("Plan at least one visit a day.")})
    if per_day > team.daily_capacity:
        raise ValidationError(
            {"per_day": _("The team makes at most %(capacity)s visits a day.") % {"capacity": team.daily_capacity}}
        )
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
    days = campaign_days(team, start, end)
    if not days:
        raise ValidationError({"end": _("The team has no working day in this period.")})
    booked = _booked(team, days)
    free = {d: max(0, per_day - booked.get(d, 0)) for d in days}
    if sum(free.values()) < len(targets):
        raise ValidationError(
            _(
                "%(count)s visits do not fit: %(team)s has %(free)s free places on its working days from "
                "%(start)s to %(end)s. Choose a longer period or fewer establishments."
            )
            % {"count": len(targets), "team": team.name, "free": sum(free.values()), "start": _d(start), "end": _d(end)}
        )
    campaign = Campaign.objects.create(
        name=name.strip(), team=team, start=start, end=end, per_day=per_day, created_by=user
    )
    # Spread evenly: fill days in turn so the load is level rather than front-loaded.
    plan: list[InspectionSchedule] = []
    remaining = list(targets)
    quota = _level_quota(free, len(targets))
    for day in days:
        for _i in range(quota[day]):
            est = remaining.pop(0)
            plan.append(
                InspectionSchedule(
                    team=team,
                    establishment=est,
                    date=day,
                    kind=ScheduleKind.CAMPAIGN,
                    campaign=campaign,
                    created_by=user,
                )
            )
    try:
        with transaction.atomic():
            InspectionSchedule.objects.bulk_create(plan)
    except IntegrityError as exc:
        raise ValidationError(_("An establishment is already scheduled on one of these days.")) from exc
    return campaign


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


# ---- Settings: risk intervals and the checklist ----------------------------------------------------

# The longest interval between two inspections of a category, in days.
MAX_INTERVAL_DAYS = 365
# Checklist codes: lower-case letters, digits, "_" and "-" (they key the answers in the API).
CHECKLIST_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CHECKLIST_CODE_MAX = 50
CHECKLIST_TEXT_MAX = 255


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@transaction.atomic
def risk_interval_set(*, user, category: str, interval_days: int, after_violation_days: int) -> RiskInterval:
    """Administrators set a category's days between routine inspections and the shorter interval
    after a violation (created when the category still uses the default). The due list reads
    the table on every request, so the change shows at once."""
    require_admin(user)
    errors: dict[str, str] = {}
    if category not in Category.values:
        errors["category"] = _("Unknown category.")
    for field, value in (("interval_days", interval_days), ("after_violation_days", after_violation_days)):
        if not _whole_number(value) or not 1 <= value <= MAX_INTERVAL_DAYS:
            errors[field] = _("An interval is a whole number of days from 1 to %(max)s.") % {"max": MAX_INTERVAL_DAYS}
    if not errors and after_violation_days > interval_days:
        # The same rule as the model's check constraint, told before the database refuses it.
        errors["after_violation_days"] = _("The interval after a violation must not be longer than the routine one.")
    if errors:
        raise ValidationError(errors)
    row, _created = RiskInterval.objects.update_or_create(
        category=category, defaults={"interval_days": interval_days, "after_violation_days": after_violation_days}
    )
    return row


def _clean_checklist_values(*, text, categories, order, active, errors: dict) -> dict:
    """Validated ``text``, ``categories`` (known codes, no repeats, in the order of ``Category``),
    ``order`` and ``active``; problems go into ``errors`` keyed by field."""
    text = str(text or "").strip()
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > CHECKLIST_TEXT_MAX:
        errors["text"] = _("The question is at most %(max)s characters.") % {"max": CHECKLIST_TEXT_MAX}
    if isinstance(categories, str) or not isinstance(categories, Iterable):
        errors["categories"] = _("Give the categories as a list of category codes.")
        categories = []
    else:
        categories = [str(c) for c in categories]
        unknown = sorted(set(categories) - set(Category.values))
        if unknown:
            errors["categories"] = _("Unknown categories: %(codes)s.") % {"codes": ", ".join(unknown)}
    if not _whole_number(order) or not 0 <= order <= MAX_CHECKLIST_ORDER:
        errors["order"] = _("The order is a whole number from 0 to %(max)s.") % {"max": MAX_CHECKLIST_ORDER}
    return {
        "text": text,
        "categories": [c for c in Category.values if c in set(categories)],
        "order": order,
        "active": bool(active),
    }


@transaction.atomic
def checklist_item_create(
    *, user, code: str, text: str, categories: Sequence[str], order: int, active: bool = True
) -> ChecklistItem:
    """Administrators add a checklist question. ``categories`` are category codes (empty: every
    category). The code names the item's answers for good, so it cannot be changed later."""
    require_admin(user)
    errors: dict[str, str] = {}
    code = str(code or "").strip()
    if not code:
        errors["code"] = _("Give the item a code.")
    elif len(code) > CHECKLIST_CODE_MAX or not CHECKLIST_CODE_RE.match(code):
        errors["code"] = _(
            "A code is at most %(max)s lower-case letters, digits, hyphens and underscores, e.g. hand_washing."
        ) % {"max": CHECKLIST_CODE_MAX}
    elif ChecklistItem.objects.filter(code=code).exists():
        errors["code"] = _("An item already has the code %(code)s.") % {"code": code}
    values = _clean_checklist_values(text=text, categories=categories, order=order, active=active, errors=errors)
    if errors:
        raise ValidationError(errors)
    item = ChecklistItem(code=code, **values)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # a concurrent request took the code
        raise ValidationError({"code": _("An item already has the code %(code)s.") % {"code": code}}) from exc
    return item


@transaction.atomic
def checklist_item_update(
    *,
    user,
    item: ChecklistItem,
    text: str,
    categories: Sequence[str],
    order: int,
    active: bool,
    code: str | None = None,
) -> ChecklistItem:
    """Administrators change a checklist question. Items are never deleted: an inactive item
    leaves the record form of new inspections, and past inspections keep showing its answers.
    ``code`` may be given only unchanged: answers already recorded refer to it."""
    require_admin(user)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    errors: dict[str, str] = {}
    if code is not None and str(code).strip() != item.code:
        errors["code"] = _("The code cannot be changed: recorded answers refer to it.")
    values = _clean_checklist_values(text=text, categories=categories, order=order, active=active, errors=errors)
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(item, field, value)
    item.save(update_fields=list(values))
    return item


# ---- Recording inspections ---------------------------------------------------------------------------


def checklist_for(category: str) -> list[ChecklistItem]:
    """Active checklist items that apply to ``category``, in order (one small query)."""
    return [
        item
        for item in ChecklistItem.objects.filter(active=True).order_by("order", "code")
        if item.applies_to(category)
    ]


def _plan_follow_up(inspection: Inspection) -> InspectionSchedule:
    """Plan the follow-up visit of a violation on its correct-by date (or the team's next day
    with room), reusing a visit already planned on that day."""
    team = _lock_team(inspection.team)
    first = max(inspection.correct_by, timezone.localdate())
    existing = (
        InspectionSchedule.objects.select_for_update()
        .filter(establishment=inspection.establishment, status=ScheduleStatus.PLANNED, date=first)
        .first()
    )
    if existing:
        existing.kind, existing.follow_up_of = ScheduleKind.FOLLOW_UP, inspection
        existing.save(update_fields=["kind", "follow_up_of"])
        return existing
    days = [first + datetime.timedelta(days=i) for i in range(FOLLOW_UP_SEARCH_DAYS + 1)]
    booked = _booked(team, days)
    taken = set(
        InspectionSchedule.objects.filter(establishment=inspection.establishment, date__in=days)
        .exclude(status=ScheduleStatus.CANCELLED)
        .values_list("date", flat=True)
    )
    for day in days:
        workday = day == first or day.weekday() in team.weekdays
        if workday and booked.get(day, 0) < team.daily_capacity and day not in taken:
            return InspectionSchedule.objects.create(
                team=team,
                establishment=inspection.establishment,
                date=day,
                kind=ScheduleKind.FOLLOW_UP,
                follow_up_of=inspection,
                note=_("Follow-up of the violation found on %(date)s.") % {"date": _d(inspection.inspected_on)},
            )
    raise ValidationError(
        {
            "correct_by": _("%(team)s has no free day for the follow-up visit; choose another correct-by date.")
            % {"team": team.name}
        }
    )


@transaction.atomic
def inspection_record(
    *,
    user,
    team: InspectionTeam | None = None,
    establishment: Establishment | None = None,
    schedule: InspectionSchedule | None = None,
    inspected_at: datetime.datetime,
    members_present: Sequence[TeamMember | int],
    answers: Mapping[str, str],
    findings: str = "",
    result: str,
    action: str = Action.NONE,
    fine_amount: int | None = None,
    correct_by: datetime.date | None = None,
    reason: str | None = None,
) -> Inspection:
    """Record a visit, from its schedule or unscheduled (``team`` and ``establishment``).

    A violation plans a follow-up by its correct-by date; a violation within 90 days of an
    earlier one is flagged as a repeat; a closure order closes the establishment temporarily.
    All or nothing.
    """
    if schedule is not None:
        schedule = (
            InspectionSchedule.objects.select_for_update().select_related("team", "establishment").get(pk=schedule.pk)
        )
        if schedule.status == ScheduleStatus.DONE or Inspection.objects.filter(schedule=schedule).exists():
            raise ValidationError(_("This visit is already recorded."))
        if schedule.status == ScheduleStatus.CANCELLED:
            raise ValidationError(_("This visit was cancelled and cannot be recorded."))
        team, establishment = schedule.team, schedule.establishment
        reason = reason or InspectionReason.SCHEDULED
    else:
        errors = {}
        if team is None:
            errors["team"] = _("Choose the team.")
        if establishment is None:
            errors["establishment"] = _("Choose the establishment.")
        if errors:
            raise ValidationError(errors)
        reason = reason or InspectionReason.UNANNOUNCED
        if reason == InspectionReason.SCHEDULED:
            raise ValidationError({"reason": _("A visit without a schedule is a complaint or an unannounced check.")})
    if not can_record(user, team):
        raise PermissionDenied(
            _("Only members of %(team)s and administrators record its inspections.") % {"team": team.name}
        )
    establishment = Establishment.objects.select_for_update().get(pk=establishment.pk)
    _check_establishment_open(establishment)

    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if reason not in InspectionReason.values:
        err("reason", _("Unknown reason."))
    if timezone.is_naive(inspected_at):
        inspected_at = timezone.make_aware(inspected_at)
    if inspected_at > timezone.now() + datetime.timedelta(minutes=5):
        err("inspected_at", _("The inspection time is in the future."))
    inspected_on = timezone.localtime(inspected_at).date()
    if result not in Result.values:
        err("result", _("Choose compliant or violation."))
    if action not in Action.values:
        err("action", _("Unknown action."))
    elif result == Result.COMPLIANT and action not in COMPLIANT_ACTIONS:
        err("action", _("A compliant visit ends with no action or a reminder."))
    elif result == Result.VIOLATION and action not in VIOLATION_ACTIONS:
        err("action", _("Choose the action taken for the violation."))
    if action == Action.FINE:
        if fine_amount in (None, ""):
            err("fine_amount", _("Enter the amount of the fine."))
        elif int(fine_amount) <= 0:
            err("fine_amount", _("The fine must be a positive amount in đồng."))
    elif fine_amount not in (None, "", 0):
        err("fine_amount", _("An amount goes only with a fine."))
    if result == Result.VIOLATION and correct_by is None:
        err("correct_by", _("A violation needs a correct-by date."))
    if correct_by is not None and correct_by < inspected_on:
        err("correct_by", _("The correct-by date cannot be before the inspection."))
    if result == Result.COMPLIANT and correct_by is not None:
        err("correct_by", _("A correct-by date goes only with a violation."))
    # Members present: the team's own members, at least one.
    member_ids = {m if isinstance(m, int) else m.pk for m in members_present}
    if not member_ids:
        err("members_present", _("Tick the members present."))
    else:
        valid = set(TeamMember.objects.filter(team=team, pk__in=member_ids).values_list("pk", flat=True))
        if valid != member_ids:
            err("members_present", _("Only members of %(team)s can be present for it.") % {"team": team.name})
    # Checklist: every applicable item answered yes / no / not applicable.
    items = checklist_for(establishment.category)
    codes = {i.code for i in items}
    unknown = set(answers) - codes
    if unknown:
        err("answers", _("Unknown checklist items: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    missing = [i.text for i in items if i.code not in answers]
    if missing:
        err("answers", _("Answer every checklist item (missing: %(items)s).") % {"items": "; ".join(missing)})
    bad = sorted(code for code, a in answers.items() if a not in Answer.values)
    if bad:
        err("answers", _("Answers are yes, no or not applicable (wrong: %(codes)s).") % {"codes": ", ".join(bad)})
    if errors:
        raise ValidationError(errors)

    previous = Inspection.objects.filter(
        establishment=establishment,
        result=Result.VIOLATION,
        inspected_on__gte=inspected_on - datetime.timedelta(days=REPEAT_WINDOW_DAYS),
        inspected_on__lte=inspected_on,
    )
    inspection = Inspection(
        establishment=establishment,
        team=team,
        schedule=schedule,
        reason=reason,
        inspected_at=inspected_at,
        inspected_on=inspected_on,
        findings=findings.strip(),
        result=result,
        action=action,
        fine_amount=int(fine_amount) if action == Action.FINE else None,
        correct_by=correct_by,
        repeat_violation=result == Result.VIOLATION and previous.exists(),
        recorded_by=user,
    )
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError as exc:
        raise ValidationError(_("This visit is already recorded.")) from exc
    inspection.members_present.set(member_ids)
    ChecklistAnswer.objects.bulk_create(
        [ChecklistAnswer(inspection=inspection, item=item, answer=answers[item.code]) for item in items]
    )
    if schedule is not None:
        schedule.status = ScheduleStatus.DONE
        schedule.save(update_fields=["status"])
    if result == Result.VIOLATION:
        _plan_follow_up(inspection)
    if action == Action.CLOSURE and establishment.status != EstablishmentStatus.CLOSED_BY_ORDER:
        establishment.status = EstablishmentStatus.CLOSED_BY_ORDER
        establishment.save(update_fields=["status", "updated_at"])
    return inspection


# ---- Import ------------------------------------------------------------------------------------------


@transaction.atomic
def establishments_import(*, user, uploaded) -> ImportReport:
    """Import establishments from a CSV/XLSX upload, ALL OR NOTHING (see inspections.importing).

    Raises ValidationError for a file that cannot be read (type, size, encoding); returns a
    report whose ``errors`` list each bad row (then nothing is saved) or the ``created`` count.
    """
    require_admin(user)
    rows = read_rows(uploaded)
    wards = {w.code.lower(): w for w in Ward.objects.all()}
    establishments, errors = parse(rows, wards=wards, today=timezone.localdate())
    if errors:
        return ImportReport(rows=len(establishments), errors=errors)
    Establishment.objects.bulk_create(establishments, batch_size=500)
    return ImportReport(created=len(establishments), rows=len(establishments))
