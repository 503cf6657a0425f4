from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditLogListView.as_view(), name="list"),
    path("<slug:app_label>/<slug:model>/<str:pk>/", views.ObjectHistoryView.as_view(), name="object_history"),
]
