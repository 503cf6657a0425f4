"""``{% error_summary form %}``: after a failed save, the list of what to fix, at the top of the form.

The summary (``core/templates/core/_error_summary.html``) says how many errors there are, lists
each field's label and message linking to its input, and takes the focus when the page loads
(``static/js/forms.js``, loaded by the summary itself), so an officer on a phone at the top of a
long form sees at once that the save failed and where. Forms rendered with ``|crispy`` get it too:
``templates/bootstrap5/errors.html`` (crispy's errors block) includes the same template.
"""

from typing import Any

from django import forms, template

from core.forms import error_summary as summary_items

register = template.Library()


@register.inclusion_tag("core/_error_summary.html")
def error_summary(form: forms.BaseForm | None) -> dict[str, Any]:
    return {"error_items": summary_items(form) if form is not None else []}
