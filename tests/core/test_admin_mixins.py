"""The shared admin mixins (core.admin): what each refuses, and that the apps use them."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory

from core.admin import (
    DeleteUnusedAdminMixin,
    NoAddAdminMixin,
    NoBulkDeleteAdminMixin,
    NoChangeAdminMixin,
    NoDeleteAdminMixin,
    ReadOnlyAdminMixin,
)
from tests.factories import WardFactory
from wards.models import District, Ward, WardCommittee

pytestmark = pytest.mark.django_db


def request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_of(*mixins, model=District, **attrs):
    return type("TestAdmin", (*mixins, admin.ModelAdmin), attrs)(model, admin.site)


def permissions(model_admin, request, obj=None):
    return (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, obj),
        model_admin.has_delete_permission(request, obj),
        model_admin.has_view_permission(request, obj),
    )


def test_read_only_refuses_add_change_and_delete_even_to_a_district_administrator(district_admin, le_chan):
    request = request_by(district_admin)
    assert permissions(admin_of(), request, le_chan) == (True, True, True, True)
    assert permissions(admin_of(ReadOnlyAdminMixin), request, le_chan) == (False, False, False, True)
    assert "delete_selected" not in admin_of(ReadOnlyAdminMixin).get_actions(request)


def test_each_refusal_stands_alone(district_admin, le_chan):
    request = request_by(district_admin)
    assert permissions(admin_of(NoAddAdminMixin), request, le_chan) == (False, True, True, True)
    assert permissions(admin_of(NoChangeAdminMixin), request, le_chan) == (True, False, True, True)
    assert permissions(admin_of(NoDeleteAdminMixin), request, le_chan) == (True, True, False, True)


def test_no_add_also_serves_inlines_which_pass_the_parent_object(district_admin, le_chan):
    inline_class = type("TestInline", (NoAddAdminMixin, admin.StackedInline), {"model": WardCommittee})
    inline = inline_class(Ward, admin.site)
    assert inline.has_add_permission(request_by(district_admin), le_chan) is False


def test_delete_unused_refuses_rows_in_use_and_otherwise_asks_the_permissions(
    district_admin, committee_member, le_chan
):
    model_admin = admin_of(DeleteUnusedAdminMixin, in_use=lambda self, district: district.wards.exists())
    empty = District.objects.create(name="Quận trống", code="quan-trong")
    WardFactory(district=le_chan)
    request = request_by(district_admin)
    assert model_admin.has_delete_permission(request, le_chan) is False
    assert model_admin.has_delete_permission(request, empty) is True
    assert model_admin.has_delete_permission(request) is True
    assert model_admin.has_delete_permission(request_by(committee_member), empty) is False  # no model permission
    assert "delete_selected" in model_admin.get_actions(request)  # Django's bulk delete asks in_use per row


def test_no_bulk_delete_removes_only_the_delete_selected_action(district_admin):
    def touch(modeladmin, request, queryset):
        """Touch."""

    model_admin = admin_of(NoBulkDeleteAdminMixin, actions=[touch])
    actions = model_admin.get_actions(request_by(district_admin))
    assert "touch" in actions and "delete_selected" not in actions
    assert "delete_selected" in admin_of(actions=[touch]).get_actions(request_by(district_admin))


def test_the_apps_admins_use_the_shared_mixins_instead_of_permission_overrides():
    """A has_*_permission method in an app's admin.py means a refusal written again; use core.admin."""
    overrides = []
    for path in sorted(Path(settings.BASE_DIR).glob("*/**/admin.py")):
        if ".venv" in path.parts or path.parent.name == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in (
                "has_add_permission",
                "has_change_permission",
                "has_delete_permission",
            ):
                overrides.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {node.name}")
    assert overrides == []
