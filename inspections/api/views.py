"""API of the inspections app: scoped read ViewSets and action endpoints calling the services."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.collation import ViCollate
from core.idempotency import IdempotentPostMixin
from core.permissions import IsAdminOrReadOnly
from inspections import services
from inspections.api.serializers import (
    CalendarQuerySerializer,
    CampaignInputSerializer,
    CampaignResultSerializer,
    CancelInputSerializer,
    ChecklistItemSerializer,
    ChecklistItemWriteSerializer,
    DisinfectionMarkSerializer,
    DisinfectionRoundDetailSerializer,
    DisinfectionRoundSerializer,
    DisinfectionRoundWriteSerializer,
    DisinfectionTargetSerializer,
    EstablishmentSerializer,
    EstablishmentWriteSerializer,
    InspectionRecordSerializer,
    InspectionSerializer,
    InspectionTeamSerializer,
    RiskIntervalSerializer,
    RiskIntervalWriteSerializer,
    ScheduleInputSerializer,
    ScheduleSerializer,
    SuggestionInputSerializer,
    SuggestionSerializer,
    TeamWriteSerializer,
)
from inspections.choices import Category
from inspections.filters import EstablishmentFilter, InspectionFilter, ScheduleFilter
from inspections.models import (
    ChecklistAnswer,
    DisinfectionRound,
    Establishment,
    InspectionSchedule,
    InspectionTeam,
    TeamMember,
)
from inspections.selectors import (
    checklist_items,
    disinfection_coverage,
    disinfection_rounds_for_user,
    disinfection_targets_for_user,
    establishments_for_user,
    inspections_for_user,
    interval_row,
    interval_rows,
    next_checklist_order,
    schedules_for_user,
    with_due,
)
from wards.types import SignedInAPIRequest


class EstablishmentViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Establishments with their last inspection, next due date and next planned visit.

    Everyone signed in reads (a ward officer: their ward); administrators create and update;
    a ward officer suggests an update with ``POST {id}/suggest-update/``.
    """

    request: SignedInAPIRequest

    serializer_class = EstablishmentSerializer
    filterset_class = EstablishmentFilter
    permission_classes = [IsAdminOrReadOnly]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "suggest_update":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database reads
            return Establishment.objects.none()
        return with_due(establishments_for_user(self.request.user)).order_by(
            ViCollate("ward__name"), ViCollate("name"), "pk"
        )

    def _respond(self, establishment: Establishment, code: int) -> Response:
        obj = self.get_queryset().get(pk=establishment.pk)
        return Response(EstablishmentSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=EstablishmentWriteSerializer, responses={201: EstablishmentSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EstablishmentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        est = services.establishment_create(user=self.request.user, data=data.validated_data)
        return self._respond(est, status.HTTP_201_CREATED)

    @extend_schema(request=EstablishmentWriteSerializer, responses={200: EstablishmentSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        est = self.get_object()
        partial = kwargs.get("partial", False)
        data = EstablishmentWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        est = services.establishment_update(user=self.request.user, establishment=est, data=data.validated_data)
        return self._respond(est, status.HTTP_200_OK)

    @extend_schema(request=SuggestionInputSerializer, responses={201: SuggestionSerializer})
    @action(detail=True, methods=["post"], url_path="suggest-update")
    def suggest_update(self, request: Request, pk: Any = None) -> Response:
        est = self.get_object()
        data = SuggestionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        suggestion = services.suggestion_create(
            user=self.request.user,
            establishment=est,
            changes=data.validated_data["changes"],
            note=data.validated_data["note"],
        )
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)


class InspectionTeamViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Inspection teams with their members; ``{id}/calendar/`` lists a team's visits.

    Everyone signed in reads; administrators create (``POST``) and change (``PUT``/``PATCH``)
    teams through the same service as the team pages."""

    request: SignedInAPIRequest

    serializer_class = InspectionTeamSerializer
    filterset_fields = ["active"]
    permission_classes = [IsAdminOrReadOnly]

    def _respond(self, team: InspectionTeam, code: int) -> Response:
        obj = self.get_queryset().get(pk=team.pk)
        return Response(InspectionTeamSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @staticmethod
    def _data(validated: dict) -> dict:
        data = dict(validated)
        if "outside_members" in data:
            data["outside_members"] = [dict(row) for row in data["outside_members"]]
        return data

    @extend_schema(request=TeamWriteSerializer, responses={201: InspectionTeamSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TeamWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = services.team_create(user=request.user, data=self._data(data.validated_data))
        return self._respond(team, status.HTTP_201_CREATED)

    @extend_schema(request=TeamWriteSerializer, responses={200: InspectionTeamSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        team = self.get_object()
        data = TeamWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        team = services.team_update(user=request.user, team=team, data=self._data(data.validated_data))
        return self._respond(team, status.HTTP_200_OK)

    @extend_schema(request=TeamWriteSerializer, responses={200: InspectionTeamSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        members = TeamMember.objects.select_related("user").order_by("pk")
        return InspectionTeam.objects.select_related("leader").prefetch_related(Prefetch("members", queryset=members))

    @extend_schema(parameters=[CalendarQuerySerializer], responses={200: ScheduleSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def calendar(self, request: Request, pk: Any = None) -> Response:
        """The team's planned visits from ``start`` for ``days`` days: a plain list, not paginated."""
        team = self.get_object()
        query = CalendarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, days = query.validated_data.get("start"), query.validated_data["days"]
        today = timezone.localdate()
        start = start or today - datetime.timedelta(days=today.weekday())
        qs = (
            schedules_for_user(request.user)
            .filter(team=team, date__range=(start, start + datetime.timedelta(days=days - 1)))
            .order_by("date", ViCollate("establishment__name"))
        )
        return Response(ScheduleSerializer(qs, many=True).data)


class ScheduleViewSet(IdempotentPostMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Planned visits. Administrators plan (``POST``), cancel (``{id}/cancel/``) and plan
    campaigns (``campaign/``); team members and officers (their ward) read."""

    request: SignedInAPIRequest

    serializer_class = ScheduleSerializer
    filterset_class = ScheduleFilter
    permission_classes = [IsAdminOrReadOnly]

    def get_queryset(self) -> QuerySet[Any]:
        return schedules_for_user(self.request.user).order_by("date", ViCollate("team__name"), "pk")

    @extend_schema(request=ScheduleInputSerializer, responses={201: ScheduleSerializer})
    def create(self, request: Request) -> Response:
        data = ScheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.schedule_create(user=request.user, **data.validated_data)
        return Response(ScheduleSerializer(schedule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CancelInputSerializer, responses={200: ScheduleSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        schedule = self.get_object()
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.schedule_cancel(user=request.user, schedule=schedule, reason=data.validated_data["reason"])
        return Response(ScheduleSerializer(schedule).data)

    @extend_schema(request=CampaignInputSerializer, responses={201: CampaignResultSerializer})
    @action(detail=False, methods=["post"])
    def campaign(self, request: Request) -> Response:
        data = CampaignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_create(user=request.user, **data.validated_data)
        schedules = InspectionSchedule.objects.filter(campaign=campaign).select_related("team", "establishment__ward")
        body = {
            "id": campaign.pk,
            "name": campaign.name,
            "schedules": ScheduleSerializer(schedules.order_by("date", "pk"), many=True).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class InspectionViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Inspection records (filters: ward, category, establishment, team, result, action, reason,
    repeat_violation, date_from, date_to). ``POST`` records a visit through the same service as
    the phone form: team members and administrators only."""

    request: SignedInAPIRequest

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter

    def get_queryset(self) -> QuerySet[Any]:
        answers = ChecklistAnswer.objects.select_related("item")
        return (
            inspections_for_user(self.request.user)
            .prefetch_related(Prefetch("answers", queryset=answers), "members_present", "follow_ups")
            .order_by("-inspected_at", "-pk")
        )

    @extend_schema(request=InspectionRecordSerializer, responses={201: InspectionSerializer})
    def create(self, request: Request) -> Response:
        data = InspectionRecordSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        inspection = services.inspection_record(user=self.request.user, **values)
        obj = get_object_or_404(self.get_queryset(), pk=inspection.pk)
        return Response(InspectionSerializer(obj).data, status=status.HTTP_201_CREATED)


CATEGORY_PATH = OpenApiParameter(
    "category", str, OpenApiParameter.PATH, enum=Category.values, description="A category code"
)


@extend_schema_view(
    list=extend_schema(responses=RiskIntervalSerializer(many=True)),
    retrieve=extend_schema(parameters=[CATEGORY_PATH], responses=RiskIntervalSerializer),
    update=extend_schema(
        parameters=[CATEGORY_PATH], request=RiskIntervalWriteSerializer, responses=RiskIntervalSerializer
    ),
)
class RiskIntervalViewSet(viewsets.GenericViewSet):
    """Days between routine inspections of each category, and the shorter interval after a
    violation, as the due list uses them: every category is listed, with ``is_default`` when it
    has no saved row. Everyone signed in reads; administrators set a category's intervals with
    ``PUT {category}/`` (created or replaced)."""

    request: SignedInAPIRequest

    serializer_class = RiskIntervalSerializer
    permission_classes = [IsAdminOrReadOnly]
    filter_backends: list = []  # a fixed list of categories, not a queryset
    lookup_field = "category"

    def _row(self, category: str) -> dict:
        row = interval_row(category)
        if row is None:
            raise Http404
        return row

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(interval_rows())
        return self.get_paginated_response(RiskIntervalSerializer(page, many=True).data)

    def retrieve(self, request: Request, category: str) -> Response:
        return Response(RiskIntervalSerializer(self._row(category)).data)

    def update(self, request: Request, category: str) -> Response:
        self._row(category)
        data = RiskIntervalWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.risk_interval_set(user=self.request.user, category=category, **data.validated_data)
        return Response(RiskIntervalSerializer(self._row(category)).data)


class ChecklistItemViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The inspection checklist, active and inactive items in the order they are asked
    (filter ``?active=true|false``). Everyone signed in reads; administrators add (``POST``) and
    change (``PUT``/``PATCH``) items through the same services as the settings pages. Items are
    never deleted (deactivate them); the code cannot be changed once created."""

    request: SignedInAPIRequest

    serializer_class = ChecklistItemSerializer
    filterset_fields = ["active"]
    permission_classes = [IsAdminOrReadOnly]

    def get_queryset(self) -> QuerySet[Any]:
        return checklist_items()

    @extend_schema(request=ChecklistItemWriteSerializer, responses={201: ChecklistItemSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ChecklistItemWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.setdefault("order", next_checklist_order())
        item = services.checklist_item_create(user=self.request.user, **values)
        return Response(ChecklistItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChecklistItemWriteSerializer, responses={200: ChecklistItemSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        data = ChecklistItemWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = {
            "text": item.text,
            "categories": item.categories,
            "order": item.order,
            "active": item.active,
            **data.validated_data,
        }
        item = services.checklist_item_update(user=self.request.user, item=item, **values)
        return Response(ChecklistItemSerializer(item).data)


@extend_schema_view(
    list=extend_schema(summary="Disinfection rounds"),
    retrieve=extend_schema(summary="A disinfection round with its coverage per category and ward"),
)
class DisinfectionRoundViewSet(
    IdempotentPostMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Disinfection rounds. Everyone signed in reads (counts and coverage: a ward officer's ward);
    administrators create rounds (``POST``) and correct them (``PUT``/``PATCH``); ``{id}/sites/`` lists the round's sites (a ward
    officer: their ward's) and ``POST {id}/mark/`` marks one done (a ward officer: their ward's
    sites; the round's team: any)."""

    request: SignedInAPIRequest

    serializer_class = DisinfectionRoundSerializer
    permission_classes = [IsAdminOrReadOnly]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "mark":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no database reads
            return DisinfectionRound.objects.none()
        return disinfection_rounds_for_user(self.request.user)

    def get_serializer_class(self) -> Any:
        return DisinfectionRoundDetailSerializer if self.action == "retrieve" else DisinfectionRoundSerializer

    def get_object(self) -> Any:
        round_ = super().get_object()
        if self.action == "retrieve":
            round_.coverage_for_reader = disinfection_coverage(self.request.user, round_)
        return round_

    def _respond(self, round_: DisinfectionRound, code: int) -> Response:
        obj = self.get_queryset().get(pk=round_.pk)
        obj.coverage_for_reader = disinfection_coverage(self.request.user, obj)
        return Response(DisinfectionRoundDetailSerializer(obj).data, status=code)

    @extend_schema(request=DisinfectionRoundWriteSerializer, responses={201: DisinfectionRoundDetailSerializer})
    def create(self, request: Request) -> Response:
        data = DisinfectionRoundWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        round_ = services.round_create(user=self.request.user, data=data.validated_data)
        return self._respond(round_, status.HTTP_201_CREATED)

    @extend_schema(request=DisinfectionRoundWriteSerializer, responses={200: DisinfectionRoundDetailSerializer})
    def update(self, request: Request, pk: Any = None, partial: bool = False) -> Response:
        """Administrators correct a round (``PUT`` all fields, ``PATCH`` some): sites already marked
        done keep the round's days and categories (``services.round_update``)."""
        round_ = self.get_object()
        data = DisinfectionRoundWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        round_ = services.round_update(user=self.request.user, round_=round_, data=data.validated_data)
        return self._respond(round_, status.HTTP_200_OK)

    @extend_schema(request=DisinfectionRoundWriteSerializer, responses={200: DisinfectionRoundDetailSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={200: DisinfectionTargetSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[])
    def sites(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        targets = disinfection_targets_for_user(self.request.user, round_)
        state = request.query_params.get("state")
        if state not in (None, "", "pending", "done"):
            raise ValidationError({"state": [_("Use pending or done.")]})
        if state:
            targets = targets.filter(done_on__isnull=state == "pending")
        page = self.paginate_queryset(targets)
        rows = DisinfectionTargetSerializer(page if page is not None else targets, many=True).data
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    @extend_schema(request=DisinfectionMarkSerializer, responses={200: DisinfectionTargetSerializer})
    @action(detail=True, methods=["post"])
    def mark(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        data = DisinfectionMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        target = services.target_mark_done(
            user=self.request.user, round_=round_, target_id=fields.pop("site"), data=fields
        )
        target = disinfection_targets_for_user(self.request.user, round_).get(pk=target.pk)
        return Response(DisinfectionTargetSerializer(target).data)
