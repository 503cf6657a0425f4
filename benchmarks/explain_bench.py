"""Query plans of every page and API endpoint at city size on PostgreSQL (prints figures; not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/explain_bench.py
    DATABASE_URL=… .venv/bin/python benchmarks/explain_bench.py --wards 200 --days 365 --compare-wards 15

DATABASE_URL names the server (and a database to connect to for CREATE DATABASE). The script
creates a scratch database ``pcd_explain_<pid>``, migrates it and fills it at city size, set-wise
in SQL (INSERT … SELECT generate_series, no Python loop over rows), in the district the portal
shows (Lê Chân, seeded by the migrations, topped up to --wards wards):

- one officer per ward, committee members, an administrator, inspectors;
- daily reports of every ward-day (about 3 % missing, 10 % late; approved after a week, the last
  week waiting for review), weekly and monthly reports, with the values of the indicators of
  their kind; urgent reports (about 2 % of ward-days), reviews, history rows, notifications;
- about 20 establishments per ward, inspection teams, a year of schedules and inspections at
  each category's risk interval (checklist answers, members present, follow-ups, next visits);
- the supplies ledger: weekly receipts and transfers to every ward, daily distributions,
  adjustments and reversals, balances;
- audit log entries (one per report, inspection and stock movement).

It then compiles the daily summaries of every day of the range (``summary_compile``, the same
function the Celery task calls; the whole year takes about 30 s at 200 wards, ``--compile-days``
limits it to the last N days) and the weekly and monthly ones, runs ANALYZE, and requests every page and API endpoint of the morning mix
(benchmarks/load/locustfile.py, marked ``*``) and the main pages and API lists of each app with
``django.test.Client`` (force_login as an officer of one ward, a committee member and an
administrator; the API client with a token), plus the beat sweeps. For each request it captures
the SQL (CaptureQueriesContext), runs ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` on every
distinct SELECT and prints the number of queries, the database time, each plan node that scans
a big table (more than --min-rows rows) sequentially or whose filter or join filter discards far
more rows than it keeps, and every query slower than --slow-ms with its heaviest node (and the
JIT compilation time when PostgreSQL compiled it). A summary table ends the run. Run on the
defaults of PostgreSQL (random_page_cost 4, jit on), like a fresh server.

``--compare-wards 15`` runs the same script again at that size in a second scratch database and
prints the query count of every request at both sizes: the counts must not grow with the data
(or run the script twice, ``--wards 200`` and ``--wards 15``, and compare the summary tables).
A beat sweep's count may differ: it sends one notification per ward or person concerned.
The scratch database is dropped at the end (also after an error) unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import admin_connection, columns  # noqa: E402 (after the path is set)

TZ = "Asia/Ho_Chi_Minh"
ESTABLISHMENTS_PER_WARD = 20
COMMITTEE_MEMBERS = 10
WARDS_PER_TEAM = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wards", type=int, default=200)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--compile-days", type=int, default=None, help="compile the daily summaries of the last N days only"
    )
    parser.add_argument("--repeat", type=int, default=3, help="measured requests per URL (median DB time)")
    parser.add_argument("--min-rows", type=int, default=10_000, help="a table bigger than this is 'big'")
    parser.add_argument("--slow-ms", type=float, default=20.0, help="also show queries slower than this")
    parser.add_argument("--compare-wards", type=int, default=None, help="run again at this size; compare counts")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--quiet", action="store_true", help="print the summary table only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    return parser.parse_args(argv)


# ---- the fill ------------------------------------------------------------------------------------


def insert(cursor, model, known: dict, source: str, params=None) -> int:
    """``INSERT INTO <model> (…) SELECT … <source>``: one set-wise statement; returns the row count.

    The statement always goes with a parameter dict, so a literal ``%`` is written ``%%``.
    """
    cols, exprs = columns(model, known)
    sql = f"INSERT INTO {model._meta.db_table} ({cols}) SELECT {exprs} {source}"  # noqa: S608 (model metadata)
    cursor.execute(sql, params or {})
    return cursor.rowcount


@dataclass
class World:
    """What the requests need from the fill: who logs in and which objects the detail pages open."""

    district_id: int
    ward_id: int
    officer_id: int
    committee_id: int
    admin_id: int
    today: datetime.date
    counts: dict = field(default_factory=dict)


def fill(*, wards: int, days: int, today: datetime.date) -> World:
    """Top the seeded district up to ``wards`` wards and fill every table set-wise (see the module doc)."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from inspections.models import (
        ChecklistAnswer,
        Establishment,
        EstablishmentUpdateSuggestion,
        Inspection,
        InspectionSchedule,
        InspectionTeam,
        TeamMember,
    )
    from reports.models import Notification, Report, ReportChange, ReportReview
    from supplies.models import Holder, StockBalance, StockMovement, Transfer
    from wards.models import District, User, Ward, WardCommittee

    district = District.objects.order_by("pk").first()  # the district the dashboard shows
    missing = max(wards - district.wards.count(), 0)
    Ward.objects.bulk_create(
        [
            Ward(district=district, code=f"w{n:04d}", name=f"Phường {n:04d}", population=8000 + 37 * n,
                 active_from=datetime.date(2019, 1, 1))
            for n in range(missing)
        ],
        batch_size=2000,
    )  # fmt: skip
    start = today - datetime.timedelta(days=days - 1)
    p = {
        "district": district.pk,
        "start": start,
        "today": today,
        "yesterday": today - datetime.timedelta(days=1),
        "week_ago": today - datetime.timedelta(days=7),
        "tz": TZ,
    }
    n_teams = max(2, wards // WARDS_PER_TEAM)
    ct = {m: ContentType.objects.get_for_model(m).pk for m in (Report, Inspection, StockMovement)}
    with connection.cursor() as c:
        # Ward committees and stores of the new wards.
        insert(
            c, WardCommittee, {"ward": "w.id", "head_name": "'Nguyễn Văn A'", "phone": "'0225 3800 000'"},
            "FROM wards_ward w WHERE NOT EXISTS (SELECT 1 FROM wards_wardcommittee k WHERE k.ward_id = w.id)",
        )  # fmt: skip
        insert(
            c, Holder, {"kind": "'ward'", "ward": "w.id"},
            "FROM wards_ward w WHERE NOT EXISTS (SELECT 1 FROM supplies_holder h WHERE h.ward_id = w.id)",
        )  # fmt: skip
        # People: an officer per ward, the committee, an administrator, two inspectors per team.
        user = {
            "password": "'!bench'", "is_active": "true", "date_joined": "now()", "first_name": "''",
            "last_name": "''", "email": "''",
        }  # fmt: skip
        insert(
            c, User, {**user, "username": "'officer.' || w.code", "role": "'ward_officer'", "ward": "w.id"},
            "FROM wards_ward w WHERE w.district_id = %(district)s", p,
        )  # fmt: skip
        insert(
            c, User, {**user, "username": "'committee.' || n", "role": "'committee'", "email": "'c' || n || '@x.vn'"},
            f"FROM generate_series(1, {COMMITTEE_MEMBERS}) n",
        )  # fmt: skip
        insert(c, User, {**user, "username": "'bench.admin'", "role": "'admin'", "is_staff": "true"}, "")
        insert(
            c, User, {**user, "username": "'inspector.' || n", "role": "'committee'"},
            f"FROM generate_series(1, {2 * n_teams}) n",
        )  # fmt: skip
        c.execute("SELECT id FROM wards_user WHERE username = 'committee.1'")
        committee_id = c.fetchone()[0]
        c.execute("SELECT id FROM wards_user WHERE username = 'bench.admin'")
        admin_id = c.fetchone()[0]
        ward_id = Ward.objects.filter(district=district).order_by("pk").values_list("pk", flat=True)[0]
        c.execute("SELECT id FROM wards_user WHERE ward_id = %s", [ward_id])
        officer_id = c.fetchone()[0]
        p.update(committee=committee_id, admin=admin_id, officer_ward=ward_id)

        # ---- reports -------------------------------------------------------------------------
        ward_officer = (
            "FROM wards_ward w JOIN wards_user u ON u.ward_id = w.id AND u.role = 'ward_officer' "
            "WHERE w.district_id = %(district)s"
        )
        report = {
            "ward": "s.ward_id", "created_by": "s.officer_id", "submitted_by": "s.officer_id", "version": "3",
            "period_start": "s.day", "created_at": "s.submitted_at - interval '1 hour'",
            "submitted_at": "s.submitted_at", "updated_at": "coalesce(s.approved_at, s.submitted_at)",
            "approved_at": "s.approved_at", "situation": "'Tình hình ổn định, tiếp tục theo dõi.'",
        }  # fmt: skip
        c.execute(
            "CREATE TEMP TABLE ward_days AS SELECT w.id AS ward_id, u.id AS officer_id, d::date AS day, "
            "random() AS r, random() < 0.1 AS late, random() AS present "
            "FROM wards_ward w JOIN wards_user u ON u.ward_id = w.id AND u.role = 'ward_officer' "
            "CROSS JOIN generate_series(%(start)s::date, %(today)s::date, interval '1 day') d "
            "WHERE w.district_id = %(district)s",
            p,
        )
        # About 3 % of past ward-days are missing; this morning about 60 % of wards have sent,
        # not the benchmark officer's ward (its officer fills in today's report in the requests).
        c.execute(
            "DELETE FROM ward_days WHERE (day < %(today)s AND present < 0.03) "
            "OR (day = %(today)s AND (present >= 0.6 OR ward_id = %(officer_ward)s))",
            p,
        )
        daily = insert(
            c, Report,
            {**report, "kind": "'daily'", "status": "s.status", "period_end": "s.day", "is_late": "s.late",
             "deadline": "(s.day + time '16:00') AT TIME ZONE %(tz)s"},
            "FROM (SELECT *, CASE WHEN status = 'approved' THEN submitted_at + interval '20 hours' END AS approved_at "
            "FROM (SELECT ward_id, officer_id, day, late, "
            "  CASE WHEN day < %(week_ago)s THEN 'approved' WHEN day = %(today)s OR r < 0.70 THEN 'submitted' "
            "       WHEN r < 0.80 THEN 'resubmitted' WHEN r < 0.85 THEN 'returned' ELSE 'approved' END AS status, "
            "  ((day + time '08:00') + CASE WHEN late THEN interval '9 hours' ELSE r * interval '7 hours' END) "
            "    AT TIME ZONE %(tz)s AS submitted_at "
            "FROM ward_days) t) s",
            p,
        )  # fmt: skip
        periodic = (
            "FROM (SELECT w.id AS ward_id, u.id AS officer_id, d::date AS day, "
            "  ((d::date + {due}) + time '09:00') AT TIME ZONE %(tz)s AS submitted_at, "
            "  ((d::date + {due}) + time '09:00' + interval '1 day') AT TIME ZONE %(tz)s AS approved_at "
            f"{ward_officer.replace('WHERE', 'CROSS JOIN generate_series({first}, {last}, {step}) d WHERE')}) s"
        )
        weekly = insert(
            c, Report,
            {**report, "kind": "'weekly'", "status": "'approved'", "period_end": "s.day + 6",
             "deadline": "((s.day + 7) + time '10:00') AT TIME ZONE %(tz)s"},
            periodic.format(
                due="7", first="date_trunc('week', %(start)s::date)::date", last="%(week_ago)s::date",
                step="interval '1 week'",
            ),
            p,
        )  # fmt: skip
        monthly = insert(
            c, Report,
            {**report, "kind": "'monthly'", "status": "'approved'",
             "period_end": "(s.day + interval '1 month' - interval '1 day')::date",
             "deadline": "((s.day + interval '1 month 2 days')::date + time '10:00') AT TIME ZONE %(tz)s"},
            periodic.format(
                due="interval '1 month 2 days'", first="date_trunc('month', %(start)s::date)::date",
                last="(date_trunc('month', %(today)s::date) - interval '1 month')::date", step="interval '1 month'",
            ).replace("(d::date + interval '1 month 2 days')", "(d::date + interval '1 month 2 days')::date"),
            p,
        )  # fmt: skip
        urgent = insert(
            c, Report,
            {"ward": "s.ward_id", "kind": "'urgent'", "status": "'submitted'", "created_by": "s.officer_id",
             "submitted_by": "s.officer_id", "title": "'Phát hiện trường hợp nghi nhiễm'",
             "severity": "(ARRAY['info', 'serious', 'critical'])[1 + floor(s.r * 3)::int]",
             "occurred_at": "s.at - interval '1 hour'", "location": "'Tổ dân phố 5'",
             "description": "'Đã cách ly tạm thời, báo cáo Trung tâm Y tế quận.'", "submitted_at": "s.at",
             "created_at": "s.at", "updated_at": "s.at", "version": "2",
             "acknowledged_at": "CASE WHEN s.day < %(week_ago)s THEN s.at + interval '2 hours' END",
             "acknowledged_by": "CASE WHEN s.day < %(week_ago)s THEN %(committee)s END"},
            "FROM (SELECT ward_id, officer_id, day, r, ((day + time '07:00') + r * interval '10 hours') "
            "AT TIME ZONE %(tz)s AS at FROM ward_days WHERE present > 0.98) s",
            p,
        )  # fmt: skip
        c.execute(
            "INSERT INTO reports_reportvalue (report_id, indicator_id, value, is_outlier, baseline_median, "
            "baseline_count) SELECT r.id, i.id, floor(random() * 50), random() < 0.01, 20, 14 "
            "FROM reports_report r JOIN reports_indicator i ON i.active AND ((r.kind = 'daily' AND i.in_daily) "
            "OR (r.kind = 'weekly' AND i.in_weekly) OR (r.kind = 'monthly' AND i.in_monthly))"
        )
        values = c.rowcount
        insert(
            c, ReportReview,
            {"report": "r.id", "decision": "CASE WHEN r.status = 'returned' THEN 'returned' ELSE 'approved' END",
             "comment": "CASE WHEN r.status = 'returned' THEN 'Đề nghị kiểm tra lại số liệu.' ELSE '' END",
             "user": "%(committee)s", "at": "coalesce(r.approved_at, r.submitted_at + interval '3 hours')"},
            "FROM reports_report r WHERE r.status IN ('approved', 'returned')", p,
        )  # fmt: skip
        for action, at, who in (
            ("create", "r.created_at", "r.created_by_id"),
            ("submit", "r.submitted_at", "r.created_by_id"),
            ("approve", "r.approved_at", "%(committee)s"),
        ):
            insert(
                c, ReportChange, {"report": "r.id", "user": who, "at": at, "action": f"'{action}'"},
                "FROM reports_report r" + (" WHERE r.approved_at IS NOT NULL" if action == "approve" else ""), p,
            )  # fmt: skip
        # Notifications: approvals and reminders to officers; urgent alerts and missing lists to the committee.
        notification = {"link": "'/reports/'", "emailed_at": "NULL"}
        insert(
            c, Notification,
            {**notification, "recipient": "r.created_by_id", "kind": "'approved'", "report": "r.id",
             "params": "jsonb_build_object('kind', r.kind, 'period', to_char(r.period_start, 'DD/MM/YYYY'))",
             "dedup_key": "'approved:' || r.id", "created_at": "r.approved_at",
             "read_at": "CASE WHEN r.approved_at < now() - interval '2 days' THEN r.approved_at + interval '1 hour' END"},
            "FROM reports_report r WHERE r.approved_at IS NOT NULL",
        )  # fmt: skip
        insert(
            c, Notification,
            {**notification, "recipient": "u.id", "kind": "'reminder'", "dedup_key": "'reminder:daily:' || d::date",
             "params": "jsonb_build_object('kind', 'daily', 'ward', w.name, 'period', to_char(d, 'DD/MM/YYYY'), "
                       "'deadline', '16:00')",
             "created_at": "(d::date + time '15:00') AT TIME ZONE %(tz)s",
             "read_at": "CASE WHEN d < %(yesterday)s THEN (d::date + time '15:30') AT TIME ZONE %(tz)s END"},
            ward_officer.replace(
                "WHERE", "CROSS JOIN generate_series(%(start)s::date, %(yesterday)s::date, interval '1 day') d "
                "WHERE random() < 0.2 AND"
            ),
            p,
        )  # fmt: skip
        insert(
            c, Notification,
            {**notification, "recipient": "u.id", "kind": "'urgent'", "report": "r.id",
             "dedup_key": "'urgent:' || r.id", "params": "jsonb_build_object('ward', 'x', 'title', r.title)",
             "created_at": "r.submitted_at", "emailed_at": "r.submitted_at",
             "read_at": "r.acknowledged_at"},
            "FROM reports_report r CROSS JOIN wards_user u WHERE r.kind = 'urgent' AND u.role = 'committee' "
            "AND u.username LIKE 'committee.%%'",
        )  # fmt: skip
        insert(
            c, Notification,
            {**notification, "recipient": "u.id", "kind": "'missing'", "dedup_key": "'missing:daily:' || d::date",
             "params": "jsonb_build_object('kind', 'daily', 'count', 3, 'wards', '…')",
             "created_at": "(d::date + time '16:00') AT TIME ZONE %(tz)s",
             "read_at": "CASE WHEN d < %(yesterday)s THEN (d::date + time '17:00') AT TIME ZONE %(tz)s END"},
            "FROM wards_user u CROSS JOIN generate_series(%(start)s::date, %(yesterday)s::date, interval '1 day') d "
            "WHERE u.role = 'committee' AND u.username LIKE 'committee.%%'",
            p,
        )  # fmt: skip

        # ---- inspections ---------------------------------------------------------------------
        insert(
            c, InspectionTeam,
            {"name": "'Đoàn kiểm tra liên ngành số ' || n", "daily_capacity": "6", "work_weekdays": "'[]'::jsonb",
             "active": "true", "leader": "(SELECT id FROM wards_user WHERE username = 'inspector.' || (2 * n - 1))"},
            f"FROM generate_series(1, {n_teams}) n",
        )  # fmt: skip
        c.execute(
            "CREATE TEMP TABLE team_rank AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k "
            "FROM inspections_inspectionteam"
        )
        insert(
            c, TeamMember, {"team": "t.id", "user": "u.id", "position": "'Thành viên'"},
            "FROM team_rank t JOIN wards_user u ON u.username IN ('inspector.' || (2 * t.k + 1), "
            "'inspector.' || (2 * t.k + 2))",
        )  # fmt: skip
        insert(
            c, TeamMember,
            {"team": "t.id", "name": "'Đặng Văn Quý'", "unit": "'Trung tâm Y tế'", "phone": "'0912345678'"},
            "FROM team_rank t",
        )  # fmt: skip
        c.execute(
            "CREATE TEMP TABLE ward_team AS SELECT w.id AS ward_id, t.id AS team_id, "
            "(SELECT user_id FROM inspections_teammember m WHERE m.team_id = t.id AND user_id IS NOT NULL "
            " ORDER BY m.id LIMIT 1) AS inspector_id "
            "FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM wards_ward "
            "WHERE district_id = %(district)s) w JOIN team_rank t ON t.k = w.k %% %(teams)s",
            {**p, "teams": n_teams},
        )
        categories = [
            "enterprise", "enterprise_foreign", "kindergarten", "primary_school", "lower_secondary_school",
            "non_public_education", "religious_site", "belief_site", "clinic", "pharmacy", "market",
            "bus_station", "office", "bar", "restaurant", "karaoke", "other",
        ]  # fmt: skip
        p["categories"] = categories
        insert(
            c, Establishment,
            {"ward": "w.id", "name": "'Cơ sở ' || w.code || '-' || k", "address": "k || ' đường Tô Hiệu'",
             "category": "(%(categories)s::text[])[1 + (w.id + k) %% 17]", "owner_name": "'Nguyễn Văn Tùng'",
             "phone": "'0912345678'",
             "status": "CASE WHEN k = 19 THEN 'closed' WHEN k = 18 AND w.id %% 3 = 0 THEN 'closed_by_order' "
                       "ELSE 'operating' END",
             "workers": "CASE WHEN (w.id + k) %% 17 IN (0, 1) THEN 50 END",
             "foreign_workers": "CASE WHEN (w.id + k) %% 17 = 1 THEN 5 END",
             "registered_on": "%(start)s::date - 30", "created_at": "now()", "updated_at": "now()"},
            f"FROM wards_ward w CROSS JOIN generate_series(0, {ESTABLISHMENTS_PER_WARD - 1}) k "
            "WHERE w.district_id = %(district)s",
            p,
        )  # fmt: skip
        # A year of visits: each establishment at its category's interval, by its ward's team.
        insert(
            c, InspectionSchedule,
            {"team": "wt.team_id", "establishment": "e.id", "date": "g::date", "kind": "'routine'",
             "status": "'done'", "created_by": "%(admin)s", "created_at": "g - interval '7 days'"},
            "FROM inspections_establishment e JOIN ward_team wt ON wt.ward_id = e.ward_id "
            "JOIN inspections_riskinterval ri ON ri.category = e.category CROSS JOIN LATERAL generate_series("
            "%(start)s::date + (e.id %% ri.interval_days)::int, %(yesterday)s::date, ri.interval_days * interval '1 day') g",
            p,
        )  # fmt: skip
        c.execute(
            "CREATE TEMP TABLE visit AS SELECT s.id AS schedule_id, s.establishment_id, s.team_id, s.date, "
            "wt.inspector_id, random() AS r, random() AS r2 FROM inspections_inspectionschedule s "
            "JOIN inspections_establishment e ON e.id = s.establishment_id JOIN ward_team wt ON wt.ward_id = e.ward_id"
        )
        inspections = insert(
            c, Inspection,
            {"establishment": "v.establishment_id", "team": "v.team_id", "schedule": "v.schedule_id",
             "reason": "'scheduled'", "inspected_at": "((v.date + time '08:00') + v.r2 * interval '8 hours') "
                                                      "AT TIME ZONE %(tz)s",
             "inspected_on": "v.date", "findings": "CASE WHEN v.r < 0.08 THEN 'Nhân viên không đeo khẩu trang.' "
                                                   "ELSE '' END",
             "result": "CASE WHEN v.r < 0.08 THEN 'violation' ELSE 'compliant' END",
             "action": "CASE WHEN v.r < 0.02 THEN 'fine' WHEN v.r < 0.08 THEN 'warning' ELSE 'none' END",
             "fine_amount": "CASE WHEN v.r < 0.02 THEN 2000000 END",
             "correct_by": "CASE WHEN v.r < 0.08 THEN v.date + 7 END", "repeat_violation": "v.r < 0.005",
             "recorded_by": "v.inspector_id",
             "created_at": "((v.date + time '08:00') + v.r2 * interval '8 hours' + interval '10 minutes') "
                           "AT TIME ZONE %(tz)s"},
            "FROM visit v",
            p,
        )  # fmt: skip
        insert(
            c, ChecklistAnswer,
            {"inspection": "i.id", "item": "ci.id",
             "answer": "CASE WHEN i.result = 'violation' AND ci.code = 'masks' THEN 'no' ELSE 'yes' END"},
            "FROM inspections_inspection i JOIN inspections_establishment e ON e.id = i.establishment_id "
            "JOIN inspections_checklistitem ci ON ci.active AND (jsonb_array_length(ci.categories) = 0 "
            "OR jsonb_exists(ci.categories, e.category))",
        )  # fmt: skip
        c.execute(
            "INSERT INTO inspections_inspection_members_present (inspection_id, teammember_id) "
            "SELECT i.id, m.id FROM inspections_inspection i JOIN inspections_teammember m ON m.team_id = i.team_id"
        )
        # Next visits: a third of the places in the coming ten days; follow-ups of recent violations.
        insert(
            c, InspectionSchedule,
            {"team": "wt.team_id", "establishment": "e.id", "date": "%(today)s::date + 1 + (e.id %% 10)::int",
             "kind": "'routine'", "status": "'planned'", "created_by": "%(admin)s", "created_at": "now()"},
            "FROM inspections_establishment e JOIN ward_team wt ON wt.ward_id = e.ward_id "
            "WHERE e.id %% 3 = 0 AND e.status <> 'closed'",
            p,
        )  # fmt: skip
        insert(
            c, InspectionSchedule,
            {"team": "i.team_id", "establishment": "i.establishment_id", "date": "i.correct_by",
             "kind": "'follow_up'", "status": "CASE WHEN i.correct_by < %(today)s THEN 'cancelled' ELSE 'planned' END",
             "follow_up_of": "i.id", "created_at": "now()"},
            "FROM inspections_inspection i WHERE i.result = 'violation' ON CONFLICT DO NOTHING",
            p,
        )  # fmt: skip
        insert(
            c, EstablishmentUpdateSuggestion,
            {"establishment": "e.id", "suggested_by": "u.id", "changes": "jsonb_build_object('phone', '0987654321')",
             "status": "CASE WHEN e.id %% 5 = 0 THEN 'pending' ELSE 'accepted' END", "created_at": "now()"},
            "FROM inspections_establishment e JOIN wards_user u ON u.ward_id = e.ward_id WHERE e.id %% 40 = 0",
        )  # fmt: skip

        # ---- supplies ------------------------------------------------------------------------
        c.execute("SELECT id FROM supplies_holder WHERE district_id = %(district)s", p)
        p["store"] = c.fetchone()[0]
        move = {"created_by": "%(admin)s", "reason": "''"}
        insert(
            c, StockMovement,
            {**move, "kind": "'receipt'", "item": "i.id", "holder": "%(store)s", "quantity": "20000 * %(wards)s",
             "source": "'Sở Y tế Hải Phòng'", "batch": "'LO-' || to_char(d, 'IYYY-IW')",
             "created_at": "(d::date + time '08:00') AT TIME ZONE %(tz)s"},
            "FROM supplies_supplyitem i CROSS JOIN generate_series(date_trunc('week', %(start)s::date)::date, "
            "%(today)s::date, interval '1 week') d",
            {**p, "wards": wards},
        )  # fmt: skip
        # Weekly transfers district → every ward of masks and sanitiser: the sending row, the
        # ward's receipt row (not for this week's: still in transit) and the transfer joining them.
        c.execute(
            "CREATE TEMP TABLE shipment AS SELECT h.id AS holder_id, i.id AS item_id, "
            "((d::date + time '10:00') AT TIME ZONE %(tz)s) AS sent_at, d::date >= %(week_ago)s AS in_transit, "
            "CASE WHEN i.code = 'mask-medical' THEN 2000 ELSE 48 END AS quantity "
            "FROM supplies_holder h JOIN wards_ward w ON w.id = h.ward_id CROSS JOIN supplies_supplyitem i "
            "CROSS JOIN generate_series(date_trunc('week', %(start)s::date)::date, %(today)s::date, interval '1 week') d "
            "WHERE w.district_id = %(district)s AND i.code IN ('mask-medical', 'sanitiser-500ml')",
            p,
        )
        insert(
            c, StockMovement,
            {**move, "kind": "'transfer_out'", "item": "s.item_id", "holder": "%(store)s",
             "counterpart": "s.holder_id", "quantity": "-s.quantity", "created_at": "s.sent_at"},
            "FROM shipment s", p,
        )  # fmt: skip
        insert(
            c, StockMovement,
            {**move, "kind": "'transfer_receipt'", "item": "s.item_id", "holder": "s.holder_id",
             "counterpart": "%(store)s", "quantity": "s.quantity", "created_at": "s.sent_at + interval '1 day'"},
            "FROM shipment s WHERE NOT s.in_transit", p,
        )  # fmt: skip
        insert(
            c, Transfer,
            {"item": "s.item_id", "from_holder": "%(store)s", "to_holder": "s.holder_id",
             "quantity_sent": "s.quantity", "quantity_received": "CASE WHEN s.in_transit THEN NULL ELSE s.quantity END",
             "status": "CASE WHEN s.in_transit THEN 'in_transit' ELSE 'received' END",
             "sent_movement": "o.id", "receipt_movement": "r.id", "sent_by": "%(admin)s", "sent_at": "s.sent_at",
             "received_by": "CASE WHEN s.in_transit THEN NULL ELSE %(admin)s END",
             "received_at": "r.created_at"},
            "FROM shipment s JOIN supplies_stockmovement o ON o.kind = 'transfer_out' AND o.counterpart_id = s.holder_id "
            "AND o.item_id = s.item_id AND o.created_at = s.sent_at "
            "LEFT JOIN supplies_stockmovement r ON r.kind = 'transfer_receipt' AND r.holder_id = s.holder_id "
            "AND r.item_id = s.item_id AND r.created_at = s.sent_at + interval '1 day'",
            p,
        )  # fmt: skip
        # Daily distributions by every ward: masks on most days, sanitiser on some. The draw is a
        # column of the subquery, so it is made per row (a volatile WHERE condition that names only
        # the item would be pushed down and drawn once per store and item).
        insert(
            c, StockMovement,
            {"kind": "'distribution'", "item": "s.item_id", "holder": "s.holder_id",
             "quantity": "-(10 + floor(random() * 200))",
             "recipient_type": "(ARRAY['residential_group', 'school', 'establishment', 'quarantined'])"
                               "[1 + floor(random() * 4)::int]",
             "recipient": "'Tổ dân phố ' || (1 + floor(random() * 20))", "people_reached": "10 + floor(random() * 200)",
             "created_by": "s.officer_id", "reason": "''",
             "created_at": "((s.day + time '09:00') + random() * interval '8 hours') AT TIME ZONE %(tz)s"},
            "FROM (SELECT h.id AS holder_id, u.id AS officer_id, i.id AS item_id, i.code, d::date AS day, "
            "random() AS r FROM supplies_holder h JOIN wards_ward w ON w.id = h.ward_id "
            "JOIN wards_user u ON u.ward_id = w.id AND u.role = 'ward_officer' CROSS JOIN supplies_supplyitem i "
            "CROSS JOIN generate_series(%(start)s::date, %(today)s::date, interval '1 day') d "
            "WHERE w.district_id = %(district)s AND i.code IN ('mask-medical', 'sanitiser-500ml')) s "
            "WHERE (s.code = 'mask-medical' AND s.r < 0.8) OR (s.code = 'sanitiser-500ml' AND s.r < 0.3)",
            p,
        )  # fmt: skip
        insert(
            c, StockMovement,
            {**move, "kind": "'adjustment'", "item": "i.id", "holder": "h.id", "quantity": "-5",
             "reason": "'Kiểm kê cuối tháng'", "created_at": "(d::date + time '17:00') AT TIME ZONE %(tz)s"},
            "FROM supplies_holder h CROSS JOIN supplies_supplyitem i CROSS JOIN generate_series("
            "date_trunc('month', %(start)s::date)::date, %(today)s::date, interval '1 month') d "
            "WHERE h.ward_id IS NOT NULL AND i.code = 'gloves' AND random() < 0.3",
            p,
        )  # fmt: skip
        insert(
            c, StockMovement,
            {**move, "kind": "'reversal'", "item": "m.item_id", "holder": "m.holder_id", "quantity": "-m.quantity",
             "reverses": "m.id", "reason": "'Nhập nhầm số lượng'", "created_at": "m.created_at + interval '1 hour'"},
            "FROM supplies_stockmovement m WHERE m.kind = 'distribution' AND m.id %% 1000 = 0",
            p,
        )  # fmt: skip
        insert(
            c, StockBalance,
            {"holder": "h.id", "item": "i.id", "quantity": "200 + floor(random() * 3000)", "updated_at": "now()"},
            "FROM supplies_holder h CROSS JOIN supplies_supplyitem i",
        )  # fmt: skip

        # ---- audit trail: one creation entry per report, inspection and stock movement --------
        for model, table, at, who in (
            (Report, "reports_report", "created_at", "created_by_id"),
            (Inspection, "inspections_inspection", "created_at", "recorded_by_id"),
            (StockMovement, "supplies_stockmovement", "created_at", "created_by_id"),
        ):
            insert(
                c, LogEntry,
                {"content_type": str(ct[model]), "object_pk": "t.id::text", "object_id": "t.id",
                 "object_repr": "'#' || t.id", "action": "0", "changes": "'{}'::jsonb", "actor": f"t.{who}",
                 "timestamp": f"t.{at}", "cid": "md5(t.id::text)", "changes_text": "''"},
                f"FROM {table} t",
            )  # fmt: skip
        c.execute("DROP TABLE ward_days, team_rank, ward_team, visit, shipment")
        c.execute("ANALYZE")
        c.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
            "AND reltuples > 1000 ORDER BY reltuples DESC"
        )
        counts = dict(c.fetchall())
    print(
        f"reports: {daily:,} daily, {weekly:,} weekly, {monthly:,} monthly, {urgent:,} urgent; "
        f"{values:,} values; {inspections:,} inspections"
    )
    return World(
        district_id=district.pk, ward_id=ward_id, officer_id=officer_id, committee_id=committee_id,
        admin_id=admin_id, today=today, counts=counts,
    )  # fmt: skip


