"""Phone benchmark: a ward officer's daily report in Chromium at 360×740, typed at human speed.

    .venv/bin/python benchmarks/daily_report_phone.py                 # scratch database, demo data
    .venv/bin/python benchmarks/daily_report_phone.py --url http://127.0.0.1:8000 --username officer.an-bien

Without ``--url``: creates a scratch database ``pcd_phone_<pid>`` on the server of DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/postgres), migrates, loads the demo data, collects the
static files into a temporary folder and serves them with gunicorn on 127.0.0.1 (production
settings over plain HTTP, tasks in-process), then drops the database, also after an error.

The officer (``--username``, the demo's password) logs in, opens today's report from the home page,
keeps the carried-over figures (people under quarantine...), types a typical day's flows
(``TYPICAL_DAY``) at ``--key-ms`` per key, taps "Review", reads the review page and taps "Submit".
Every tap waits ``--tap-ms`` (a person finding the next field). Prints the taps, the fields and
keys typed and the seconds from the home page to the confirmation; the aim is under 60 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT))

from benchmarks.load.run import free_port, run, stop, wait_until_up  # noqa: E402 (after the path is set)
from benchmarks.scratch import admin_connection  # noqa: E402

# A typical day's flows in a ward (the "latest" figures are carried over and left as they are).
TYPICAL_DAY = {
    "returnees": "3",
    "suspected_cases": "1",
    "confirmed_cases": "0",
    "samples_tested": "12",
    "establishments_inspected": "6",
    "violations_found": "1",
    "loudspeaker_broadcasts": "4",
    "masks_given": "1.500",
}


class Officer:
    """Drives the page as a person does: a pause before each tap, one key at a time."""

    def __init__(self, page, tap_ms: int, key_ms: int) -> None:
        self.page, self.tap_ms, self.key_ms = page, tap_ms, key_ms
        self.taps = self.fields = self.keys = 0

    def tap(self, selector: str) -> None:
        self.page.wait_for_timeout(self.tap_ms)
        self.page.locator(selector).first.tap()
        self.taps += 1

    def type_into(self, selector: str, text: str) -> None:
        self.tap(selector)
        self.page.locator(selector).first.fill("")
        self.page.keyboard.type(text, delay=self.key_ms)
        self.fields += 1
        self.keys += len(text)


def drive(base: str, username: str, password: str, tap_ms: int, key_ms: int) -> dict:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when the benchmark runs

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN", base_url=base
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-testid=home-heading]")

        officer = Officer(page, tap_ms, key_ms)
        started = time.monotonic()
        officer.tap("[data-testid=today-button]")
        page.wait_for_selector("[data-testid=form-heading]")
        if not page.locator("[data-testid=review-report]").count():
            raise SystemExit("today's report is already sent for this ward: use another --username")
        carried = page.locator("[data-testid=carried-over]").count()
        for code, value in TYPICAL_DAY.items():
            officer.type_into(f"input[name={code}]", value)
        officer.tap("[data-testid=review-report]")
        page.wait_for_selector("[data-testid=confirm-heading]")
        page.wait_for_timeout(3 * tap_ms)  # a glance at the changes and the flags
        flagged = page.locator("[data-flagged]").count()
        officer.tap("[data-testid=submit-report]")
        page.wait_for_selector(".alert-success")
        seconds = time.monotonic() - started
        browser.close()
    return {"taps": officer.taps, "fields": officer.fields, "keys": officer.keys, "carried": carried,
            "flagged": flagged, "seconds": seconds}  # fmt: skip


def serve_demo() -> tuple[str, callable]:  # type: ignore[valid-type]
    """Scratch database with the demo data behind gunicorn; returns its URL and the clean-up."""
    server_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    db_name = f"pcd_phone_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="pcd-phone-"))
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))},
        "DATABASE_URL": urlunparse(urlparse(server_url)._replace(path=f"/{db_name}")),
        "DEBUG": "0",
        "SECRET_KEY": "phone-benchmark-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "demo12345"),
    }
    conn = admin_connection(server_url)
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{db_name}"')
    server = None

    def clean_up() -> None:
        if server is not None:
            stop(server)
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.close()

    try:
        manage = [sys.executable, "manage.py"]
        run([*manage, "migrate", "-v0"], env)
        run([*manage, "demo"], env, stdout=subprocess.DEVNULL)
        run([*manage, "collectstatic", "--noinput", "-v0"], env)
        server = subprocess.Popen(  # noqa: S603 (our own command)
            [str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_until_up(f"http://127.0.0.1:{port}/healthz/", server)
    except BaseException:
        clean_up()
        raise
    return f"http://127.0.0.1:{port}", clean_up


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (default: a scratch demo served here)")
    parser.add_argument("--username", default="officer.an-bien")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))
    parser.add_argument("--tap-ms", type=int, default=400, help="pause before each tap (default 400 ms)")
    parser.add_argument("--key-ms", type=int, default=150, help="time per key typed (default 150 ms)")
    args = parser.parse_args()
    clean_up = None
    base = args.url
    if not base:
        base, clean_up = serve_demo()
    try:
        result = drive(base, args.username, args.password, args.tap_ms, args.key_ms)
    finally:
        if clean_up:
            clean_up()
    print(
        f"taps {result['taps']} · fields typed {result['fields']} ({result['keys']} keys) · "
        f"carried over {result['carried']} · flagged on review {result['flagged']} · "
        f"{result['seconds']:.1f} s (aim < 60 s)"
    )
    return 0 if result["seconds"] < 60 else 1


if __name__ == "__main__":
    raise SystemExit(main())
