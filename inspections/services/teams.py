"""Inspection teams: administrators create and change them, with portal users and outside members."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.bulk import audited_bulk_create
from inspections.choices import ScheduleStatus
from inspections.models import InspectionSchedule, InspectionTeam, TeamMember
from inspections.services.common import FieldErrors, full_clean
from wards.access import require_admin
from wards.types import AnyUser

# A team's daily capacity: at least one visit, at most this many.
MAX_DAILY_CAPACITY = 50
TEAM_FIELDS = ("name", "leader", "daily_capacity", "active", "member_users", "outside_members")
OUTSIDE_FIELDS = ("name", "unit", "phone")


def lock_team(team: InspectionTeam) -> InspectionTeam:
    """Lock the team row so concurrent schedulers see each other's visits (capacity)."""
    return InspectionTeam.objects.select_for_update().get(pk=team.pk)


@transaction.atomic
def team_create(*, user: AnyUser, data: Mapping) -> InspectionTeam:
    """Administrators create a team. ``data``: name, leader (a user or None), daily_capacity,
    active, member_users (users), outside_members (``{"name", "unit", "phone"}`` mappings).
    The leader is added as a member when not listed; a team has at least one member."""
    require_admin(user)
    team = InspectionTeam(daily_capacity=data.get("daily_capacity", 6))
    return _team_save(team=team, data=data, creating=True)


@transaction.atomic
def team_update(*, user: AnyUser, team: InspectionTeam, data: Mapping) -> InspectionTeam:
    """Administrators change a team; keys absent from ``data`` stay as they are. ``member_users``
    and ``outside_members`` replace the lists (outside rows with an ``id`` update that member).
    Deactivating a team with planned visits from today on is refused."""
    require_admin(user)
    locked = lock_team(team)
    return _team_save(team=locked, data=data, creating=False)


@dataclass
class _Roster:
    """The team's members after the change, and the current members it drops."""

    existing: dict[int, TeamMember]  # the current members (locked), by member id
    current_users: dict[int, TeamMember]  # the current portal-user members, by user id
    users: dict  # user id → user, the leader included
    outside: list[dict]  # {"id" (None for a new member), "name", "unit", "phone"}
    removed: list[TeamMember]


def _team_save(*, team: InspectionTeam, data: Mapping, creating: bool) -> InspectionTeam:
    """Apply ``data`` (keys of TEAM_FIELDS; absent ones stay as they are) to a locked or new team."""
    errors = FieldErrors()
    existing = {} if creating else _locked_members(team)
    _apply_fields(team, data)
    _check_name(team, errors)
    _check_capacity(team, errors)
    roster = _roster(team, data, existing, errors)
    _check_removed_attended_nothing(roster.removed, errors)
    if not creating and not team.active:
        _check_no_planned_visits(team, errors)
    errors.raise_if_any()
    full_clean(team)
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:  # a concurrent team took the name
        raise ValidationError({"name": _("An active team is already called %(name)s.") % {"name": team.name}}) from exc
    _save_roster(team, roster)
    return team


def _locked_members(team: InspectionTeam) -> dict[int, TeamMember]:
    members = TeamMember.objects.select_for_update(of=("self",)).filter(team=team).select_related("user")
    return {m.pk: m for m in members}


def _apply_fields(team: InspectionTeam, data: Mapping) -> None:
    if "name" in data:
        team.name = str(data["name"] or "").strip()
    if "daily_capacity" in data:
        team.daily_capacity = data["daily_capacity"]
    if "active" in data:
        team.active = bool(data["active"])
    if "leader" in data:
        team.leader = data["leader"]


def _check_name(team: InspectionTeam, errors: FieldErrors) -> None:
    if not team.name:
        errors.add("name", _("Give the team a name."))
        return
    if not team.active:
        return
    # Compared in Python: SQLite's case-insensitive match ignores Vietnamese capitals (Đ).
    taken = InspectionTeam.objects.filter(active=True).exclude(pk=team.pk).values_list("name", flat=True)
    if team.name.casefold() in {name.casefold() for name in taken}:
        errors.add("name", _("An active team is already called %(name)s.") % {"name": team.name})


def _check_capacity(team: InspectionTeam, errors: FieldErrors) -> None:
    capacity = team.daily_capacity
    if not isinstance(capacity, int) or isinstance(capacity, bool) or not 1 <= capacity <= MAX_DAILY_CAPACITY:
        errors.add(
            "daily_capacity",
            _("The capacity is a number of visits from 1 to %(max)s a day.") % {"max": MAX_DAILY_CAPACITY},
        )


def _roster(team: InspectionTeam, data: Mapping, existing: dict[int, TeamMember], errors: FieldErrors) -> _Roster:
    current_users = {m.user_id: m for m in existing.values() if m.user_id}
    users = _member_users(team, data, current_users, errors)
    outside = _outside_members(data, existing, errors)
    if not users and not outside and "outside_members" not in errors:
        errors.add("member_users", _("A team needs at least one member."))
    kept = {o["id"] for o in outside if o["id"]} | {current_users[uid].pk for uid in users if uid in current_users}
    removed = [m for pk, m in existing.items() if pk not in kept]
    return _Roster(existing=existing, current_users=current_users, users=users, outside=outside, removed=removed)


