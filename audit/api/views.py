from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from audit.api.serializers import LogEntrySerializer
from audit.filters import LogEntryFilter
from audit.selectors import entries
from core.permissions import IsCommitteeOrAdmin


class LogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, newest first (committee and administrators; read only).

    Filters: ``model`` (``app_label.modelname``, e.g. ``reports.report``), ``object_id``,
    ``user`` (part of a username or name), ``action`` (0 create, 1 update, 2 delete),
    ``date_from`` / ``date_to`` (dates, inclusive), ``q`` (text in the changes or the object's name).
    """

    serializer_class = LogEntrySerializer
    permission_classes = [IsCommitteeOrAdmin]
    filterset_class = LogEntryFilter

    def get_queryset(self) -> QuerySet[Any]:
        return entries()
