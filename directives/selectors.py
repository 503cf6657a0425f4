"""Reads of the directives app, scoped with ``wards.access`` and aggregated in the database."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from core.collation import ViCollate
from directives.choices import OPEN_STATUSES, WARD_TO_ACT, AssignmentState, AssignmentStatus, ReminderKind, Repeat
from directives.models import STATE_COLORS, Assignment, Directive, DirectiveTask, Evidence, Reminder
from wards.access import is_active_user, scope_to_user
from wards.models import Ward
from wards.types import AnyUser


def directives_for_user(user: AnyUser) -> QuerySet[Directive]:
    """The registry: every signed-in user reads the district's documents (they are not a ward's)."""
    if not is_active_user(user):
        return Directive.objects.none()
    return Directive.objects.select_related("supersedes").order_by("-signed_on", "-pk")


def number_taken(*, issuer: str, year: int, number: str, exclude_pk: int | None = None) -> bool:
    """Does ``issuer`` already have a document numbered ``number`` (any case) signed in ``year``?"""
    clash = Directive.objects.filter(issuer=issuer, year=year, number__iexact=number.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    return clash.exists()


def tasks_for_user(user: AnyUser) -> QuerySet[DirectiveTask]:
    if not is_active_user(user):
        return DirectiveTask.objects.none()
    return DirectiveTask.objects.select_related("directive").prefetch_related("wards").order_by("directive", "pk")


def assignments_for_user(user: AnyUser) -> QuerySet[Assignment]:
    """Assignments the user may see: an officer their ward's, the committee and administrators all."""
    qs = Assignment.objects.select_related("task__directive", "ward").order_by("due_on", "pk")
    return scope_to_user(qs, user, "ward")


def open_assignments(user: AnyUser) -> QuerySet[Assignment]:
    """Not accepted yet, soonest due first (the officer's inbox)."""
    return assignments_for_user(user).filter(status__in=OPEN_STATUSES)


def overdue_assignments(user: AnyUser, *, today: datetime.date) -> QuerySet[Assignment]:
    """Past their due date and still the ward's to do (new, or returned), oldest first."""
    return assignments_for_user(user).filter(status__in=WARD_TO_ACT, due_on__lt=today)


def evidence_for_user(user: AnyUser) -> QuerySet[Evidence]:
    return scope_to_user(Evidence.objects.select_related("assignment"), user, "assignment__ward")


def reminders_for(user: AnyUser, *, limit: int = 5) -> list[Reminder]:
    """The user's latest reminders (shown above the inbox and the overdue list)."""
    if not is_active_user(user):
        return []
    return list(
        Reminder.objects.filter(recipient=user)
        .annotate(count=Count("assignments"))
        .order_by("-created_at", "-pk")[:limit]
    )


def _cell_state(counts: Any) -> str:
    if counts["total"] and counts["done"] == counts["total"]:
        return AssignmentState.DONE
    if counts["overdue"]:
        return AssignmentState.OVERDUE
    if counts["started"]:
        return AssignmentState.IN_PROGRESS
    return AssignmentState.NOT_STARTED


