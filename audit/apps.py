from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit trail: who changed what, when and from where (django-auditlog)."""

    name = "audit"
    label = "audit"
    verbose_name = _("Audit trail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from audit import registration  # noqa: PLC0415 - needs the app registry ready

        registration.register_all()
