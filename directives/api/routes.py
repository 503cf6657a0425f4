"""API routes of this app, registered on the project's single router (config/api_router.py)."""

from directives.api.views import AssignmentViewSet, DirectiveTaskViewSet, DirectiveViewSet


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("directives", DirectiveViewSet, basename="directive")
    router.register("directive-tasks", DirectiveTaskViewSet, basename="directive-task")
    router.register("assignments", AssignmentViewSet, basename="assignment")
