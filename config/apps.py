from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django admin whose site only district administrators may enter."""

    default_site = "config.admin.PortalAdminSite"
