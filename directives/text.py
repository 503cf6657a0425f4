"""Search text without diacritics: "Chỉ thị" and "chi thi" find the same documents."""

import unicodedata


def fold(text: str) -> str:
    """Lower case, without diacritics (đ → d), single spaces: the form stored and searched."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())
