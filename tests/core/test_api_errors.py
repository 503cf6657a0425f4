"""The API's one exception handler (core.api_errors): services' Django errors as JSON errors."""

import json

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.settings import api_settings
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.api_errors import error_body, exception_handler
from core.service_errors import Nested

VALUES = Nested(key="values", fields={"comment", "version", "values"})


class Raising(APIView):
    """An API view that raises what the test gives it, as a service called from a view would."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    exc: Exception = Exception()

    def post(self, request):
        raise self.exc


class RaisingWithValues(Raising):
    service_errors_nested = VALUES


def call(exc: Exception, view=Raising) -> tuple[int, dict]:
    response = view.as_view(exc=exc)(APIRequestFactory().post("/", {}, format="json"))
    response.render()
    return response.status_code, json.loads(response.content)


def test_the_handler_is_the_apis_exception_handler():
    assert api_settings.EXCEPTION_HANDLER is exception_handler


def test_validation_error_with_fields_is_400_with_field_names():
    exc = ValidationError({"quantity": ["Not enough stock."], "holder": ["Unknown store.", "Inactive."]})
    assert call(exc) == (400, {"quantity": ["Not enough stock."], "holder": ["Unknown store.", "Inactive."]})


def test_validation_error_without_a_field_is_under_non_field_errors():
    assert call(ValidationError("Only a draft can be submitted.")) == (
        400,
        {"non_field_errors": ["Only a draft can be submitted."]},
    )


def test_model_errors_on_no_field_are_under_non_field_errors_not_all():
    """A constraint without a field (``full_clean``) names NON_FIELD_ERRORS ("__all__")."""
    exc = ValidationError({NON_FIELD_ERRORS: ["Foreign workers cannot outnumber all workers."], "name": ["Too long."]})
    assert call(exc) == (
        400,
        {"non_field_errors": ["Foreign workers cannot outnumber all workers."], "name": ["Too long."]},
    )


def test_message_parameters_are_filled_in():
    exc = ValidationError({"quantity": ValidationError("Only %(n)s left.", params={"n": 3})})
    assert call(exc) == (400, {"quantity": ["Only 3 left."]})


def test_a_views_nested_errors_go_under_the_nested_key():
    exc = ValidationError({"home_quarantine": ["Enter a number."], "comment": ["Say why."], "f0": ["Too big."]})
    assert call(exc, RaisingWithValues) == (
        400,
        {"values": {"home_quarantine": ["Enter a number."], "f0": ["Too big."]}, "comment": ["Say why."]},
    )


def test_without_the_views_nested_spec_codes_stay_top_level():
    exc = ValidationError({"home_quarantine": ["Enter a number."]})
    assert call(exc) == (400, {"home_quarantine": ["Enter a number."]})


@pytest.mark.parametrize("codes_first", [True, False])
def test_errors_on_the_nested_key_itself_join_its_members_under_non_field_errors(codes_first):
    items = [("f0", ["Too big."]), ("values", ["Enter at least one value."])]
    exc = ValidationError(dict(items if codes_first else items[::-1]))
    status, body = call(exc, RaisingWithValues)
    assert status == 400
    assert body == {"values": {"f0": ["Too big."], "non_field_errors": ["Enter at least one value."]}}


def test_errors_on_the_nested_key_alone_stay_a_list():
    exc = ValidationError({"values": ["Enter at least one value."]})
    assert call(exc, RaisingWithValues) == (400, {"values": ["Enter at least one value."]})


def test_permission_denied_is_403_with_the_reason():
    assert call(PermissionDenied("Only district administrators may do this.")) == (
        403,
        {"detail": "Only district administrators may do this."},
    )


def test_permission_denied_without_a_reason_is_403_with_the_default_detail():
    assert call(PermissionDenied()) == (403, {"detail": str(exceptions.PermissionDenied.default_detail)})


def test_http404_is_404_json():
    assert call(Http404("No Report matches the given query.")) == (
        404,
        {"detail": "No Report matches the given query."},
    )
    assert call(Http404()) == (404, {"detail": str(exceptions.NotFound.default_detail)})


def test_drf_errors_are_left_to_drf():
    assert call(exceptions.ValidationError({"ward": ["This field is required."]})) == (
        400,
        {"ward": ["This field is required."]},
    )
    status, body = call(exceptions.Throttled(wait=30))
    assert status == 429 and "detail" in body


def test_other_exceptions_are_not_answered():
    """Anything else is a server error: the handler answers None and DRF re-raises it."""
    assert exception_handler(KeyError("boom"), {"view": None}) is None
    with pytest.raises(KeyError):
        call(KeyError("boom"))


def test_error_body_is_usable_without_a_view():
    assert error_body(ValidationError("Stale."), nested=VALUES) == {"non_field_errors": ["Stale."]}


@pytest.mark.django_db
def test_a_services_model_constraint_reaches_the_api_as_a_400(admin_api, le_chan):
    body = {"ward": "cat-dai", "name": "X", "address": "Y", "category": "bar", "workers": 2, "foreign_workers": 5}
    response = admin_api.post("/api/v1/establishments/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
