from auditlog.models import LogEntry
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

ACTIONS = {LogEntry.Action.CREATE: "create", LogEntry.Action.UPDATE: "update", LogEntry.Action.DELETE: "delete"}


class LogEntrySerializer(serializers.ModelSerializer):
    """One audit entry: what happened to which object, who did it, when and from where."""

    action = serializers.SerializerMethodField()
    model = serializers.SerializerMethodField()
    object_id = serializers.CharField(source="object_pk")
    actor = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()
    request_id = serializers.CharField(source="cid", allow_null=True)

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "action",
            "model",
            "object_id",
            "object_repr",
            "actor",
            "actor_id",
            "remote_addr",
            "request_id",
            "changes",
        ]

    # A plain string in the schema: an enum named "action" would clash with the inspections' one.
    @extend_schema_field(OpenApiTypes.STR)
    def get_action(self, obj) -> str:
        """``create``, ``update`` or ``delete``."""
        return ACTIONS.get(obj.action, str(obj.action))

    def get_model(self, obj) -> str:
        """``app_label.modelname``, e.g. ``reports.report``."""
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    def get_actor(self, obj) -> str | None:
        """The acting user's username (kept after the account is deleted); null for the system."""
        if obj.actor_id is not None and obj.actor is not None:
            return obj.actor.get_username()
        data = obj.additional_data if isinstance(obj.additional_data, dict) else {}
        return data.get("actor_username")

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_changes(self, obj) -> dict:
        """Field name → ``[before, after]`` as stored (many-to-many: the objects added/removed)."""
        return obj.changes or {}
