"""Redis down: submissions and stock movements still succeed; the outbox and the sweeps catch up.

A private ``redis-server`` (its own free port, nothing saved to disk) is the broker for this
test; it is killed while the requests are made and started again for the sweeps. The machine's
Redis on 6379 is never touched.
"""

import datetime
import shutil
import socket
import subprocess
import time
from unittest import mock

import pytest
import redis
from django.db import connection
from django.utils import timezone
from kombu import pools

from config.celery import app
from reports import services as report_services
from reports import tasks as report_tasks
from reports.choices import NotificationKind, ReportKind, ReportStatus
from reports.models import Indicator, Notification, Report, ReportDeadline
from reports.seed import load_defaults
from reports.summary import tasks as summary_tasks
from reports.summary.models import DistrictSummary, DistrictSummaryWard, SummaryRecompile
from supplies import services as supply_services
from supplies.choices import RecipientType
from supplies.models import StockMovement, SupplyItem
from supplies.seed import load_items

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Generous bound on one request with the broker down: it proves "does not hang", not a speed.
REQUEST_BOUND_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    """A private redis-server on ``port``, in memory only; returns once it answers."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the private redis-server did not start")
            time.sleep(0.05)


def stop_redis(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(timeout=10)


def reset_celery_connections() -> None:
    """Forget every broker/backend connection this process holds, so the next send reconnects.

    Celery caches (1) the app's broker connection pool (``app._pool``, from kombu's global
    ``pools.connections``), (2) the producer pool of ``app.amqp`` (``_producer_pool``, also in
    kombu's global ``pools.producers``) and (3) the result backend object (``_backend_cache``
    or thread-local ``_local.backend``), each built from the configuration of its first use.
    Changing ``app.conf.broker_url`` alone leaves those pointing at the old broker, so: close
    and drop the app's pools (what Celery itself does after a fork, ``app._after_fork``),
    reset kombu's global pools (``pools.reset()`` closes their connections) and drop the backend.
    """
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    pools.reset()
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@pytest.fixture
def private_broker(monkeypatch):
    """Point the Celery app (eager off) at a private redis-server; yields a controller.

    Celery reads the environment variables CELERY_BROKER_URL / CELERY_RESULT_BACKEND before
    ``app.conf`` (``Settings.broker_url``), so with them set (CI) they must be changed too.
    """
    if connection.vendor != "postgresql":
        pytest.skip("the broker-down test runs on PostgreSQL (as in CI)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    state = {"process": start_redis(port)}
    app.conf.broker_url = url
    app.conf.result_backend = url
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setenv("CELERY_RESULT_BACKEND", url)
    app.conf.task_always_eager = False
    reset_celery_connections()

    class Broker:
        def queued(self) -> int:
            """Messages waiting in the default queue of the private Redis."""
            return redis.Redis(host="127.0.0.1", port=port, socket_timeout=2).llen(app.conf.task_default_queue)

        def stop(self):
            stop_redis(state["process"])
            reset_celery_connections()

        def start(self):
            state["process"] = start_redis(port)
            reset_celery_connections()

    assert app.connection_for_write().as_uri().endswith(f":{port}/0")
    try:
        yield Broker()
    finally:
        if state["process"].poll() is None:
            stop_redis(state["process"])
        for key, value in saved.items():
            app.conf[key] = value
        reset_celery_connections()


def timed(call):
    """Run ``call`` and return (its result, seconds taken)."""
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_reports_and_stock_movements_succeed_with_redis_down_and_the_sweeps_catch_up(
    private_broker, officer_api, officer_an_bien, committee_member, district_admin, an_bien, capsys
):
    load_defaults(Indicator, ReportDeadline)
    today = timezone.localdate()
    daily = report_services.report_create(
        user=officer_an_bien, ward=an_bien, kind=ReportKind.DAILY, period_start=today, values={"home_quarantine": 7}
    )
    urgent = report_services.report_create(
        user=officer_an_bien, ward=an_bien, kind=ReportKind.URGENT, title="Ổ dịch tổ dân phố 3",
        severity="critical", occurred_at=timezone.now() - datetime.timedelta(hours=1), description="Ba người sốt",
    )  # fmt: skip
    masks = load_items(SupplyItem)["mask-medical"]
    store = supply_services.holder_for_ward(an_bien)
    supply_services.stock_receive(item=masks, holder=store, quantity=500, user=district_admin, source="Sở Y tế")

    # The app really talks to the private Redis (the connection reset works)...
    summary_tasks.recompile_pending.apply_async()
    assert private_broker.queued() == 1
    private_broker.stop()
    # ...and with it killed, a send fails (then enqueue_on_commit logs and swallows the error).
    with pytest.raises(Exception):  # noqa: B017, PT011 - kombu/redis raise several connection errors
        summary_tasks.recompile_pending.apply_async(retry=False)
    timings = {}

    # (a) A daily report sent through the API.
    response, timings["daily_submit"] = timed(lambda: officer_api.post(f"/api/v1/reports/{daily.pk}/submit/", {}))
    assert response.status_code == 200, response.content
    daily.refresh_from_db()
    assert daily.status == ReportStatus.SUBMITTED
    assert SummaryRecompile.objects.filter(kind=ReportKind.DAILY, period_start=today).exists()  # the outbox row

    # (b) An urgent report sent through the API: stands, its alert waits for the sweep.
    response, timings["urgent_submit"] = timed(lambda: officer_api.post(f"/api/v1/reports/{urgent.pk}/submit/", {}))
    assert response.status_code == 200, response.content
    urgent.refresh_from_db()
    assert urgent.status == ReportStatus.SUBMITTED
    assert not Notification.objects.filter(kind=NotificationKind.URGENT).exists()

    # (c) A distribution of stock through the supplies service.
    movement, timings["distribution"] = timed(
        lambda: supply_services.stock_distribute(
            item=masks,
            holder=store,
            quantity=120,
            recipient_type=RecipientType.RESIDENTIAL_GROUP,
            recipient="Tổ dân phố 3",
            people_reached=40,
            user=officer_an_bien,
        )  # fmt: skip
    )
    assert StockMovement.objects.filter(pk=movement.pk).exists()
    assert supply_services.available(holder_id=store.pk, item_id=masks.pk) == 380

    with capsys.disabled():
        print("\nbroker down, seconds per request:", {k: round(v, 3) for k, v in timings.items()})
    assert all(seconds < REQUEST_BOUND_SECONDS for seconds in timings.values()), timings

    # Redis is back; beat's sweeps run (past the recompile debounce delay).
    private_broker.start()
    summary_tasks.recompile_pending.apply_async()  # sends reach the restarted broker again
    assert private_broker.queued() == 1
    later = timezone.now() + datetime.timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert summary_tasks.recompile_pending()["compiled"] >= 1
        first = report_tasks.sweep_undelivered()
        second = report_tasks.sweep_undelivered()

    summary = DistrictSummary.objects.get(kind=ReportKind.DAILY, period_start=today)
    line = DistrictSummaryWard.objects.get(summary=summary, ward=an_bien)
    assert (line.report_id, summary.submitted) == (daily.pk, 1)
    assert [row["id"] for row in summary.urgent] == [urgent.pk]
    assert not SummaryRecompile.objects.exists()
    alerted = Notification.objects.filter(kind=NotificationKind.URGENT, report=urgent)
    assert first["urgent_alerts_caught_up"] == alerted.count() >= 1
    assert alerted.filter(recipient=committee_member).count() == 1
    assert second["urgent_alerts_caught_up"] == 0
    assert Report.objects.get(pk=urgent.pk).status == ReportStatus.SUBMITTED
