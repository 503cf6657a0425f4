"""Bytes a ward officer's phone downloads (issue 13 #5): the home page and the daily form, first visit and later.

    .venv/bin/python benchmarks/page_bytes.py                 # scratch database, demo data
    .venv/bin/python benchmarks/page_bytes.py --url http://127.0.0.1:8000 --username officer.an-bien
    .venv/bin/python benchmarks/page_bytes.py --detail         # every request, its encoding and size

Without ``--url``: the scratch demo served by gunicorn with production settings, as
``daily_report_phone.py`` does (static files collected and precompressed by WhiteNoise, brotli/gzip).

For each page, in Chromium at 360×740: the officer logs in in one browser context; the page is then
opened in a fresh context holding only the session cookie (empty HTTP cache, no service worker): the
**first visit**, the worker's precache of the app shell included. Then the page is opened again in
that context (HTTP cache and service worker in place): the **later visit**.

The browser reaches the server through a counting TCP proxy: the figures are the bytes the server
sent down (status lines, headers and bodies as encoded: brotli/gzip), everything the phone downloads
over HTTP, the service worker's update check and the manifest included. Chromium's network events
split them into the page and its assets, the worker's precache and the HTML (body as encoded plus
headers; answers from the worker's cache or the HTTP cache cross nothing). Prints a table in KB
(1 KB = 1,000 bytes); the aim is the daily form under 150 KB on a first visit and under 20 KB later.
TLS is not counted (plain HTTP here): about 5 KB more for the certificate on a phone's first connection.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(ROOT))

from benchmarks.daily_report_phone import serve_demo  # noqa: E402 (after the path is set)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
PAGES = {"home": "/", "daily form": "/reports/today/"}


class WireCounter:
    """A TCP proxy on 127.0.0.1 in front of the server, counting the bytes it sends down."""

    def __init__(self, target: str) -> None:
        parsed = urlparse(target)
        self.target = (parsed.hostname or "127.0.0.1", parsed.port or 80)
        self.down = 0
        self.asked: list[str] = []  # the request lines sent up, for --detail
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                with self.lock:
                    if counted:
                        self.down += len(chunk)
                    elif chunk[:4] in (b"GET ", b"POST", b"HEAD"):
                        self.asked.append(chunk.split(b"\r\n", 1)[0].decode("latin-1"))
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def take(self) -> tuple[int, list[str]]:
        with self.lock:
            taken, asked, self.down, self.asked = self.down, self.asked, 0, []
        return taken, asked

    def close(self) -> None:
        self.listener.close()


class Meter:
    """Sums the bytes of the requests a context finishes: the page's and its service worker's."""

    def __init__(self, context) -> None:
        self.finished: list = []
        context.on("requestfinished", lambda request: self.finished.append(request))

    def take(self) -> dict[str, int]:
        totals: dict = {"page": 0, "worker": 0, "html": 0, "requests": 0, "detail": []}
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
            encoding = response.headers.get("content-encoding", "-")
            by = "worker" if request.service_worker else "page"
            totals["detail"].append(f"  {by:6} {size:>8,} B  {encoding:5} {request.url.split('/', 3)[-1]}")
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


def measure(server: str, username: str, password: str) -> list[dict]:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when the benchmark runs

    rows = []
    wire = WireCounter(server)
    base = wire.url
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
            wire.take()
            visit(page, path)
            first = meter.take()
            first["wire"], first["asked"] = wire.take()
            visit(page, path)
            later = meter.take()
            later["wire"], later["asked"] = wire.take()
            rows.append({"page": label, "url": page.url.removeprefix(base), "first": first, "later": later})
            context.close()
        browser.close()
    wire.close()
    return rows


def requests(totals: dict) -> str:
    return f"{totals['requests']} request{'' if totals['requests'] == 1 else 's'}"


def kb(n: int) -> str:
    return f"{n / 1000:,.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server (default: a scratch demo served here)")
    parser.add_argument("--username", default="officer.an-bien")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD", "demo12345"))
    parser.add_argument("--detail", action="store_true", help="list every request: who asked, size, encoding")
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
        "| page | first visit, on the wire | page + assets | worker's precache | of which HTML | later visit, on the wire |"
    )
    print("|---|---|---|---|---|---|")
    ok = True
    for row in rows:
        first, later = row["first"], row["later"]
        print(
            f"| {row['page']} (`{row['url']}`) | **{kb(first['wire'])} KB** ({requests(first)}) | "
            f"{kb(first['page'])} KB | {kb(first['worker'])} KB | {kb(first['html'])} KB | "
            f"**{kb(later['wire'])} KB** ({requests(later)}) |"
        )
        if row["page"] == "daily form":
            ok = first["wire"] < 150_000 and later["wire"] < 20_000
    if args.detail:
        for row in rows:
            for visit_name in ("first", "later"):
                print(f"\n{row['page']}, {visit_name} visit:")
                print("\n".join(row[visit_name]["detail"]))
                print("  requests on the wire: " + ", ".join(row[visit_name]["asked"]))
    print("aim: the daily form under 150 KB on a first visit and under 20 KB later:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
