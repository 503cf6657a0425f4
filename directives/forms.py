"""Forms of the directives pages. They collect input; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import LocalDateField, LocalIntegerField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos taken on a phone); checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    done_on = LocalDateField(label=_("Done on"), required=False)
    number = LocalIntegerField(label=_("Number"), required=False, min_value=0)
    evidence = MultipleFileField(
        label=_("Evidence (photos or PDF)"), required=False,
        help_text=_("Up to 5 files: JPEG, PNG, WebP or PDF, 10 MB each."),
    )  # fmt: skip

    def __init__(self, *args: Any, number_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if number_label:
            self.fields["number"].label = number_label
            self.fields["number"].required = True
        else:
            del self.fields["number"]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000,
        help_text=_("Required when sending the reply back."),
    )  # fmt: skip
