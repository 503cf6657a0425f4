from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from core.fields import local_formfield
from wards.choices import Role
from wards.models import User, Ward, WardCommittee


class WardForm(forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["name", "population", "active_from", "active_until"]
        formfield_callback = local_formfield  # population 14.200, dates dd/mm/yyyy


class WardCommitteeForm(forms.ModelForm):
    class Meta:
        model = WardCommittee
        fields = [
            "head_name",
            "head_user",
            "head_email",
            "deputy_name",
            "phone",
            "established_on",
            "plan_reference",
            "plan_file",
        ]
        formfield_callback = local_formfield  # established_on dd/mm/yyyy

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The head's account is one of the ward's own active officers (reminded with them at the deadline).
        ward_id = self.instance.ward_id if self.instance else None
        field = self.fields["head_user"]
        field.queryset = User.objects.filter(role=Role.WARD_OFFICER, is_active=True, ward_id=ward_id).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name", "username"
        )

    def clean_plan_file(self):
        f = self.cleaned_data.get("plan_file")
        if f and hasattr(f, "content_type"):
            if not f.name.lower().endswith(".pdf") or not _starts_like_a_pdf(f):
                raise forms.ValidationError(_("The plan file must be a PDF."))
            if f.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("The plan file must not be larger than 10 MB."))
        return f


def _starts_like_a_pdf(uploaded) -> bool:
    """A PDF starts with ``%PDF-`` (within its first kilobyte); the name alone proves nothing."""
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(0)
    return b"%PDF-" in head


class PortalPasswordChangeForm(PasswordChangeForm):
    """Password change whose old password is checked like a login (django-axes counts wrong ones).

    A wrong old password counts towards the same lockout as the login page (``AXES_FAILURE_LIMIT``
    per username and address); once locked, the page answers with the lockout page, whatever
    is typed, until the cool-off ends or an administrator unlocks the pair.
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
