"""Choices of the district summary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WardStatus(models.TextChoices):
    """Where a ward stands in one summarised period."""

    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")


# Badge colours of a ward's status on pages (Bootstrap contextual names).
WARD_STATUS_COLORS: dict[str, str] = {
    WardStatus.ON_TIME: "success",
    WardStatus.LATE: "warning",
    WardStatus.MISSING: "danger",
}