def _member_users(team: InspectionTeam, data: Mapping, current_users: dict, errors: FieldErrors) -> dict:
    """The portal users of the team (the listed ones, or the current ones) with the leader added."""
    if "member_users" in data:
        users = {u.pk: u for u in data["member_users"]}
    else:
        users = {uid: m.user for uid, m in current_users.items()}
    inactive = sorted(u.get_username() for u in users.values() if not u.is_active)
    if inactive:
        errors.add(
            "member_users",
            _("These accounts are disabled and cannot be members: %(names)s.") % {"names": ", ".join(inactive)},
        )
    if team.leader is not None:
        if not team.leader.is_active:
            errors.add("leader", _("The leader's account is disabled."))
        users.setdefault(team.leader.pk, team.leader)  # the leader is always a member
    return users


def _outside_members(data: Mapping, existing: dict[int, TeamMember], errors: FieldErrors) -> list[dict]:
    """The outside members: the listed rows (validated) or the current ones."""
    current = {pk: m for pk, m in existing.items() if not m.user_id}
    if "outside_members" in data:
        return _clean_outside_members(list(data["outside_members"]), current, errors)
    return [{"id": m.pk, **{f: getattr(m, f) for f in OUTSIDE_FIELDS}} for m in current.values()]


def _clean_outside_members(rows: Sequence[Mapping], existing: dict[int, TeamMember], errors: FieldErrors) -> list[dict]:
    """Outside members as ``{"id"?, "name", "unit", "phone"}``; rows are numbered from 1 in messages."""
    clean: list[dict] = []
    seen_ids: set[int] = set()
    for number, row in enumerate(rows, start=1):
        values = {f: str(row.get(f) or "").strip() for f in OUTSIDE_FIELDS}
        member_id = row.get("id")
        problem = _outside_id_problem(member_id, existing, seen_ids)
        if problem is None and member_id is not None:
            seen_ids.add(member_id)
        if problem is None:
            problem = _outside_values_problem(values)
        if problem is not None:
            errors.add("outside_members", problem % {"row": number})
            continue
        clean.append({"id": member_id, **values})
    return clean


def _outside_id_problem(member_id: int | None, existing: dict[int, TeamMember], seen_ids: set[int]) -> str | None:
    """A message with a ``%(row)s`` placeholder, or None: a row's id names a member of this team once."""
    if member_id is None:
        return None
    if member_id not in existing:
        return _("Row %(row)s: this outside member is not in the team.")
    if member_id in seen_ids:
        return _("Row %(row)s: the member is listed twice.")
    return None


def _outside_values_problem(values: Mapping[str, str]) -> str | None:
    """A message with a ``%(row)s`` placeholder, or None: a name, a unit and a plausible phone number."""
    if not values["name"] or not values["unit"]:
        return _("Row %(row)s: an outside member needs a name and a unit.")
    phone = values["phone"]
    if phone and not (phone.replace(" ", "").replace(".", "").lstrip("+").isdigit() and len(phone) <= 20):
        return _("Row %(row)s: the phone number may contain only digits, spaces, dots and a leading +.")
    if len(values["name"]) > 120 or len(values["unit"]) > 160:
        return _("Row %(row)s: the name or unit is too long.")
    return None


def _check_removed_attended_nothing(removed: list[TeamMember], errors: FieldErrors) -> None:
    """Members who were present at recorded inspections stay: the records name them."""
    if not removed:
        return
    attended = dict(
        TeamMember.objects.filter(pk__in=[m.pk for m in removed], inspections_attended__isnull=False)
        .values_list("pk")
        .annotate(n=models.Count("inspections_attended"))
    )
    for m in removed:
        if m.pk in attended:
            errors.add(
                "member_users" if m.user_id else "outside_members",
                ngettext(
                    "%(name)s was present at %(count)s recorded inspection and stays in the team.",
                    "%(name)s was present at %(count)s recorded inspections and stays in the team.",
                    attended[m.pk],
                )
                % {"name": m.display_name, "count": attended[m.pk]},
            )


def _check_no_planned_visits(team: InspectionTeam, errors: FieldErrors) -> None:
    """A team is deactivated only without planned visits from today on."""
    planned = InspectionSchedule.objects.filter(
        team=team, status=ScheduleStatus.PLANNED, date__gte=timezone.localdate()
    ).count()
    if planned:
        errors.add(
            "active",
            ngettext(
                "The team has %(count)s planned visit from today; cancel it or give it to another team "
                "before deactivating the team.",
                "The team has %(count)s planned visits from today; cancel them or give them to another team "
                "before deactivating the team.",
                planned,
            )
            % {"count": planned},
        )


def _save_roster(team: InspectionTeam, roster: _Roster) -> None:
    TeamMember.objects.filter(pk__in=[m.pk for m in roster.removed]).delete()
    audited_bulk_create(
        TeamMember,
        [TeamMember(team=team, user=u) for uid, u in roster.users.items() if uid not in roster.current_users],
    )
    added = []
    for row in roster.outside:
        if row["id"] is None:
            added.append(TeamMember(team=team, name=row["name"], unit=row["unit"], phone=row["phone"]))
            continue
        member = roster.existing[row["id"]]
        if any(getattr(member, f) != row[f] for f in OUTSIDE_FIELDS):
            for f in OUTSIDE_FIELDS:
                setattr(member, f, row[f])
            member.save(update_fields=list(OUTSIDE_FIELDS))
    audited_bulk_create(TeamMember, added)
