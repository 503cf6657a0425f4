"""Writes of the directives app: the registry, tasks and their assignments, replies and reviews,
reminders. Each checks who may (``wards.access``), runs in one transaction and raises a translated
``ValidationError`` keyed by field; every row written is in the audit trail (audit/registration.py,
``audit.bulk`` for the assignments a task creates in bulk).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.bulk import audited_bulk_create
from directives.choices import WARD_TO_ACT, AssignmentStatus, ReminderKind, Repeat
from directives.hooks import reminders_sent
from directives.models import Assignment, Directive, DirectiveTask, Evidence, Reminder
from directives.selectors import number_taken
from directives.uploads import check_evidence, check_pdf
from wards.access import (
    can_change_ward,
    can_reply_assignment,
    can_review_assignments,
    is_active_user,
    require_admin,
)
from wards.choices import Role
from wards.models import User, Ward
from wards.selectors import current_leaders
from wards.types import AnyUser

# How far ahead a repeating task's occurrences are created (the daily task keeps the window filled).
HORIZON_DAYS = 7
# How long after its end a repeating task is still topped up (occurrences a stopped worker missed).
CATCH_UP_DAYS = 31

DIRECTIVE_FIELDS = ("number", "kind", "issuer", "signed_on", "effective_on", "title", "summary", "supersedes")


# ---- The registry -----------------------------------------------------------------------------


def _check_directive(directive: Directive) -> None:
    number = (directive.number or "").strip()
    if not number:
        raise ValidationError({"number": _("Enter the document's number.")})
    directive.number = number
    if number_taken(issuer=directive.issuer, year=directive.signed_on.year, number=number, exclude_pk=directive.pk):
        raise ValidationError({"number": _("This issuer already has a document with this number in this year.")})
    if directive.effective_on and directive.effective_on < directive.signed_on:
        raise ValidationError({"effective_on": _("A document cannot take effect before it is signed.")})
    if directive.supersedes_id and directive.supersedes_id == directive.pk:
        raise ValidationError({"supersedes": _("A document cannot replace itself.")})


def directive_create(*, user: AnyUser, file: Any = None, **fields: Any) -> Directive:
    """Add a document to the registry (administrators). ``fields``: :data:`DIRECTIVE_FIELDS`."""
    admin = require_admin(user)
    directive = Directive(created_by=admin, **{k: v for k, v in fields.items() if k in DIRECTIVE_FIELDS})
    if file:
        check_pdf(file)
        directive.file = file
    with transaction.atomic():
        _check_directive(directive)
        directive.save()
    return directive


def directive_update(*, directive: Directive, user: AnyUser, file: Any = None, **fields: Any) -> Directive:
    """Change a document of the registry (administrators); a task's due date may not then precede it."""
    require_admin(user)
    for name, value in fields.items():
        if name in DIRECTIVE_FIELDS:
            setattr(directive, name, value)
    if file:
        check_pdf(file)
        directive.file = file
    with transaction.atomic():
        _check_directive(directive)
        if directive.tasks.filter(due_on__lt=directive.signed_on).exists():
            raise ValidationError({"signed_on": _("A task of this document is due before this date.")})
        directive.save()
    return directive


# ---- Tasks and their assignments ----------------------------------------------------------------


def occurrences(task: DirectiveTask, *, until: datetime.date) -> list[datetime.date]:
    """The task's due dates up to ``until`` (and up to ``repeat_until``): one for a task done once,
    every day from the first for a daily task, every chosen weekday for a weekly one."""
    if task.repeat == Repeat.NONE:
        return [task.due_on]
    end = min(until, task.repeat_until) if task.repeat_until else until
    days = []
    day = task.due_on
    if task.repeat == Repeat.WEEKLY and task.weekday is not None:
        day += datetime.timedelta(days=(task.weekday - day.weekday()) % 7)
    step = datetime.timedelta(days=7 if task.repeat == Repeat.WEEKLY else 1)
    while day <= end:
        days.append(day)
        day += step
    return days


def task_wards(task: DirectiveTask) -> list[int]:
    """Ids of the wards the task is given to (every ward active on its first due date, or the chosen ones)."""
    if task.all_wards:
        active = Q(active_until__isnull=True) | Q(active_until__gte=task.due_on)
        return list(Ward.objects.filter(active).values_list("pk", flat=True))
    return list(task.wards.values_list("pk", flat=True))


