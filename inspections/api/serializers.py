"""API serializers: read shapes, and input serializers whose data goes to the services."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from inspections.choices import (
    DISINFECTION_TARGETS,
    Action,
    Answer,
    Category,
    EstablishmentStatus,
    InspectionReason,
    Result,
)
from inspections.models import (
    ChecklistItem,
    DisinfectionRound,
    DisinfectionTarget,
    Establishment,
    EstablishmentUpdateSuggestion,
    Inspection,
    InspectionSchedule,
    InspectionTeam,
    TeamMember,
)
from inspections.selectors import establishments_for_user, schedules_for_user
from wards.models import Ward


class EstablishmentSerializer(serializers.ModelSerializer):
    ward: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ward_name = serializers.CharField(source="ward.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    last_inspected_on = serializers.DateField(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    next_planned_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Establishment
        fields = [
            "id", "ward", "ward_name", "name", "address", "category", "category_label", "owner_name", "phone",
            "status", "status_label", "workers", "foreign_workers", "notes", "registered_on",
            "last_inspected_on", "due_on", "next_planned_on",
        ]  # fmt: skip


class EstablishmentWriteSerializer(serializers.Serializer):
    """Administrators' create/update input; the service validates the rules."""

    ward = serializers.SlugRelatedField(slug_field="code", queryset=Ward.objects.all(), label=_("Ward"))
    name = serializers.CharField(max_length=200, label=_("Name"))
    address = serializers.CharField(max_length=255, label=_("Address"))
    category = serializers.ChoiceField(choices=Category.choices, label=_("Category"))
    owner_name = serializers.CharField(max_length=120, required=False, allow_blank=True, label=_("Owner/contact"))
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, label=_("Phone"))
    status = serializers.ChoiceField(choices=EstablishmentStatus.choices, required=False, label=_("Status"))
    workers = serializers.IntegerField(min_value=0, required=False, allow_null=True, label=_("Workers"))
    foreign_workers = serializers.IntegerField(min_value=0, required=False, allow_null=True, label=_("Foreign workers"))
    notes = serializers.CharField(required=False, allow_blank=True, label=_("Notes"))


class SuggestionInputSerializer(serializers.Serializer):
    changes = serializers.DictField(
        child=serializers.JSONField(),
        help_text=_("Field → proposed value; fields: %(fields)s.")
        % {"fields": ", ".join(EstablishmentUpdateSuggestion.FIELDS)},
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionSerializer(serializers.ModelSerializer):
    suggested_by: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = EstablishmentUpdateSuggestion
        fields = [
            "id",
            "establishment",
            "suggested_by",
            "changes",
            "note",
            "status",
            "decided_at",
            "decision_note",
            "created_at",
        ]


class TeamMemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True, allow_null=True, default=None)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "username", "display_name", "unit", "phone", "position"]


