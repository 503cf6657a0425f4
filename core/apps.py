from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

from core.collation import register_sqlite_collation


class CoreConfig(AppConfig):
    """The shared platform pieces (template tags, health checks, error pages)."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Every new SQLite connection learns the "vi" collation that ViCollate orders by.
        connection_created.connect(register_sqlite_collation, dispatch_uid="core.collation.vi")
        # The blank choice of every form's select, Django's "- Select an option -" by default
        # (read at render time, through django.db.models.utils.get_blank_choice_label).
        fields.BLANK_CHOICE_LABEL = _("— Select —")
