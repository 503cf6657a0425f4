from django.urls import path

from reports.summary import brief_views, views

app_name = "summary"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("compile/", views.CompileNowView.as_view(), name="compile"),
    path("summaries/", views.SummaryListView.as_view(), name="list"),
    path("summaries/<int:pk>/", views.SummaryDetailView.as_view(), name="detail"),
    path("summaries/<int:pk>/export.<str:fmt>", views.SummaryExportView.as_view(), name="export"),
    path("summaries/closed-day/export.<str:fmt>", views.ClosedDayExportView.as_view(), name="closed-day-export"),
    path("levels/", views.LevelsView.as_view(), name="levels"),
    path("levels/criteria/", views.LevelCriteriaView.as_view(), name="level_criteria"),
    path("brief/settings/", brief_views.BriefSettingsView.as_view(), name="brief_settings"),
    path("brief/<str:day>.pdf", brief_views.BriefPdfView.as_view(), name="brief_pdf"),
]