class InspectionTeamSerializer(serializers.ModelSerializer):
    leader: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    members = TeamMemberSerializer(many=True, read_only=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = InspectionTeam
        fields = ["id", "name", "leader", "daily_capacity", "weekdays", "active", "members"]


class OutsideMemberInputSerializer(serializers.Serializer):
    """An outside member; give ``id`` to keep (and update) an existing one."""

    id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    name = serializers.CharField(max_length=120, label=_("Name"))
    unit = serializers.CharField(max_length=160, label=_("Unit"))
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", label=_("Phone"))


def _active_users():
    return get_user_model().objects.filter(is_active=True)


class TeamWriteSerializer(serializers.Serializer):
    """Administrators' create/update input; the service checks the rules. ``members`` and
    ``outside_members`` replace the lists; the leader is added to the members when missing."""

    name = serializers.CharField(max_length=120, label=_("Name"))
    leader = serializers.SlugRelatedField(
        slug_field="username", queryset=_active_users(), allow_null=True, required=False, label=_("Leader")
    )
    daily_capacity = serializers.IntegerField(
        min_value=-32768, max_value=32767, required=False, default=6, label=_("Visits per day")
    )
    active = serializers.BooleanField(required=False, default=True, label=_("Active"))
    members = serializers.SlugRelatedField(
        slug_field="username",
        queryset=_active_users(),
        many=True,
        required=False,
        source="member_users",
        label=_("Members with a portal account"),
    )
    outside_members = OutsideMemberInputSerializer(many=True, required=False, label=_("Outside members"))


class ScheduleSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    ward = serializers.CharField(source="establishment.ward.code", read_only=True)
    inspection = serializers.SerializerMethodField()

    class Meta:
        model = InspectionSchedule
        fields = [
            "id", "date", "team", "team_name", "establishment", "establishment_name", "ward", "kind", "status",
            "campaign", "follow_up_of", "note", "cancelled_reason", "inspection",
        ]  # fmt: skip

    def get_inspection(self, obj) -> int | None:
        inspection = getattr(obj, "inspection", None)
        return inspection.pk if inspection else None


class ScheduleInputSerializer(serializers.Serializer):
    team = serializers.PrimaryKeyRelatedField(queryset=InspectionTeam.objects.all(), label=_("Team"))
    establishment = serializers.PrimaryKeyRelatedField(queryset=Establishment.objects.all(), label=_("Establishment"))
    date = serializers.DateField(label=_("Date"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class CalendarQuerySerializer(serializers.Serializer):
    """A team calendar's query: ``start`` (default: this week's Monday) and ``days`` (1–62, default 7)."""

    start = serializers.DateField(required=False, help_text=_("First day (default: this week's Monday)."))
    days = serializers.IntegerField(
        required=False, default=7, min_value=1, max_value=62, help_text=_("Number of days, 1–62 (default 7).")
    )


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, label=_("Reason"))


class CampaignInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, label=_("Name"))
    team = serializers.PrimaryKeyRelatedField(queryset=InspectionTeam.objects.all(), label=_("Team"))
    establishments = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.all(), many=True, label=_("Establishments")
    )
    start = serializers.DateField(label=_("First day"))
    end = serializers.DateField(label=_("Last day"))
    per_day = serializers.IntegerField(min_value=1, required=False, allow_null=True, label=_("Visits per day"))


class CampaignResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    schedules = ScheduleSerializer(many=True)


class InspectionSerializer(serializers.ModelSerializer):
    establishment_name = serializers.CharField(source="establishment.name", read_only=True)
    ward = serializers.CharField(source="establishment.ward.code", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    recorded_by: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="username", read_only=True)
    members_present: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    answers = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id", "establishment", "establishment_name", "ward", "team", "team_name", "schedule", "reason",
            "inspected_at", "inspected_on", "members_present", "answers", "findings", "result", "action",
            "fine_amount", "correct_by", "repeat_violation", "follow_ups", "recorded_by", "created_at",
        ]  # fmt: skip

    def get_answers(self, obj) -> dict[str, str]:
        return {a.item.code: a.answer for a in obj.answers.all()}

    def get_follow_ups(self, obj) -> list[dict]:
        return [{"id": s.pk, "date": s.date.isoformat(), "status": s.status} for s in obj.follow_ups.all()]


class InspectionRecordSerializer(serializers.Serializer):
    """Record a visit: give ``schedule``, or ``team`` and ``establishment`` for an unscheduled one."""

    schedule = serializers.PrimaryKeyRelatedField(
        queryset=InspectionSchedule.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(queryset=InspectionTeam.objects.all(), required=False, allow_null=True)
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.all(), required=False, allow_null=True
    )
    reason = serializers.ChoiceField(choices=InspectionReason.choices, required=False, allow_null=True)
    inspected_at = serializers.DateTimeField()
    members_present = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=Answer.choices), help_text=_("Checklist item code → yes / no / na.")
    )
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    result = serializers.ChoiceField(choices=Result.choices)
    action = serializers.ChoiceField(choices=Action.choices, required=False, default=Action.NONE)
    fine_amount = serializers.IntegerField(required=False, allow_null=True, help_text=_("VND; only with a fine."))
    correct_by = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Another ward's schedule or establishment is "not found", never revealed.
            user = request.user
            self.fields["schedule"].queryset = schedules_for_user(user)  # type: ignore[attr-defined]  # a related field
            if not user.sees_whole_district:
                establishment = self.fields["establishment"]
                establishment.queryset = establishments_for_user(user)  # type: ignore[attr-defined]  # a related field


class RiskIntervalSerializer(serializers.Serializer):
    """A category's intervals as the due list uses them (``is_default``: no row saved yet)."""

    category = serializers.ChoiceField(choices=Category.choices, read_only=True)
    category_label = serializers.CharField(read_only=True)
    interval_days = serializers.IntegerField(read_only=True)
    after_violation_days = serializers.IntegerField(read_only=True)
    is_default = serializers.BooleanField(read_only=True)


