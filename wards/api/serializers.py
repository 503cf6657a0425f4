from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wards.models import Ward, WardCommittee, WardLeader


class WardCommitteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = WardCommittee
        fields = ["head_name", "deputy_name", "phone", "established_on", "plan_reference", "has_plan"]


class WardLeaderSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = WardLeader
        fields = ["id", "role", "role_label", "name", "title", "phone", "email", "started_on", "ended_on", "is_current"]


class WardSerializer(serializers.ModelSerializer):
    district: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    committee = WardCommitteeSerializer(read_only=True)
    leaders = WardLeaderSerializer(many=True, read_only=True, help_text=_("Current and past leaders in charge."))

    class Meta:
        model = Ward
        fields = [
            "id",
            "code",
            "name",
            "district",
            "district_name",
            "population",
            "active_from",
            "active_until",
            "committee",
            "leaders",
        ]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("Username"))
    password = serializers.CharField(label=_("Password"), style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs):
        user = authenticate(self.context.get("request"), username=attrs["username"], password=attrs["password"])
        if user is None or not user.is_active:
            # Never say which part was wrong.
            raise serializers.ValidationError(_("The username or password is not correct."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
