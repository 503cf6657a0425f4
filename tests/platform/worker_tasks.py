"""Test-only code loaded by the workers the test suite starts (``--include tests.platform.worker_tasks``).

* ``count_wards``: proves a real worker runs tasks against the test database.
* Two hooks, off unless the test sets their environment variable for the worker it starts
  (production code has no test hooks; nothing here is imported outside those workers):

  - ``PCD_TEST_SLOW_COMPILE=<marker file>``: the first summary compile writes its process id
    to the marker file once it is inside its transaction (figures read, recompile row locked)
    and then blocks, so the test can ``kill -9`` that process in the middle of the task; once
    the marker exists, compiles run normally.
  - ``PCD_TEST_FAST_RESTORE=1``: the Redis transport scans for unacknowledged messages whose
    visibility timeout has passed every second (kombu's default is every ~100 s), so a task
    of a killed worker is redelivered within the test's time bound.
"""

import os
import time
from pathlib import Path

from config.celery import app


@app.task(name="tests.platform.count_wards")
def count_wards():
    from wards.models import Ward  # noqa: PLC0415 - the worker imports this module while it starts up

    return Ward.objects.count()


if os.environ.get("PCD_TEST_FAST_RESTORE"):
    app.conf.broker_transport_options = {
        **app.conf.broker_transport_options,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


if os.environ.get("PCD_TEST_SLOW_COMPILE"):
    from reports.summary import services as _summary_services

    _ward_figures = _summary_services.ward_figures

    def _slow_ward_figures(**kwargs):
        figures = _ward_figures(**kwargs)
        marker = Path(os.environ["PCD_TEST_SLOW_COMPILE"])
        if not marker.exists():  # only the first run blocks; a redelivered one compiles
            marker.write_text(str(os.getpid()))  # the process running the task (a pool child in prefork)
            time.sleep(600)  # blocks until the test kills this process
        return figures

    _summary_services.ward_figures = _slow_ward_figures
