"""Form fields for figures and dates typed the Vietnamese way, shared by every page form.

Browsers' ``type=number`` and ``type=date`` inputs follow the phone's locale, not the page's:
Chromium drops the "." of ``1.000`` (one thousand masks become one) and shows an English phone's
dates as mm/dd/yyyy. So the portal's numeric and date inputs are text inputs with a numeric
keypad (``inputmode``), read on the server by ``core.formatting`` (one reader for every form):

- ``LocalIntegerField`` / ``LocalDecimalField``: ``1000``, ``1.000``, ``1 000``, ``12,5`` in
  Vietnamese (the active language's separators); what could be read two ways is refused with a
  message saying how it was read. A value typed is shown again as typed; a value from the server
  is shown grouped (14200 → ``14.200``).
- ``LocalDateField``: ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``ddmmyyyy`` from a digits-only
  keypad, and the ISO ``yyyy-mm-dd`` of links, the API and pasted values), shown ``dd/mm/yyyy``.
- ``LocalDateTimeField``: the same date input and a native time input side by side (see the
  class for why the time keeps the browser's picker).
- ``local_formfield``: a ModelForm's ``formfield_callback`` that gives model fields these classes.

The API keeps JSON numbers and ISO dates: these fields are for the pages.
"""

from __future__ import annotations

import datetime
import decimal
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.formatting import (
    NumberReadError,
    Separators,
    format_date,
    format_number,
    parse_date,
    parse_number,
    separators_for,
)

if TYPE_CHECKING:
    from django.db.models.fields import _ErrorMessagesDict

DATE_PLACEHOLDER = "dd/mm/yyyy"  # the same in both languages: the format, not words

NUMBER_MESSAGES: _ErrorMessagesDict = {
    "invalid": _("Enter a number, such as %(example)s: “%(value)s” is not one."),
    "ambiguous": _(
        "“%(value)s” can be read in more than one way: write thousands with “%(thousands)s” in groups of "
        "three (1%(thousands)s000) and decimals with “%(decimal)s” (12%(decimal)s5)."
    ),
    "not_whole": _("Enter a whole number: “%(value)s” reads as %(read_as)s (“%(decimal)s” marks decimals)."),
    "not_whole_thousands": _(
        "“%(value)s” is not a whole number: “%(decimal)s” marks decimals, so it reads as %(read_as)s. "
        "For thousands, write %(grouped)s."
    ),
}


def _separators() -> Separators:
    """The separators of the page's language (Vietnamese unless the user switched to English)."""
    return separators_for(get_language())


class LocalNumberInput(forms.TextInput):
    """A figure in a text input with a numeric keypad; a number from the server is shown grouped
    in the page's language (14200 → ``14.200``), text the user typed is shown as typed."""

    inputmode = "numeric"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": self.inputmode, "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool):
            places = 2
            if isinstance(value, decimal.Decimal) and value.is_finite():
                places = max(2, -int(value.as_tuple().exponent))
            return format_number(value, separators=_separators(), places=places, empty="")
        formatted: str | None = super().format_value(value)
        return formatted


class LocalDecimalInput(LocalNumberInput):
    """A figure with decimals: the keypad offers the decimal mark."""

    inputmode = "decimal"


class _LocalNumberMixin(forms.Field):
    """Reads the typed text with ``core.formatting.parse_number`` and shows range errors grouped."""

    whole = True
    default_error_messages: ClassVar[_ErrorMessagesDict] = NUMBER_MESSAGES

    def _read(self, value: Any) -> decimal.Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        separators = _separators()
        try:
            return parse_number(value, whole=self.whole, separators=separators)
        except NumberReadError as exc:
            params = {
                "thousands": separators.thousands,
                "decimal": separators.decimal,
                "example": "1" + separators.thousands + "000" if self.whole else "12" + separators.decimal + "5",
                **exc.params,
            }
            raise ValidationError(self.error_messages[exc.code], code=exc.code, params=params) from None

    def run_validators(self, value: Any) -> None:
        try:
            super().run_validators(value)
        except ValidationError as exc:
            # "at most 1000000" → "at most 1.000.000": Django's range messages print the raw limit.
            for error in exc.error_list:
                if error.params and isinstance(error.params.get("limit_value"), int | decimal.Decimal):
                    error.params = {
                        **error.params,
                        "limit_value": format_number(error.params["limit_value"], separators=_separators()),
                    }
            raise


class LocalIntegerField(_LocalNumberMixin, forms.IntegerField):
    """A whole number typed the Vietnamese way (``1.000``, ``1 000``, ``1000``) → int."""

    widget = LocalNumberInput
    whole = True

    def to_python(self, value: Any) -> int | None:
        number = self._read(value)
        return None if number is None else int(number)


