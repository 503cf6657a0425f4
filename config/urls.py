"""Top-level URLs. Paths are part of the public interface (README, DESIGN.md)."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api_router import urlpatterns as api_urlpatterns
from core import views as core_views
from wards import views as ward_views

urlpatterns = [
    path("", ward_views.HomeView.as_view(), name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # The installable web app (issue 13): the worker is served from the root so its scope is the whole site.
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service-worker"),
    path("offline/", core_views.offline, name="offline"),
    path("outbox/", core_views.OutboxView.as_view(), name="outbox"),
    path("outbox/session/", core_views.outbox_session, name="outbox-session"),
    path("accounts/password/", ward_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/", include("core.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("wards/", include("wards.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("reports.summary.urls")),
    path("inspections/", include("inspections.urls")),
    path("supplies/", include("supplies.urls")),
    path("directives/", include("directives.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI whose start-up script is a separate request (no inline script under the CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="security/swagger_ui.html"),
        name="api-docs",
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Under /api/ these answer JSON, elsewhere the portal's pages (core.views).
handler403 = "core.api_errors.permission_denied"
handler404 = "core.api_errors.page_not_found"
handler500 = "core.api_errors.server_error"
