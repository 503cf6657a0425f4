"""Personas and browser fixtures used across the suite, like healthchecks' alice/bob/charlie.

- ``officer_an_bien`` / ``officer_cat_dai``: ward officers of An Biên and Cát Dài (seeded wards)
- ``committee_member``: a member of the district steering committee
- ``district_admin``: a district administrator
- anonymous: the plain ``client`` fixture
Each persona has a logged-in client fixture (``*_client``) and an API client (``*_api``).
``people`` is a crowd for the beat's reminders and alerts: an officer per ward and two committee members.
"""

import datetime
import os
import subprocess
import sys
import time
import uuid
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, connections
from rest_framework.test import APIClient

from config.celery import app
from reports.models import Indicator, ReportDeadline
from reports.seed import load_defaults
from tests.factories import PASSWORD, AdminFactory, CommitteeFactory, OfficerFactory, at
from wards.choices import Role
from wards.models import District, User, Ward, WardCommittee
from wards.seed import load_le_chan


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters, cached values and content types must not leak between tests.

    (A transactional test flushes the database; content type ids cached before it are stale.)
    """
    cache.clear()
    ContentType.objects.clear_cache()
    yield
    cache.clear()
    ContentType.objects.clear_cache()


@pytest.fixture
def le_chan(db):
    """The seeded district. Re-created if a transactional test flushed the seed."""
    return load_le_chan(District, Ward, WardCommittee)


@pytest.fixture
def an_bien(le_chan):
    return Ward.objects.get(district=le_chan, code="an-bien")


@pytest.fixture
def cat_dai(le_chan):
    return Ward.objects.get(district=le_chan, code="cat-dai")


@pytest.fixture
def all_wards(le_chan):
    return list(Ward.objects.filter(district=le_chan).order_by("code"))


@pytest.fixture
def officer_an_bien(an_bien):
    return OfficerFactory(username="officer.an-bien.test", ward=an_bien, first_name="Lan")


@pytest.fixture
def officer_cat_dai(cat_dai):
    return OfficerFactory(username="officer.cat-dai.test", ward=cat_dai, first_name="Minh")


@pytest.fixture
def committee_member(db):
    return CommitteeFactory(username="committee.test")


@pytest.fixture
def district_admin(db):
    return AdminFactory(username="admin.test")


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(client, officer_an_bien):
    return _logged_in(client, officer_an_bien)


@pytest.fixture
def committee_client(client, committee_member):
    return _logged_in(client, committee_member)


@pytest.fixture
def admin_client_(client, district_admin):
    return _logged_in(client, district_admin)


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def officer_api(officer_an_bien):
    return _api(officer_an_bien)


@pytest.fixture
def other_officer_api(officer_cat_dai):
    return _api(officer_cat_dai)


@pytest.fixture
def committee_api(committee_member):
    return _api(committee_member)


@pytest.fixture
def admin_api(district_admin):
    return _api(district_admin)


@pytest.fixture
def anon_api():
    return APIClient()


@pytest.fixture
def people(all_wards):
    """One officer per ward (with e-mail for An Biên) and two committee members."""
    # Created without password hashing (slow on purpose); these users never log in.
    User.objects.bulk_create(
        [User(username=f"o.{w.code}", role=Role.WARD_OFFICER, ward=w, email="ab@example.org" if w.code == "an-bien" else "")
         for w in all_wards]
        + [User(username="c1", role=Role.COMMITTEE, email="c1@example.org"), User(username="c2", role=Role.COMMITTEE)]
    )  # fmt: skip
    officers = {u.ward.code: u for u in User.objects.filter(username__startswith="o.").select_related("ward")}
    committee = list(User.objects.filter(username__in=["c1", "c2"]).order_by("username"))
    return officers, committee


# ---- Browser tests (Playwright driving Debian's Chromium) -----------------------------------

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium_browser(django_db_setup):
    """A headless Chromium for the session. Skipped where it is not installed, failed in CI.

    Playwright's sync API leaves an event loop running in this thread, and from then on Django
    keeps this thread's database connections in a context variable: new connection objects,
    without the test database's serialized contents. ``serialized_rollback`` would then restore
    nothing after a flush (the migrations' seeded rows, such as the default level criteria,
    missing in every browser test after a transactional one), so the contents are carried over.
    """
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER_TESTS is set (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM must still work in tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only once Chromium is known to be there

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as pw:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium_browser, live_server):
    """A page in a phone-sized window (390×844, touch), Vietnamese locale, at the live server."""
    context = chromium_browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the home page."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_selector("[data-testid=home-heading]")


# ---- A real Celery worker on the real broker (PostgreSQL + Redis, as in CI) -------------------


@pytest.fixture
def celery_worker_process(transactional_db):
    """Start ``celery -A config worker`` against the test database and the real broker.

    Needs PostgreSQL (the worker is another process and must see the test database) and
    CELERY_BROKER_URL. Skipped elsewhere; in CI (REQUIRE_CELERY_WORKER=1) a skip is a failure.
    Tasks sent by the test go to a queue of their own, so nothing else consumes them.
    Yields the worker's queue name. Use with
    ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``.
    """

    reason = None
    if connection.vendor != "postgresql":
        reason = "a real worker needs PostgreSQL (DATABASE_URL)"
    elif not settings.CELERY_BROKER_URL:
        reason = "a real worker needs CELERY_BROKER_URL"
    if reason:
        if os.environ.get("REQUIRE_CELERY_WORKER"):
            pytest.fail(reason)
        pytest.skip(reason)

    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", "solo",
         "--concurrency", "1", "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "warning", "--include", "tests.platform.worker_tasks"],
        env=env,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    old_eager, old_queue = app.conf.task_always_eager, app.conf.task_default_queue
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@{os.uname().nodename}"], timeout=1.0):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start")
        yield queue
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = old_eager, old_queue
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


# ---- the indicator catalogue and a fixed clock (reports and summary tests) ------------------------


@pytest.fixture
def catalogue(db):
    """The seeded indicator catalogue and deadlines (re-created if a transactional test flushed them)."""

    load_defaults(Indicator, ReportDeadline)
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def today():
    """A fixed 'today': Tuesday 17 March 2020."""
    return datetime.date(2020, 3, 17)


@pytest.fixture
def clock_start_hour():
    """The hour ``clock`` starts at on ``today`` (a test folder overrides it)."""
    return 9


@pytest.fixture
def clock(today, clock_start_hour):
    """Set the clock: ``clock(day, hour, minute, second)``; starts at ``clock_start_hour`` on ``today``."""
    patcher = mock.patch("django.utils.timezone.now", return_value=at(today, clock_start_hour))
    fake = patcher.start()

    def set_to(day, hour=9, minute=0, second=0):
        fake.return_value = at(day, hour, minute, second)
        return fake.return_value

    set_to.mock = fake
    yield set_to
    patcher.stop()
