"""Vietnamese alphabetical order: the Python sort key, the SQLite collation, PostgreSQL's ICU one.

The Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: ă, â,
đ, ê, ô, ơ, ư are letters of their own; tone marks only break ties; case is ignored until then.
"""

import random
import unicodedata
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.db import connection

from core.collation import POSTGRES_COLLATION, ViCollate, vi_compare, vi_sort_key
from wards.models import Ward

LE_CHAN_WARDS = [
    "An Biên", "An Dương", "Cát Dài", "Dư Hàng", "Dư Hàng Kênh", "Đông Hải", "Hàng Kênh", "Hồ Nam",
    "Kênh Dương", "Lam Sơn", "Nghĩa Xá", "Niệm Nghĩa", "Trại Cau", "Trần Nguyên Hãn", "Vĩnh Niệm",
]  # fmt: skip

# Words where code-point order, accent-stripping or case-sensitive orders go wrong.
TRICKY = [
    "a", "A", "à", "ả", "ã", "á", "ạ", "ă", "Ă", "ằ", "ẳ", "ẵ", "ắ", "ặ", "â", "ầ", "ậ", "b",
    "d", "D", "đ", "Đ", "e", "ê", "ệ", "i", "o", "ô", "ồ", "ộ", "ơ", "ờ", "ợ", "u", "ư", "ừ", "ự", "v", "y", "ỳ",
    "ma", "mà", "mả", "mã", "má", "mạ", "Ma", "mA", "mac", "mác", "mạc", "maa", "màa", "maà",
    "Đông Hải", "Dư Hàng Kênh", "Dư Hàng", "Dưa", "Du", "Đu", "Ưu", "Uu", "Ươm", "Uông",
    "Hồ Nam", "Hổ", "Hỗ", "Hộ", "Hố", "Hò", "Ho", "Hơ", "Hòa", "Hoà", "Hoa",
    "An Biên", "an biên", "AN BIÊN", "An-Biên", "AnBiên", "An  Biên", "Phường 10", "Phường 9", "Phường 1",
    "Trần", "Trần (cũ)", "Trại Cau", "Tràng", "Zô", "Ân", "Ấp", "Ẩn", "Ăn",
]  # fmt: skip


def shuffled(items: list[str], seed: int = 16) -> list[str]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


# ---- The Python sort key -------------------------------------------------------------------------


def test_key_orders_the_wards_of_le_chan_as_a_vietnamese_reader_expects():
    assert sorted(shuffled(LE_CHAN_WARDS), key=vi_sort_key) == LE_CHAN_WARDS
    assert sorted(LE_CHAN_WARDS) != LE_CHAN_WARDS  # code-point order puts Đông Hải last


def test_letters_with_breve_circumflex_horn_and_stroke_are_letters_of_their_own():
    for earlier, later in [("az", "ăa"), ("ăz", "âa"), ("âz", "ba"), ("dz", "đa"), ("đz", "ea"), ("ez", "êa"),
                           ("êz", "ga"), ("oz", "ôa"), ("ôz", "ơa"), ("ơz", "pa"), ("uz", "ưa"), ("ưz", "va")]:  # fmt: skip
        assert vi_sort_key(earlier) < vi_sort_key(later), (earlier, later)


def test_dong_hai_comes_right_after_du_hang_kenh():
    ordered = sorted(["Vĩnh Niệm", "Đông Hải", "Dư Hàng Kênh", "Hàng Kênh"], key=vi_sort_key)
    assert ordered == ["Dư Hàng Kênh", "Đông Hải", "Hàng Kênh", "Vĩnh Niệm"]


def test_tone_marks_only_break_ties_in_icu_order():
    # ICU's Vietnamese collation: no mark, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(shuffled(["mạ", "má", "mã", "mả", "mà", "ma"]), key=vi_sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert vi_sort_key("mạ") < vi_sort_key("mac")  # the letters first, the tones after
    assert vi_sort_key("maà") < vi_sort_key("màa")  # the first differing tone decides


def test_case_is_ignored_until_everything_else_is_equal():
    assert vi_sort_key("an biên") < vi_sort_key("An Cư") < vi_sort_key("an dương")
    assert sorted(["AN BIÊN", "An Biên", "an biên"], key=vi_sort_key) == ["an biên", "An Biên", "AN BIÊN"]


