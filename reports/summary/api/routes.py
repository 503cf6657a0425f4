"""API routes of the district summary, registered on the project's single router."""

from reports.summary.api.brief import MorningBriefSettingsViewSet
from reports.summary.api.views import SummaryViewSet


def register(router):
    """Register the summary viewsets on ``router``: summaries/, summaries/compile/, summaries/series/."""
    router.register("summaries", SummaryViewSet, basename="summary")
    router.register("morning-brief-settings", MorningBriefSettingsViewSet, basename="morning-brief-settings")
