"""Recording an inspection: resolve the visit, validate what the team found, persist it.

``inspection_record`` runs the three steps in one transaction:

1. ``_resolve``: the schedule (locked) or the team and establishment of an unscheduled visit,
   the reason, the recorder's permission, the establishment (locked, not closed);
2. ``_validate``: time, result, action, fine, correct-by date, members present and checklist
   answers, every problem collected and raised together, keyed by field;
3. ``_persist``: the inspection, its members and answers, and what follows from it (the
   schedule done, a follow-up visit for a violation, the closure of the establishment).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping, Sequence
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.choices import (
    COMPLIANT_ACTIONS,
    VIOLATION_ACTIONS,
    Action,
    Answer,
    EstablishmentStatus,
    InspectionReason,
    Result,
    ScheduleStatus,
)
from inspections.models import (
    ChecklistAnswer,
    ChecklistItem,
    Establishment,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    TeamMember,
)
from inspections.selectors import REPEAT_WINDOW_DAYS
from inspections.services.common import FieldErrors
from inspections.services.establishments import check_establishment_open
from inspections.services.scheduling import follow_up_plan
from wards.access import can_record
from wards.models import User

# How far ahead of the server clock a recorded time may be (a phone's clock runs fast).
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)


def checklist_for(category: str) -> list[ChecklistItem]:
    """Active checklist items that apply to ``category``, in order (one small query)."""
    return [
        item
        for item in ChecklistItem.objects.filter(active=True).order_by("order", "code")
        if item.applies_to(category)
    ]


@dataclasses.dataclass(frozen=True)
class _Outcome:
    """What the team found and did at a visit, as submitted."""

    result: str
    action: str
    fine_amount: int | str | None
    correct_by: datetime.date | None
    findings: str


@dataclasses.dataclass(frozen=True)
class _Visit:
    """The visit being recorded: its team, its establishment (locked), its schedule (locked) and reason."""

    team: InspectionTeam
    establishment: Establishment
    schedule: InspectionSchedule | None
    reason: str


@dataclasses.dataclass(frozen=True)
class _Checked:
    """Values the validation derived: the aware time and its local day, members, checklist items."""

    inspected_at: datetime.datetime
    inspected_on: datetime.date
    member_ids: set[int]
    items: list[ChecklistItem]


@transaction.atomic
def inspection_record(
    *,
    user: User,
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
    visit = _resolve(user=user, team=team, establishment=establishment, schedule=schedule, reason=reason)
    outcome = _Outcome(result=result, action=action, fine_amount=fine_amount, correct_by=correct_by, findings=findings)
    checked = _validate(visit, outcome, inspected_at=inspected_at, members_present=members_present, answers=answers)
    return _persist(user, visit, outcome, checked, answers=answers)


# ---- 1. Resolve --------------------------------------------------------------------------------------


def _resolve(
    *,
    user: User,
    team: InspectionTeam | None,
    establishment: Establishment | None,
    schedule: InspectionSchedule | None,
    reason: str | None,
) -> _Visit:
    """The visit to record, with the recorder's permission checked and the establishment locked."""
    if schedule is not None:
        visit = _resolve_scheduled(schedule, reason)
    else:
        visit = _resolve_unscheduled(team, establishment, reason)
    if not can_record(user, visit.team):
        raise PermissionDenied(
            _("Only members of %(team)s and administrators record its inspections.") % {"team": visit.team.name}
        )
    locked = Establishment.objects.select_for_update().get(pk=visit.establishment.pk)
    check_establishment_open(locked)
    return dataclasses.replace(visit, establishment=locked)


def _resolve_scheduled(schedule: InspectionSchedule, reason: str | None) -> _Visit:
    """A planned visit, locked: not recorded yet, not cancelled."""
    schedule = (
        InspectionSchedule.objects.select_for_update().select_related("team", "establishment").get(pk=schedule.pk)
    )
    if schedule.status == ScheduleStatus.DONE or Inspection.objects.filter(schedule=schedule).exists():
        raise ValidationError(_("This visit is already recorded."))
    if schedule.status == ScheduleStatus.CANCELLED:
        raise ValidationError(_("This visit was cancelled and cannot be recorded."))
    return _Visit(
        team=schedule.team,
        establishment=schedule.establishment,
        schedule=schedule,
        reason=reason or InspectionReason.SCHEDULED,
    )


