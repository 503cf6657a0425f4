"""Disinfection rounds: administrators create a round over categories of the registry and kinds
of other sites; ward officers (their ward) and the round's team mark each site done.

Every write is audited (the models are registered in audit/registration.py; the round's sites
are created with ``audit.bulk``, one entry per row).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.bulk import audited_bulk_create
from inspections.choices import DISINFECTION_TARGET_VALUES, Category, EstablishmentStatus, SiteKind, target_label
from inspections.models import DisinfectionRound, DisinfectionSite, DisinfectionTarget, Establishment
from inspections.services.common import FieldErrors, full_clean, short_date
from wards.access import can_mark_disinfection, require_admin
from wards.types import AnyUser

ROUND_FIELDS = ("title", "scope", "start", "end", "categories", "directive_reference", "team")
MARK_FIELDS = ("done_on", "done_by", "product", "quantity", "unit")
# The largest quantity one site may record (litres or kilograms): beyond it, a typing slip.
MAX_QUANTITY = Decimal(10000)


@transaction.atomic
def round_create(*, user: AnyUser, data: Mapping[str, Any]) -> DisinfectionRound:
    """Administrators create a round (keys of ROUND_FIELDS); it lists at once every establishment
    of the chosen categories that is not closed for good and every active site of the chosen
    kinds, in the whole district."""
    admin = require_admin(user)
    errors = FieldErrors()
    categories = _checked_categories(data.get("categories"), errors)
    _check_days(data.get("start"), data.get("end"), errors)
    errors.raise_if_any()
    round_ = DisinfectionRound(created_by=admin, categories=categories)
    for name in ROUND_FIELDS:
        if name in data and name != "categories":
            setattr(round_, name, data[name])
    full_clean(round_)
    round_.save()
    _add_targets(round_)
    return round_


@transaction.atomic
def round_update(*, user: AnyUser, round_: DisinfectionRound, data: Mapping[str, Any]) -> DisinfectionRound:
    """Administrators correct a round (keys of ROUND_FIELDS; those absent stay as they are).

    The days may move only so that every site already marked done stays within them. A category
    added lists its sites at once; a category removed takes its sites still to do off the round,
    and cannot be removed once one of its sites was marked done. Nothing changes on an error.
    """
    require_admin(user)
    locked = DisinfectionRound.objects.select_for_update().get(pk=round_.pk)
    errors = FieldErrors()
    categories = _checked_categories(data.get("categories", locked.categories), errors)
    removed = [c for c in locked.categories if c not in categories]
    targets = DisinfectionTarget.objects.filter(round=locked)
    kept_done = targets.filter(category__in=removed, done_on__isnull=False).values_list("category", flat=True)
    for category in sorted(set(kept_done)):
        errors.add(
            "categories",
            _("Sites of %(category)s were already marked done: the round keeps this category.")
            % {"category": target_label(category)},
        )
    start, end = data.get("start", locked.start), data.get("end", locked.end)
    if _check_days(start, end, errors):
        done = targets.filter(done_on__isnull=False).aggregate(first=Min("done_on"), last=Max("done_on"))
        first, last = done["first"], done["last"]
        if first is not None and first < start:
            errors.add(
                "start",
                _("A site was marked done on %(date)s: the round cannot start after it.") % {"date": short_date(first)},
            )
        if last is not None and last > end:
            errors.add(
                "end",
                _("A site was marked done on %(date)s: the round cannot end before it.") % {"date": short_date(last)},
            )
    errors.raise_if_any()
    for name in ROUND_FIELDS:
        if name in data and name != "categories":
            setattr(locked, name, data[name])
    locked.categories = categories
    full_clean(locked)
    locked.save()
    for target in targets.filter(category__in=removed, done_on__isnull=True):
        target.delete()  # one audit entry each
    _add_targets(locked)
    return locked


def _checked_categories(given: Any, errors: FieldErrors) -> list[str]:
    """The round's categories without repeats; errors when there are none or one is unknown."""
    categories = list(dict.fromkeys(given or []))
    if not categories:
        errors.add("categories", _("Choose at least one category."))
    unknown = [c for c in categories if c not in DISINFECTION_TARGET_VALUES]
    if unknown:
        errors.add("categories", _("Unknown category: %(value)s.") % {"value": ", ".join(map(str, unknown))})
    return categories


def _check_days(start: datetime.date | None, end: datetime.date | None, errors: FieldErrors) -> bool:
    """Whether both days are given in order (an error on ``end`` when reversed)."""
    if start and end and end < start:
        errors.add("end", _("The last day must not be before the first day."))
        return False
    return bool(start and end)


