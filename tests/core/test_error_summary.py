"""After a failed save, the error summary at the top of the form lists every error, each linking to
its field, and takes the focus (issue 12 #2); every typed value is kept."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from core.forms import error_summary
from reports import services
from tests.factories import draft_daily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _summary(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger"[^>]*data-error-summary.*?</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(0)


class _Sample(forms.Form):
    name = forms.CharField(label="Name")
    answer = forms.ChoiceField(label="Answer", choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something above the form.")


def test_summary_lists_form_errors_then_fields_with_their_inputs():
    form = _Sample({"name": "", "version": "x"})
    items = error_summary(form)
    assert [(i.label, i.target) for i in items] == [
        ("", ""),  # above the form: nothing to link to
        ("Name", "id_name"),
        ("Answer", "id_answer_0"),  # a group of radios: its first box
        ("Version", ""),  # hidden: nothing to link to
    ]
    assert error_summary(_Sample()) == []  # an unbound form has no summary


def test_daily_form_shows_the_summary_with_links_and_keeps_what_was_typed(catalogue, clock, officer_client):
    response = officer_client.post(
        reverse("reports:today"),
        {
            "action": "save",
            "home_quarantine": "abc",
            "samples_tested": "5",
            "confirmed_cases": "9",
            "situation": "Đã gõ",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert "There are 2 errors to fix" in summary
    assert 'href="#id_home_quarantine"' in summary and 'href="#id_confirmed_cases"' in summary
    assert "People under home quarantine" in summary  # the field's label, not its code
    assert html.index("data-error-summary") < html.index('name="home_quarantine"')  # at the top of the form
    assert "js/forms.js" in html  # the focus script comes with the summary
    # Every typed value is kept, the good ones and the bad.
    for name, value in (("home_quarantine", "abc"), ("samples_tested", "5"), ("confirmed_cases", "9")):
        assert re.search(rf'name="{name}"[^>]*value="{value}"', html), name
    assert "Đã gõ</textarea>" in html


def test_daily_form_without_errors_has_no_summary(catalogue, clock, officer_client):
    html = officer_client.get(reverse("reports:today")).content.decode()
    assert "data-error-summary" not in html


def test_review_return_form_shows_the_summary(catalogue, clock, officer_an_bien, committee_client, today):
    report = services.report_submit(report=draft_daily(officer_an_bien, today), user=officer_an_bien)
    response = committee_client.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert "There is 1 error to fix" in summary
    assert 'href="#id_comment"' in summary and "Say what needs to be corrected." in summary


def test_crispy_forms_get_the_summary_for_free(officer_client):
    response = officer_client.post(reverse("reports:urgent-new"), {"title": "Cháy chợ", "severity": "high"})
    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert 'href="#id_location"' in summary and 'href="#id_description"' in summary
    assert 'value="Cháy chợ"' in html
