from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("today/", views.TodayView.as_view(), name="today"),
    path("new/", views.ReportNewView.as_view(), name="new"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("urgent/", views.UrgentListView.as_view(), name="urgent"),
    path("urgent/new/", views.UrgentCreateView.as_view(), name="urgent-new"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationReadView.as_view(), name="notifications-read"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="edit"),
    path("<int:pk>/confirm/", views.ReportConfirmView.as_view(), name="confirm"),
    path("<int:pk>/submit/", views.ReportActionView.as_view(action="submit"), name="submit"),
    path("<int:pk>/approve/", views.ReportActionView.as_view(action="approve"), name="approve"),
    path("<int:pk>/return/", views.ReportActionView.as_view(action="return"), name="return"),
    path("<int:pk>/acknowledge/", views.ReportActionView.as_view(action="acknowledge"), name="acknowledge"),
]
