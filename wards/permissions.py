"""Role checks for pages (mixins) and the API (DRF permission classes)."""

from django.contrib.auth.mixins import AccessMixin
from rest_framework.permissions import SAFE_METHODS, BasePermission

from wards.access import can_change_ward, can_view_ward


class RoleRequiredMixin(AccessMixin):
    """Page mixin: log in first, then require one of ``allowed_roles`` (403 otherwise).

    ``allowed_roles`` holds names of User properties: ``"is_ward_officer"``,
    ``"is_committee"``, ``"is_district_admin"``.
    """

    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.allowed_roles and not any(getattr(request.user, role) for role in self.allowed_roles):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class CommitteeRequiredMixin(RoleRequiredMixin):
    allowed_roles = ("is_committee", "is_district_admin")


class AdminRequiredMixin(RoleRequiredMixin):
    allowed_roles = ("is_district_admin",)


class IsDistrictAdmin(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_district_admin)


class IsCommitteeOrAdmin(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.sees_whole_district)


class IsAdminOrReadOnly(BasePermission):
    """Anyone signed in reads (scoped by the queryset); only administrators write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_district_admin


class WardObjectPermission(BasePermission):
    """Object-level check through the access function; ``view.ward_of(obj)`` names the ward.

    Reads need :func:`can_view_ward`, writes :func:`can_change_ward`. Querysets are
    scoped too, so another ward's object is a 404 before this runs.
    """

    def has_object_permission(self, request, view, obj):
        ward = view.ward_of(obj) if hasattr(view, "ward_of") else getattr(obj, "ward", obj)
        if request.method in SAFE_METHODS:
            return can_view_ward(request.user, ward)
        return can_change_ward(request.user, ward)
