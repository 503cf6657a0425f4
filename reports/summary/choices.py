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


class EpidemicLevel(models.IntegerChoices):
    """A ward's epidemic level (cấp độ dịch), 1 to 4, named by its colour as the Ministry's guidance does."""

    GREEN = 1, _("Level 1 (green)")
    YELLOW = 2, _("Level 2 (yellow)")
    ORANGE = 3, _("Level 3 (orange)")
    RED = 4, _("Level 4 (red)")


# Each level's fill and the text colour on it (contrast ≥ 4.5:1 both ways): the badge, the map, the PDF.
LEVEL_COLORS: dict[int, tuple[str, str]] = {
    EpidemicLevel.GREEN: ("#146c43", "#ffffff"),
    EpidemicLevel.YELLOW: ("#ffc107", "#000000"),
    EpidemicLevel.ORANGE: ("#fd7e14", "#000000"),
    EpidemicLevel.RED: ("#b02a37", "#ffffff"),
}
# A ward whose level is unknown (no population, or nothing compiled yet).
NO_LEVEL_COLORS = ("#e9ecef", "#212529")
