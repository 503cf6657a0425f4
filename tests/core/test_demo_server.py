"""The README's first command, `make demo`, served for real: it behaves as production does.

Runs `make demo` on a scratch SQLite file and a free port, then looks at it as a newcomer would:
the portal's own Vietnamese 404 page (not Django's debug page) with the CSP, static files served,
the demo accounts logging in, and the beat schedule running in-process without another server.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "python").exists(), reason="needs the project's .venv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("demo") / "demo.log"
    db = log.parent / "demo.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "CELERY_", "CACHE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{db}", DEMO_PASSWORD="demo-pass-123")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "demo", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make demo stopped:\n{log.read_text()[-3000:]}")
            try:
                if _get(f"{base}/healthz/")[0] == 200 and "in-process beat started" in log.read_text():
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            pytest.fail(f"make demo did not serve in time:\n{log.read_text()[-3000:]}")
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_demo_shows_the_portals_own_404_page_with_the_csp(demo):
    base, _log = demo
    status, headers, body = _get(f"{base}/khong-co-trang-nay/")
    assert status == 404
    assert "Không tìm thấy trang" in body
    assert "URLconf" not in body and "Django tried these URL patterns" not in body
    assert "Content-Security-Policy" in headers


def test_the_demo_serves_static_files_and_the_login_page(demo):
    base, _log = demo
    status, _headers, body = _get(f"{base}/accounts/login/")
    assert status == 200
    css = re.search(r'href="(/static/[^"]+\.css)"', body)
    assert css is not None
    assert _get(base + css.group(1))[0] == 200


def test_the_demo_runs_the_beat_schedule_in_process(demo):
    _base, log = demo
    text = log.read_text()
    for task in ("check_deadlines", "sweep_undelivered", "compile_due", "recompile_pending"):
        assert re.search(rf"Task \S*{task}\[[^\]]+\] succeeded", text), task


def test_the_demo_shows_no_debug_page_for_a_server_error_path(demo):
    base, _log = demo
    status, _headers, body = _get(f"{base}/reports/abc/")
    assert status == 404
    assert "Traceback" not in body and "DEBUG = True" not in body
