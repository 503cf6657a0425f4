"""The request being served, for the audit trail's actor (None outside a request)."""

from contextvars import ContextVar

current_request: ContextVar = ContextVar("audit_current_request", default=None)
