"""Vietnamese alphabetical order, in Python and in the database.

Code-point order puts "Đông Hải" after "Vĩnh Niệm" (Đ is U+0110, after every ASCII letter) and
"Ân" after "Zô". A Vietnamese reader expects the alphabet

    a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)

where ă, â, đ, ê, ô, ơ and ư are letters of their own (a primary difference), the five tone
marks only break ties between words that are otherwise equal (a secondary difference, in the
order ICU's Vietnamese collation gives them: none, huyền, hỏi, ngã, sắc, nặng), and case only
breaks the remaining ties (lower case first).

- ``vi_sort_key(text)`` sorts in Python: ``sorted(names, key=vi_sort_key)``.
- ``ViCollate("name")`` orders a queryset: ``.order_by(ViCollate("ward__name"), "pk")``,
  ``Meta.ordering = [ViCollate("name")]``, ``ViCollate("name").desc()``. It compiles to
  ``"name" COLLATE "vi-x-icu"`` on PostgreSQL (ICU's Vietnamese collation, made sure of by
  core/migrations/0001_vi_collation.py) and to ``"name" COLLATE "vi"`` on SQLite, where
  ``register_sqlite_collation`` (connected to ``connection_created`` in core/apps.py) adds a
  ``vi`` collation built on ``vi_sort_key`` to every new connection.

``vi_sort_key`` follows ICU's rules for letters, digits, spaces and ASCII punctuation (a test on
PostgreSQL compares the two on tricky words), so a list sorted in Python and one sorted by the
database agree.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING, Any

from django.db.models.functions import Collate

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.expressions import Combinable
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

POSTGRES_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vi"

# The Latin alphabet with Vietnamese letters in their places (f, j, w, z keep theirs).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Letters made by a combining mark on a base letter, after NFD decomposition.
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_MODIFIED = {("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê", ("o", _CIRCUMFLEX): "ô",
             ("o", _HORN): "ơ", ("u", _HORN): "ư"}  # fmt: skip
# Tone marks, secondary weights in ICU's Vietnamese order: huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# ASCII punctuation and symbols in ICU's (CLDR root) order, all before digits and letters.
_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
# Letters ICU sorts as two (a tertiary difference from the pair).
_EXPANSIONS = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"}

# Primary weight groups, in ICU's order: spaces < punctuation and symbols < digits < letters.
_SPACE, _SYMBOL, _DIGIT, _LETTER, _OTHER_LETTER = (g << 21 for g in range(1, 6))
_LETTER_WEIGHT = {letter: _LETTER + i for i, letter in enumerate(_ALPHABET)}


def _primary(char: str) -> int:
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if char.isspace():
        return _SPACE + ord(char)
    if char.isdigit():
        return _DIGIT + unicodedata.digit(char, 0)
    if char in _PUNCTUATION:
        return _SYMBOL + _PUNCTUATION.index(char)
    if char.isalpha():
        return _OTHER_LETTER + ord(char)
    return _SYMBOL + len(_PUNCTUATION) + ord(char)


@functools.lru_cache(maxsize=8192)
def vi_sort_key(text: str) -> tuple:
    """A key that sorts strings in Vietnamese alphabetical order (see the module docstring).

    Levels, compared in turn: the letters (ă, â, đ, ê, ô, ơ, ư distinct), then the tone marks and
    other accents, then case; last the text itself, so that the order is total.
    """
    primary: list[int] = []
    secondary: list[tuple[int, ...]] = []
    tertiary: list[int] = []
    for char in unicodedata.normalize("NFC", text):
        for letter, accents, case in _char_weights(char):
            if letter is None:  # a combining mark on its own: one more accent on the letter before
                if secondary:
                    secondary[-1] = tuple(sorted(secondary[-1] + accents))
                continue
            primary.append(letter)
            secondary.append(accents)
            tertiary.append(case)
    return tuple(primary), tuple(secondary), tuple(tertiary), text


@functools.cache
def _char_weights(char: str) -> tuple[tuple[int | None, tuple[int, ...], int], ...]:
    """(letter, accents, case) weights of one character: "ộ" is o with a dot below and a
    circumflex, one letter (ô) with one tone; "ǆ" is a variant of the two letters "dž"."""
    if unicodedata.category(char) in {"Cc", "Cf"} and not char.isspace():
        return ()  # control and format characters are ignored, as ICU does
    compatible = unicodedata.normalize("NFKD", char)
    variant = compatible != unicodedata.normalize("NFD", char) or compatible in _EXPANSIONS
    units: list[tuple[str | None, list[str]]] = []
    for part in _EXPANSIONS.get(compatible, compatible):
        if unicodedata.combining(part) and units:
            units[-1][1].append(part)
        else:
            units.append((None, [part]) if unicodedata.combining(part) else (part, []))
    weights = []
    for base, marks in units:
        letter = None
        if base is not None:
            letter = base.lower() if len(base.lower()) == 1 else base
            for mark in marks:
                if (letter, mark) in _MODIFIED:
                    letter = _MODIFIED[(letter, mark)]
                    marks.remove(mark)
                    break
        accents = tuple(sorted(_TONES.get(mark, 0x100 + ord(mark)) for mark in marks))
        case = 2 * variant + (base is not None and base.isupper())
        weights.append((None if letter is None else _primary(letter), accents, case))
    return tuple(weights)


def vi_compare(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` sorts before, with or after ``b`` (SQLite's collation callback)."""
    key_a, key_b = vi_sort_key(a), vi_sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


class ViCollate(Collate):
    """``expression COLLATE <Vietnamese>``: order by a text column in Vietnamese order.

    Usable wherever Django takes an ordering expression: ``order_by()``, ``Meta.ordering``,
    ``Prefetch`` querysets, ``.desc()``. Only for ordering: comparisons and indexes use the
    column's own collation.
    """

    def __init__(self, expression: str | Combinable) -> None:
        super().__init__(expression, POSTGRES_COLLATION)

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any) -> _AsSqlType:
        extra_context["collation"] = connection.ops.quote_name(SQLITE_COLLATION)
        return super().as_sql(compiler, connection, **extra_context)


def register_sqlite_collation(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """``connection_created`` receiver: teach each new SQLite connection the ``vi`` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, vi_compare)
