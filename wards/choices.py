from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user is in the district's prevention work; decides what they see and do."""

    WARD_OFFICER = "ward_officer", _("Ward officer")
    COMMITTEE = "committee", _("District steering committee")
    ADMIN = "admin", _("District administrator")
    LEADER = "leader", _("Leader in charge of a ward (read only)")


class LeaderRole(models.TextChoices):
    """What a leader assigned to a ward is there for (at most one current leader per ward and role)."""

    IN_CHARGE = "in_charge", _("Standing-board member in charge")
    DEPUTY = "deputy", _("Deputy in charge")
    LIAISON = "liaison", _("Liaison officer")
