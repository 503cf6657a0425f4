"""Benchmark of the morning brief (issue 14 #2): compile the closed day and render its PDF (prints figures; not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/morning_brief.py --wards 15
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/morning_brief.py --wards 200

Runs in a scratch PostgreSQL database like ``summary_bench.py`` (whose set-up, fill and timing it
reuses): the district topped up to --wards wards with --days days of daily reports, two urgent
reports on the closed day (one acknowledged), stock with distributions in 15 ward stores, and the
days before the closed one compiled (as the beat compiles them each evening). It then measures,
median of --repeat runs:

1. the brief's content (``reports.summary.brief.brief_content``: the closed day's summary
   compiled, the day before and the same day last week read, urgent reports, inspections, the
   supplies under the threshold);
2. its PDF (``reports.summary.pdf.brief_pdf``);
3. both together, against the targets: under 2 s for 15 wards, under 10 s for 200.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import summary_bench  # noqa: E402 (after the path is set)

TARGETS_S = {15: 2.0, 200: 10.0}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wards", type=int, default=15)
    parser.add_argument("--days", type=int, default=8, help="days of reports up to the closed day (8: a week back)")
    parser.add_argument("--repeat", type=int, default=5, help="runs measured (median)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def _timed(fn, n: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _stock(district, wards, admin) -> None:
    """Stock in the district store and 15 ward stores, with distributions over the last two weeks."""
    from supplies import services as supply_services
    from supplies.choices import RecipientType
    from supplies.models import SupplyItem
    from supplies.seed import load_items

    masks = load_items(SupplyItem)["mask-medical"]
    supply_services.stock_receive(
        item=masks, holder=supply_services.district_store(district), quantity=100_000, user=admin, source="Sở Y tế"
    )
    for n, ward in enumerate(wards[:15]):
        store = supply_services.holder_for_ward(ward)
        supply_services.stock_receive(item=masks, holder=store, quantity=2_000, user=admin, source="Sở Y tế")
        supply_services.stock_distribute(
            item=masks, holder=store, quantity=200 + 100 * n, recipient_type=RecipientType.RESIDENTIAL_GROUP,
            recipient=f"Tổ dân phố {n}", people_reached=50, user=admin,
        )  # fmt: skip


def _urgent(ward, officer, committee, day) -> None:
    from django.utils import timezone

    from reports import services as report_services
    from reports.choices import ReportKind, Severity

    for n in range(2):
        report = report_services.report_create(
            user=officer, ward=ward, kind=ReportKind.URGENT, title=f"Ổ dịch số {n + 1}", severity=Severity.CRITICAL,
            occurred_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + n))),
            description="Nhiều người sốt",
        )  # fmt: skip
        report = report_services.report_submit(report=report, user=officer)
        if n == 0:
            report_services.report_acknowledge(report=report, user=committee)


def run(args) -> None:
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from reports.choices import ReportKind
    from reports.summary.brief import brief_content
    from reports.summary.models import MorningBrief
    from reports.summary.pdf import brief_pdf
    from reports.summary.services import summary_compile
    from wards.choices import Role
    from wards.models import District

    print(f"== morning brief, {args.wards} wards (PostgreSQL {connection.pg_version // 10000})")
    closed = timezone.localdate() - datetime.timedelta(days=1)
    district = District.objects.default()
    users = get_user_model().objects
    committee = users.create_user("bench.committee", password="x", role=Role.COMMITTEE, email="c@example.org")
    admin = users.create_user("bench.admin", password="x", role=Role.ADMIN)
    summary_bench.fill(district, max(args.wards - district.wards.count(), 0), args.days, closed, committee.pk)
    wards = list(district.wards.order_by("pk"))
    officer = users.create_user("bench.officer", password="x", role=Role.WARD_OFFICER, ward=wards[0])
    # The reports and stock of the closed day, written at noon on it.
    noon = timezone.make_aware(datetime.datetime.combine(closed, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=noon):
        _urgent(wards[0], officer, committee, closed)
        _stock(district, wards, admin)
    for back in range(1, args.days):
        summary_compile(
            district_id=district.pk, kind=ReportKind.DAILY, period_start=closed - datetime.timedelta(days=back)
        )

    def content():
        return brief_content(district_id=district.pk, day=closed, low_cover_days=30)

    content_s, body = _timed(content, args.repeat)
    brief = MorningBrief(day=closed, district=district, content=body, compiled_at=timezone.now())
    pdf_s, pdf = _timed(lambda: brief_pdf(brief), args.repeat)
    total_s, _both = _timed(lambda: brief_pdf(MorningBrief(day=closed, district=district, content=content(),
                                                            compiled_at=timezone.now())), args.repeat)  # fmt: skip
    target = TARGETS_S.get(args.wards)
    verdict = "" if target is None else f" (target under {target:.0f} s: {'met' if total_s < target else 'MISSED'})"
    print(f"content (compile the closed day, compare, lists), median: {content_s * 1000:8.1f} ms")
    print(f"PDF ({len(pdf):,} bytes), median:                       {pdf_s * 1000:8.1f} ms")
    print(f"compile and PDF together, median:                      {total_s * 1000:8.1f} ms{verdict}")
    print(f"  urgent reports: {len(body['urgent'])}, supplies under 30 days: {len(body['low_cover'])}, "
          f"wards missing: {len(body['missing_wards'])}")  # fmt: skip


def main() -> None:
    # summary_bench.main creates the scratch database, migrates it, calls its module's run(args)
    # and drops the database: the brief's own run and arguments take its place.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")  # no SMTP here
    summary_bench.run = run
    summary_bench.parse_args = parse_args
    summary_bench.main()


if __name__ == "__main__":
    main()
