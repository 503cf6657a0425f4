"""A realistic morning on the portal, for locust (run by benchmarks/load/run.py, loopback only).

- 15 ward officers (``officer.<ward code>``, one per ward) open /reports/today/, fill in the
  daily report, save the draft and submit it, then keep correcting it (each save of a
  submitted report goes to its history);
- 10 steering-committee members (the demo ``committee`` account) watch /dashboard/, its trend
  series (/api/v1/summaries/series/) and the review queue /reports/review/;
- API clients (token of the demo ``admin``) list /api/v1/reports/ and /api/v1/establishments/.

Environment: DEMO_PASSWORD (default demo12345), LOAD_API_TOKEN (a token key; run.py creates
one), LOAD_WARD_CODES (comma-separated ward codes, default: the 15 of Lê Chân).
The host must be a loopback address: anything else is refused.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from urllib.parse import urlparse

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")
API_TOKEN = os.environ.get("LOAD_API_TOKEN", "")
WARD_CODES = os.environ.get(
    "LOAD_WARD_CODES",
    "an-bien,an-duong,cat-dai,du-hang,du-hang-kenh,dong-hai,hang-kenh,ho-nam,kenh-duong,lam-son,nghia-xa,"
    "niem-nghia,trai-cau,tran-nguyen-han,vinh-niem",
).split(",")
SERIES_INDICATORS = ["home_quarantine", "confirmed_cases", "samples_tested"]
# The demo catalogue's "must not exceed" rules (reports.seed): the service refuses a report breaking them.
MUST_NOT_EXCEED = {"confirmed_cases": "samples_tested", "violations_found": "establishments_inspected"}
ERROR = re.compile(r'class="invalid-feedback[^"]*"[^>]*>\s*(?:<strong>)?([^<]+)')

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_wards = itertools.cycle(WARD_CODES)


@events.test_start.add_listener
def _loopback_only(environment, **kwargs):
    host = urlparse(environment.host or "").hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing to load {environment.host!r}: only loopback targets are allowed")


def _form_fields(html: str) -> tuple[str | None, dict[str, str]]:
    """(version, {indicator code: current value}) of the report form."""
    version, values = None, {}
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("name") == "version":
            version = attrs.get("value")
        elif "data-indicator" in attrs:
            values[attrs["data-indicator"]] = attrs.get("value", "")
    return version, values


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    username = ""

    def login(self, username: str) -> None:
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        match = CSRF_INPUT.search(page.text)
        token = match.group(1) if match else self.client.cookies.get("csrftoken", "")
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="/accounts/login/ [POST]",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {username} failed: {response.status_code}")

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")


class WardOfficer(PortalUser):
    """One per ward: the morning's daily report."""

    fixed_count = 15

    def on_start(self):
        self.ward = next(_wards)
        self.login(f"officer.{self.ward}")

    @task(5)
    def open_today(self):
        self.client.get("/reports/today/", name="/reports/today/")

    @task(3)
    def save_or_submit(self):
        page = self.client.get("/reports/today/", name="/reports/today/")
        version, values = _form_fields(page.text)
        if not values:
            return
        numbers = {code: random.randint(0, 40) for code in values}  # noqa: S311 (load data, not crypto)
        for code, ceiling in MUST_NOT_EXCEED.items():
            if code in numbers and ceiling in numbers:
                numbers[code] = min(numbers[code], numbers[ceiling])
        data = {code: str(n) for code, n in numbers.items()}
        data.update(
            csrfmiddlewaretoken=self.csrf(),
            version=version or "",
            situation="Tình hình ổn định, tiếp tục theo dõi các hộ cách ly tại nhà.",
            # The submit button shows while the report is a draft (or returned); afterwards officers correct it.
            action="submit" if 'data-testid="submit-report"' in page.text and random.random() < 0.5 else "save",  # noqa: S311
        )
        with self.client.post(
            "/reports/today/",
            data,
            headers={"Referer": f"{self.host}/reports/today/"},
            name=f"/reports/today/ [POST {data['action']}]",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                errors = ERROR.findall(response.text)
                response.failure(f"{response.status_code} {errors[:2]}")


class CommitteeMember(PortalUser):
    """The steering committee follows the district from the dashboard and reviews reports."""

    fixed_count = 10

    def on_start(self):
        self.login("committee")

    @task(4)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(4)
    def series(self):
        indicator = random.choice(SERIES_INDICATORS)  # noqa: S311
        self.client.get("/api/v1/summaries/series/", params={"indicator": indicator}, name="/api/v1/summaries/series/")

    @task(3)
    def review_queue(self):
        self.client.get("/reports/review/", name="/reports/review/")


class ApiClient(HttpUser):
    """An integration (e.g. the city's dashboard) polling the API with a token."""

    wait_time = between(1, 3)
    weight = 1

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {API_TOKEN}"

    @task(3)
    def reports(self):
        self.client.get("/api/v1/reports/", params={"kind": "daily"}, name="/api/v1/reports/")

    @task(2)
    def establishments(self):
        self.client.get("/api/v1/establishments/", name="/api/v1/establishments/")
