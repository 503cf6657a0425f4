from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.CoverageView.as_view(), name="coverage"),
    path("establishments/", views.EstablishmentListView.as_view(), name="establishment_list"),
    path("establishments/new/", views.EstablishmentCreateView.as_view(), name="establishment_create"),
    path("establishments/import/", views.EstablishmentImportView.as_view(), name="establishment_import"),
    path("establishments/import/template.csv", views.ImportTemplateView.as_view(), name="import_template"),
    path("establishments/<int:pk>/", views.EstablishmentDetailView.as_view(), name="establishment_detail"),
    path("establishments/<int:pk>/edit/", views.EstablishmentUpdateView.as_view(), name="establishment_edit"),
    path("establishments/<int:pk>/suggest/", views.EstablishmentSuggestView.as_view(), name="establishment_suggest"),
    path("suggestions/", views.SuggestionListView.as_view(), name="suggestion_list"),
    path(
        "suggestions/<int:pk>/<str:decision>/",
        views.SuggestionDecideView.as_view(),
        name="suggestion_decide",
    ),
    path("due/", views.DueListView.as_view(), name="due"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("teams/", views.TeamListView.as_view(), name="team_list"),
    path("teams/new/", views.TeamFormView.as_view(), name="team_create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team_detail"),
    path("teams/<int:pk>/edit/", views.TeamFormView.as_view(), name="team_edit"),
    path("schedules/new/", views.ScheduleCreateView.as_view(), name="schedule_create"),
    path("schedules/<int:pk>/cancel/", views.ScheduleCancelView.as_view(), name="schedule_cancel"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("records/", views.InspectionListView.as_view(), name="inspection_list"),
    path("record/new/", views.InspectionRecordView.as_view(), name="record_new"),
    path("record/<int:schedule_id>/", views.InspectionRecordView.as_view(), name="record"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("settings/", views.InspectionSettingsView.as_view(), name="settings"),
    path("settings/intervals/<str:category>/", views.RiskIntervalSetView.as_view(), name="risk_interval_set"),
    path("settings/checklist/new/", views.ChecklistItemFormView.as_view(), name="checklist_item_create"),
    path("settings/checklist/<int:pk>/edit/", views.ChecklistItemFormView.as_view(), name="checklist_item_edit"),
    path("disinfection/", views.DisinfectionRoundListView.as_view(), name="disinfection_list"),
    path("disinfection/new/", views.DisinfectionRoundCreateView.as_view(), name="disinfection_create"),
    path("disinfection/<int:pk>/", views.DisinfectionRoundDetailView.as_view(), name="disinfection_detail"),
    path("disinfection/<int:pk>/edit/", views.DisinfectionRoundEditView.as_view(), name="disinfection_edit"),
    path("disinfection/<int:pk>/refresh/", views.DisinfectionRoundRefreshView.as_view(), name="disinfection_refresh"),
    path(
        "disinfection/<int:pk>/sites/<int:target_pk>/mark/",
        views.DisinfectionMarkView.as_view(),
        name="disinfection_mark",
    ),
]
