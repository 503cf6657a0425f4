"""One DRF router for every app, mounted at /api/v1/.

Each app registers its viewsets in ``<app>/api/routes.py`` (``register(router)``), so
apps add endpoints without editing this file.
"""

from importlib import import_module

from django.urls import path
from rest_framework.routers import DefaultRouter

from wards.api.tokens import (
    LockoutAwareObtainTokenView,
    TokenRevokeView,
    TokenRotateView,
    UserTokenRevokeView,
)

router = DefaultRouter()
router.include_format_suffixes = False

for app in ("wards", "reports", "reports.summary", "inspections", "supplies", "audit", "directives"):
    import_module(f"{app}.api.routes").register(router)

urlpatterns = [
    path("auth/token/", LockoutAwareObtainTokenView.as_view(), name="auth-token"),
    path("auth/token/rotate/", TokenRotateView.as_view(), name="auth-token-rotate"),
    path("auth/token/revoke/", TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("auth/tokens/<int:user_id>/revoke/", UserTokenRevokeView.as_view(), name="auth-user-token-revoke"),
    *router.urls,
]
