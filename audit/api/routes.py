"""API routes of the audit app, registered on the project's single router (config/api_router.py)."""

from audit.api.views import LogEntryViewSet


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("audit-log", LogEntryViewSet, basename="audit-log")
