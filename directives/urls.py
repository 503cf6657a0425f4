from django.urls import path

from directives import views

app_name = "directives"

urlpatterns = [
    path("", views.DirectiveListView.as_view(), name="list"),
    path("<int:pk>/", views.DirectiveDetailView.as_view(), name="detail"),
    path("<int:pk>/file/", views.DirectiveFileView.as_view(), name="file"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("assignments/<int:pk>/", views.AssignmentView.as_view(), name="assignment"),
    path("assignments.csv", views.AssignmentExportView.as_view(), name="export"),
    path("evidence/<int:pk>/", views.EvidenceView.as_view(), name="evidence"),
]
