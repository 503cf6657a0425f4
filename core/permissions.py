"""Role checks for pages (mixins) and the API (DRF permission classes).

They ask the user object its role flags (``is_ward_officer``, ``is_committee``,
``is_district_admin``, ``sees_whole_district``, defined by ``wards.User``); which ward's objects a
user may see or change is decided in ``wards.access``.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponseBase
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

if TYPE_CHECKING:
    from django.views import View

    _ViewBase = View
else:  # a mixin: the view class comes later in the bases
    _ViewBase = object


class RoleRequiredMixin(AccessMixin, _ViewBase):
    """Page mixin: log in first, then require one of ``allowed_roles`` (403 otherwise).

    ``allowed_roles`` holds names of User properties: ``"is_ward_officer"``,
    ``"is_committee"``, ``"is_district_admin"``, ``"is_leader"``.
    """

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles and not any(getattr(request.user, role) for role in self.allowed_roles):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class CommitteeRequiredMixin(RoleRequiredMixin):
    """The committee's pages: committee members, administrators and the leaders in charge of wards
    (who read them; what they may change is decided per action in ``wards.access``)."""

    allowed_roles: tuple[str, ...] = ("is_committee", "is_district_admin", "is_leader")


class AdminRequiredMixin(RoleRequiredMixin):
    allowed_roles = ("is_district_admin",)


class IsDistrictAdmin(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_district_admin)


class IsCommitteeOrAdmin(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.sees_whole_district)


class IsAdminOrReadOnly(BasePermission):
    """Anyone signed in reads (scoped by the queryset); only administrators write."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_district_admin
