"""The pages' one translation of a service's errors onto a form.

A view calls the service with the form's cleaned data; when the service raises
``ValidationError`` (or ``PermissionDenied``), ``apply_service_errors`` shows each message next
to the field it names and the rest above the form, and the view renders the form again (the
values the user typed are kept, since the form is bound).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from core.service_errors import Nested


def apply_service_errors(
    form: forms.BaseForm,
    exc: ValidationError | PermissionDenied,
    *,
    field_map: Mapping[str, str | None] | None = None,
    nested: Nested | None = None,
    formsets: Mapping[str, forms.BaseFormSet] | None = None,
) -> None:
    """Put a service's errors on ``form``: by field where the form has it, at the top otherwise.

    - ``field_map``: the service's name → the form's field (``None``: at the top of the form).
      ``NON_FIELD_ERRORS`` as a key sends the errors that name no field to a field (an upload
      form shows the file's errors next to the file).
    - ``nested``: errors on the nested object's names go to the form fields named
      ``nested.form_prefix + name`` (a report's values, keyed by indicator code).
    - ``formsets``: errors on a name a formset holds go to the formset's errors (above its rows).

    A ``PermissionDenied`` (a rule about who may do it) is shown at the top of the form.
    """
    field_map = field_map or {}
    formsets = formsets or {}
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
        return
    errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for name, error_list in errors.items():
        if name in formsets:
            formset = formsets[name]
            # non_form_errors() returns this cache, filled by full_clean() (which already ran).
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), *error_list])  # type: ignore[attr-defined]
            continue
        if name in field_map:
            target = field_map[name]
        elif nested is not None and nested.owns(name):
            target = nested.form_prefix + name
        else:
            target = name
        form.add_error(target if target in form.fields else None, error_list)


@dataclass(frozen=True)
class ErrorItem:
    """One line of a form's error summary: the field's label (empty above the form), the
    message, and the id of the input to move to (empty when there is nothing to link to)."""

    label: str
    message: str
    target: str


def error_summary(form: forms.BaseForm) -> list[ErrorItem]:
    """Every error of a bound form, in field order after the errors above the form.

    Each field's error links to its input (``id_<field>``; a group of radios or checkboxes to
    its first box); a hidden field's error (a stale version) links nowhere. Read by the
    ``{% error_summary form %}`` tag (``core/templates/core/_error_summary.html``).
    """
    if not form.is_bound or not form.errors:
        return []
    items = [ErrorItem("", str(message), "") for message in form.non_field_errors()]
    for bound in form:
        if not bound.errors:
            continue
        widget = bound.field.widget
        if bound.is_hidden or not bound.auto_id:
            target = ""
        elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            target = f"{bound.auto_id}_0"
        else:
            target = widget.id_for_label(bound.auto_id) or bound.auto_id
        items.extend(ErrorItem(str(bound.label or bound.name), str(message), target) for message in bound.errors)
    return items
