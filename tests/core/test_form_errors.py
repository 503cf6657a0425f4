"""The pages' one form helper (core.forms.apply_service_errors): a service's errors on a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from core.forms import apply_service_errors
from core.service_errors import Nested


class StockForm(forms.Form):
    quantity = forms.IntegerField()
    note = forms.CharField(required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ValuesForm(forms.Form):
    """Like the report form: a comment and one field per indicator (here with a prefix)."""

    comment = forms.CharField(required=False)
    value_home_quarantine = forms.CharField(required=False)
    value_f0 = forms.CharField(required=False)


class MemberForm(forms.Form):
    name = forms.CharField()


Members = forms.formset_factory(MemberForm, extra=0)


def bound(form_class=StockForm, **data):
    form = form_class(data={"quantity": "12", "note": "from the ward", **data})
    assert form.is_valid(), form.errors
    return form


def test_an_error_on_a_known_field_is_shown_next_to_it():
    form = bound()
    apply_service_errors(form, ValidationError({"quantity": ["Only 5 left in the store."]}))
    assert form.errors == {"quantity": ["Only 5 left in the store."]}
    assert not form.non_field_errors()


def test_an_error_on_a_name_the_form_lacks_goes_above_the_form():
    form = bound()
    apply_service_errors(form, ValidationError({"holder": ["Inactive store."], "quantity": ["Too many."]}))
    assert form.non_field_errors() == ["Inactive store."]
    assert form.errors["quantity"] == ["Too many."]


def test_an_error_without_a_field_goes_above_the_form():
    form = bound()
    apply_service_errors(form, ValidationError("Only a draft can be submitted."))
    assert form.errors == {NON_FIELD_ERRORS: ["Only a draft can be submitted."]}


def test_model_errors_on_no_field_go_above_the_form():
    form = bound()
    apply_service_errors(form, ValidationError({NON_FIELD_ERRORS: ["Foreign workers cannot outnumber all workers."]}))
    assert form.non_field_errors() == ["Foreign workers cannot outnumber all workers."]


def test_the_typed_values_are_kept():
    form = bound()
    apply_service_errors(form, ValidationError({"quantity": ["Only 5 left."]}))
    assert form["quantity"].value() == "12" and form["note"].value() == "from the ward"
    assert 'value="12"' in str(form["quantity"])


def test_messages_keep_their_parameters_and_codes():
    form = bound()
    apply_service_errors(form, ValidationError({"quantity": ValidationError("Only %(n)s left.", "short", {"n": 5})}))
    assert form.errors["quantity"] == ["Only 5 left."]
    assert form.has_error("quantity", code="short")


def test_field_map_moves_an_error_to_another_field_or_above_the_form():
    form = bound()
    exc = ValidationError({"amount": ["Too many."], "version": ["Changed by someone else."]})
    apply_service_errors(form, exc, field_map={"amount": "quantity", "version": None})
    assert form.errors["quantity"] == ["Too many."]
    assert form.non_field_errors() == ["Changed by someone else."]
    assert "version" not in form.errors


def test_field_map_can_send_the_errors_of_no_field_to_a_field():
    form = bound()
    apply_service_errors(form, ValidationError("The file is empty."), field_map={NON_FIELD_ERRORS: "note"})
    assert form.errors == {"note": ["The file is empty."]}


def test_nested_errors_go_to_the_fields_of_their_codes():
    nested = Nested(key="values", fields={"comment", "values"}, form_prefix="value_")
    form = ValuesForm(data={"comment": "", "value_home_quarantine": "abc", "value_f0": "7"})
    assert form.is_valid()
    exc = ValidationError({"home_quarantine": ["Enter a number."], "comment": ["Say why."], "cases": ["Unknown."]})
    apply_service_errors(form, exc, nested=nested)
    assert form.errors["value_home_quarantine"] == ["Enter a number."]
    assert form.errors["comment"] == ["Say why."]
    # A code the form has no field for (not part of this report) is shown above the form.
    assert form.non_field_errors() == ["Unknown."]
    assert form["value_home_quarantine"].value() == "abc"


def test_an_error_on_the_nested_object_itself_goes_above_the_form():
    nested = Nested(key="values", fields={"comment"}, form_prefix="value_")
    form = ValuesForm(data={})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"values": ["Enter at least one value."]}), nested=nested)
    assert form.errors == {NON_FIELD_ERRORS: ["Enter at least one value."]}


def test_without_the_nested_spec_codes_do_not_reach_prefixed_fields():
    form = ValuesForm(data={})
    assert form.is_valid()
    apply_service_errors(form, ValidationError({"home_quarantine": ["Enter a number."]}))
    assert form.errors == {NON_FIELD_ERRORS: ["Enter a number."]}


def test_errors_on_a_formsets_name_go_to_the_formset():
    form = bound()
    formset = Members(data={"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"})
    assert formset.is_valid()
    exc = ValidationError({"outside_members": ["A member is listed twice."], "quantity": ["Too many."]})
    apply_service_errors(form, exc, formsets={"outside_members": formset})
    assert formset.non_form_errors() == ["A member is listed twice."]
    assert form.errors == {"quantity": ["Too many."]}


def test_permission_denied_goes_above_the_form():
    form = bound()
    apply_service_errors(form, PermissionDenied("Only the team's members record its visits."))
    assert form.errors == {NON_FIELD_ERRORS: ["Only the team's members record its visits."]}