def test_key_does_not_depend_on_unicode_normalisation():
    for word in LE_CHAN_WARDS + TRICKY:
        decomposed = unicodedata.normalize("NFD", word)
        assert vi_sort_key(decomposed)[:3] == vi_sort_key(word)[:3], word
        assert vi_compare(word, word) == 0


def test_spaces_and_digits_sort_before_letters():
    assert sorted(["Phường 9", "Phường 10", "Phường A", "Phường"], key=vi_sort_key) == [
        "Phường", "Phường 10", "Phường 9", "Phường A"
    ]  # fmt: skip
    assert sorted(["Dưa", "Dư Hàng"], key=vi_sort_key) == ["Dư Hàng", "Dưa"]


def test_compare_is_the_keys_order():
    assert vi_compare("Đông Hải", "Vĩnh Niệm") == -1
    assert vi_compare("Vĩnh Niệm", "Đông Hải") == 1


# ---- The database ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_collation_orders_wards_in_the_database(le_chan):
    names = list(Ward.objects.filter(district=le_chan).order_by(ViCollate("name")).values_list("name", flat=True))
    assert names == LE_CHAN_WARDS
    descending = Ward.objects.filter(district=le_chan).order_by(ViCollate("name").desc())
    assert list(descending.values_list("name", flat=True)) == LE_CHAN_WARDS[::-1]


@pytest.mark.django_db
def test_collate_expression_names_the_vietnamese_collation_of_the_database():
    sql = str(Ward.objects.order_by(ViCollate("name")).query)
    expected = f'COLLATE "{POSTGRES_COLLATION}"' if connection.vendor == "postgresql" else 'COLLATE "vi"'
    assert expected in sql


@pytest.mark.django_db
def test_sqlite_connections_know_the_vi_collation_built_on_the_key():
    if connection.vendor != "sqlite":
        pytest.skip("the vi collation is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE words (w TEXT)")
        cursor.executemany("INSERT INTO words VALUES (%s)", [(w,) for w in shuffled(TRICKY)])
        cursor.execute("SELECT w FROM words ORDER BY w COLLATE vi")
        ordered = [row[0] for row in cursor.fetchall()]
    assert ordered == sorted(TRICKY, key=vi_sort_key)


def _postgres_order(words: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT w FROM unnest(%s::text[]) AS w ORDER BY w COLLATE "{POSTGRES_COLLATION}"', [words])
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
class TestPostgres:
    @pytest.fixture(autouse=True)
    def _postgres_only(self, db):
        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (its ICU Vietnamese collation)")

    def test_collation_exists(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_collation WHERE collname = %s", [POSTGRES_COLLATION])
            assert cursor.fetchone()[0] >= 1

    def test_migration_creates_the_collation_where_it_is_missing(self, le_chan):
        create_vi_collation = import_module("core.migrations.0001_vi_collation").create_vi_collation
        with connection.cursor() as cursor:  # rolled back with the test's transaction
            cursor.execute(f'DROP COLLATION pg_catalog."{POSTGRES_COLLATION}"')
            cursor.execute("SELECT count(*) FROM pg_collation WHERE collname = %s", [POSTGRES_COLLATION])
            assert cursor.fetchone()[0] == 0
        create_vi_collation(None, SimpleNamespace(connection=connection))
        names = Ward.objects.filter(district=le_chan).order_by(ViCollate("name")).values_list("name", flat=True)
        assert list(names) == LE_CHAN_WARDS

    def test_key_agrees_with_icu_on_tricky_words(self):
        assert sorted(TRICKY, key=vi_sort_key) == _postgres_order(shuffled(TRICKY))

    def test_key_agrees_with_icu_on_many_generated_names(self):
        rng = random.Random(2020)
        onsets = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "t", "th",
                  "tr", "v", "x"]  # fmt: skip
        vowels = "aăâeêioôơuưy"
        tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]

        def syllable() -> str:
            word = (
                rng.choice(onsets) + rng.choice(vowels) + rng.choice(tones) + rng.choice(["", "n", "ng", "c", "m", "i"])
            )
            word = unicodedata.normalize("NFC", word)
            return word.capitalize() if rng.random() < 0.5 else word

        names = list({" ".join(syllable() for _ in range(rng.randint(1, 3))) for _ in range(1500)})
        assert sorted(names, key=vi_sort_key) == _postgres_order(names)

    def test_wards_in_the_database_follow_icu(self, le_chan):
        names = list(Ward.objects.filter(district=le_chan).values_list("name", flat=True))
        assert names == LE_CHAN_WARDS  # the model's default ordering
