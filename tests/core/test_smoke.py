import pytest

from wards.models import Ward


@pytest.mark.django_db
def test_fifteen_wards_seeded():
    assert Ward.objects.count() == 15
