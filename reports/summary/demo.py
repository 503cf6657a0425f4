"""Demo data of the district summary: the demo month's summaries, compiled at start."""

import datetime

from reports.choices import ReportKind
from reports.models import Report
from reports.periods import period_bounds
from reports.summary.services import summary_compile
from wards.models import District


def load(*, today: datetime.date, password: str, stdout=None) -> None:
    """Compile the daily summaries of the 30 days before today (and today), and the weekly and
    monthly ones of periods that have reports. Compiles are upserts, so running it again is safe."""
    start = today - datetime.timedelta(days=30)
    periods = [(ReportKind.DAILY, start + datetime.timedelta(days=k)) for k in range(31)]
    for kind in (ReportKind.WEEKLY, ReportKind.MONTHLY):
        starts = (
            Report.objects.filter(kind=kind, period_start__gte=period_bounds(kind, start)[0], period_start__lte=today)
            .values_list("period_start", flat=True)
            .distinct()
            .order_by("period_start")
        )
        periods += [(kind, s) for s in starts if s is not None]
    districts = list(District.objects.order_by("pk").values_list("pk", flat=True))
    for district_id in districts:
        for kind, day in periods:
            summary_compile(district_id=district_id, kind=kind, period_start=day)
    if stdout is not None:
        stdout.write(f"  summaries: {len(periods) * len(districts)} compiled\n")
