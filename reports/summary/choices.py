"""Choices of the district summary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WardStatus(models.TextChoices):
    """Where a ward stands in one summarised period."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
