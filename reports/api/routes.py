"""API routes of this app, registered on the project's single router (config/api_router.py)."""


def register(router):
    """Register this app's viewsets on ``router``."""