def _resolve_unscheduled(
    team: InspectionTeam | None, establishment: Establishment | None, reason: str | None
) -> _Visit:
    """A visit without a schedule: a complaint or an unannounced check by a chosen team."""
    errors: dict[str, str] = {}
    if team is None:
        errors["team"] = _("Choose the team.")
    if establishment is None:
        errors["establishment"] = _("Choose the establishment.")
    if team is None or establishment is None:
        raise ValidationError(errors)
    reason = reason or InspectionReason.UNANNOUNCED
    if reason == InspectionReason.SCHEDULED:
        raise ValidationError({"reason": _("A visit without a schedule is a complaint or an unannounced check.")})
    return _Visit(team=team, establishment=establishment, schedule=None, reason=reason)


# ---- 2. Validate -------------------------------------------------------------------------------------


def _validate(
    visit: _Visit,
    outcome: _Outcome,
    *,
    inspected_at: datetime.datetime,
    members_present: Sequence[TeamMember | int],
    answers: Mapping[str, str],
) -> _Checked:
    """Every rule on the submitted values; all problems are raised together, keyed by field."""
    errors = FieldErrors()
    if visit.reason not in InspectionReason.values:
        errors.add("reason", _("Unknown reason."))
    inspected_at = _check_time(inspected_at, errors)
    inspected_on = timezone.localtime(inspected_at).date()
    _check_action(outcome, errors)
    _check_fine(outcome, errors)
    _check_correct_by(outcome, inspected_on, errors)
    member_ids = _check_members(visit.team, members_present, errors)
    items = checklist_for(visit.establishment.category)
    _check_answers(items, answers, errors)
    errors.raise_if_any()
    return _Checked(inspected_at=inspected_at, inspected_on=inspected_on, member_ids=member_ids, items=items)


def _check_time(inspected_at: datetime.datetime, errors: FieldErrors) -> datetime.datetime:
    """The time made aware (in the current time zone); not in the future."""
    if timezone.is_naive(inspected_at):
        inspected_at = timezone.make_aware(inspected_at)
    if inspected_at > timezone.now() + CLOCK_TOLERANCE:
        errors.add("inspected_at", _("The inspection time is in the future."))
    return inspected_at


def _check_action(outcome: _Outcome, errors: FieldErrors) -> None:
    """A known result and an action that fits it."""
    result, action = outcome.result, outcome.action
    if result not in Result.values:
        errors.add("result", _("Choose compliant or violation."))
    if action not in Action.values:
        errors.add("action", _("Unknown action."))
    elif result == Result.COMPLIANT and action not in COMPLIANT_ACTIONS:
        errors.add("action", _("A compliant visit ends with no action or a reminder."))
    elif result == Result.VIOLATION and action not in VIOLATION_ACTIONS:
        errors.add("action", _("Choose the action taken for the violation."))


def _check_fine(outcome: _Outcome, errors: FieldErrors) -> None:
    """An amount with a fine, and only with a fine."""
    action, fine_amount = outcome.action, outcome.fine_amount
    if action == Action.FINE:
        if fine_amount in (None, ""):
            errors.add("fine_amount", _("Enter the amount of the fine."))
        elif int(fine_amount) <= 0:
            errors.add("fine_amount", _("The fine must be a positive amount in đồng."))
    elif fine_amount not in (None, "", 0):
        errors.add("fine_amount", _("An amount goes only with a fine."))


def _check_correct_by(outcome: _Outcome, inspected_on: datetime.date, errors: FieldErrors) -> None:
    """A violation has a correct-by date, not before the visit; a compliant visit has none."""
    result, correct_by = outcome.result, outcome.correct_by
    if result == Result.VIOLATION and correct_by is None:
        errors.add("correct_by", _("A violation needs a correct-by date."))
    if correct_by is not None and correct_by < inspected_on:
        errors.add("correct_by", _("The correct-by date cannot be before the inspection."))
    if result == Result.COMPLIANT and correct_by is not None:
        errors.add("correct_by", _("A correct-by date goes only with a violation."))


