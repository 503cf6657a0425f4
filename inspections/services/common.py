"""Small helpers shared by the inspections services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format


def short_date(day: datetime.date) -> str:
    """A date as messages show it (the active language's short format)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def full_clean(obj: models.Model) -> None:
    """Model validation (fields, choices, constraints) with translated, field-keyed messages."""
    obj.full_clean()


class FieldErrors(dict[str, list[str]]):
    """Messages collected by field name, raised together as one ``ValidationError``."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))