class RiskIntervalWriteSerializer(serializers.Serializer):
    """Administrators' input; the service checks the rules (1–365 days, after a violation not longer)."""

    interval_days = serializers.IntegerField(
        label=_("Routine interval (days)"), help_text=_("Days from the last inspection to the next one, 1–365.")
    )
    after_violation_days = serializers.IntegerField(
        label=_("After a violation (days)"),
        help_text=_("Used when the last inspection found a violation; not longer than the routine interval."),
    )


class ChecklistItemSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices),
        read_only=True,
        help_text=_("Category codes the item applies to; empty means every category."),
    )

    class Meta:
        model = ChecklistItem
        fields = ["id", "code", "text", "categories", "order", "active"]


class ChecklistItemWriteSerializer(serializers.Serializer):
    """Administrators' create/update input; the service checks the rules. ``code`` is required
    to create an item and may be sent unchanged on an update (it cannot be changed)."""

    code = serializers.CharField(max_length=50, label=_("Code"))
    text = serializers.CharField(max_length=255, label=_("Question"))
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Category.choices),
        required=False,
        default=list,
        label=_("Categories"),
        help_text=_("Category codes the item applies to; empty means every category."),
    )
    order = serializers.IntegerField(
        required=False, label=_("Order"), help_text=_("Items are asked from the smallest number up.")
    )
    active = serializers.BooleanField(required=False, default=True, label=_("Active"))


# ---- Disinfection rounds -----------------------------------------------------------------------------


class DisinfectionCoverageRowSerializer(serializers.Serializer):
    category = serializers.CharField(required=False)
    label = serializers.CharField(required=False)  # type: ignore[assignment]  # the field is called "label"
    ward_id = serializers.IntegerField(required=False)
    ward_name = serializers.CharField(required=False)
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text=_("Whole percent, rounded down; null without sites."))


class DisinfectionCoverageSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    by_category = DisinfectionCoverageRowSerializer(many=True)
    by_ward = DisinfectionCoverageRowSerializer(many=True)


class DisinfectionRoundSerializer(serializers.ModelSerializer):
    """A round with the sites the reader may see counted (a ward officer: their ward's)."""

    sites_total = serializers.IntegerField(read_only=True)
    sites_done = serializers.IntegerField(read_only=True)
    category_labels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = DisinfectionRound
        fields = [
            "id",
            "title",
            "scope",
            "start",
            "end",
            "categories",
            "category_labels",
            "directive_reference",
            "team",
            "sites_total",
            "sites_done",
        ]


class DisinfectionRoundDetailSerializer(DisinfectionRoundSerializer):
    coverage = DisinfectionCoverageSerializer(read_only=True, source="coverage_for_reader")

    class Meta(DisinfectionRoundSerializer.Meta):
        fields = [*DisinfectionRoundSerializer.Meta.fields, "coverage"]


class DisinfectionRoundWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    start = serializers.DateField()
    end = serializers.DateField()
    categories = serializers.ListField(child=serializers.ChoiceField(choices=DISINFECTION_TARGETS), allow_empty=True)
    directive_reference = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(
        queryset=InspectionTeam.objects.filter(active=True), required=False, allow_null=True, default=None
    )


class DisinfectionTargetSerializer(serializers.ModelSerializer):
    """A site of a round: an establishment of the registry or another site, and its marking."""

    name = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    category_label = serializers.CharField(read_only=True)
    ward_name = serializers.CharField(source="ward.name", read_only=True)
    is_done = serializers.BooleanField(read_only=True)

    class Meta:
        model = DisinfectionTarget
        fields = [
            "id",
            "round",
            "ward",
            "ward_name",
            "category",
            "category_label",
            "establishment",
            "site",
            "name",
            "address",
            "is_done",
            "done_on",
            "done_by",
            "product",
            "quantity",
            "unit",
            "marked_at",
        ]


class DisinfectionMarkSerializer(serializers.Serializer):
    site = serializers.IntegerField(help_text=_("The id of the round's site (from the round's sites list)."))
    done_on = serializers.DateField()
    done_by = serializers.CharField(max_length=200)
    product = serializers.CharField(max_length=120)
    quantity = serializers.DecimalField(max_digits=9, decimal_places=2)
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
