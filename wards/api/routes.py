"""API routes of the wards app, registered on the project's single router."""

from wards.api.views import WardViewSet


def register(router):
    router.register("wards", WardViewSet, basename="ward")
