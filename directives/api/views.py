"""API of the directives app: the registry, tasks and the wards' assignments with their reply and review.

Reads are scoped to the user (``wards.access``); writes call the same services as the pages.
"""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.idempotency import IdempotentPostMixin
from core.permissions import IsAdminOrReadOnly
from directives import selectors, services
from directives.api.serializers import (
    AssignmentSerializer,
    DirectiveSerializer,
    DirectiveTaskSerializer,
    ReplySerializer,
    ReviewSerializer,
)
from directives.filters import AssignmentFilter, DirectiveFilter, TaskFilter
from wards.types import SignedInAPIRequest


class DirectiveViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The registry of documents. Everyone signed in reads and searches (``q``, with or without
    diacritics); administrators add and change documents (a signed file as multipart)."""

    request: SignedInAPIRequest

    serializer_class = DirectiveSerializer
    permission_classes = [IsAdminOrReadOnly]
    filterset_class = DirectiveFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.directives_for_user(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.directive_create(user=self.request.user, **data)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.directive_update(directive=serializer.instance, user=self.request.user, **data)


class DirectiveTaskViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Tasks of documents. Everyone signed in reads; administrators create them, which creates the
    wards' assignments (one per ward and occurrence)."""

    request: SignedInAPIRequest

    serializer_class = DirectiveTaskSerializer
    permission_classes = [IsAdminOrReadOnly]
    filterset_class = TaskFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.tasks_for_user(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.task_create(user=self.request.user, **data)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Each ward's assignments (an officer sees their ward's only). ``POST {id}/reply/`` by the ward
    (multipart with ``evidence`` files, or JSON without them); ``POST {id}/accept/`` and
    ``POST {id}/return/`` by the committee."""

    request: SignedInAPIRequest

    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.assignments_for_user(self.request.user).prefetch_related("evidence")

    def _fresh(self, pk: Any) -> Response:
        return Response(AssignmentSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=ReplySerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: Any = None) -> Response:
        assignment = self.get_object()
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        files = request.FILES.getlist("evidence")
        services.assignment_reply(
            assignment=assignment, user=self.request.user, reply=v["reply"], done_on=v.get("done_on"),
            number=v.get("number"), files=files,
        )  # fmt: skip
        return self._fresh(assignment.pk)

    @extend_schema(request=ReviewSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        assignment = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assignment_accept(
            assignment=assignment, user=self.request.user, comment=data.validated_data["comment"]
        )
        return self._fresh(assignment.pk)

    @extend_schema(request=ReviewSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        assignment = self.get_object()
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assignment_return(
            assignment=assignment, user=self.request.user, comment=data.validated_data["comment"]
        )
        return self._fresh(assignment.pk)
