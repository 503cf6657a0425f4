from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummaryConfig(AppConfig):
    """The district summary compiled from ward reports, and the committee's dashboard.

    Lives inside the reports room but is its own Django app (label ``summaries``) so its
    models and migrations evolve apart from the report workflow's.
    """

    name = "reports.summary"
    label = "summaries"
    verbose_name = _("District summary")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.health import register_probe
        from reports.models import Indicator
        from reports.summary.cache import bump_generation
        from reports.summary.health import WHEN_DATABASE_DOWN, summary_state
        from wards.models import Ward

        register_probe("summary", summary_state, when_database_down=WHEN_DATABASE_DOWN)

        # The dashboard's cached parts show ward names and active dates and the indicator
        # catalogue: an edit of either makes them stale.
        def catalogue_changed(sender, **kwargs):
            bump_generation()

        for model in (Ward, Indicator):
            for signal, what in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"summaries-dashboard-{model._meta.label_lower}-{what}"
                signal.connect(catalogue_changed, sender=model, weak=False, dispatch_uid=uid)
