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
