"""API routes of this app, registered on the project's single router (config/api_router.py)."""

from supplies.api.views import StockMovementViewSet, StockTransferViewSet, StockViewSet, SupplyItemViewSet


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("supply-items", SupplyItemViewSet, basename="supply-item")
    router.register("stock", StockViewSet, basename="stock")
    router.register("stock-movements", StockMovementViewSet, basename="stock-movement")
    router.register("stock-transfers", StockTransferViewSet, basename="stock-transfer")
