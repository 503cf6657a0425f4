"""The access module's answers in templates: ``{% if user|can_submit_report:report %}``.

Each filter asks :mod:`wards.access` and decides nothing itself, so a page shows an action
exactly when the view or service behind it would allow it (the idea of NetBox's
``can_change`` filters). ``{% load access_tags %}`` where a page needs them.
"""

from django import template

from wards import access

register = template.Library()


@register.filter
def can_view_ward(user, ward) -> bool:
    return access.can_view_ward(user, ward)


@register.filter
def can_change_ward(user, ward) -> bool:
    return access.can_change_ward(user, ward)


@register.filter
def can_edit_report(user, report) -> bool:
    return access.can_edit_report(user, report)


@register.filter
def can_submit_report(user, report) -> bool:
    return access.can_submit_report(user, report)


@register.filter
def can_review_report(user, report) -> bool:
    return access.can_review_report(user, report)


@register.filter
def can_acknowledge_report(user, report) -> bool:
    return access.can_acknowledge_report(user, report)


@register.filter
def can_plan_visit(user, establishment) -> bool:
    return access.can_plan_visit(user, establishment)


@register.filter
def can_cancel_schedule(user, schedule) -> bool:
    return access.can_cancel_schedule(user, schedule)


@register.filter
def can_suggest_update(user, establishment) -> bool:
    return access.can_suggest_update(user, establishment)


@register.filter
def can_move_stock(user) -> bool:
    return access.can_move_stock(user)


@register.filter
def can_receive_transfer(user, transfer) -> bool:
    return access.can_receive_transfer(user, transfer)


@register.filter
def can_reverse_movement(user, movement) -> bool:
    return access.can_reverse_movement(user, movement)


@register.filter
def can_manage_directives(user) -> bool:
    return access.can_manage_directives(user)


@register.filter
def can_reply_assignment(user, assignment) -> bool:
    return access.can_reply_assignment(user, assignment)


@register.filter
def can_review_assignment(user, assignment) -> bool:
    return access.can_review_assignment(user, assignment)


@register.filter
def can_review_assignments(user) -> bool:
    return access.can_review_assignments(user)


@register.filter
def can_compile_summaries(user) -> bool:
    return access.can_compile_summaries(user)
