"""Queueing background work after the transaction commits, without ever failing the caller."""

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` after the current transaction commits; never fail the caller.

    A write that queues follow-up work (an alert, an e-mail, a recompile) has already been
    committed when the task is sent. If the broker is down (or, in-process, the task itself
    fails), the error is logged and swallowed: the user's submission stands, and each task's
    beat sweep finds the work that was not done (unsent alerts, pending recompiles).
    """

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:
            logger.warning("could not queue %s%r; its sweep will catch up", task.name, args, exc_info=True)

    transaction.on_commit(send)
