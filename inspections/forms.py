"""Forms of the inspection pages. They check types; the services check the rules."""

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import ViCollate
from core.fields import LocalDateField, LocalDateTimeField, LocalDecimalField, LocalIntegerField, local_formfield
from inspections.choices import (
    DISINFECTION_TARGETS,
    Action,
    Answer,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
)
from inspections.filters import CATEGORY_FILTER_CHOICES
from inspections.importing import MAX_BYTES
from inspections.models import Establishment, EstablishmentUpdateSuggestion, InspectionTeam, TeamMember
from inspections.services import ESTABLISHMENT_FIELDS
from wards.models import Ward


class EstablishmentForm(forms.ModelForm):
    class Meta:
        model = Establishment
        fields = list(ESTABLISHMENT_FIELDS)  # the fields the services write, kept in one place
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = local_formfield  # workers 1.200, registered_on dd/mm/yyyy

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["ward"]).queryset = Ward.objects.order_by(ViCollate("name"))


class SuggestionForm(forms.ModelForm):
    """An officer's proposed values, prefilled with the current ones."""

    note = forms.CharField(
        label=_("Note for the administrator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Establishment
        fields = list(EstablishmentUpdateSuggestion.FIELDS)
        formfield_callback = local_formfield

    def changes(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in EstablishmentUpdateSuggestion.FIELDS}


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class SearchableSelect(forms.Select):
    """A select with a search box above it (static/js/inspections.js filters the options as one
    types, ignoring accents); without JavaScript the box stays hidden and the select works alone."""

    template_name = "inspections/widgets/searchable_select.html"


def establishment_label(establishment: Establishment) -> str:
    """ "Name — Ward": several establishments share a name across the district's wards."""
    return f"{establishment.name} — {establishment.ward.name}"


class ScheduleForm(forms.Form):
    team = forms.ModelChoiceField(queryset=InspectionTeam.objects.filter(active=True), label=_("Team"))
    establishment = forms.ModelChoiceField(
        queryset=Establishment.objects.exclude(status=EstablishmentStatus.CLOSED)
        .select_related("ward")
        .order_by(ViCollate("name"), ViCollate("ward__name")),
        label=_("Establishment"),
        widget=SearchableSelect,
    )
    date = LocalDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["establishment"].label_from_instance = establishment_label  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. Schools of Niệm Nghĩa, week 12."))
    team = forms.ModelChoiceField(queryset=InspectionTeam.objects.filter(active=True), label=_("Team"))
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by(ViCollate("name")), label=_("Ward"), required=False, empty_label=_("All wards")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *CATEGORY_FILTER_CHOICES], required=False
    )
    start = LocalDateField(label=_("First day"))
    end = LocalDateField(label=_("Last day"))
    per_day = LocalIntegerField(
        label=_("Visits per day"), min_value=1, required=False, help_text=_("Empty: the team's capacity.")
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV (UTF-8) or XLSX file"), help_text=_("At most 2 MB."))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv (UTF-8) or .xlsx file."))
        if f.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return f


class PeriodForm(forms.Form):
    """Coverage period and filters."""

    start = LocalDateField(label=_("From"))
    end = LocalDateField(label=_("To"))
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by(ViCollate("name")), label=_("Ward"), required=False, empty_label=_("All wards")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *CATEGORY_FILTER_CHOICES], required=False
    )

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must not be before the start."))
        return data


class DueFilterForm(forms.Form):
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.order_by(ViCollate("name")), label=_("Ward"), required=False, empty_label=_("All wards")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *CATEGORY_FILTER_CHOICES], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    unplanned = forms.BooleanField(label=_("Not yet planned"), required=False)