def assignments_generate(*, task: DirectiveTask, today: datetime.date | None = None) -> int:
    """Create the assignments of ``task`` that do not exist yet, up to today + :data:`HORIZON_DAYS`:
    one per ward and occurrence. Safe to run again (the unique constraint keys them)."""
    today = today or timezone.localdate()
    days = occurrences(task, until=today + datetime.timedelta(days=HORIZON_DAYS))
    ward_ids = task_wards(task)
    if not days or not ward_ids:
        return 0
    existing = set(Assignment.objects.filter(task=task, due_on__in=days).values_list("ward_id", "due_on"))
    new = [
        Assignment(task=task, ward_id=ward_id, due_on=day)
        for day in days
        for ward_id in ward_ids
        if (ward_id, day) not in existing
    ]
    audited_bulk_create(Assignment, new)
    return len(new)


def task_create(
    *,
    user: AnyUser,
    directive: Directive,
    title: str,
    due_on: datetime.date,
    repeat: str = Repeat.NONE,
    weekday: int | None = None,
    repeat_until: datetime.date | None = None,
    all_wards: bool = True,
    wards: Iterable[Ward] = (),
    number_label: str = "",
    details: str = "",
    today: datetime.date | None = None,
) -> DirectiveTask:
    """Give wards a task of ``directive`` (administrators) and create its assignments."""
    require_admin(user)
    wards = list(wards)
    if due_on < directive.signed_on:
        raise ValidationError({"due_on": _("The due date cannot be before the document was signed.")})
    if repeat == Repeat.WEEKLY and weekday is None:
        raise ValidationError({"weekday": _("A weekly task needs a weekday.")})
    if repeat_until and repeat_until < due_on:
        raise ValidationError({"repeat_until": _("The repeat cannot end before its first occurrence.")})
    if not all_wards and not wards:
        raise ValidationError({"wards": _("Choose the wards, or give the task to all wards.")})
    with transaction.atomic():
        task = DirectiveTask.objects.create(
            directive=directive, title=title, details=details, due_on=due_on, repeat=repeat,
            weekday=weekday if repeat == Repeat.WEEKLY else None, repeat_until=repeat_until if repeat != Repeat.NONE else None,
            all_wards=all_wards, number_label=number_label,
        )  # fmt: skip
        if not all_wards:
            task.wards.set(wards)
        assignments_generate(task=task, today=today)
    return task


def assignments_generate_due(*, today: datetime.date | None = None) -> int:
    """The daily top-up of repeating tasks' occurrences (the beat's directives task); a task that
    ended in the last :data:`CATCH_UP_DAYS` days still gets the occurrences a stopped worker missed."""
    today = today or timezone.localdate()
    created = 0
    repeating = DirectiveTask.objects.exclude(repeat=Repeat.NONE).filter(
        Q(repeat_until__isnull=True) | Q(repeat_until__gte=today - datetime.timedelta(days=CATCH_UP_DAYS))
    )
    for task in repeating.select_related("directive"):
        with transaction.atomic():
            created += assignments_generate(task=task, today=today)
    return created


# ---- Replies and reviews ----------------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().select_related("task").get(pk=assignment.pk)


def assignment_reply(
    *,
    assignment: Assignment,
    user: AnyUser,
    reply: str,
    done_on: datetime.date | None = None,
    number: int | None = None,
    files: Sequence[Any] = (),
) -> Assignment:
    """The ward's reply: what was done, when, the figure the task asks for, and evidence (photos or PDFs).

    Only the ward's officers (and administrators) reply, while the assignment is new or returned.
    """
    if not is_active_user(user):
        raise PermissionDenied(_("Only the ward's own officers may reply."))
    files = list(files)
    types = check_evidence(files)
    today = timezone.localdate()
    with transaction.atomic():
        current = _locked(assignment)
        if not can_change_ward(user, current.ward_id):
            raise PermissionDenied(_("Only the ward's own officers may reply."))
        if not can_reply_assignment(user, current):
            raise ValidationError({"reply": _("This assignment has been replied to and awaits review.")})
        errors: dict[str, str] = {}
        if not (reply or "").strip():
            errors["reply"] = _("Say what was done.")
        done_on = done_on or today
        if done_on > today:
            errors["done_on"] = _("The date done cannot be in the future.")
        if current.task.asks_number and number is None:
            errors["number"] = _("Enter the figure the task asks for.")
        if number is not None and number < 0:
            errors["number"] = _("Enter a whole number, 0 or more.")
        if errors:
            raise ValidationError(errors)
        current.reply = reply.strip()
        current.done_on = done_on
        current.number = number
        current.replied_at = timezone.now()
        current.replied_by = user
        current.status = AssignmentStatus.REPLIED
        current.version += 1
        current.save()
        for uploaded, kind in zip(files, types, strict=True):
            Evidence.objects.create(
                assignment=current, file=uploaded, content_type=kind, size=int(uploaded.size), uploaded_by=user
            )
    return current