class LocalDecimalField(_LocalNumberMixin, forms.DecimalField):
    """A figure with decimals typed the Vietnamese way (``12,5``, ``1.234,5``) → Decimal."""

    widget = LocalDecimalInput
    whole = False

    def to_python(self, value: Any) -> decimal.Decimal | None:  # type: ignore[override]  # the stubs' DecimalField extends IntegerField
        return self._read(value)


class LocalDateInput(forms.TextInput):
    """A date in a text input, ``dd/mm/yyyy`` whatever the phone's language."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"inputmode": "numeric", "placeholder": DATE_PLACEHOLDER, "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_date(value)
        formatted: str | None = super().format_value(value)
        return formatted


class LocalDateField(forms.DateField):
    """A date typed ``dd/mm/yyyy`` (or ``d/m/yyyy``, ``ddmmyyyy``, ISO ``yyyy-mm-dd``) → date."""

    widget = LocalDateInput
    default_error_messages: ClassVar[_ErrorMessagesDict] = {
        "invalid": _("Enter a date as dd/mm/yyyy, such as %(example)s: “%(value)s” is not one."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(value)
        except ValueError:
            example = format_date(timezone.localdate())
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value, "example": example}
            ) from None


class LocalDateTimeWidget(forms.MultiWidget):
    """The date as text (``dd/mm/yyyy``) and the time in the browser's time input, side by side.

    Posts ``<name>_date`` and ``<name>_time``; a single ``<name>`` (``2026-03-17T08:30``, the
    value of the former datetime-local input and of scripts) is read too.
    """

    template_name = "core/widgets/date_time.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "date": LocalDateInput(attrs={"aria-label": _("Date (dd/mm/yyyy)")}),
            "time": forms.TimeInput(attrs={"type": "time", "aria-label": _("Time")}, format="%H:%M"),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return [value.date(), value.time().replace(second=0, microsecond=0)]
        return [None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        suffixes: list[str] = self.widgets_names  # type: ignore[attr-defined]  # set by MultiWidget
        if name in data and not any(name + suffix in data for suffix in suffixes):
            text = str(data.get(name) or "").strip()
            moment = parse_datetime(text)
            if moment is not None:
                return self.decompress(moment)
            date_part, _sep, time_part = text.replace("T", " ", 1).partition(" ")
            return [date_part, time_part.strip()]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class LocalDateTimeField(forms.MultiValueField):
    """A moment: the date typed ``dd/mm/yyyy`` and the time from the browser's time picker.

    Why not one text input ``dd/mm/yyyy HH:MM``: the numeric keypad a phone shows for
    ``inputmode="numeric"`` has no "/", ":" or space on iPhones, and a 16-character string is
    easy to get wrong on a phone. The date alone can be typed as ``ddmmyyyy``; the time keeps the
    native ``type=time`` picker, whose value is always ``HH:MM`` in 24 hours (only its display
    follows the phone), so unlike ``type=date`` it cannot be misread. → an aware datetime in the
    current time zone.
    """

    widget = LocalDateTimeWidget
    default_error_messages: ClassVar[_ErrorMessagesDict] = {
        "invalid_date": _("Enter a date as dd/mm/yyyy."),
        "invalid_time": _("Enter a time as hh:mm, such as 08:30."),
        "incomplete": _("Enter both the date and the time."),
    }

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            LocalDateField(),
            forms.TimeField(
                input_formats=["%H:%M", "%H:%M:%S", "%H.%M", "%Hh%M"],
                error_messages={"invalid": self.default_error_messages["invalid_time"]},
            ),
        )
        kwargs.pop("input_formats", None)
        super().__init__(fields, **kwargs)

    def compress(self, data_list: Any) -> datetime.datetime | None:
        if not data_list or all(v in self.empty_values for v in data_list):
            return None
        day, time = data_list
        if day in self.empty_values or time in self.empty_values:
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        moment = datetime.datetime.combine(day, time)
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def local_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A ModelForm's ``formfield_callback``: model integers, decimals and dates get the local
    fields (choices keep their select)."""
    if not db_field.choices:
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", LocalDateTimeField)
        elif isinstance(db_field, models.DateField):
            kwargs.setdefault("form_class", LocalDateField)
        elif isinstance(db_field, models.DecimalField | models.FloatField):
            kwargs.setdefault("form_class", LocalDecimalField)
        elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
            kwargs.setdefault("form_class", LocalIntegerField)
    return db_field.formfield(**kwargs)
