"""The demo documents: the real 2020 national documents and district ones with a mix of states."""

import datetime
import io

import pytest
from django.core.management import call_command

from directives.choices import AssignmentState, Issuer
from directives.models import Assignment, Directive

pytestmark = pytest.mark.django_db


def test_demo_loads_the_national_documents_and_a_mix_of_states(settings, monkeypatch):
    monkeypatch.setattr("wards.management.commands.demo.DEMO_APPS", ("wards", "directives"))
    settings.DEMO_PASSWORD = "demo12345"
    call_command("demo", stdout=io.StringIO())
    national = {d.number: d.signed_on for d in Directive.objects.filter(issuer=Issuer.PRIME_MINISTER)}
    assert national == {
        "15/CT-TTg": datetime.date(2020, 3, 27),
        "16/CT-TTg": datetime.date(2020, 3, 31),
        "447/QĐ-TTg": datetime.date(2020, 4, 1),
        "19/CT-TTg": datetime.date(2020, 4, 24),
    }
    states = {a.state for a in Assignment.objects.all()}
    assert {AssignmentState.DONE, AssignmentState.IN_PROGRESS, AssignmentState.OVERDUE} <= states
    assert AssignmentState.NOT_STARTED in states  # the recent letter's task due tomorrow
    assert Assignment.objects.values("ward").distinct().count() == 15
    before = Assignment.objects.count()
    call_command("demo", stdout=io.StringIO())  # again: nothing added
    assert Assignment.objects.count() == before