def _review(assignment: Assignment, user: AnyUser, status: str, comment: str) -> Assignment:
    if not can_review_assignments(user):
        raise PermissionDenied(_("Only the district steering committee reviews replies."))
    with transaction.atomic():
        current = _locked(assignment)
        if current.status == AssignmentStatus.ACCEPTED:
            raise ValidationError({"status": _("This reply has already been accepted.")})
        if current.status != AssignmentStatus.REPLIED:
            raise ValidationError({"status": _("There is no reply awaiting review.")})
        current.status = status
        current.review_comment = comment.strip()
        current.reviewed_at = timezone.now()
        current.reviewed_by = user  # type: ignore[assignment]
        current.version += 1
        current.save()
    return current


def assignment_accept(*, assignment: Assignment, user: AnyUser, comment: str = "") -> Assignment:
    """The committee accepts the ward's reply: the assignment is done."""
    return _review(assignment, user, AssignmentStatus.ACCEPTED, comment or "")


def assignment_return(*, assignment: Assignment, user: AnyUser, comment: str) -> Assignment:
    """The committee sends the reply back with a comment: the ward replies again."""
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what is missing.")})
    return _review(assignment, user, AssignmentStatus.RETURNED, comment)


# ---- Reminders --------------------------------------------------------------------------------


def ward_recipients(ward_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active officers of each ward, who are reminded of their ward's assignments."""
    found: dict[int, list[User]] = {}
    for user in User.objects.filter(role=Role.WARD_OFFICER, ward_id__in=list(ward_ids), is_active=True):
        found.setdefault(user.ward_id or 0, []).append(user)
    return found


def overdue_recipients(ward_ids: Iterable[int]) -> list[tuple[User, set[int] | None]]:
    """Who receives the daily list of overdue assignments of ``ward_ids``, each with the wards whose
    assignments their list holds (None: every ward): the steering committee, and the leader in
    charge of each of those wards who has a portal account (issue 15 #3), for their wards only."""
    found: list[tuple[User, set[int] | None]] = [
        (user, None) for user in User.objects.filter(role=Role.COMMITTEE, is_active=True).order_by("pk")
    ]
    led: dict[User, set[int]] = {}
    for leader in current_leaders(ward_ids).filter(user__is_active=True, user__role=Role.LEADER).select_related("user"):
        if leader.user is not None:
            led.setdefault(leader.user, set()).add(leader.ward_id)
    found += sorted(led.items(), key=lambda item: item[0].pk)
    return found


def reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind each ward of what is due tomorrow; list the overdue assignments to the committee and
    to the leaders in charge of the wards concerned (their wards' only).

    Once: each reminder has a key (the assignment for "due tomorrow", the day for the overdue list)
    that is never sent twice to the same person, so running this again the same day sends nothing.
    """
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    sent: list[Reminder] = []
    with transaction.atomic():
        due = list(Assignment.objects.filter(due_on=tomorrow, status__in=WARD_TO_ACT).order_by("pk"))
        officers = ward_recipients({a.ward_id for a in due})
        for assignment in due:
            for officer in officers.get(assignment.ward_id, []):
                reminder, created = Reminder.objects.get_or_create(
                    recipient=officer, key=f"due:{assignment.pk}",
                    defaults={"kind": ReminderKind.DUE_TOMORROW, "day": today},
                )  # fmt: skip
                if created:
                    reminder.assignments.add(assignment)
                    sent.append(reminder)
        overdue = list(Assignment.objects.filter(due_on__lt=today, status__in=WARD_TO_ACT).order_by("pk"))
        if overdue:
            for person, wards in overdue_recipients({a.ward_id for a in overdue}):
                theirs = overdue if wards is None else [a for a in overdue if a.ward_id in wards]
                reminder, created = Reminder.objects.get_or_create(
                    recipient=person, key=f"overdue:{today.isoformat()}",
                    defaults={"kind": ReminderKind.OVERDUE_LIST, "day": today},
                )  # fmt: skip
                if created:
                    reminder.assignments.add(*theirs)
                    sent.append(reminder)
        if sent:
            reminders_sent(reminders=sent)
    return {
        "due_tomorrow": sum(r.kind == ReminderKind.DUE_TOMORROW for r in sent),
        "overdue_lists": sum(r.kind == ReminderKind.OVERDUE_LIST for r in sent),
    }
