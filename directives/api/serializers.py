from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directives.choices import AssignmentState, DocumentKind, Repeat
from directives.models import Assignment, Directive, DirectiveTask, Evidence
from wards.models import Ward


def _one_of(values, description: str) -> dict:
    """A string among ``values``, documented inline (a shared ``kind`` enum would collide in the schema)."""
    return {"type": "string", "pattern": "^(%s)$" % "|".join(values), "description": description}


@extend_schema_field(_one_of(DocumentKind.values, "The kind of document."))
class DocumentKindField(serializers.ChoiceField):
    """The kind of document."""


@extend_schema_field(_one_of(AssignmentState.values, "The state shown: not started, in progress, done, overdue."))
class StateField(serializers.CharField):
    """The assignment's state today."""


class DirectiveSerializer(serializers.ModelSerializer):
    kind = DocumentKindField(choices=DocumentKind.choices)
    file = serializers.FileField(required=False, allow_null=True, write_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Directive
        fields = [
            "id", "number", "kind", "issuer", "signed_on", "year", "effective_on", "title", "summary",
            "supersedes", "file", "has_file",
        ]  # fmt: skip
        read_only_fields = ["year"]
        validators: list = []  # the service checks the number per issuer and year, with a translated message

    def get_has_file(self, obj: Directive) -> bool:
        return bool(obj.file)


class DirectiveTaskSerializer(serializers.ModelSerializer):
    repeat = serializers.ChoiceField(choices=Repeat.choices, default=Repeat.NONE)
    wards = serializers.PrimaryKeyRelatedField(queryset=Ward.objects.all(), many=True, required=False)

    class Meta:
        model = DirectiveTask
        fields = [
            "id", "directive", "title", "details", "due_on", "repeat", "weekday", "repeat_until", "all_wards",
            "wards", "number_label",
        ]  # fmt: skip
        validators: list = []


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "content_type", "size", "uploaded_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    state = StateField(read_only=True)
    ward_code = serializers.CharField(source="ward.code", read_only=True)
    directive = serializers.IntegerField(source="task.directive_id", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id", "task", "directive", "ward", "ward_code", "due_on", "status", "state", "reply", "done_on",
            "number", "replied_at", "review_comment", "reviewed_at", "version", "evidence",
        ]  # fmt: skip
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=4000)
    done_on = serializers.DateField(required=False, allow_null=True)
    number = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, help_text=_("Photos (JPEG, PNG, WebP) or PDFs; up to 5.")
    )


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
