"""``{% idempotency_field %}``: the hidden key that makes a form's post count once (core.idempotency)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.idempotency import FORM_FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field() -> SafeString:
    """A hidden input with a new key for each render of the form."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, new_key())
