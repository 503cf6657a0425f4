"""API of the supplies app: items, balances, the ledger and transfers.

Reads are scoped to the user; writes call the same services as the pages.
"""

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.idempotency import IdempotentPostMixin
from core.permissions import IsAdminOrReadOnly
from supplies import selectors, services
from supplies.api.serializers import (
    AcknowledgeSerializer,
    MovementCreateSerializer,
    ReverseSerializer,
    StockBalanceSerializer,
    StockMovementSerializer,
    SupplyItemSerializer,
    TransferSerializer,
)
from supplies.choices import MovementKind
from supplies.filters import BalanceFilter, MovementFilter, TransferFilter
from supplies.models import StockMovement, SupplyItem, Transfer
from wards.access import get_for_user_or_404
from wards.types import SignedInAPIRequest


class SupplyItemViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Supply items. Everyone signed in reads; administrators create and change (items are
    never deleted: set ``is_active`` to false)."""

    request: SignedInAPIRequest

    queryset = SupplyItem.objects.order_by("code")
    serializer_class = SupplyItemSerializer
    permission_classes = [IsAdminOrReadOnly]
    filterset_fields = ["code", "unit", "is_active"]


class StockViewSet(viewsets.ReadOnlyModelViewSet):
    """Balances per holder and item with minimum level, low-stock flag and days of cover
    (an officer sees their ward's store only)."""

    request: SignedInAPIRequest

    serializer_class = StockBalanceSerializer
    filterset_class = BalanceFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.balances_for_user(self.request.user)


class StockMovementViewSet(
    IdempotentPostMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The stock ledger (append-only). ``POST`` records a movement through the same services
    as the pages, chosen by ``kind``; ``POST {id}/reverse/`` corrects one (administrators)."""

    request: SignedInAPIRequest

    serializer_class = StockMovementSerializer
    filterset_class = MovementFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.ledger_for_user(self.request.user).select_related(
            "sent_transfer", "received_transfer", "reversal"
        )

    def _transfer(self, pk: Any) -> Transfer:
        """The transfer to acknowledge: only the receiving ward (or an administrator) finds it."""
        return get_for_user_or_404(Transfer.objects.all(), self.request.user, "to_holder__ward", pk=pk)

    @extend_schema(request=MovementCreateSerializer, responses={201: StockMovementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = MovementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = self.request.user
        kind = v["kind"]
        if kind == MovementKind.RECEIPT:
            movement = services.stock_receive(
                item=v["item"], holder=v["holder"], quantity=v["quantity"], user=user, source=v["source"],
                batch=v.get("batch", ""), expiry_date=v.get("expiry_date"), note=v.get("reason", ""),
            )  # fmt: skip
        elif kind == MovementKind.TRANSFER_OUT:
            movement = services.stock_transfer(
                item=v["item"], to_holder=v["to_holder"], quantity=v["quantity"], user=user,
                batch=v.get("batch", ""), expiry_date=v.get("expiry_date"), note=v.get("reason", ""),
            ).sent_movement  # fmt: skip
        elif kind == MovementKind.TRANSFER_RECEIPT:
            received = services.transfer_acknowledge(
                transfer=self._transfer(v["transfer"]),
                quantity_received=v["quantity_received"],
                user=user,
                note=v.get("reason", ""),
            )
            movement = cast(StockMovement, received)  # at least one unit arrived (validated above)
        elif kind == MovementKind.DISTRIBUTION:
            movement = services.stock_distribute(
                item=v["item"], holder=v["holder"], quantity=v["quantity"], recipient_type=v["recipient_type"],
                recipient=v["recipient"], people_reached=v["people_reached"], user=user,
                note=v.get("reason", ""),
            )  # fmt: skip
        elif kind == MovementKind.ADJUSTMENT:
            movement = services.stock_adjust(
                item=v["item"], holder=v["holder"], quantity=v["quantity"], reason=v["reason"], user=user
            )
        else:
            movement = services.stock_return(
                item=v["item"], holder=v["holder"], quantity=v["quantity"], user=user, note=v["reason"]
            ).sent_movement
        movement = self.get_queryset().get(pk=movement.pk)
        return Response(StockMovementSerializer(movement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReverseSerializer, responses={201: StockMovementSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: Any = None) -> Response:
        movement = self.get_object()
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.movement_reverse(
            movement=movement, user=self.request.user, reason=data.validated_data["reason"]
        )
        return Response(
            StockMovementSerializer(self.get_queryset().get(pk=reversal.pk)).data, status=status.HTTP_201_CREATED
        )


class StockTransferViewSet(IdempotentPostMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers district → ward and returns ward → district; ``POST {id}/acknowledge/`` by the receiver."""

    request: SignedInAPIRequest

    serializer_class = TransferSerializer
    filterset_class = TransferFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.transfers_for_user(self.request.user)

    @extend_schema(request=AcknowledgeSerializer, responses={200: TransferSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.transfer_acknowledge(
            transfer=transfer,
            quantity_received=data.validated_data["quantity_received"],
            user=self.request.user,
            note=data.validated_data["note"],
        )
        return Response(TransferSerializer(self.get_queryset().get(pk=transfer.pk)).data)
