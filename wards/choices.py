from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user is in the district's prevention work; decides what they see and do."""

    WARD_OFFICER = "ward_officer", _("Ward officer")
    COMMITTEE = "committee", _("District steering committee")
    ADMIN = "admin", _("District administrator")
