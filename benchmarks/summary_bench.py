"""Benchmark of the district summary and the dashboard on PostgreSQL (prints figures; not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/summary_bench.py --wards 15 --days 365
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/summary_bench.py --wards 10000 --days 30

DATABASE_URL names the server (and a database to connect to for CREATE DATABASE); the benchmark
creates a scratch database ``pcd_bench_<pid>``, migrates it, fills it with synthetic reports
(every ward × every day × the default daily indicators, written by INSERT … SELECT
generate_series, about 5 % of ward-days missing and 10 % late), compiles the daily summaries,
then measures:

1. the compile of one daily summary (median of --repeat runs, reads and upsert writes);
2. the compile's reads through the ORM (one GROUP BY query over wards ⟕ reports ⟕ values, one
   row per ward with its values gathered by jsonb_object_agg, shaped into ward lines, totals and
   completeness) against the same aggregation as ONE hand-written SQL query shaped by the same
   function into the same result (checked equal; its JSON text parsed by the shaping), and
   the ratio: what the ORM costs over writing the SQL by hand, like for like (the ORM builds the
   query once per process, wards/compiled.py; the cost of building it on every compile is
   printed too);
3. the dashboard page and the series endpoint against a bare Django view behind the same
   middleware and login (django.test.Client in-process, median of --requests requests, DEBUG
   off): the dashboard as a committee member reloads it (its summary parts cached until the next
   compile), as it loads first after a compile of today (the compile, not timed, renders the
   default view ahead on commit) and cold (nothing cached: a filter first asked after a compile);
4. the queries per request of each.

The data go into the district the dashboard shows (the first one: Lê Chân, seeded by the
migrations with its 15 wards), topped up to --wards wards, so the dashboard reads the benchmark's
data. The scratch database is dropped at the end (also after an error).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import admin_connection, columns  # noqa: E402 (after the path is set)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wards", type=int, default=15)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=5, help="compiles measured (median)")
    parser.add_argument("--requests", type=int, default=30, help="requests per page measured (median)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args()


def median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fill(district, wards: int, days: int, end: datetime.date, user_id: int) -> None:
    """``wards`` more wards, then reports and values of every ward of the district, written set-wise by PostgreSQL."""
    from django.db import connection

    from reports.models import Report, ReportValue
    from wards.models import Ward

    Ward.objects.bulk_create(
        [
            Ward(district=district, code=f"w{n:05d}", name=f"Phường {n:05d}", active_from=datetime.date(2019, 1, 1))
            for n in range(wards)
        ],
        batch_size=5000,
    )
    start = end - datetime.timedelta(days=days - 1)

    report_cols, report_exprs = columns(
        Report,
        {
            "ward": "w.id", "kind": "'daily'", "status": "'submitted'", "period_start": "d::date", "period_end": "d::date",
            "created_by": str(user_id), "submitted_by": str(user_id), "created_at": "now()", "updated_at": "now()",
            "submitted_at": "d + interval '15 hours'", "is_late": "(random() < 0.1)", "version": "1",
        },
    )  # fmt: skip
    value_cols, value_exprs = columns(
        ReportValue, {"report": "r.id", "indicator": "i.id", "value": "floor(random() * 50)"}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO reports_report ({report_cols}) SELECT {report_exprs} "  # noqa: S608 (model metadata)
            "FROM wards_ward w CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') d "
            "WHERE w.district_id = %s AND random() > 0.05",
            [start, end, district.pk],
        )
        cursor.execute(
            f"INSERT INTO reports_reportvalue ({value_cols}) SELECT {value_exprs} "  # noqa: S608 (model metadata)
            "FROM reports_report r JOIN wards_ward w ON w.id = r.ward_id "
            "CROSS JOIN reports_indicator i WHERE w.district_id = %s AND i.in_daily AND i.active",
            [district.pk],
        )
        cursor.execute("ANALYZE")


HAND_SQL = """
SELECT w.id, w.name, r.id, r.is_late, r.submitted_at,
       jsonb_object_agg(i.code, v.value) FILTER (WHERE i.code IS NOT NULL)
FROM wards_ward w
LEFT JOIN reports_report r
  ON r.ward_id = w.id AND r.kind = 'daily' AND r.period_start = %(day)s
 AND r.status IN ('submitted', 'returned', 'resubmitted', 'approved')
