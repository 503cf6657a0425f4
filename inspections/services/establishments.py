"""Establishments: administrators add and change them; ward officers suggest updates."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.choices import EstablishmentStatus, SuggestionStatus
from inspections.models import Establishment, EstablishmentUpdateSuggestion
from inspections.services.common import full_clean
from wards.access import can_suggest_update, is_officer, require_admin
from wards.models import User

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


def check_establishment_open(establishment: Establishment, field: str = "establishment") -> None:
    """Closed establishments are neither scheduled nor inspected."""
    if establishment.status == EstablishmentStatus.CLOSED:
        raise ValidationError(
            {field: _("%(name)s is closed; closed establishments are not inspected.") % {"name": establishment.name}}
        )


def _apply(establishment: Establishment, data: Mapping) -> Establishment:
    for field in ESTABLISHMENT_FIELDS:
        if field in data:
            setattr(establishment, field, data[field])
    full_clean(establishment)
    establishment.save()
    return establishment


@transaction.atomic
def establishment_create(*, user: User, data: Mapping) -> Establishment:
    """Administrators add an establishment (``data`` holds model field values, ward as a Ward)."""
    require_admin(user)
    return _apply(Establishment(registered_on=timezone.localdate()), data)


@transaction.atomic
def establishment_update(*, user: User, establishment: Establishment, data: Mapping) -> Establishment:
    """Administrators change an establishment (status included, e.g. lifting a closure)."""
    require_admin(user)
    return _apply(Establishment.objects.select_for_update().get(pk=establishment.pk), data)


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
    full_clean(copy)
    return clean


@transaction.atomic
def suggestion_create(
    *, user: User, establishment: Establishment, changes: Mapping, note: str = ""
) -> EstablishmentUpdateSuggestion:
    """A ward officer proposes changes to an establishment of their own ward."""
    if not is_officer(user):
        raise PermissionDenied(_("Only ward officers suggest updates; administrators edit directly."))
    if not can_suggest_update(user, establishment):
        raise PermissionDenied(_("The establishment is not in your ward."))
    clean = _suggestion_changes(establishment, changes)
    return EstablishmentUpdateSuggestion.objects.create(
        establishment=establishment, suggested_by=user, changes=clean, note=note
    )


def _decide(
    *, user: User, suggestion: EstablishmentUpdateSuggestion, status: str, note: str
) -> EstablishmentUpdateSuggestion:
    require_admin(user)
    s = EstablishmentUpdateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if s.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion was already decided."))
    s.status, s.decided_by, s.decided_at, s.decision_note = status, user, timezone.now(), note
    s.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    return s


@transaction.atomic
def suggestion_accept(
    *, user: User, suggestion: EstablishmentUpdateSuggestion, note: str = ""
) -> EstablishmentUpdateSuggestion:
    """Apply a pending suggestion to its establishment (validated again as it is now)."""
    s = _decide(user=user, suggestion=suggestion, status=SuggestionStatus.ACCEPTED, note=note)
    est = Establishment.objects.select_for_update().get(pk=s.establishment_id)
    for field, value in s.changes.items():
        if field in EstablishmentUpdateSuggestion.FIELDS:
            setattr(est, field, value)
    full_clean(est)
    est.save()
    return s


@transaction.atomic
def suggestion_reject(
    *, user: User, suggestion: EstablishmentUpdateSuggestion, note: str = ""
) -> EstablishmentUpdateSuggestion:
    """Reject a pending suggestion; the establishment stays as it is."""
    return _decide(user=user, suggestion=suggestion, status=SuggestionStatus.REJECTED, note=note)
