"""Forms of the dashboard (its filters) and the "compile now" button."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import LocalDateField, LocalDecimalField, LocalIntegerField
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

    def __init__(self, *args, indicators=(), default_end=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_end = default_end  # the range's end when none is asked (the last closed day)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.code, i.name) for i in indicators]

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        try:
            data["start"], data["end"] = dashboard_range(
                start=data.get("start"), end=data.get("end"), today=self.default_end or timezone.localdate()
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return data


class CompileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    period_start = LocalDateField(label=_("Day of the period"))


class LevelCriteriaForm(forms.Form):
    """A new set of epidemic level criteria (administrators): from a day on, thresholds of levels 2, 3 and 4."""

    valid_from = LocalDateField(label=_("Applies from"), help_text=_("Today or later; past days keep their level."))
    indicator = forms.ChoiceField(label=_("Indicator"))
    days = LocalIntegerField(label=_("Days summed"), min_value=1, max_value=31, initial=7)
    per_residents = LocalIntegerField(label=_("Per residents"), min_value=1, max_value=10_000_000, initial=100000)
    level_2_from = LocalDecimalField(label=_("Level 2 (yellow) from"), min_value=0, max_digits=10, decimal_places=2)
    level_3_from = LocalDecimalField(label=_("Level 3 (orange) from"), min_value=0, max_digits=10, decimal_places=2)
    level_4_from = LocalDecimalField(label=_("Level 4 (red) from"), min_value=0, max_digits=10, decimal_places=2)
    note = forms.CharField(label=_("Guidance"), required=False, max_length=200)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [(i.code, i.name) for i in indicators]
        self.fields["indicator"].initial = "confirmed_cases"


class MapForm(forms.Form):
    """What the ward map is coloured by: the epidemic level (empty) or an indicator per 100,000 residents."""

    indicator = forms.ChoiceField(label=_("Colour by"), required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            ("", _("Epidemic level")),
            *((i.code, i.name) for i in indicators),
        ]


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