def compile_summaries(world: World, days: int) -> str:
    """Compile the daily summaries of the last ``days`` days and the weekly and monthly ones of the range."""
    from reports.choices import ReportKind
    from reports.summary.services import summary_compile

    t0 = time.perf_counter()
    for k in range(days):
        day = world.today - datetime.timedelta(days=k)
        summary_compile(district_id=world.district_id, kind=ReportKind.DAILY, period_start=day)
    weeks = months = 0
    first = world.today - datetime.timedelta(days=days - 1)
    day = first - datetime.timedelta(days=first.weekday())
    while day <= world.today:
        summary_compile(district_id=world.district_id, kind=ReportKind.WEEKLY, period_start=day)
        day += datetime.timedelta(days=7)
        weeks += 1
    day = first.replace(day=1)
    while day <= world.today:
        summary_compile(district_id=world.district_id, kind=ReportKind.MONTHLY, period_start=day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
        months += 1
    return f"{days} daily, {weeks} weekly and {months} monthly summaries in {time.perf_counter() - t0:.1f} s"


# ---- the requests ---------------------------------------------------------------------------------


@dataclass
class Step:
    """One request (or beat task) to measure. ``label`` has no ids, so runs at two sizes line up."""

    label: str
    who: str
    url: str = ""
    method: str = "GET"
    data: dict | None = None
    call: object = None  # a beat task: a callable run instead of a request
    morning: bool = False  # part of the locust morning mix


def build_steps(world: World) -> list[Step]:
    """Every page and API list of the morning mix and of each app, for the three roles and an API client."""
    from inspections.models import Establishment, Inspection
    from reports.choices import ReportKind, ReportStatus
    from reports.models import Report
    from reports.selectors import indicators_for_kind
    from reports.summary.models import DistrictSummary
    from supplies.models import Holder, SupplyItem

    today, ward = world.today, world.ward_id
    own_report = Report.objects.filter(ward_id=ward, kind=ReportKind.DAILY, period_start__lt=today).first()
    queued = Report.objects.filter(kind=ReportKind.DAILY, status=ReportStatus.SUBMITTED).order_by("pk").first()
    summary = DistrictSummary.objects.filter(kind=ReportKind.DAILY, period_start__lt=today).first()
    establishment = Establishment.objects.filter(ward_id=ward).order_by("pk").first()
    inspection = Inspection.objects.filter(establishment__ward_id=ward).order_by("-inspected_at").first()
    mask = SupplyItem.objects.get(code="mask-medical")
    holder = Holder.objects.get(ward_id=ward)
    values = {i.code: "1" for i in indicators_for_kind(ReportKind.DAILY)}
    form = {**values, "situation": "Tình hình ổn định, tiếp tục theo dõi các hộ cách ly tại nhà."}

    def version():
        report = Report.objects.filter(ward_id=ward, kind=ReportKind.DAILY, period_start=today).first()
        return str(report.version) if report else ""

    def post(action):
        # The form's hidden version is read when the request is made (after the previous step).
        return lambda: {**form, "version": version(), "action": action}

    o, c, a, t = "officer", "committee", "admin", "api token"
    steps = [
        Step("GET /", o, "/"),
        Step("GET /reports/today/", o, "/reports/today/", morning=True),
        Step(
            "POST /reports/today/ (save: creates the draft)", o, "/reports/today/", "POST", post("save"), morning=True
        ),
        Step("POST /reports/today/ (submit)", o, "/reports/today/", "POST", post("submit"), morning=True),
        Step("POST /reports/today/ (save: correction)", o, "/reports/today/", "POST", post("save"), morning=True),
        Step("GET /reports/", o, "/reports/"),
        Step("GET /reports/<id>/", o, f"/reports/{own_report.pk}/"),
        Step("GET /reports/calendar/", o, "/reports/calendar/"),
        Step("GET /reports/urgent/", o, "/reports/urgent/"),
        Step("GET /reports/notifications/", o, "/reports/notifications/"),
        Step("GET /dashboard/summaries/", o, "/dashboard/summaries/"),
        Step("GET /dashboard/summaries/<id>/", o, f"/dashboard/summaries/{summary.pk}/"),
        Step("GET /inspections/", o, "/inspections/"),
        Step("GET /inspections/establishments/", o, "/inspections/establishments/"),
        Step("GET /inspections/establishments/<id>/", o, f"/inspections/establishments/{establishment.pk}/"),
        Step("GET /inspections/due/", o, "/inspections/due/"),
        Step("GET /inspections/records/", o, "/inspections/records/"),
        Step("GET /inspections/<id>/", o, f"/inspections/{inspection.pk}/"),
        Step("GET /inspections/calendar/", o, "/inspections/calendar/"),
        Step("GET /supplies/stock/", o, "/supplies/stock/"),
        Step("GET /supplies/items/<id>/card/", o, f"/supplies/items/{mask.pk}/card/?holder={holder.pk}"),
        Step("GET /supplies/ledger/", o, "/supplies/ledger/"),
        Step("GET /supplies/transfers/", o, "/supplies/transfers/"),
        Step("GET /supplies/distributions/", o, "/supplies/distributions/"),
        Step("GET /supplies/distribute/", o, "/supplies/distribute/"),
        Step("GET /wards/", o, "/wards/"),
        Step("GET /api/v1/reports/?kind=daily", o, "/api/v1/reports/?kind=daily"),
        Step("GET /api/v1/establishments/", o, "/api/v1/establishments/"),
        Step("GET /api/v1/inspections/", o, "/api/v1/inspections/"),
        Step("GET /api/v1/stock/", o, "/api/v1/stock/"),
        Step("GET /api/v1/stock-movements/", o, "/api/v1/stock-movements/"),
        Step("GET /", c, "/"),
        Step("GET /dashboard/", c, "/dashboard/", morning=True),
        Step(
            "GET /api/v1/summaries/series/?indicator=…",
            c,
            "/api/v1/summaries/series/?indicator=confirmed_cases",
            morning=True,
        ),
        Step("GET /reports/review/", c, "/reports/review/", morning=True),
        Step("GET /reports/", c, "/reports/"),
        Step(
            "GET /reports/?kind=daily&period_start=<yesterday>",
            c,
            f"/reports/?kind=daily&period_start={today - datetime.timedelta(days=1)}",
        ),
        Step("GET /reports/<id>/ (in review)", c, f"/reports/{queued.pk}/"),
        Step("GET /reports/calendar/?ward=<id>", c, f"/reports/calendar/?ward={ward}"),
        Step("GET /reports/urgent/", c, "/reports/urgent/"),
        Step("GET /reports/notifications/", c, "/reports/notifications/"),
        Step("GET /dashboard/summaries/", c, "/dashboard/summaries/"),
        Step("GET /dashboard/summaries/<id>/", c, f"/dashboard/summaries/{summary.pk}/"),
        Step("GET /inspections/", c, "/inspections/"),
        Step("GET /inspections/establishments/", c, "/inspections/establishments/"),
        Step("GET /inspections/due/", c, "/inspections/due/"),
        Step("GET /inspections/records/", c, "/inspections/records/"),
        Step("GET /inspections/calendar/", c, "/inspections/calendar/"),
        Step("GET /inspections/teams/", c, "/inspections/teams/"),
        Step("GET /supplies/stock/", c, "/supplies/stock/"),
        Step("GET /supplies/ledger/", c, "/supplies/ledger/"),
        Step("GET /supplies/transfers/", c, "/supplies/transfers/"),
        Step("GET /supplies/distributions/", c, "/supplies/distributions/"),
        Step("GET /audit/", c, "/audit/"),
        Step("GET /audit/reports/report/<id>/", c, f"/audit/reports/report/{own_report.pk}/"),
        Step("GET /wards/", c, "/wards/"),
        Step("GET /api/v1/summaries/?kind=daily", c, "/api/v1/summaries/?kind=daily"),
        Step("GET /api/v1/summaries/<id>/", c, f"/api/v1/summaries/{summary.pk}/"),
        Step("GET /api/v1/audit-log/", c, "/api/v1/audit-log/"),
        Step("GET /api/v1/wards/", c, "/api/v1/wards/"),
        Step("GET /api/v1/indicators/?kind=daily", c, "/api/v1/indicators/?kind=daily"),
        Step("GET /api/v1/inspection-schedules/", c, "/api/v1/inspection-schedules/"),
        Step("GET /api/v1/stock-transfers/", c, "/api/v1/stock-transfers/"),
        Step("GET /", a, "/"),
        Step("GET /inspections/suggestions/", a, "/inspections/suggestions/"),
        Step("GET /inspections/establishments/", a, "/inspections/establishments/"),
        Step("GET /supplies/stock/", a, "/supplies/stock/"),
        Step("GET /supplies/transfer/", a, "/supplies/transfer/"),
        Step("GET /api/v1/reports/?kind=daily", t, "/api/v1/reports/?kind=daily", morning=True),
        Step("GET /api/v1/establishments/", t, "/api/v1/establishments/", morning=True),
        Step("GET /api/v1/inspections/", t, "/api/v1/inspections/"),
        Step("GET /api/v1/inspection-teams/", t, "/api/v1/inspection-teams/"),
        Step("GET /api/v1/stock-movements/", t, "/api/v1/stock-movements/"),
        Step("GET /api/v1/stock/", t, "/api/v1/stock/"),
        Step("GET /api/v1/supply-items/", t, "/api/v1/supply-items/"),
    ]
    return steps + beat_steps(world)


def beat_steps(world: World) -> list[Step]:
    """The beat sweeps that run every 5 minutes, at the moments they have work to do."""
    from django.utils import timezone

    from reports import services as report_services
    from reports.summary import services as summary_services

    def at(hour: int, minute: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(world.today, datetime.time(hour, minute)))

    return [
        Step("check_deadlines (15:30: reminders)", "beat",
             call=lambda: report_services.deadlines_check(now=at(15, 30))),
        Step("check_deadlines (16:30: missing list)", "beat",
             call=lambda: report_services.deadlines_check(now=at(16, 30))),
        Step("check_deadlines (idle run)", "beat", call=lambda: report_services.deadlines_check(now=at(16, 35))),
        Step("sweep_undelivered", "beat", call=lambda: report_services.undelivered_sweep(now=timezone.now())),
        Step("recompile_pending", "beat", call=lambda: summary_services.recompile_pending(now=at(23, 0))),
        Step("compile_due (20:00 daily)", "beat", call=lambda: summary_services.compile_due(now=at(20, 1))),
    ]  # fmt: skip


# ---- plans ----------------------------------------------------------------------------------------


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql: str, sizes: dict[str, int], min_rows: int) -> dict:
    """``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` of one SELECT: its time and the nodes worth a look.

    A node is reported when it scans a table of more than ``min_rows`` rows sequentially, or when
    its filter (or join filter) discards at least ``min_rows`` rows and ten times what it keeps
    (an index, or a condition the planner can use, would read only what is kept).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    found = []
    for node in plan_nodes(plan["Plan"]):
        table = node.get("Relation Name") or ""
        loops = node.get("Actual Loops") or 1
        kept = node.get("Actual Rows", 0) * loops
        removed = loops * sum(
            node.get(key, 0)
            for key in ("Rows Removed by Filter", "Rows Removed by Index Recheck", "Rows Removed by Join Filter")
        )
        size = sizes.get(table, 0)
        if node["Node Type"] == "Seq Scan" and size > min_rows:
            what = "Seq Scan"
        elif removed >= min_rows and removed > 10 * max(kept, 1):
            what = f"{node['Node Type']} discarding"
        else:
            continue
        found.append(
            {
                "what": what,
                "table": table or "(join)",
                "index": node.get("Index Name", ""),
                "table_rows": size,
                "estimated": node.get("Plan Rows", 0),
                "kept": kept,
                "removed": removed,
                "ms": round(node.get("Actual Total Time", 0) * loops, 2),
            }
        )
    jit = plan.get("JIT", {}).get("Timing", {}).get("Total", 0)
    heaviest = heaviest_node(plan["Plan"]) + (f"; JIT compilation {jit:.1f} ms" if jit else "")
    return {"ms": round(plan.get("Execution Time", 0), 2), "found": found, "heaviest": heaviest, "jit_ms": jit}


def heaviest_node(root: dict) -> str:
    """The plan node with the most time of its own (its time minus its children's), described in one line."""

    def total(node):
        return node.get("Actual Total Time", 0) * (node.get("Actual Loops") or 1)

    best, best_ms = root, -1.0
    for node in plan_nodes(root):
        own = total(node) - sum(total(child) for child in node.get("Plans", []))
        if own > best_ms:
            best, best_ms = node, own
    where = " ".join(
        part
        for part in (
            f"using {best['Index Name']}" if best.get("Index Name") else "",
            f"on {best['Relation Name']}" if best.get("Relation Name") else "",
        )
        if part
    )
    loops = best.get("Actual Loops") or 1
    return (
        f"{best['Node Type']} {where}".strip()
        + f" ({best_ms:.1f} ms of its own, {loops:,} loops × {best.get('Actual Rows', 0):,} rows)"
    )


def one_line(sql: str, width: int = 220) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class QueryTimer:
    """An execute wrapper adding up the time of every query (CaptureQueriesContext rounds to the millisecond)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - t0) * 1000


def measure(steps: list[Step], world: World, args) -> list[dict]:
    """Run every step: warm up, capture its queries, EXPLAIN each distinct SELECT, print as it goes."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r'")
        sizes = dict(cursor.fetchall())
    clients = {}
    for who, pk in (("officer", world.officer_id), ("committee", world.committee_id), ("admin", world.admin_id)):
        clients[who] = Client(raise_request_exception=False)  # a failing page is a 500 in the table
        clients[who].force_login(User.objects.get(pk=pk))
    token = Token.objects.create(user=User.objects.get(pk=world.admin_id))
    clients["api token"] = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token.key}")
    plans: dict[str, dict] = {}
    results = []
    for step in steps:

        def run(step=step):
            if step.call is not None:
                step.call()
                return 0
            client = clients[step.who]
            if step.method == "POST":
                return client.post(step.url, step.data() if callable(step.data) else step.data).status_code
            return client.get(step.url).status_code

        repeat = 1
        if step.method == "GET" and step.call is None:
            run()  # warm-up: session refresh, per-process caches
            repeat = max(args.repeat, 1)
        captures, walls, db_times, status = [], [], [], 0
        for _ in range(repeat):
            timer = QueryTimer()
            with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
                t0 = time.perf_counter()
                status = run()
                walls.append((time.perf_counter() - t0) * 1000)
            captures.append(ctx.captured_queries)
            db_times.append(timer.ms)
        queries = captures[0]
        db_ms = statistics.median(db_times)
        found, slow = [], []
        explain_ms = 0.0
        for sql in dict.fromkeys(q["sql"] for q in queries):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            if sql not in plans:
                plans[sql] = explain(sql, sizes, args.min_rows)
            explain_ms += plans[sql]["ms"]
            for node in plans[sql]["found"]:
                found.append({**node, "query_ms": plans[sql]["ms"], "sql": one_line(sql)})
            if plans[sql]["ms"] >= args.slow_ms:
                slow.append({"ms": plans[sql]["ms"], "heaviest": plans[sql]["heaviest"], "sql": one_line(sql)})
        row = {
            "label": step.label, "who": step.who, "morning": step.morning, "status": status,
            "queries": len(queries), "db_ms": round(db_ms, 1), "wall_ms": round(statistics.median(walls), 1),
            "explain_ms": round(explain_ms, 1), "found": found, "slow": slow,
        }  # fmt: skip
        results.append(row)
        if not args.quiet:
            mark = "*" if step.morning else " "
            print(
                f"{mark} {step.label} [{step.who}] {status or ''}: {len(queries)} queries, DB {db_ms:.1f} ms "
                f"(request {row['wall_ms']:.0f} ms)"
            )
            for node in found:
                index = f" via {node['index']}" if node["index"] else ""
                print(
                    f"      ! {node['what']} {node['table']}{index}: table {node['table_rows']:,} rows, "
                    f"estimated {node['estimated']:,}, kept {node['kept']:,}, discarded {node['removed']:,}, "
                    f"{node['ms']:.1f} ms of a {node['query_ms']:.1f} ms query\n        {node['sql']}"
                )
            for query in slow:
                print(
                    f"      ~ slow query, {query['ms']:.1f} ms; heaviest: {query['heaviest']}\n        {query['sql']}"
                )
    return results


