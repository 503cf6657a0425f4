from django.urls import path

from wards import views

app_name = "wards"

urlpatterns = [
    path("", views.WardListView.as_view(), name="list"),
    path("<int:pk>/", views.WardDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.WardEditView.as_view(), name="edit"),
    path("<int:pk>/plan/", views.WardPlanDownloadView.as_view(), name="plan"),
]