class RecordForm(forms.Form):
    """The phone form a team fills in at the site. Checklist questions are added per category."""

    team = forms.ModelChoiceField(queryset=InspectionTeam.objects.none(), label=_("Team"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (InspectionReason.COMPLAINT, InspectionReason.COMPLAINT.label),
            (InspectionReason.UNANNOUNCED, InspectionReason.UNANNOUNCED.label),
        ],
    )
    inspected_at = LocalDateTimeField(label=_("Time of inspection"))
    members_present = forms.ModelMultipleChoiceField(
        queryset=TeamMember.objects.none(),
        label=_("Members present"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, widget=forms.RadioSelect)
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices, initial=Action.NONE)
    fine_amount = LocalIntegerField(label=_("Fine (VND)"), required=False)
    correct_by = LocalDateField(label=_("Correct by"), required=False)

    def __init__(self, *args, team=None, teams=None, establishment=None, items=(), scheduled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        if scheduled:
            del self.fields["team"]
            del self.fields["reason"]
        else:
            cast(forms.ModelChoiceField, self.fields["team"]).queryset = (
                teams if teams is not None else InspectionTeam.objects.none()
            )
        member_team = team
        if member_team is None and not scheduled:
            member_team = self.data.get("team") or self.initial.get("team")
        cast(forms.ModelChoiceField, self.fields["members_present"]).queryset = (
            TeamMember.objects.filter(team=member_team).select_related("user")
            if member_team
            else TeamMember.objects.none()
        )
        self.fields["members_present"].label_from_instance = lambda m: (  # type: ignore[attr-defined]
            m.display_name + (f" ({m.unit})" if m.unit else "")
        )
        self.fields["inspected_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for item in self.items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=item.text, choices=Answer.choices, widget=forms.RadioSelect, required=True
            )

    def checklist_fields(self):
        return [self[f"item_{item.code}"] for item in self.items]

    def answers(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[f"item_{item.code}"] for item in self.items}


def month_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def _user_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class TeamForm(forms.Form):
    """A team's name, leader, capacity and portal-user members; outside members come in a formset."""

    name = forms.CharField(label=_("Name"), max_length=120)
    leader: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label=_("Leader"),
        required=False,
        empty_label=_("No leader yet"),
        help_text=_("Added to the members when not ticked below."),
    )
    daily_capacity = LocalIntegerField(
        label=_("Visits per day"),
        initial=6,
        help_text=_("The most inspections the team is scheduled for on one day."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Inactive teams get no new visits; a team with planned visits cannot be deactivated."),
    )
    member_users: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Members with a portal account"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by(ViCollate("first_name"), ViCollate("last_name"), "username")
        )
        for field in ("leader", "member_users"):
            cast(forms.ModelChoiceField, self.fields[field]).queryset = users
            self.fields[field].label_from_instance = _user_label  # type: ignore[attr-defined]


class OutsideMemberForm(forms.Form):
    """One outside member (no portal account): name, unit, phone."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=160, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )

    def clean(self):
        data = cast(dict[str, Any], super().clean())
        if data.get("DELETE") or not (data.get("name") or data.get("unit") or data.get("phone")):
            return data
        if not data.get("name"):
            self.add_error("name", _("Give the member's name."))
        if not data.get("unit"):
            self.add_error("unit", _("Give the member's unit."))
        return data

    def member(self) -> dict | None:
        """The row for the service, or None for an empty or deleted row."""
        data = self.cleaned_data
        if data.get("DELETE") or not (data.get("name") or data.get("unit") or data.get("phone")):
            return None
        return {f: data.get(f) or "" for f in ("name", "unit", "phone")} | {"id": data.get("id")}


OutsideMemberFormSet = forms.formset_factory(OutsideMemberForm, extra=1, can_delete=True, max_num=50, validate_max=True)


class RiskIntervalForm(forms.Form):
    """One category's intervals on the settings page (one form per category; the page explains
    the two numbers once above the list)."""

    interval_days = LocalIntegerField(label=_("Routine (days)"))
    after_violation_days = LocalIntegerField(label=_("After a violation (days)"))

    def __init__(self, *args, category: str, **kwargs):
        # The fields keep their names (the view posts one category at a time); ids are unique per category.
        kwargs.setdefault("auto_id", f"id_{category}_%s")
        super().__init__(*args, **kwargs)
        self.category = category


class ChecklistItemForm(forms.Form):
    """A checklist question; the code is shown but not editable once the item exists."""

    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        help_text=_("Lower-case letters, digits, - and _, e.g. hand_washing. It cannot be changed later."),
    )
    text = forms.CharField(label=_("Question"), max_length=255)
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("None ticked: the item is asked at every category."),
    )
    order = LocalIntegerField(
        label=_("Order"),
        help_text=_("Items are asked from the smallest number up."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
        help_text=_("An inactive item is not asked at new inspections; past inspections keep its answers."),
    )

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Recorded answers refer to the code, so it cannot be changed.")


class DisinfectionRoundForm(forms.Form):
    """A new disinfection round (the rules are in ``services.round_create``)."""

    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("E.g. Phun khử khuẩn trường học, chợ, bến xe.")
    )
    scope = forms.CharField(label=_("What it covers"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start = LocalDateField(label=_("First day"))
    end = LocalDateField(label=_("Last day"))
    categories = forms.MultipleChoiceField(
        label=_("Sites to disinfect"),
        choices=DISINFECTION_TARGETS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Establishments of these categories in the registry, and the other sites of these kinds."),
    )
    directive_reference = forms.CharField(
        label=_("Directive or task"), max_length=255, required=False, help_text=_("E.g. Kế hoạch 58/KH-UBND.")
    )
    team = forms.ModelChoiceField(
        queryset=InspectionTeam.objects.filter(active=True).order_by(ViCollate("name")),
        label=_("Team"),
        required=False,
        help_text=_("Optional: its members may mark any site; ward officers mark their ward's sites."),
    )


class DisinfectionMarkForm(forms.Form):
    """Marking a site of a round done (the rules are in ``services.target_mark_done``)."""

    done_on = LocalDateField(label=_("Day done"))
    done_by = forms.CharField(label=_("Done by"), max_length=200, help_text=_("The team or the people."))
    product = forms.CharField(label=_("Product"), max_length=120, help_text=_("E.g. Cloramin B 2%."))
    quantity = LocalDecimalField(label=_("Quantity used"), max_digits=9, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False, initial="lít")
