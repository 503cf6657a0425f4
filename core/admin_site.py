"""The Django admin site, open to district administrators only."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The admin site: district administrators only (not every staff flag)."""

    site_header = _("Administration — Epidemic prevention")
    site_title = _("Epidemic prevention")
    index_title = _("System administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and getattr(user, "is_district_admin", False))


class PortalAdminConfig(AdminConfig):
    """Django admin whose site only district administrators may enter."""

    default_site = "core.admin_site.PortalAdminSite"