@transaction.atomic
def round_targets_refresh(*, user: AnyUser, round_: DisinfectionRound) -> int:
    """Administrators add to a round the establishments and sites registered since it was
    created (a new ward's, a new market); sites already listed stay as they are. Returns how
    many were added."""
    require_admin(user)
    locked = DisinfectionRound.objects.select_for_update().get(pk=round_.pk)
    return len(_add_targets(locked))


def _add_targets(round_: DisinfectionRound) -> list[DisinfectionTarget]:
    """List the round's missing sites (one insert, one audit insert)."""
    categories = [c for c in round_.categories if c in Category.values]
    kinds = [c for c in round_.categories if c in SiteKind.values]
    listed = DisinfectionTarget.objects.filter(round=round_)
    establishments = (
        Establishment.objects.filter(category__in=categories)
        .exclude(status=EstablishmentStatus.CLOSED)
        .exclude(pk__in=listed.filter(establishment__isnull=False).values("establishment_id"))
        .values_list("pk", "ward_id", "category")
    )
    sites = (
        DisinfectionSite.objects.filter(kind__in=kinds, active=True)
        .exclude(pk__in=listed.filter(site__isnull=False).values("site_id"))
        .values_list("pk", "ward_id", "kind")
    )
    rows = [
        DisinfectionTarget(round=round_, establishment_id=pk, ward_id=ward_id, category=category)
        for pk, ward_id, category in (establishments if categories else [])
    ] + [
        DisinfectionTarget(round=round_, site_id=pk, ward_id=ward_id, category=kind)
        for pk, ward_id, kind in (sites if kinds else [])
    ]
    if rows:
        audited_bulk_create(DisinfectionTarget, rows)
    return rows


@transaction.atomic
def site_create(*, user: AnyUser, data: Mapping[str, Any]) -> DisinfectionSite:
    """Administrators register a site outside the registry (ward, name, address, kind)."""
    require_admin(user)
    site = DisinfectionSite(**{k: data[k] for k in ("ward", "name", "address", "kind", "active") if k in data})
    full_clean(site)
    site.save()
    return site


@transaction.atomic
def target_mark_done(
    *, user: AnyUser, round_: DisinfectionRound, target_id: int, data: Mapping[str, Any]
) -> DisinfectionTarget:
    """Mark a site of ``round_`` done (keys of MARK_FIELDS). A ward officer marks their own
    ward's sites, the round's team any; the day lies within the round and not in the future;
    a site is marked once. Raises ``ValidationError`` (nothing changes) or ``PermissionDenied``."""
    # Locked so two markings of one site wait for each other (the second sees it done). Only the
    # site's row: the establishment and the other site are outer joins PostgreSQL will not lock.
    target = (
        DisinfectionTarget.objects.select_for_update(of=("self",))
        .select_related("round", "establishment", "site")
        .filter(pk=target_id)
        .first()
    )
    if target is None or target.round_id != round_.pk:
        raise ValidationError({"site": [_("This site is not in this disinfection round.")]})
    round_ = target.round
    if not can_mark_disinfection(user, target.ward_id, round_.team):
        raise PermissionDenied(_("Only the ward's own officers or the round's team may mark its sites."))
    if target.done_on is not None:
        raise ValidationError(
            {
                "site": [
                    _("%(name)s was already marked done on %(date)s.")
                    % {"name": target.name, "date": short_date(target.done_on)}
                ]
            }
        )
    errors = FieldErrors()
    _check_mark(round_, data, errors)
    errors.raise_if_any()
    target.done_on = data["done_on"]
    target.done_by = data["done_by"].strip()
    target.product = data["product"].strip()
    target.quantity = data["quantity"]
    target.unit = (data.get("unit") or "").strip()
    target.marked_by = user  # type: ignore[assignment]  # checked above: an active user
    target.marked_at = timezone.now()
    target.save()
    return target


def _check_mark(round_: DisinfectionRound, data: Mapping[str, Any], errors: FieldErrors) -> None:
    done_on: datetime.date | None = data.get("done_on")
    if done_on is None:
        errors.add("done_on", _("Enter the day the site was disinfected."))
    elif not round_.start <= done_on <= round_.end:
        errors.add(
            "done_on",
            _("The day must lie within the round, %(start)s to %(end)s.")
            % {"start": short_date(round_.start), "end": short_date(round_.end)},
        )
    elif done_on > timezone.localdate():
        errors.add("done_on", _("The day cannot be in the future."))
    for name, message in (
        ("done_by", _("Enter who disinfected the site.")),
        ("product", _("Enter the product used.")),
    ):
        if not str(data.get(name) or "").strip():
            errors.add(name, message)
    quantity = data.get("quantity")
    if quantity is None:
        errors.add("quantity", _("Enter the quantity used."))
    elif not Decimal(0) < quantity <= MAX_QUANTITY:
        errors.add("quantity", _("The quantity must be above 0 and at most 10,000."))
