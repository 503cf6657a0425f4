"""The layout's main menu, rendered once per role, language and process.

The menu (``templates/_menu.html`` and the apps' ``_nav.html`` it includes) depends only on what
the user's role may open and on the language, yet it reverses some thirty URLs: rendering it on
every page cost about a millisecond. It is kept in a per-process dictionary (a few entries: one
per role and language), never in the shared cache, so it cannot go stale across a deploy (a new
release restarts the processes) nor depend on Redis. With ``DEBUG`` on it is rendered every time,
so template edits show at once. Dynamic parts (the unread badge, the user's name) stay outside.
"""

from django import template
from django.conf import settings
from django.template.context import Context
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_menus: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def portal_menu(context: Context) -> str:
    user = context["user"]
    key = (
        bool(user.is_ward_officer),
        bool(user.sees_whole_district),
        bool(user.is_district_admin),
        get_language(),
        get_script_prefix(),
    )
    html = None if settings.DEBUG else _menus.get(key)
    if html is None:
        html = _menus[key] = str(render_to_string("_menu.html", {"user": user}))
    return mark_safe(html)  # noqa: S308 (our own template, rendered with the user's role flags only)
