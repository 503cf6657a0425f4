"""A worker killed (kill -9) in the middle of a compile: the task is redelivered, one correct summary.

The compile task has ``acks_late``: its message is acknowledged only after it finishes, so a
worker that dies mid-task leaves it unacknowledged in Redis. Once the broker's visibility
timeout has passed, another worker restores and runs it; the compile is an upsert in one
transaction (the killed one rolled back), so exactly one summary row results, with the
right figures. The workers here get ``CELERY_VISIBILITY_TIMEOUT=5`` (production: 3,600 s).
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from reports.choices import ReportKind
from reports.models import Indicator, ReportDeadline
from reports.seed import load_defaults
from reports.summary.models import DistrictSummary, DistrictSummaryWard, SummaryRecompile
from reports.summary.tasks import compile_summary
from tests.factories import at, daily

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VISIBILITY_TIMEOUT = 5
BOUND = 90  # seconds the whole scenario may take, at most


def worker_environment(**extra) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        **extra,
    }


def start_worker(queue: str, name: str, deadline: float, pool: str = "solo", **env) -> subprocess.Popen:
    """``celery worker`` on ``queue`` (solo pool: the task runs in the worker process); returns once it answers."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", pool,
         "--concurrency", "1", "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "-l", "warning",
         "--include", "tests.platform.worker_tasks"],
        env=worker_environment(**env),
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    while not app.control.ping(destination=[f"{name}@{os.uname().nodename}"], timeout=1.0):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"the Celery worker {name} did not start")
    return worker


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


@pytest.fixture
def real_broker():
    reason = None
    if connection.vendor != "postgresql":
        reason = "a real worker needs PostgreSQL (DATABASE_URL)"
    elif not settings.CELERY_BROKER_URL:
        reason = "a real worker needs CELERY_BROKER_URL"
    if reason:
        if os.environ.get("REQUIRE_CELERY_WORKER"):
            pytest.fail(reason)
        pytest.skip(reason)
    queue = f"test-kill-{uuid.uuid4().hex[:10]}"
    old_eager, old_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        yield queue
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old_eager, old_queue


DAY = datetime.date(2020, 3, 17)


@pytest.fixture
def reports_to_compile(le_chan, an_bien, cat_dai, officer_an_bien):
    """Two daily reports of DAY (one late) and the pending recompile (outbox row) they left."""
    load_defaults(Indicator, ReportDeadline)
    daily(an_bien, DAY, {"home_quarantine": 4}, officer_an_bien)
    daily(cat_dai, DAY, {"home_quarantine": 6}, officer_an_bien, late=True)
    SummaryRecompile.objects.create(
        district=le_chan, kind=ReportKind.DAILY, period_start=DAY, created_at=at(DAY, 15), requested_at=at(DAY, 15)
    )


def assert_one_correct_summary(outcome, district, day=DAY):
    summary = DistrictSummary.objects.get()  # exactly one row for the key
    assert outcome["summary_id"] == summary.pk
    assert (summary.district_id, summary.kind, summary.period_start) == (district.pk, ReportKind.DAILY, day)
    assert (summary.expected, summary.submitted, summary.on_time, summary.late) == (15, 2, 1, 1)
    assert summary.totals["home_quarantine"] == 10
    assert DistrictSummaryWard.objects.filter(summary=summary).count() == 15
    assert not SummaryRecompile.objects.exists()  # the compile that committed removed the outbox row


def wait_for(marker: Path, worker: subprocess.Popen, deadline: float) -> int:
    """Wait until the slow compile is inside its transaction; return the id of the process running it."""
    while not marker.exists() or not marker.read_text():
        assert worker.poll() is None and time.monotonic() < deadline, "the compile never started"
        time.sleep(0.1)
    return int(marker.read_text())


def test_a_worker_killed_mid_compile_leads_to_one_correct_summary_after_redelivery(
    real_broker, reports_to_compile, le_chan, tmp_path
):
    queue, day = real_broker, DAY
    started = time.monotonic()
    deadline = started + BOUND
    marker = tmp_path / "compiling"
    first = start_worker(queue, f"{queue}-first", deadline, PCD_TEST_SLOW_COMPILE=str(marker))
    second = None
    try:
        result = compile_summary.apply_async(args=[le_chan.pk, ReportKind.DAILY, day.isoformat()], queue=queue)
        wait_for(marker, first, deadline)
        first.kill()  # kill -9, mid-task: no acknowledgement, its transaction rolls back
        first.wait(timeout=10)
        assert not DistrictSummary.objects.exists()

        second = start_worker(queue, f"{queue}-second", deadline, PCD_TEST_FAST_RESTORE="1")
        outcome = result.get(timeout=max(1, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
    finally:
        stop_worker(first)
        if second is not None:
            stop_worker(second)
    print(f"\nworker killed mid-compile: summary compiled after redelivery in {elapsed:.1f} s")
    assert_one_correct_summary(outcome, le_chan)


def test_a_pool_process_killed_mid_compile_is_requeued_at_once_and_compiles_one_summary(
    real_broker, reports_to_compile, le_chan, tmp_path
):
    """Prefork: the pool process running the task dies; ``task_reject_on_worker_lost`` requeues it.

    Without that setting the task would be acknowledged as failed (WorkerLostError) and no
    summary would be written; with it, a fresh pool process runs it again straight away.
    """
    queue, day = real_broker, DAY
    started = time.monotonic()
    deadline = started + BOUND
    marker = tmp_path / "compiling"
    worker = start_worker(queue, f"{queue}-prefork", deadline, pool="prefork", PCD_TEST_SLOW_COMPILE=str(marker))
    try:
        result = compile_summary.apply_async(args=[le_chan.pk, ReportKind.DAILY, day.isoformat()], queue=queue)
        child = wait_for(marker, worker, deadline)
        assert child != worker.pid  # the task runs in a pool process, not the worker's main process
        os.kill(child, signal.SIGKILL)
        outcome = result.get(timeout=max(1, deadline - time.monotonic()))
        elapsed = time.monotonic() - started
    finally:
        stop_worker(worker)
    print(f"\npool process killed mid-compile: summary compiled after the requeue in {elapsed:.1f} s")
    assert_one_correct_summary(outcome, le_chan)
