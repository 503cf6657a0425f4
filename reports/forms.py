"""Forms of the reports pages. They only collect input: the services check every rule."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import LocalDateField, LocalDateTimeField, LocalDecimalField, LocalIntegerField
from core.forms import apply_service_errors
from reports.choices import PERIODIC_KINDS, IndicatorGroup, Severity
from reports.errors import VALUE_ERRORS
from reports.models import Indicator, Report, format_value
from reports.services import NARRATIVE_FIELDS, values_clean


class ShowsServiceErrors:
    """``add_service_errors(exc)``: a service's errors next to the fields (a value's on its indicator's
    field); a stale version's, and any others, above the form."""

    def add_service_errors(self, exc: ValidationError) -> None:
        apply_service_errors(cast(forms.Form, self), exc, field_map={"version": None}, nested=VALUE_ERRORS)


class ReportForm(ShowsServiceErrors, forms.Form):
    """A periodic report: one number field per indicator (named by its code) and the narrative.

    Each value is read as typed in Vietnamese (``1.000``, ``12,5``: ``core.fields``) into a
    number; the service checks the rules (ranges, decimals, cross-indicator), as for the API.
    The browser shows a numeric keypad.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    situation = forms.CharField(
        label=_("Situation"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )
    difficulties = forms.CharField(
        label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000
    )

    def __init__(
        self,
        *args,
        indicators: list[Indicator],
        report: Report | None = None,
        comments=None,
        kind: str | None = None,
        carried: dict[str, Decimal] | None = None,
        **kwargs,
    ):
        initial = kwargs.pop("initial", {}) or {}
        if report is not None:
            initial.setdefault("version", report.version)
            for name in NARRATIVE_FIELDS:
                initial.setdefault(name, getattr(report, name))
            if not args or args[0] is None:  # a bound form shows what was typed: no stored values needed
                for row in report.values.all():
                    initial.setdefault(row.indicator.code, format_value(row.value))
        # Figures of people currently in a state, from the ward's last sent report, where nothing is
        # stored yet: shown marked "carried over" until the officer saves them (issue 12 #11).
        self.carried = {code: value for code, value in (carried or {}).items() if code not in initial}
        for code, figure in self.carried.items():
            initial[code] = format_value(figure)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.kind = kind or (report.kind if report is not None else None)
        comments = comments or {}
        for indicator in indicators:
            field_class = LocalIntegerField if indicator.is_integer else LocalDecimalField
            self.fields[indicator.code] = field_class(
                label=indicator.name,
                required=False,
                help_text=indicator.unit,
                widget=field_class.widget(attrs={"data-indicator": indicator.code, "maxlength": 30}),
            )
        self.comments = comments

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unread = {i.code for i in self.indicators if i.code in self.errors}
        if unread and self.kind:
            # A figure that could not be read stops the save; check the others now, so every
            # error shows at once (the service checks them all again on the next save).
            read = {i.code: data.get(i.code) for i in self.indicators if i.code not in unread}
            try:
                values_clean(kind=self.kind, values=read)
            except ValidationError as exc:
                self.add_service_errors(exc)
        return data

    def values(self) -> dict:
        """{code: int, Decimal or None (left empty)}, for the service."""
        return {i.code: self.cleaned_data.get(i.code) for i in self.indicators}

    def narrative(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in NARRATIVE_FIELDS}

    def groups(self):
        """[(group label, [bound fields])] in catalogue order, for the template."""
        result: list[tuple[Any, list]] = []
        for indicator in self.indicators:
            label = (
                IndicatorGroup(indicator.group).label if indicator.group in IndicatorGroup.values else indicator.group
            )
            if not result or result[-1][0] != label:
                result.append((label, []))
            bound = self[indicator.code]
            bound.comment = self.comments.get(indicator.code, "")  # type: ignore[attr-defined]  # read by the template
            bound.carried = indicator.code in self.carried and not self.is_bound  # type: ignore[attr-defined]
            result[-1][1].append(bound)
        return result

    def narrative_fields(self):
        fields = []
        for name in NARRATIVE_FIELDS:
            bound = self[name]
            bound.comment = self.comments.get(name, "")  # type: ignore[attr-defined]  # read by the template
            fields.append(bound)
        return fields


class UrgentReportForm(ShowsServiceErrors, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    occurred_at = LocalDateTimeField(label=_("When it happened"))
    location = forms.CharField(label=_("Where it happened"), max_length=255)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)

    def __init__(self, *args, report: Report | None = None, **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        if report is not None:
            initial.setdefault("version", report.version)
            for name in ("title", "severity", "location", "description"):
                initial.setdefault(name, getattr(report, name))
            if report.occurred_at:
                initial.setdefault("occurred_at", timezone.localtime(report.occurred_at))
        else:
            initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def fields_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("title", "severity", "occurred_at", "location", "description")
        }


class NewReportForm(forms.Form):
    """Start a report for a period: the kind and any day of the period."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in PERIODIC_KINDS])
    day = LocalDateField(
        label=_("Any day of the period"),
        help_text=_("The week (Monday to Sunday) or month that contains this day."),
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("The period must not be in the future."))
        return day


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(ShowsServiceErrors, forms.Form):
    """A general comment plus an optional comment per indicator or narrative field."""

    comment = forms.CharField(
        label=_("What needs to be corrected"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, report: Report, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        present = {v.indicator_id for v in report.values.all()}
        self.comment_codes = [i.code for i in indicators if i.pk in present]
        labels: dict[str, Any] = {i.code: i.name for i in indicators}
        labels.update({"situation": _("Situation"), "difficulties": _("Difficulties"), "proposals": _("Proposals")})
        for code in [*self.comment_codes, *NARRATIVE_FIELDS]:
            self.fields[f"fc_{code}"] = forms.CharField(label=labels[code], required=False, max_length=1000)

    def field_comments(self) -> dict[str, str]:
        return {
            name[3:]: value for name, value in self.cleaned_data.items() if name.startswith("fc_") and value.strip()
        }


class CalendarForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), required=False, widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )

    def month_start(self, today: datetime.date) -> datetime.date:
        if self.is_valid() and self.cleaned_data.get("month"):
            return self.cleaned_data["month"].replace(day=1)
        return today.replace(day=1)
