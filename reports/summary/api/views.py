"""API of the district summary: summaries (read), "compile now" with its status, and the chart series."""

import datetime
from typing import Any

from celery.result import AsyncResult
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from core.collation import ViCollate
from core.permissions import IsCommitteeOrAdmin
from reports.periods import period_bounds
from reports.summary import selectors, services
from reports.summary.api import serializers as s
from reports.summary.filters import SummaryFilter
from reports.summary.models import DistrictSummary, DistrictSummaryWard


def compile_status(
    *, district_id: int, kind: str, period_start: datetime.date, since: datetime.datetime, task_id: str = ""
) -> dict:
    """Where a "compile now" request stands: SUCCESS once the summary was compiled after ``since``.

    Read from the summary itself, so it works without a result backend and in eager mode;
    the task's own state (STARTED, RETRY, FAILURE) is added when a result backend has it.
    """

    start = period_bounds(kind, period_start)[0]
    row = (
        DistrictSummary.objects.filter(district_id=district_id, kind=kind, period_start=start)
        .values("pk", "compiled_at")
        .first()
    )
    state = "PENDING"
    if row and row["compiled_at"] >= since:
        state = "SUCCESS"
    elif task_id:
        try:
            task_state = AsyncResult(task_id).state
            if task_state in ("STARTED", "RETRY", "FAILURE"):
                state = task_state
        except Exception:  # no result backend, or it is unreachable: the summary tells
            state = "PENDING"
    return {
        "state": state,
        "summary_id": row["pk"] if row else None,
        "summary_url": reverse("summary:detail", args=[row["pk"]]) if row else None,
        "compiled_at": row["compiled_at"] if row else None,
    }


class SummaryViewSet(viewsets.ReadOnlyModelViewSet):
    """District summaries (steering committee and administrators). Filter by district, kind, period.

    The detail carries the totals per indicator, the per-ward lines and completeness.
    """

    permission_classes = [IsCommitteeOrAdmin]
    filterset_class = SummaryFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Any]:
        qs = selectors.summaries_list()
        if self.action == "retrieve":
            qs = DistrictSummary.objects.select_related("district").prefetch_related(
                Prefetch(
                    "ward_rows",
                    queryset=DistrictSummaryWard.objects.select_related("ward").order_by(ViCollate("ward__name")),
                )
            )
        return qs

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return s.SummaryDetailSerializer if self.action == "retrieve" else s.SummaryListSerializer

    @extend_schema(
        request=s.CompileRequestSerializer,
        responses={202: s.CompileAcceptedSerializer, 400: OpenApiResponse(description="Field errors")},
    )
    @action(detail=False, methods=["post"], url_path="compile", filterset_class=None, pagination_class=None)
    def compile(self, request: Request) -> Response:
        """Compile a summary now ("compile now"): 202 with the task id and a status URL to poll."""
        data = s.CompileRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        queued = services.summary_compile_now(
            district_id=v["district"].pk, kind=v["kind"], period_start=v["period_start"]
        )
        query = urlencode(
            {
                "task_id": queued["task_id"],
                "district": queued["district"],
                "kind": queued["kind"],
                "period_start": queued["period_start"].isoformat(),
                "since": queued["requested_at"].isoformat(),
            }
        )
        body = {
            "task_id": queued["task_id"],
            "status_url": f"{reverse('api:summary-compile-status')}?{query}",
            "requested_at": queued["requested_at"],
        }
        return Response(s.CompileAcceptedSerializer(body).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[s.CompileStatusQuerySerializer], responses={200: s.CompileStatusSerializer})
    @action(detail=False, methods=["get"], url_path="compile/status", filterset_class=None, pagination_class=None)
    def compile_status(self, request: Request) -> Response:
        """The state of a "compile now" request and the summary's compile time."""
        query = s.CompileStatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        v = query.validated_data
        body = compile_status(
            district_id=v["district"].pk,
            kind=v["kind"],
            period_start=v["period_start"],
            since=v["since"],
            task_id=v.get("task_id", ""),
        )
        return Response(s.CompileStatusSerializer(body).data)

    @extend_schema(parameters=[s.SeriesQuerySerializer], responses={200: s.SeriesSerializer})
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def series(self, request: Request) -> Response:
        """One indicator per day from the daily summaries: the district total, or one ward's values;
        ``per=100000`` gives rates per 100,000 residents, ``average=7`` adds the 7-day moving average."""
        query = s.SeriesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        v = query.validated_data
        ward = v.get("ward")
        per = v.get("per")
        population = (
            selectors.series_population(district=v["district"], ward=ward, start=v["start"], end=v["end"])
            if per
            else None
        )
        data = selectors.series(
            district=v["district"],
            indicator=v["indicator"],
            start=v["start"],
            end=v["end"],
            ward_id=ward.pk if ward else None,
            average=v.get("average"),
            per=per,
            population=population,
            # Only the average reads the deadline: it leaves out today's partial figures.
            open_from=selectors.day_state().closed_day + datetime.timedelta(days=1) if v.get("average") else None,
        )
        indicator = v["indicator_obj"]
        return Response({**data, "name": indicator.name, "unit": indicator.unit})
