"""The project's URLs plus a view that fails, for the error-logging tests."""

from django.urls import path

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("deliberate failure for the logging test")


urlpatterns = [path("test-only/fail/", fail), *project_urlpatterns]
