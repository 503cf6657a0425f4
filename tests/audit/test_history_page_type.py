"""An object's history page is an HTML page (the view once overwrote the response's MIME type
with the audited model's ContentType, so browsers got ``Content-Type: Kiểm tra | cơ sở``)."""

import pytest

from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db


def test_object_history_page_is_served_as_html(committee_client, an_bien):
    establishment = EstablishmentFactory(ward=an_bien)
    response = committee_client.get(f"/audit/inspections/establishment/{establishment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
