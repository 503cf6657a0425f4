"""The beat schedule run inside the web process when no broker is configured.

Production runs ``celery beat`` beside the workers. The embedded default (SQLite, no broker, the
README's first command) has neither, yet its deadlines must remind, missing wards must be listed
and pending recompiles and unsent alerts must be swept. So when ``CELERY_BROKER_URL`` is empty the
WSGI application starts :class:`InProcessBeat`: one daemon thread that reads the same
``beat_schedule`` as ``celery beat`` (``config/celery.py``) and runs each entry's task in-process
when it is due. Sweeps (interval entries) run once at start-up too, so work missed while the
server was stopped is caught up; clock-time entries (crontab) wait for their time.

Only one process of a machine runs it (a file lock named after the database), so several
gunicorn workers on SQLite do not all remind. Every task is safe to run twice anyway (dedup keys,
upserts). ``IN_PROCESS_BEAT=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from celery import current_app
from celery.schedules import BaseSchedule, schedule
from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

# The thread wakes at least this often (seconds) to look at the schedule.
MAX_SLEEP = 30.0


@dataclass
class Entry:
    name: str
    task: str
    schedule: BaseSchedule
    last_run_at: datetime.datetime


def _as_schedule(value: Any) -> BaseSchedule:
    if isinstance(value, BaseSchedule):
        return value
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)
    return schedule(run_every=datetime.timedelta(seconds=seconds))


class InProcessBeat:
    """Runs due beat entries: :meth:`run_due` once (tests call it with a fixed clock), or a thread."""

    def __init__(self, beat_schedule: dict | None = None, *, now: datetime.datetime | None = None):
        app = current_app
        app.loader.import_default_modules()  # every app's tasks module (autodiscovery), as a worker does
        beat_schedule = app.conf.beat_schedule if beat_schedule is None else beat_schedule
        now = now or timezone.now()
        self.app = app
        self.entries: list[Entry] = []
        for name, spec in beat_schedule.items():
            sched = _as_schedule(spec["schedule"])
            # Interval sweeps are due at start-up; clock-time entries wait for their next time.
            first = now - sched.run_every if type(sched) is schedule else now
            self.entries.append(Entry(name=name, task=spec["task"], schedule=sched, last_run_at=first))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _is_due(self, entry: Entry, now: datetime.datetime) -> tuple[bool, float]:
        entry.schedule.nowfun = lambda: now  # judge by the given clock (Django's, which tests can fix)
        due, next_in = entry.schedule.is_due(entry.last_run_at)
        return bool(due), float(next_in)

    def run_due(self, now: datetime.datetime | None = None) -> tuple[list[str], float]:
        """Run every entry due at ``now`` in turn; return their names and the seconds until the next check."""
        now = now or timezone.now()
        ran, wait = [], MAX_SLEEP
        for entry in self.entries:
            due, next_in = self._is_due(entry, now)
            if due:
                entry.last_run_at = now
                self._run(entry)
                ran.append(entry.name)
            wait = min(wait, next_in)
        return ran, max(1.0, wait)

    def _run(self, entry: Entry) -> None:
        task = self.app.tasks.get(entry.task)
        if task is None:
            logger.error("in-process beat: unknown task %s (entry %s)", entry.task, entry.name)
            return
        try:
            task.apply(throw=True)
        except Exception:
            # The next run tries again (a task's own retry included); each sweep finds what this one left undone.
            logger.exception("in-process beat: %s failed", entry.name)

    def _loop(self) -> None:
        logger.info("in-process beat started (%d entries)", len(self.entries))
        try:
            while not self._stop.is_set():
                close_old_connections()  # as a request does: a connection the database dropped is replaced
                _ran, wait = self.run_due()
                close_old_connections()
                self._stop.wait(wait)
        finally:
            connections.close_all()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="in-process-beat", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def _lock_path() -> Path:
    name = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"phongchongdich-beat-{digest}.lock"


def _take_machine_lock() -> Any:
    """An exclusive lock held for the life of the process, or None if another process holds it."""
    try:
        import fcntl  # noqa: PLC0415 - POSIX only; elsewhere every process runs the beat
    except ImportError:
        return contextlib.nullcontext()
    handle = _lock_path().open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


_started: InProcessBeat | None = None
_lock_handle = None


def in_process_beat_wanted() -> bool:
    """No broker (tasks run in-process), not the test suite, and not turned off with ``IN_PROCESS_BEAT=0``."""
    if settings.CELERY_BROKER_URL or getattr(settings, "TESTING", False):
        return False
    return bool(getattr(settings, "IN_PROCESS_BEAT", True))


def start_in_process_beat() -> InProcessBeat | None:
    """Start the embedded beat once per process when wanted and no other process of the machine runs it."""
    global _started, _lock_handle
    if _started is not None or not in_process_beat_wanted():
        return _started
    handle = _take_machine_lock()
    if handle is None:
        logger.info("in-process beat: another process of this machine runs it")
        return None
    _lock_handle = handle
    _started = InProcessBeat()
    _started.start()
    return _started
