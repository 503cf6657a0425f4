"""API routes of this app, registered on the project's single router (config/api_router.py)."""

from inspections.api.views import (
    ChecklistItemViewSet,
    DisinfectionRoundViewSet,
    EstablishmentViewSet,
    InspectionTeamViewSet,
    InspectionViewSet,
    RiskIntervalViewSet,
    ScheduleViewSet,
)


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("establishments", EstablishmentViewSet, basename="establishment")
    router.register("inspection-teams", InspectionTeamViewSet, basename="inspection-team")
    router.register("inspection-schedules", ScheduleViewSet, basename="inspection-schedule")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("risk-intervals", RiskIntervalViewSet, basename="risk-interval")
    router.register("checklist-items", ChecklistItemViewSet, basename="checklist-item")
    router.register("disinfection-rounds", DisinfectionRoundViewSet, basename="disinfection-round")
