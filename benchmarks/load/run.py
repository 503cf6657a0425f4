"""Load benchmark: the morning mix of locustfile.py against gunicorn on PostgreSQL, loopback only.

    .venv/bin/python benchmarks/load/run.py                      # 60 s, 35 users, one more each second
    .venv/bin/python benchmarks/load/run.py --run-time 90 --spawn-rate 10   # everyone logs in at once

Steps: create a scratch database ``pcd_load_<pid>`` on the server of DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/postgres), migrate, load the demo data (``manage.py demo``),
collectstatic into a temporary folder, create an API token for ``admin``, start gunicorn
(2 × cores + 1 workers) on 127.0.0.1 and a free port with production settings over plain HTTP
(DEBUG=0, a throw-away SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT=0,
SECURE_COOKIES=0, SECURE_HSTS_SECONDS=0, e-mail dropped, CACHE_URL=--cache-url as in production:
Redis shared by the workers), run locust headless for --run-time seconds, print
requests/s, median and p95 per endpoint and the errors (from locust's CSV), then stop gunicorn
and drop the database, also after an error or Ctrl-C. As in production, a Celery worker
(concurrency 1) runs beside gunicorn on the Redis broker of --broker-url and compiles the
summaries the submissions ask for ('none': tasks in-process, as in a single-server install
without Celery). Locust runs on the same machine and takes CPU from the server: compare figures
from the same machine only.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
sys.path.insert(0, str(ROOT))

from benchmarks.scratch import admin_connection  # noqa: E402 (after the path is set)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd[1:] if cmd[0] == sys.executable else cmd), flush=True)
    kwargs.setdefault("check", True)
    return subprocess.run(cmd, env=env, cwd=ROOT, **kwargs)  # noqa: S603 (our own commands)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback URL built here)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def report(stats_csv: Path, run_time: int) -> int:
    """Print the per-endpoint table; return the number of failed requests."""
    with stats_csv.open(newline="") as f:
        rows = list(csv.DictReader(f))
    width = max(len(r["Name"]) for r in rows) + 2
    print()
    print(f"{'endpoint':<{width}}{'requests':>9}{'req/s':>8}{'median ms':>11}{'p95 ms':>8}{'errors':>8}")
    failures = 0
    for r in rows:
        name = r["Name"] if r["Type"] else "TOTAL"
        if r["Name"] == "Aggregated":
            print("-" * (width + 44))
            name = "all requests"
        print(
            f"{(r['Type'] + ' ' + name).strip():<{width}}{int(r['Request Count']):>9}{float(r['Requests/s']):>8.1f}"
            f"{r['50%']:>11}{r['95%']:>8}{int(r['Failure Count']):>8}"
        )
        if r["Name"] == "Aggregated":
            failures = int(r["Failure Count"])
    print(f"\n({run_time} s, response times in milliseconds)")
    return failures


def stop(process: subprocess.Popen) -> None:
    """TERM the process group (gunicorn or Celery and their children), KILL it after 30 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def pipeline(server_url: str, db_name: str, since: float) -> None:
    """How the task pipeline kept up: summaries compiled during the load, recompiles still pending."""
    conn = admin_connection(urlunparse(urlparse(server_url)._replace(path=f"/{db_name}")))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM summaries_districtsummary WHERE compiled_at >= to_timestamp(%s)", [since])
            compiled = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM summaries_summaryrecompile")
            pending = cur.fetchone()[0]
    finally:
        conn.close()
    print(f"summaries compiled during the load: {compiled}; recompiles pending at the end: {pending}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--users", type=int, default=35, help="locust users (default 35: 15 officers, 10 committee)")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=1,
        help="users starting per second (default 1: people arrive at their desks over half a minute)",
    )
    parser.add_argument(
        "--broker-url",
        default="redis://127.0.0.1:6379/8",
        help="CELERY_BROKER_URL; a Celery worker runs beside gunicorn as in production (default Redis db 8; "
        "'none': tasks in-process)",
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/9",
        help="CACHE_URL of the server, shared by its workers as in production (default Redis db 9; 'none': per process)",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the scratch database (debugging)")
    args = parser.parse_args()
    if not 1 <= args.run_time <= 1800 or not 1 <= args.users <= 500:
        parser.error("--run-time must be 1–1800 s and --users 1–500")

    server_url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    db_name = f"pcd_load_{os.getpid()}"
    parsed = urlparse(server_url)
    work = Path(tempfile.mkdtemp(prefix="pcd-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_"))},
        "DATABASE_URL": urlunparse(parsed._replace(path=f"/{db_name}")),
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-only-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_LEVEL": "WARNING",
        # No SMTP server here: e-mails (reminders, urgent alerts) are built and dropped.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "demo12345"),
        "PYTHONUNBUFFERED": "1",
    }
    if args.cache_url != "none":
        env["CACHE_URL"] = args.cache_url
    if args.broker_url != "none":
        env["CELERY_BROKER_URL"] = args.broker_url
    conn = admin_connection(server_url)
    server = worker = None
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{db_name}"')
        manage = [sys.executable, "manage.py"]
        run([*manage, "migrate", "-v0"], env)
        run([*manage, "demo"], env, stdout=subprocess.DEVNULL)
        run([*manage, "collectstatic", "--noinput", "-v0"], env)
        token_out = run([*manage, "drf_create_token", "admin"], env, capture_output=True, text=True).stdout
        env["LOAD_API_TOKEN"] = token_out.split()[2]  # "Generated token <key> for user admin"

        log = (work / "gunicorn.log").open("w")
        print(f"$ gunicorn config.wsgi:application --bind 127.0.0.1:{port} --workers {args.workers}", flush=True)
        server = subprocess.Popen(  # noqa: S603 (our own command)
            [str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_until_up(f"{base}/healthz/", server)
        if args.broker_url != "none":
            # Tasks left on this broker database by an earlier run belong to a dropped database.
            run([str(VENV_BIN / "celery"), "-A", "config", "purge", "-f"], env, stdout=subprocess.DEVNULL)
            print("$ celery -A config worker --concurrency 1", flush=True)
            worker = subprocess.Popen(  # noqa: S603 (our own command)
                [str(VENV_BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
                env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

        prefix = work / "locust"
        load_started = time.time()
        run(
            [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", base,
             "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.run_time}s",
             "--stop-timeout", "10", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            env, stdout=subprocess.DEVNULL, check=False,  # exits 1 when a request failed: reported below
        )  # fmt: skip
        failures = report(Path(f"{prefix}_stats.csv"), args.run_time)
        pipeline(server_url, db_name, load_started)
        failures_csv = Path(f"{prefix}_failures.csv")
        if failures and failures_csv.exists():
            print("\nerrors:")
            with failures_csv.open(newline="") as f:
                for row in csv.DictReader(f):
                    print(f"  {row['Occurrences']:>5} × {row['Method']} {row['Name']}: {row['Error']}")
            errors = [line for line in (work / "gunicorn.log").read_text().splitlines() if '"ERROR"' in line]
            for line in errors[:5]:
                print("  server:", line[:400])
        return 1 if failures else 0
    finally:
        for process in (worker, server):
            if process is not None:
                stop(process)
        if not args.keep_db:
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        conn.close()
        if server is not None and server.returncode not in (0, -signal.SIGTERM):
            print(f"gunicorn log: {work / 'gunicorn.log'}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