LEFT JOIN reports_reportvalue v ON v.report_id = r.id
LEFT JOIN reports_indicator i ON i.id = v.indicator_id
WHERE w.district_id = %(district)s AND w.active_from <= %(day)s AND (w.active_until IS NULL OR w.active_until >= %(day)s)
GROUP BY w.id, r.id
"""


def run(args) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from reports.choices import ReportKind
    from reports.summary import cache as dashboard_cache
    from reports.summary import dashboard, selectors
    from reports.summary.services import summary_compile
    from wards.choices import Role
    from wards.models import District

    print(f"== {args.wards} wards × {args.days} days (PostgreSQL {connection.pg_version // 10000})")
    today = timezone.localdate()
    # The district the dashboard shows (District.objects.default()): the seeded one, topped up.
    district = District.objects.default() or District.objects.create(
        code="bench", name="Quận thử", city="Hải Phòng", committee_name="BCĐ thử"
    )
    user = get_user_model().objects.create_user("bench.committee", password="x", role=Role.COMMITTEE)
    t0 = time.perf_counter()
    fill(district, max(args.wards - district.wards.count(), 0), args.days, today, user.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_reportvalue")
        values = cursor.fetchone()[0]
    print(f"data: {values:,} report values in {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    for k in range(args.days):
        summary_compile(district_id=district.pk, kind=ReportKind.DAILY, period_start=today - datetime.timedelta(days=k))
    print(f"compiled {args.days} daily summaries in {time.perf_counter() - t0:.1f} s")

    day = today - datetime.timedelta(days=1)
    compile_ms = median_ms(
        lambda: summary_compile(district_id=district.pk, kind=ReportKind.DAILY, period_start=day), args.repeat
    )

    def warm_after_a_compile():
        dashboard_cache.bump_generation(live=False)  # as the compile does: what was cached is stale
        dashboard.warm(district_id=district.pk, kind=ReportKind.DAILY, period_start=day)

    warm_ms = median_ms(warm_after_a_compile, args.repeat)
    a = {"district_id": district.pk, "kind": ReportKind.DAILY, "start": day, "end": day}

    def orm_reads():
        selectors.ward_figures(**a)

    def hand_sql():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"day": day, "district": district.pk})
            return selectors.shape_ward_figures(cursor.fetchall())

    assert hand_sql() == selectors.ward_figures(**a), "the hand-written SQL must give the same result"

    def orm_built_each_time():
        selectors.shape_ward_figures(selectors.ward_figure_rows(**a))

    orm_ms = median_ms(orm_reads, args.repeat * 2)
    sql_ms = median_ms(hand_sql, args.repeat * 2)
    built_ms = median_ms(orm_built_each_time, args.repeat * 2)
    print(f"compile one daily summary (reads + upsert of {args.wards} ward lines), median: {compile_ms:.1f} ms")
    print(
        f"  of which, after the commit, the dashboard's default view rendered ahead (both languages): {warm_ms:.1f} ms"
    )
    print(f"  its aggregation through the ORM (1 query, built once per process), median: {orm_ms:.1f} ms")
    print(f"  the same as one hand-written SQL query, same shaping: {sql_ms:.1f} ms")
    print(f"  (the ORM building the query on every compile instead:  {built_ms:.1f} ms, {built_ms / sql_ms:.2f}×)")
    print(
        f"  ratio ORM aggregation / hand SQL: {orm_ms / sql_ms:.2f}×; whole compile / hand SQL: {compile_ms / sql_ms:.2f}×"
    )

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import include, path

    class BenchUrls:
        urlpatterns = [
            path("bench/bare/", login_required(lambda request: HttpResponse("ok"))),
            path("", include("config.urls")),
        ]

    sys.modules["bench_urls"] = BenchUrls
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="bench_urls", SECURE_SSL_REDIRECT=False, STORAGES=storages, ALLOWED_HOSTS=["testserver"]
    ):
        client = Client()
        client.force_login(user)
        span = min(args.days, 30)
        series = (
            f"/api/v1/summaries/series/?indicator=confirmed_cases&district={district.pk}"
            f"&start={today - datetime.timedelta(days=span - 1)}&end={today}"
        )
        pages = {"bare view": "/bench/bare/", "dashboard": "/dashboard/", f"series ({span} days)": series}
        if args.days >= 365:
            pages["series (365 days)"] = (
                f"/api/v1/summaries/series/?indicator=confirmed_cases&district={district.pk}"
                f"&start={today - datetime.timedelta(days=364)}&end={today}"
            )
        for url in pages.values():
            assert client.get(url).status_code == 200, url  # warm up (session refresh, caches)

        def compile_today():
            """A compile as the worker runs it: the summary, then on commit the cache bump and the
            default view rendered ahead (reports/summary/dashboard.py ``warm``)."""
            summary_compile(district_id=district.pk, kind=ReportKind.DAILY, period_start=today)

        def after_compile_ms() -> float:
            """The dashboard's first load after a compile (the compile itself not timed)."""
            times = []
            for _ in range(args.requests):
                compile_today()
                start = time.perf_counter()
                client.get("/dashboard/")
                times.append((time.perf_counter() - start) * 1000)
            return statistics.median(times)

        def cold_load():
            """The dashboard with nothing of it cached (a filter nobody asked since the compile)."""
            dashboard_cache._bump_all()
            client.get("/dashboard/")

        times = {name: median_ms(lambda url=url: client.get(url), args.requests) for name, url in pages.items()}
        times["dashboard, 1st load"] = after_compile_ms()
        times["dashboard, cold"] = median_ms(cold_load, args.requests)
        bare = times["bare view"]
        for name, ms in times.items():
            print(f"{name:>20}: median {ms:7.2f} ms ({ms / bare:5.1f}× the bare view)")
        for name, url in [*pages.items(), ("dashboard, 1st load", "after"), ("dashboard, cold", "cold")]:
            if url == "after":
                compile_today()
            elif url == "cold":
                dashboard_cache._bump_all()
            with CaptureQueriesContext(connection) as ctx:
                client.get(url if url.startswith("/") else "/dashboard/")
            print(f"{name:>20}: {len(ctx.captured_queries)} queries per request")


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    scratch = f"pcd_bench_{os.getpid()}"
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    parts = urlparse(url)
    os.environ["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{scratch}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DB_CONN_MAX_AGE"] = "0"
    os.environ["DEBUG"] = "0"  # a developer's .env may turn DEBUG on: measure production settings
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise: no collectstatic here
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()


if __name__ == "__main__":
    main()