def _check_members(team: InspectionTeam, members_present: Sequence[TeamMember | int], errors: FieldErrors) -> set[int]:
    """The ids of the members present: the team's own members, at least one."""
    member_ids = {m if isinstance(m, int) else m.pk for m in members_present}
    if not member_ids:
        errors.add("members_present", _("Tick the members present."))
        return member_ids
    valid = set(TeamMember.objects.filter(team=team, pk__in=member_ids).values_list("pk", flat=True))
    if valid != member_ids:
        errors.add("members_present", _("Only members of %(team)s can be present for it.") % {"team": team.name})
    return member_ids


def _check_answers(items: list[ChecklistItem], answers: Mapping[str, str], errors: FieldErrors) -> None:
    """Every applicable item answered yes / no / not applicable, and nothing else."""
    unknown = set(answers) - {i.code for i in items}
    if unknown:
        errors.add("answers", _("Unknown checklist items: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    missing = [i.text for i in items if i.code not in answers]
    if missing:
        errors.add("answers", _("Answer every checklist item (missing: %(items)s).") % {"items": "; ".join(missing)})
    bad = sorted(code for code, a in answers.items() if a not in Answer.values)
    if bad:
        errors.add(
            "answers", _("Answers are yes, no or not applicable (wrong: %(codes)s).") % {"codes": ", ".join(bad)}
        )


# ---- 3. Persist --------------------------------------------------------------------------------------


def _persist(
    user: User, visit: _Visit, outcome: _Outcome, checked: _Checked, *, answers: Mapping[str, str]
) -> Inspection:
    """Save the inspection with its members and answers, then what follows from it."""
    inspection = Inspection(
        establishment=visit.establishment,
        team=visit.team,
        schedule=visit.schedule,
        reason=visit.reason,
        inspected_at=checked.inspected_at,
        inspected_on=checked.inspected_on,
        findings=outcome.findings.strip(),
        result=outcome.result,
        action=outcome.action,
        fine_amount=int(cast(int | str, outcome.fine_amount)) if outcome.action == Action.FINE else None,
        correct_by=outcome.correct_by,
        repeat_violation=outcome.result == Result.VIOLATION and _violated_recently(visit.establishment, checked),
        recorded_by=user,
    )
    try:
        with transaction.atomic():
            inspection.save()
    except IntegrityError as exc:
        raise ValidationError(_("This visit is already recorded.")) from exc
    inspection.members_present.set(checked.member_ids)
    ChecklistAnswer.objects.bulk_create(
        [ChecklistAnswer(inspection=inspection, item=item, answer=answers[item.code]) for item in checked.items]
    )
    _follow_up(inspection, visit)
    return inspection


def _violated_recently(establishment: Establishment, checked: _Checked) -> bool:
    """A violation was recorded at the establishment within the repeat window before this visit."""
    return Inspection.objects.filter(
        establishment=establishment,
        result=Result.VIOLATION,
        inspected_on__gte=checked.inspected_on - datetime.timedelta(days=REPEAT_WINDOW_DAYS),
        inspected_on__lte=checked.inspected_on,
    ).exists()


def _follow_up(inspection: Inspection, visit: _Visit) -> None:
    """The schedule is done; a violation plans its follow-up; a closure order closes the establishment."""
    if visit.schedule is not None:
        visit.schedule.status = ScheduleStatus.DONE
        visit.schedule.save(update_fields=["status"])
    if inspection.result == Result.VIOLATION:
        follow_up_plan(inspection)
    establishment = visit.establishment
    if inspection.action == Action.CLOSURE and establishment.status != EstablishmentStatus.CLOSED_BY_ORDER:
        establishment.status = EstablishmentStatus.CLOSED_BY_ORDER
        establishment.save(update_fields=["status", "updated_at"])
