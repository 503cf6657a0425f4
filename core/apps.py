from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared platform pieces (template tags, health checks, error pages)."""

    name = "core"
    verbose_name = _("Platform")
