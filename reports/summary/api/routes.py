"""API routes of the district summary, registered on the project's single router."""

from reports.summary.api.brief import MorningBriefSettingsViewSet
from reports.summary.api.levels import LevelCriteriaViewSet, WardLevelViewSet
from reports.summary.api.views import SummaryViewSet


def register(router):
    """Register the summary viewsets on ``router``: summaries/, summaries/compile/, summaries/series/,
    ward-levels/ and level-criteria/."""
    router.register("summaries", SummaryViewSet, basename="summary")
    router.register("ward-levels", WardLevelViewSet, basename="ward-level")
    router.register("level-criteria", LevelCriteriaViewSet, basename="level-criteria")
    router.register("morning-brief-settings", MorningBriefSettingsViewSet, basename="morning-brief-settings")
