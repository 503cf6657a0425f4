"""Inspection settings: the risk intervals per category and the checklist items."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from inspections.choices import Category
from inspections.models import ChecklistItem, RiskInterval
from inspections.selectors import MAX_CHECKLIST_ORDER
from wards.access import require_admin
from wards.models import User

# The longest interval between two inspections of a category, in days.
MAX_INTERVAL_DAYS = 365
# Checklist codes: lower-case letters, digits, "_" and "-" (they key the answers in the API).
CHECKLIST_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CHECKLIST_CODE_MAX = 50
CHECKLIST_TEXT_MAX = 255


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@transaction.atomic
def risk_interval_set(*, user: User, category: str, interval_days: int, after_violation_days: int) -> RiskInterval:
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


def _clean_checklist_values(*, text: Any, categories: Any, order: Any, active: Any, errors: dict) -> dict:
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


def _new_code_problem(code: str) -> str | None:
    """Why ``code`` cannot name a new item, or None."""
    if not code:
        return _("Give the item a code.")
    if len(code) > CHECKLIST_CODE_MAX or not CHECKLIST_CODE_RE.match(code):
        return _(
            "A code is at most %(max)s lower-case letters, digits, hyphens and underscores, e.g. hand_washing."
        ) % {"max": CHECKLIST_CODE_MAX}
    if ChecklistItem.objects.filter(code=code).exists():
        return _("An item already has the code %(code)s.") % {"code": code}
    return None


@transaction.atomic
def checklist_item_create(
    *, user: User, code: str, text: str, categories: Sequence[str], order: int, active: bool = True
) -> ChecklistItem:
    """Administrators add a checklist question. ``categories`` are category codes (empty: every
    category). The code names the item's answers for good, so it cannot be changed later."""
    require_admin(user)
    errors: dict[str, str] = {}
    code = str(code or "").strip()
    problem = _new_code_problem(code)
    if problem:
        errors["code"] = problem
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
    user: User,
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
