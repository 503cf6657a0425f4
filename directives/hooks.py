"""Hooks of the directives room (core.hooks): rooms above register on them in ``AppConfig.ready()``."""

from core.hooks import Hook

# Called inside the transaction that wrote reminders, as ``reminders_sent(reminders=[Reminder, …])``
# (new ones only: a reminder already sent is never passed twice). The directives room keeps its
# reminders itself (the inbox and the overdue list show them); a room that delivers messages
# (reports' notifications and e-mails) may register here to pass them on.
reminders_sent = Hook("directives.reminders_sent")
