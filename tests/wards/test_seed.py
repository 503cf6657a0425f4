"""The data migration loads Lê Chân (Hải Phòng) and its 15 wards exactly as in DESIGN.md."""

import datetime
import unicodedata

import pytest

from wards.models import District, Ward, WardCommittee
from wards.seed import load_le_chan

pytestmark = pytest.mark.django_db

# Copied from DESIGN.md on purpose (not imported from wards.seed): the test must fail if the seed drifts.
DESIGN_WARDS = {
    "an-bien": "An Biên",
    "an-duong": "An Dương",
    "cat-dai": "Cát Dài",
    "du-hang": "Dư Hàng",
    "du-hang-kenh": "Dư Hàng Kênh",
    "dong-hai": "Đông Hải",
    "hang-kenh": "Hàng Kênh",
    "ho-nam": "Hồ Nam",
    "kenh-duong": "Kênh Dương",
    "lam-son": "Lam Sơn",
    "nghia-xa": "Nghĩa Xá",
    "niem-nghia": "Niệm Nghĩa",
    "trai-cau": "Trại Cau",
    "tran-nguyen-han": "Trần Nguyên Hãn",
    "vinh-niem": "Vĩnh Niệm",
}


def test_migration_seeds_exactly_fifteen_wards_of_le_chan():
    assert Ward.objects.count() == 15
    assert set(Ward.objects.values_list("district__code", flat=True)) == {"le-chan"}


def test_seeded_district_is_le_chan_in_hai_phong():
    district = District.objects.get(code="le-chan")
    assert district.name == "Lê Chân"
    assert district.city == "Hải Phòng"
    assert "Lê Chân" in district.committee_name


def test_seeded_ward_codes_and_names_match_design_with_exact_diacritics():
    seeded = dict(Ward.objects.values_list("code", "name"))
    assert seeded == DESIGN_WARDS


def test_seeded_names_are_stored_in_composed_unicode():
    # "Lê" typed with a combining circumflex looks the same but does not match searches or sorting.
    for name in Ward.objects.values_list("name", flat=True):
        assert unicodedata.normalize("NFC", name) == name


def test_every_seeded_ward_has_its_steering_committee_record():
    assert WardCommittee.objects.count() == 15
    assert not Ward.objects.filter(committee__isnull=True).exists()


def test_seeded_wards_are_active_from_the_start_of_prevention_work():
    assert set(Ward.objects.values_list("active_from", flat=True)) == {datetime.date(2020, 1, 22)}
    assert not Ward.objects.filter(active_until__isnull=False).exists()


def test_loading_the_seed_again_adds_nothing():
    load_le_chan(District, Ward, WardCommittee)
    assert District.objects.count() == 1
    assert Ward.objects.count() == 15
    assert WardCommittee.objects.count() == 15
