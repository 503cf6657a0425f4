from django import forms
from django.utils.translation import gettext_lazy as _

from wards.models import Ward, WardCommittee


class WardForm(forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["name", "population", "active_from", "active_until"]
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class WardCommitteeForm(forms.ModelForm):
    class Meta:
        model = WardCommittee
        fields = ["head_name", "deputy_name", "phone", "established_on", "plan_reference", "plan_file"]
        widgets = {"established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_plan_file(self):
        f = self.cleaned_data.get("plan_file")
        if f and hasattr(f, "content_type"):
            if not f.name.lower().endswith(".pdf"):
                raise forms.ValidationError(_("The plan file must be a PDF."))
            if f.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("The plan file must not be larger than 10 MB."))
        return f
