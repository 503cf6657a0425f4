"""Template tags of the audit pages: history links (``{% audit_history_url obj as url %}``), the actor, the action's colour."""

from auditlog.models import LogEntry
from django import template
from django.urls import reverse

from audit.registration import model_key, tracked_models

register = template.Library()


@register.simple_tag
def audit_history_url(obj) -> str:
    if obj is None or getattr(obj, "pk", None) is None or not hasattr(obj, "_meta"):
        return ""
    key = model_key(obj)
    if key not in tracked_models():
        return ""
    app_label, model = key.split(".")
    return reverse("audit:object_history", args=[app_label, model, obj.pk])


@register.simple_tag
def audit_entry_url(entry) -> str:
    """The history page of the object an entry is about."""
    return reverse(
        "audit:object_history", args=[entry.content_type.app_label, entry.content_type.model, entry.object_pk]
    )


@register.filter
def audit_actor(entry) -> str:
    """Who made the change: the user, the username recorded then, or "" (the system)."""
    if entry.actor_id is not None and entry.actor is not None:
        return entry.actor.get_full_name() or entry.actor.get_username()
    return (entry.additional_data or {}).get("actor_username", "") if isinstance(entry.additional_data, dict) else ""


@register.filter
def audit_username(entry) -> str:
    if entry.actor_id is not None and entry.actor is not None:
        return entry.actor.get_username()
    return (entry.additional_data or {}).get("actor_username", "") if isinstance(entry.additional_data, dict) else ""


# Badge colours of an entry's action (Bootstrap contextual names); other actions are "primary".
ACTION_COLORS = {LogEntry.Action.CREATE: "success", LogEntry.Action.DELETE: "danger"}


@register.filter
def audit_action_color(entry) -> str:
    """``text-bg-{{ entry|audit_action_color }}``: green for a creation, red for a deletion."""
    return ACTION_COLORS.get(entry.action, "primary")
