from django.urls import path

from supplies import views

app_name = "supplies"

urlpatterns = [
    path("", views.index, name="index"),
    path("stock/", views.StockView.as_view(), name="stock"),
    path("stock.<str:fmt>", views.StockExportView.as_view(), name="stock-export"),
    path("items/<int:pk>/card/", views.StockCardView.as_view(), name="card"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger.<str:fmt>", views.LedgerExportView.as_view(), name="ledger-export"),
    path("movements/<int:pk>/", views.MovementDetailView.as_view(), name="movement"),
    path("movements/<int:pk>/reverse/", views.MovementReverseView.as_view(), name="reverse"),
    path("receive/", views.ReceiveView.as_view(), name="receive"),
    path("transfer/", views.TransferView.as_view(), name="transfer"),
    path("transfers/", views.TransferListView.as_view(), name="transfers"),
    path("transfers/<int:pk>/acknowledge/", views.AcknowledgeView.as_view(), name="acknowledge"),
    path("distribute/", views.DistributeView.as_view(), name="distribute"),
    path("adjust/", views.AdjustView.as_view(), name="adjust"),
    path("return/", views.ReturnView.as_view(), name="return"),
    path("distributions/", views.DistributionTotalsView.as_view(), name="distributions"),
]
