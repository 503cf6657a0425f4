from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from core.health import register_probe
from directives.hooks import reminders_sent
from reports.hooks import report_changed
from reports.summary.cache import bump_generation


class SummaryConfig(AppConfig):
    """The district summary compiled from ward reports, and the committee's dashboard.

    Lives inside the reports room but is its own Django app (label ``summaries``) so its
    models and migrations evolve apart from the report workflow's.
    """

    name = "reports.summary"
    label = "summaries"
    verbose_name = _("District summary")

    def ready(self) -> None:
        from reports.models import Indicator  # noqa: PLC0415 - needs the app registry ready
        from reports.summary.health import WHEN_DATABASE_DOWN, summary_state  # noqa: PLC0415 - needs the app registry ready
        from reports.summary.relays import directive_reminders_relay  # noqa: PLC0415 - needs the app registry ready
        from reports.summary.services import summary_report_changed  # noqa: PLC0415 - needs the app registry ready
        from wards.models import Ward  # noqa: PLC0415 - needs the app registry ready

        register_probe("summary", summary_state, when_database_down=WHEN_DATABASE_DOWN)
        # A directive's reminders (due tomorrow, the overdue list) reach the bell and e-mail too.
        reminders_sent.register(directive_reminders_relay)
        # A report submitted, edited, approved, returned or acknowledged recompiles its summaries.
        report_changed.register(summary_report_changed)

        # The dashboard's cached parts show ward names and active dates and the indicator
        # catalogue: an edit of either makes them stale.
        def catalogue_changed(sender, **kwargs):
            bump_generation()

        for model in (Ward, Indicator):
            for signal, what in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"summaries-dashboard-{model._meta.label_lower}-{what}"
                signal.connect(catalogue_changed, sender=model, weak=False, dispatch_uid=uid)
