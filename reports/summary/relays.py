"""Messages of the rooms below passed on as the portal's notifications (the bell and e-mail).

The directives room keeps its own reminders (shown above the ward's inbox and the overdue list)
and calls ``directives.hooks.reminders_sent`` when it writes new ones; this room, which may use
both, registers :func:`directive_reminders_relay` on it (``apps.SummaryConfig.ready``), so each
reminder also reaches its recipient's notifications, once (its key is the notification's key).
"""

from __future__ import annotations

from typing import Any

from directives.selectors import reminder_messages
from reports.choices import NotificationKind
from reports.services import notification_send

KINDS = {"due_tomorrow": NotificationKind.TASK_DUE, "overdue_list": NotificationKind.TASKS_OVERDUE}


def directive_reminders_relay(*, reminders: list[Any]) -> None:
    """Notify each reminder's recipient (inside the transaction that wrote the reminders)."""
    for message in reminder_messages(reminders):
        notification_send(
            recipients=[message["recipient"]],
            kind=KINDS[message["kind"]],
            params=message["params"],
            dedup_key=f"directive:{message['key']}",
            link=message["link"],
        )