def summary_table(results: list[dict]) -> None:
    """The closing table: one line per request."""
    print()
    print("| | request | who | status | queries | DB ms | big Seq Scans | discarding scans |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        seq = sorted({f["table"] for f in r["found"] if f["what"] == "Seq Scan"})
        waste = sorted({f["table"] for f in r["found"] if f["what"] != "Seq Scan"})
        print(
            f"| {'*' if r['morning'] else ''} | {r['label']} | {r['who']} | {r['status'] or '—'} | {r['queries']} "
            f"| {r['db_ms']:.1f} | {', '.join(seq) or '—'} | {', '.join(waste) or '—'} |"
        )
    seq_total = sum(1 for r in results for f in r["found"] if f["what"] == "Seq Scan")
    waste_total = sum(1 for r in results for f in r["found"] if f["what"] != "Seq Scan")
    print(
        f"\n{len(results)} requests and beat runs, {sum(r['queries'] for r in results)} queries, "
        f"DB {sum(r['db_ms'] for r in results):.0f} ms in all; {seq_total} Seq Scans of big tables, "
        f"{waste_total} scans discarding most of what they read. * = the locust morning mix."
    )


def compare(results: list[dict], args) -> None:
    """Run the script again at --compare-wards wards and print the query counts side by side."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "other.json"
        cmd = [
            sys.executable, __file__, "--wards", str(args.compare_wards), "--days", str(args.days),
            "--repeat", "1", "--json", str(out), "--quiet",
        ]  # fmt: skip
        if args.compile_days:
            cmd += ["--compile-days", str(args.compile_days)]
        print(f"\n== the same at {args.compare_wards} wards (a second scratch database)", flush=True)
        subprocess.run(cmd, check=True, env=os.environ | {"DATABASE_URL": args.server_url}, stdout=subprocess.DEVNULL)  # noqa: S603 (this script)
        other = {(r["label"], r["who"]): r for r in json.loads(out.read_text())["results"]}
    print(f"\n| request | who | queries at {args.wards} wards | at {args.compare_wards} wards | |")
    print("|---|---|---|---|---|")
    differ = 0
    for r in results:
        o = other.get((r["label"], r["who"]))
        count = o["queries"] if o else None
        same = count == r["queries"]
        differ += not same
        print(
            f"| {r['label']} | {r['who']} | {r['queries']} | {count if count is not None else '—'} | {'' if same else 'differs'} |"
        )
    print(f"\n{differ} of {len(results)} query counts differ between {args.wards} and {args.compare_wards} wards.")


def run(args) -> list[dict]:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    today = timezone.localdate()
    days = max(args.days, 14)
    print(f"== {args.wards} wards × {days} days (PostgreSQL {connection.pg_version // 10000})", flush=True)
    t0 = time.perf_counter()
    world = fill(wards=args.wards, days=days, today=today)
    print(f"filled in {time.perf_counter() - t0:.1f} s; biggest tables (rows):", flush=True)
    print("  " + ", ".join(f"{k} {v:,}" for k, v in list(world.counts.items())[:14]))
    compile_days = min(args.compile_days or days, days)
    print("compiled " + compile_summaries(world, compile_days), flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        SECURE_SSL_REDIRECT=False, STORAGES=storages, ALLOWED_HOSTS=["testserver"], SESSION_REFRESH_INTERVAL=10**9
    ):
        results = measure(build_steps(world), world, args)
    summary_table(results)
    if args.json:
        args.json.write_text(json.dumps({"wards": args.wards, "days": days, "results": results}, default=str))
    return results


def main(argv=None) -> None:
    args = parse_args(argv)
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres")
    args.server_url = url
    scratch = f"pcd_explain_{os.getpid()}"
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{scratch}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    # Static files come from the finders' folders; WhiteNoise warns that STATIC_ROOT is missing.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ["DB_CONN_MAX_AGE"] = "0"
    results = None
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        results = run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept the scratch database {scratch}")
        else:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.close()
    if args.compare_wards and results is not None:
        compare(results, args)


if __name__ == "__main__":
    main()
