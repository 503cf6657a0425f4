"""API of the reports app. Reads are scoped viewsets; every write calls the same service as the pages."""

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api_errors import error_body
from core.idempotency import IdempotentPostMixin
from reports import services
from reports.api import serializers as s
from reports.choices import ReportKind
from reports.errors import VALUE_ERRORS
from reports.filters import NotificationFilter, ReportFilter
from reports.models import Indicator, Notification, Report, ReportDeadline, ReportReview
from reports.selectors import notifications_for, reports_for_user, unread_notifications_count
from wards.access import get_for_user_or_404
from wards.types import SignedInAPIRequest


class IndicatorFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=[(k.value, k.label) for k in (ReportKind.DAILY, ReportKind.WEEKLY, ReportKind.MONTHLY)],
        method="filter_kind",
        label="kind",
    )

    class Meta:
        model = Indicator
        fields = ["kind", "group", "active"]

    def filter_kind(self, queryset: QuerySet[Indicator], name: str, value: str) -> QuerySet[Indicator]:
        return queryset.filter(**{f"in_{value}": True})


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue (administrators edit it in the admin). Filter by kind, group, active."""

    request: SignedInAPIRequest

    serializer_class = s.IndicatorSerializer
    queryset = Indicator.objects.select_related("must_not_exceed").order_by("group", "order", "code")
    filterset_class = IndicatorFilter
    lookup_field = "code"


class ReportDeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Report deadlines per kind (administrators edit them in the admin)."""

    request: SignedInAPIRequest

    serializer_class = s.ReportDeadlineSerializer
    queryset = ReportDeadline.objects.order_by("kind")
    lookup_field = "kind"


ERRORS = {400: OpenApiResponse(description="Field errors"), 403: OpenApiResponse(description="Not allowed")}


@extend_schema_view(
    create=extend_schema(request=s.ReportCreateSerializer, responses={201: s.ReportSerializer, **ERRORS}),
    partial_update=extend_schema(
        request=s.ReportUpdateSerializer, responses={200: s.ReportSerializer, 409: s.ConflictSerializer, **ERRORS}
    ),
)
class ReportViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reports the user may see. Officers create and edit drafts of their ward; the committee reviews.

    Values travel as ``{"indicator_code": value}``; ``null`` clears a value (not reported),
    ``0`` is a real value. Updates (PATCH) must send the ``version`` they read.
    """

    request: SignedInAPIRequest

    serializer_class = s.ReportSerializer
    filterset_class = ReportFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = r"\d+"

    service_errors_nested = VALUE_ERRORS  # values' errors under "values", keyed by indicator code

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, services.StaleReportError):
            # 409 with the field errors and the version the server holds now, to reload and retry.
            pk = self.kwargs.get("pk")
            current = Report.objects.filter(pk=pk).values_list("version", flat=True).first() if pk else None
            body = {**error_body(exc, nested=self.service_errors_nested), "current_version": current}
            return Response(body, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def get_queryset(self) -> QuerySet[Any]:
        return (
            reports_for_user(self.request.user)
            .prefetch_related(
                "values__indicator", Prefetch("reviews", queryset=ReportReview.objects.select_related("user"))
            )
            .order_by("-period_start", "-created_at", "-pk")
        )

    def get_object(self) -> Any:
        return get_for_user_or_404(self.get_queryset(), self.request.user, "ward", pk=self.kwargs["pk"])

    def _out(self, report: Report, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = s.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        ward = fields.pop("ward", None) or self.request.user.ward
        if ward is None:
            raise DRFValidationError({"ward": ["This field is required."]})
        report = services.report_create(user=self.request.user, ward=ward, **fields)
        return self._out(report, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        data = s.ReportUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_update(report=report, user=self.request.user, **data.validated_data)
        return self._out(report)

    @extend_schema(
        request=s.VersionSerializer, responses={200: s.ReportSerializer, 409: s.ConflictSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Submit a draft or a returned report (ward officers of the report's ward)."""
        data = s.VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_submit(
            report=self.get_object(),
            user=self.request.user,
            version=data.validated_data.get("version"),
        )
        return self._out(report)

    @extend_schema(
        request=s.ApproveSerializer, responses={200: s.ReportSerializer, 409: s.ConflictSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """Approve a submitted report (steering committee, administrators)."""
        data = s.ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_approve(report=self.get_object(), user=self.request.user, **data.validated_data)
        return self._out(report)

    @extend_schema(request=s.ReturnSerializer, responses={200: s.ReportSerializer, 409: s.ConflictSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        """Return a submitted report to the ward with a comment and comments per field."""
        data = s.ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(report=self.get_object(), user=self.request.user, **data.validated_data)
        return self._out(report)

    @extend_schema(request=None, responses={200: s.ReportSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        """Acknowledge an urgent report (steering committee, administrators)."""
        report = services.report_acknowledge(report=self.get_object(), user=self.request.user)
        return self._out(report)


NOT_YOURS = {404: OpenApiResponse(description="No notification of yours has this id")}


@extend_schema_view(retrieve=extend_schema(responses={200: s.NotificationSerializer, **NOT_YOURS}))
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own in-app notifications (whatever the role: never anyone else's), newest first.

    Filter with ``?unread=1`` (unread only) or ``?unread=0`` (read only) and ``?kind=``. Marking
    read calls the same service as the notifications page, so the page's badge follows.
    """

    request: SignedInAPIRequest

    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notification.objects.none()
        return notifications_for(self.request.user)

    def get_object(self) -> Any:
        # Not through the filters: ``?unread=1`` on a read notification's URL still finds it.
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(request=None, responses={200: s.NotificationSerializer, **NOT_YOURS})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        """Mark one of your notifications read; marking it again keeps its first ``read_at``."""
        notification = self.get_object()
        services.notifications_mark_read(user=self.request.user, ids=[notification.pk])
        notification.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: s.MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark all your unread notifications read (one UPDATE); answers how many were marked."""
        return Response({"marked": services.notifications_mark_read(user=self.request.user)})

    @extend_schema(responses={200: s.UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", filter_backends=[], pagination_class=None)
    def unread_count(self, request: Request) -> Response:
        """The number of your unread notifications (the badge in the menu)."""
        return Response({"unread": unread_notifications_count(request.user)})
