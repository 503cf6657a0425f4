"""Forms of the dashboard (its filters) and the "compile now" button."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import LocalDateField, LocalIntegerField
from reports.summary.models import KIND_CHOICES
from reports.summary.selectors import dashboard_range
from wards.models import User

RANGE_PRESETS = (7, 14, 30, 90, 365)


class DashboardForm(forms.Form):
    """The dashboard's filters: a date range (7 days to a year), the chart's indicator, a ward, the table's order."""

    start = LocalDateField(label=_("From"), required=False)
    end = LocalDateField(label=_("To"), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    ward = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Ward name"), required=False, max_length=120)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    desc = forms.BooleanField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.code, i.name) for i in indicators]

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        try:
            data["start"], data["end"] = dashboard_range(
                start=data.get("start"), end=data.get("end"), today=timezone.localdate()
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class CompileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    period_start = LocalDateField(label=_("Day of the period"))


class _RecipientsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class BriefSettingsForm(forms.Form):
    """The morning brief's settings (administrators): time, low-cover threshold, recipients."""

    send_at = forms.TimeField(
        label=_("Sending time"),
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text=_("Local time, e.g. 06:30. The brief reports on the day before."),
        error_messages={"invalid": _("Enter a time as hh:mm, e.g. 06:30.")},
    )
    low_cover_days = LocalIntegerField(
        label=_("Low cover threshold (days)"),
        min_value=1,
        max_value=90,
        help_text=_("Supplies that last fewer days than this at the current rate are listed and their store told."),
    )
    recipients = _RecipientsField(
        label=_("Recipients"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("None chosen: every committee member and administrator."),
    )

    def __init__(self, *args, recipients=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["recipients"])
        field.queryset = recipients if recipients is not None else User.objects.none()
