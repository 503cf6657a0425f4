"""API routes of this app, registered on the project's single router (config/api_router.py)."""

from reports.api.views import IndicatorViewSet, NotificationViewSet, ReportDeadlineViewSet, ReportViewSet


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("indicators", IndicatorViewSet, basename="indicator")
    router.register("report-deadlines", ReportDeadlineViewSet, basename="report-deadline")
    router.register("reports", ReportViewSet, basename="report")
    router.register("notifications", NotificationViewSet, basename="notification")
