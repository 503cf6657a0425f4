"""A task only the test suite uses to prove a real worker runs tasks against the test database.

The ``celery_worker_process`` fixture starts the worker with ``--include`` of this module.
"""

from config.celery import app


@app.task(name="tests.platform.count_wards")
def count_wards():
    from wards.models import Ward

    return Ward.objects.count()
