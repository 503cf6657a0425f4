"""Forms of the dashboard (its filters) and the "compile now" button."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.summary.models import KIND_CHOICES
from reports.summary.selectors import MAX_RANGE_DAYS

RANGE_PRESETS = (7, 14, 30, 90, 365)


class DashboardForm(forms.Form):
    """The dashboard's filters: a date range (7 days to a year), the chart's indicator, a ward, the table's order."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    ward = forms.IntegerField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Ward name"), required=False, max_length=120)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)
    desc = forms.BooleanField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=6)
        if start > end:
            self.add_error("start", _("The start must not be after the end."))
        elif (end - start).days + 1 > MAX_RANGE_DAYS:
            self.add_error("start", _("Choose at most %(days)s days.") % {"days": MAX_RANGE_DAYS})
        data["start"], data["end"] = start, end
        return data


class CompileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    period_start = forms.DateField(label=_("Day of the period"), widget=forms.DateInput(attrs={"type": "date"}))