def directive_matrix(*, directive: Directive, user: AnyUser, today: datetime.date) -> dict[str, Any]:
    """The ward × task state matrix of ``directive`` (an officer sees their ward's row only).

    One aggregate query: per ward and task, how many occurrences, done, overdue and started; a
    cell counts a repeating task's occurrences due up to today; its state is done when every one is, overdue when any is, in progress when any was
    replied to, not started otherwise.
    """
    tasks = list(directive.tasks.order_by("pk"))
    rows = (
        assignments_for_user(user)
        .filter(Q(due_on__lte=today) | Q(task__repeat=Repeat.NONE), task__directive=directive)
        .order_by()
        .values("ward_id", "task_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)),
            overdue=Count("pk", filter=Q(status__in=WARD_TO_ACT, due_on__lt=today)),
            started=Count("pk", filter=Q(status__in=[AssignmentStatus.REPLIED, AssignmentStatus.RETURNED])),
        )
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        state = _cell_state(row)
        cells[(row["ward_id"], row["task_id"])] = {
            **row, "state": state, "label": AssignmentState(state).label, "color": STATE_COLORS[state],
        }  # fmt: skip
    ward_ids = {ward_id for ward_id, _task in cells}
    wards = list(Ward.objects.filter(pk__in=ward_ids).order_by(ViCollate("name"), "pk"))
    return {
        "tasks": tasks,
        "rows": [{"ward": ward, "cells": [cells.get((ward.pk, t.pk)) for t in tasks]} for ward in wards],
    }


def period_figures(
    *, start: datetime.date, end: datetime.date, today: datetime.date, ward_id: int | None = None
) -> dict[str, Any]:
    """For the district summary: documents signed from ``start`` to ``end``, and per ward (Vietnamese
    order) the assignments due in those days: how many, done (accepted) and overdue on ``today``.
    Two queries; ``ward_id`` limits the wards to one."""
    qs = Assignment.objects.filter(due_on__range=(start, end))
    if ward_id is not None:
        qs = qs.filter(ward_id=ward_id)
    wards = list(
        qs.order_by()
        .values("ward_id", "ward__name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=AssignmentStatus.ACCEPTED)),
            overdue=Count("pk", filter=Q(status__in=WARD_TO_ACT, due_on__lt=today)),
        )
        .order_by(ViCollate("ward__name"), "ward_id")
    )
    return {
        "documents": documents_issued(start=start, end=end),
        "wards": [
            {"name": w["ward__name"], "total": w["total"], "done": w["done"], "overdue": w["overdue"]} for w in wards
        ],
        "total": sum(w["total"] for w in wards),
        "done": sum(w["done"] for w in wards),
        "overdue": sum(w["overdue"] for w in wards),
    }


def documents_issued(*, start: datetime.date, end: datetime.date) -> int:
    """How many documents of the registry were signed from ``start`` to ``end``."""
    return Directive.objects.filter(signed_on__range=(start, end)).count()


def ward_assignment_tasks(*, user: AnyUser, ward_id: int, today: datetime.date, limit: int = 5) -> dict[str, Any]:
    """The officer's home page block: the ward's open assignments, soonest first (two queries)."""
    qs = open_assignments(user).filter(ward_id=ward_id)
    counts = qs.order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(status__in=WARD_TO_ACT, due_on__lt=today)),
        to_reply=Count("pk", filter=Q(status__in=WARD_TO_ACT)),
    )
    return {"items": list(qs[:limit]), **counts}


def reminder_messages(reminders: list[Reminder]) -> list[dict[str, Any]]:
    """What each reminder says, for a room that delivers messages (``directives.hooks.reminders_sent``):
    ``{"recipient", "kind"}`` (``due_tomorrow`` or ``overdue_list``), ``key`` (the reminder's own,
    never sent twice), ``link`` (the inbox or the overdue list) and the message's ``params``. One query."""
    rows = Reminder.objects.filter(pk__in=[r.pk for r in reminders]).select_related("recipient")
    rows = rows.prefetch_related("assignments__task", "assignments__ward").order_by("pk")
    messages = []
    for reminder in rows:
        assignments = sorted(reminder.assignments.all(), key=lambda a: (a.due_on, a.pk))
        params: dict[str, Any]
        if reminder.kind == ReminderKind.DUE_TOMORROW:
            first = assignments[0] if assignments else None
            params = {
                "task": first.task.title if first else "",
                "ward": first.ward.name if first else "",
                "due": f"{first.due_on:%d/%m/%Y}" if first else "",
            }
            link = reverse("directives:assignment", args=[first.pk]) if first else reverse("directives:inbox")
        else:
            wards = sorted({a.ward.name for a in assignments})
            params = {"count": len(assignments), "wards": ", ".join(wards)}
            link = reverse("directives:overdue")
        messages.append(
            {
                "recipient": reminder.recipient,
                "kind": reminder.kind,
                "key": reminder.key,
                "link": link,
                "params": params,
            }
        )
    return messages
