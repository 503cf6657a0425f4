"""Bytes a ward officer's phone downloads (issue 13 #5): the home page and the daily form, first visit and later.

    .venv/bin/python benchmarks/page_bytes.py                 # scratch database, demo data
    .venv/bin/python benchmarks/page_bytes.py --url http://127.0.0.1:8000 --username officer.an-bien

Without ``--url``: the scratch demo served by gunicorn with production settings, as
``daily_report_phone.py`` does (static files collected and precompressed by WhiteNoise, brotli/gzip).

For each page, in Chromium at 360×740: the officer logs in in one browser context; the page is then
opened in a fresh context holding only the session cookie (empty HTTP cache, no service worker): the
**first visit**. Then the page is opened again in that context (HTTP cache and service worker in
place): the **later visit**. Bytes are what crossed the network, compressed as sent (body as encoded
plus headers, from Chromium's network events), the service worker's own requests included (its
precache of the app shell is listed apart) and answers served from its cache or from the HTTP cache
left out. Prints a table in KB (1 KB = 1,000 bytes); the aim is the daily form under 150 KB on a
first visit and under 20 KB later.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT))

from benchmarks.daily_report_phone import serve_demo  # noqa: E402 (after the path is set)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
PAGES = {"home": "/", "daily form": "/reports/today/"}


class Meter:
    """Sums the bytes of the requests a context finishes: the page's and its service worker's."""

    def __init__(self, context) -> None:
        self.finished: list = []
        context.on("requestfinished", lambda request: self.finished.append(request))

    def take(self) -> dict[str, int]:
        totals = {"page": 0, "worker": 0, "html": 0, "requests": 0}
        for request in self.finished:
            response = request.response()
            if response is None or response.from_service_worker:
                continue  # answered by the worker: counted as the worker's own request if it went out
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            if size <= 0:
                continue  # the HTTP cache
            totals["requests"] += 1
            totals["worker" if request.service_worker else "page"] += size
            if request.resource_type == "document":
                totals["html"] += size
        self.finished.clear()
        return totals


def visit(page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : true")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the worker's precache finishing after the page


def measure(base: str, username: str, password: str) -> list[dict]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when the benchmark runs

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        login = browser.new_context(base_url=base, **PHONE)
        page = login.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        page.wait_for_selector("[data-testid=home-heading]")
        cookies = login.cookies()
        login.close()
        for label, path in PAGES.items():
            context = browser.new_context(base_url=base, **PHONE)
            context.add_cookies(cookies)
            meter = Meter(context)
            page = context.new_page()
            page.set_default_timeout(30_000)
            visit(page, path)
            first = meter.take()
            visit(page, path)
            later = meter.take()
            rows.append({"page": label, "url": page.url.removeprefix(base), "first": first, "later": later})
            context.close()
        browser.close()
    return rows


def kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (default: a scratch demo served here)")
    parser.add_argument("--username", default="officer.an-bien")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))
    args = parser.parse_args()
    clean_up = None
    base = args.url
    if not base:
        base, clean_up = serve_demo()
    try:
        rows = measure(base.rstrip("/"), args.username, args.password)
    finally:
        if clean_up:
            clean_up()
    print(
        "| page | first visit: page + assets | + worker's precache | first visit, total | of which HTML | later visit |"
    )
    print("|---|---|---|---|---|---|")
    ok = True
    for row in rows:
        first, later = row["first"], row["later"]
        total_first = first["page"] + first["worker"]
        total_later = later["page"] + later["worker"]
        print(
            f"| {row['page']} (`{row['url']}`) | {kb(first['page'])} KB | {kb(first['worker'])} KB | "
            f"{kb(total_first)} KB ({first['requests']} requests) | {kb(first['html'])} KB | "
            f"{kb(total_later)} KB ({later['requests']} requests) |"
        )
        if row["page"] == "daily form":
            ok = total_first < 150_000 and total_later < 20_000
    print("aim: the daily form under 150 KB on a first visit and under 20 KB later:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
