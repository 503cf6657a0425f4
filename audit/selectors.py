"""Reads of the audit trail: the entries, one object's history, and changes made readable."""

from __future__ import annotations

import contextlib
import datetime
import decimal
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.filters import ACTION_CHOICES
from audit.registration import model_key, tracked_models
from core.formatting import format_number, separators_for

# Related models whose names are read in one query per page (their __str__ needs no other row).
NAMED_MODELS = ("wards.user", "wards.ward", "wards.district", "reports.indicator", "supplies.supplyitem")
# A report value's stored name (its __str__ when logged): ``masks_given=500.00``.
VALUE_REPR = re.compile(r"^(?P<code>[a-z][a-z0-9_-]*)=(?P<value>-?\d+(?:\.\d+)?|None)$")


def entries() -> QuerySet[LogEntry]:
    """Every entry of the audit trail, newest first (reads are not logged: no ACCESS rows)."""
    rows: QuerySet[LogEntry] = (
        LogEntry.objects.exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return rows


def object_entries(content_type: ContentType, object_pk: str) -> QuerySet:
    """One object's history: its own entries and those of its parts (a report's values)."""
    key = f"{content_type.app_label}.{content_type.model}:{object_pk}"
    return entries().filter(Q(content_type=content_type, object_pk=object_pk) | Q(additional_data__parent=key))


def tracked_content_type(app_label: str, model: str) -> ContentType | None:
    """The content type of an audited model, or None when the model is not audited."""
    cls = tracked_models().get(f"{app_label}.{model}")
    return ContentType.objects.get_for_model(cls) if cls is not None else None


@dataclass
class Change:
    field: str
    old: str
    new: str
    objects: list[str] | None = None  # many-to-many: the objects added or removed
    operation: str = ""

    @property
    def is_addition(self) -> bool:
        """A many-to-many change that added ``objects`` (else it removed them)."""
        return self.operation == "add"


def _text(value: Any) -> str:
    if value in (None, "None", ""):
        return "—"
    if value == "True":
        return _("Yes")
    if value == "False":
        return _("No")
    return str(value)


def _local_time(value: Any) -> Any:
    """auditlog stores times as naive UTC text; show them in the portal's time zone."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M:%S")


def _related_text(value: Any, known: dict[str, str]) -> Any:
    """A foreign key's stored id as the related object's name when known, else ``#id``."""
    if value in (None, "None", ""):
        return value
    return known.get(str(value), f"#{value}")


def _number(value: Any) -> Any:
    """A stored figure ("500.00") grouped the active language's way ("500", "1.234,5"); other text as is."""
    try:
        figure = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return value
    if not figure.is_finite():
        return value
    return format_number(figure, separators=separators_for(get_language()))


def _name(obj: Model) -> str:
    """How a related object is named in a change: an indicator by its name alone (not its code)."""
    if model_key(type(obj)) == "reports.indicator":
        return str(obj.name)  # type: ignore[attr-defined]
    return str(obj)


def _indicator_names(page: list[LogEntry]) -> dict[str, str]:
    """Code → name of the indicators named by the report values of ``page`` (one query, if any)."""
    codes = set()
    for entry in page:
        match = VALUE_REPR.match(entry.object_repr or "")
        if match and model_key(entry.content_type.model_class()) == "reports.reportvalue":
            codes.add(match["code"])
    if not codes:
        return {}
    indicator = apps.get_model("reports", "Indicator")
    return {i.code: str(i.name) for i in indicator._default_manager.filter(code__in=codes)}


def _display_repr(entry: LogEntry, names: dict[str, str]) -> str:
    """The object's name for people: a report value as "Indicator name: 500", not ``masks_given=500.00``."""
    match = VALUE_REPR.match(entry.object_repr or "")
    if match is None or match["code"] not in names:
        return str(entry.object_repr)
    value = "—" if match["value"] == "None" else _number(match["value"])
    return f"{names[match['code']]}: {value}"


def _field(model: type[Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def readable_changes(page: list[LogEntry]) -> None:
    """Attach ``entry.readable`` (a list of :class:`Change`), ``entry.action_label`` and
    ``entry.model_label`` to each entry of ``page``.

    Field names become their translated verbose names, choices their labels, and foreign keys
    to users, wards, indicators and items their names: one query per such model for the whole
    page, whatever its length. Other foreign keys show as ``#id``.
    """
    wanted: dict[Any, set] = defaultdict(set)
    for entry in page:
        model = entry.content_type.model_class()
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            if field is None or not (field.many_to_one or field.one_to_one) or not isinstance(values, list):
                continue
            if model_key(field.related_model) in NAMED_MODELS:
                wanted[field.related_model].update(v for v in values if v not in (None, "None", ""))
    names: dict[Any, dict[str, str]] = {}
    for related, pks in wanted.items():
        clean = []
        for pk in pks:
            with contextlib.suppress(ValidationError):  # a legacy or odd value is shown as stored
                clean.append(related._meta.pk.to_python(pk))
        names[related] = {str(pk): _name(obj) for pk, obj in related._default_manager.in_bulk(clean).items()}
    indicator_names = _indicator_names(page)

    actions = dict(ACTION_CHOICES)
    for entry in page:
        model = entry.content_type.model_class()
        entry.action_label = actions.get(entry.action, entry.get_action_display())
        entry.model_label = model._meta.verbose_name if model is not None else entry.content_type.model
        entry.display_repr = _display_repr(entry, indicator_names)
        readable = []
        for name, values in (entry.changes or {}).items():
            field = _field(model, name)
            label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
            if isinstance(values, dict) and values.get("type") == "m2m":
                readable.append(
                    Change(
                        field=label,
                        old="",
                        new="",
                        objects=[str(o) for o in values.get("objects", [])],
                        operation=values.get("operation", ""),
                    )
                )
                continue
            if not isinstance(values, list) or len(values) != 2:
                readable.append(Change(field=label, old="", new=str(values)))
                continue
            old, new = values
            if field is not None and getattr(field, "choices", None):
                labels = {str(k): str(v) for k, v in field.flatchoices}
                old, new = labels.get(str(old), old), labels.get(str(new), new)
            elif field is not None and (field.many_to_one or field.one_to_one):
                known = names.get(field.related_model, {})
                old, new = _related_text(old, known), _related_text(new, known)
            elif isinstance(field, models.DateTimeField):
                old, new = _local_time(old), _local_time(new)
            elif isinstance(field, models.DecimalField | models.IntegerField | models.FloatField):
                old, new = _number(old), _number(new)
            readable.append(Change(field=label, old=_text(old), new=_text(new)))
        entry.readable = readable
