"""Templates decide nothing (STYLE.md): a role or state question is asked of the access module
(``user|can_submit_report:report``, a view flag) or of the model (``report.is_returned``,
``t.status_color``), never re-derived in a template from raw choice values.

These tests read every template and fail on a condition that compares a choice field
(``r.status == "draft"``, ``entry.action == 0``), compares with a raw choice value of any model
(``value == "daily"``), or combines and compares role flags and wards itself
(``user.is_ward_officer or user.is_district_admin``, ``… == user.ward_id``).
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "templates"
TEMPLATES = sorted(TEMPLATE_ROOT.rglob("*.html"))

# The condition of every {% if %} and {% elif %}.
CONDITION = re.compile(r"\{%-?\s*(?:el)?if\s+(?P<condition>.*?)\s*-?%\}", re.S)
# Fields that hold a choice; a template asks a property of the model for them instead.
CHOICE_ATTRIBUTES = (
    "status", "role", "kind", "action", "result", "answer", "severity", "state", "operation", "decision", "category",
)  # fmt: skip
CHOICE_COMPARISON = re.compile(
    rf"\.(?:{'|'.join(CHOICE_ATTRIBUTES)})\s*(?:==|!=|\bin\b|\bnot\s+in\b)"
    rf"|(?:==|!=)\s*[\w.]*\.(?:{'|'.join(CHOICE_ATTRIBUTES)})\b(?!\.)"
)
LITERAL = re.compile(r"""(?:==|!=|\bin\b)\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<number>\d+)\b)""")
# Role rules combined or ward ids compared in a template: the access module's job.
ROLE_RULE = re.compile(
    r"user\.(?:is_(?!authenticated)\w+|sees_whole_district)\s+(?:and|or)\s+(?:not\s+)?"
    r"[\w.]*user\.(?:is_(?!authenticated)\w+|sees_whole_district)"
    r"|user\.ward_id|user\.role\b"
)


def project_choice_values() -> set[str]:
    """Every stored value of a choice field on the project's own models."""
    base = str(settings.BASE_DIR)
    values = set()
    for model in apps.get_models():
        if not str(Path(apps.get_app_config(model._meta.app_label).path)).startswith(base):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and value:
                    values.add(value)
    return values


def conditions():
    """(template name, condition) for every {% if %} / {% elif %} in the project's templates."""
    for path in TEMPLATES:
        for match in CONDITION.finditer(path.read_text(encoding="utf-8")):
            yield path.relative_to(TEMPLATE_ROOT).as_posix(), " ".join(match["condition"].split())


def test_templates_are_found():
    assert len(TEMPLATES) > 50
    assert sum(1 for _ in conditions()) > 100


def test_the_choice_values_are_found(db):
    values = project_choice_values()
    assert {"draft", "returned", "daily", "follow_up", "in_transit", "violation", "ward_officer"} <= values


def test_no_template_compares_a_choice_field():
    found = [f"{name}: {{% if {cond} %}}" for name, cond in conditions() if CHOICE_COMPARISON.search(cond)]
    assert found == [], "ask the model (report.is_returned, t.status_color) or the access module instead"


def test_no_template_compares_with_a_raw_choice_value(db):
    values = project_choice_values()
    found = []
    for name, cond in conditions():
        for literal in LITERAL.finditer(cond):
            if literal["number"] is not None or (literal["double"] or literal["single"] or "") in values:
                found.append(f"{name}: {{% if {cond} %}}")
    assert found == [], "a raw choice value in a template: ask the model or the view instead"


def test_no_template_writes_a_role_rule():
    found = [f"{name}: {{% if {cond} %}}" for name, cond in conditions() if ROLE_RULE.search(cond)]
    assert found == [], "combine roles and compare wards in wards.access (user|can_… filters), not in templates"


@pytest.mark.parametrize(
    "condition",
    [
        'r.status == "draft"',
        "report.status != 'returned'",
        "entry.action == 0",
        "s.kind == 'follow_up' and user.is_district_admin",
        "value == other.status",
    ],
)
def test_the_choice_comparison_check_catches_what_it_is_for(condition):
    assert CHOICE_COMPARISON.search(condition) or LITERAL.search(condition)


@pytest.mark.parametrize(
    "condition",
    [
        "user.is_ward_officer or user.is_district_admin",
        "user.is_district_admin or t.to_holder.ward_id and t.to_holder.ward_id == user.ward_id",
        'user.role == "admin"',
    ],
)
def test_the_role_rule_check_catches_what_it_is_for(condition):
    assert ROLE_RULE.search(condition)


@pytest.mark.parametrize(
    "condition",
    [
        "report.is_returned",
        "user|can_submit_report:report",
        "filter.form.kind.value == value",
        "status == value",
        "user.sees_whole_district",
        "user.is_authenticated and user.sees_whole_district",
        "t.status_color",
    ],
)
def test_the_checks_let_model_and_access_questions_pass(condition):
    assert not CHOICE_COMPARISON.search(condition)
    assert not ROLE_RULE.search(condition)
