"""Structured logs: one JSON object per line, each carrying the request (or Celery task) it belongs to.

Standard library only. ``settings.LOGGING`` puts :class:`RequestContextFilter` on the console
handler, so every record (Django's, Celery's, the apps') gets ``request_id``, ``method``,
``path`` and ``user_id`` while a request is being served, and ``task_id``/``task_name`` while a
Celery task runs. :class:`JsonFormatter` writes them out with the timestamp, level, logger,
message, exception text and any ``extra=`` fields.

The values live in context variables set by ``core.middleware.RequestIdMiddleware`` and by
Celery's task_prerun/task_postrun signals (connected below), so they follow the request's thread
or task and never leak into the next one.
"""

import contextvars
import datetime
import json
import logging
from typing import Any

from celery.signals import task_postrun, task_prerun
from django.utils.functional import SimpleLazyObject, empty

#: The id of the request being served ("" outside a request).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
#: The Django HttpRequest being served, for method/path/user (None outside a request).
request_var: contextvars.ContextVar = contextvars.ContextVar("request", default=None)
#: The Celery task being run: (task id, task name), or None.
task_var: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("task", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
_CONTEXT_ATTRS = ("request_id", "method", "path", "user_id", "status", "task_id", "task_name")


def user_id_of(request: object) -> int | None:
    """The id of the request's user if authentication already ran, without querying the database.

    ``request.user`` is a lazy object until a view or middleware reads it; logging must not be
    the thing that loads it (a log line inside a database call would recurse).
    """
    user = getattr(request, "__dict__", {}).get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject):
        wrapped = user._wrapped
        if wrapped is empty:
            return None
        user = wrapped
    return getattr(user, "pk", None)


class RequestContextFilter(logging.Filter):
    """Add the current request's and task's context to every record (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request passes the request and status of a failed response as extras: prefer them.
        request = getattr(record, "request", None)
        if not hasattr(request, "META"):
            request = request_var.get()
        if not getattr(record, "request_id", None):
            record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        record.method = getattr(request, "method", None) or ""
        record.path = getattr(request, "path", None) or ""
        record.user_id = user_id_of(request) if request is not None else None
        record.status = getattr(record, "status_code", None)
        task = task_var.get()
        record.task_id, record.task_name = task if task else ("", "")
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp (UTC, ISO 8601), level, logger, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _CONTEXT_ATTRS:
            value = getattr(record, name, None)
            if value not in (None, ""):
                entry[name] = value
        for name, value in record.__dict__.items():
            if name in _RECORD_ATTRS or name in _CONTEXT_ATTRS or name in entry or name.startswith("_"):
                continue
            if name in {"request", "status_code"}:  # already rendered as method/path/user_id/status
                continue
            entry[name] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# ---- Celery: the task id on every line a task logs ------------------------------------------

_task_tokens: dict[str | None, contextvars.Token] = {}


def _task_started(task_id: str | None = None, task: Any = None, **kwargs: Any) -> None:
    _task_tokens[task_id] = task_var.set((task_id or "", getattr(task, "name", "") or ""))


def _task_finished(task_id: str | None = None, **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            task_var.reset(token)
        except ValueError:  # set in another context (should not happen): clear instead
            task_var.set(None)


task_prerun.connect(_task_started, weak=False, dispatch_uid="core.logging.task_started")
task_postrun.connect(_task_finished, weak=False, dispatch_uid="core.logging.task_finished")
