"""One DRF router for every app, mounted at /api/v1/.

Each app registers its viewsets in ``<app>/api/routes.py`` (``register(router)``), so
apps add endpoints without editing this file.
"""

from importlib import import_module

from django.urls import path
from rest_framework.routers import DefaultRouter

from wards.api.views import ObtainTokenView

router = DefaultRouter()
router.include_format_suffixes = False

for app in ("wards", "reports", "inspections", "supplies"):
    import_module(f"{app}.api.routes").register(router)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    *router.urls,
]
