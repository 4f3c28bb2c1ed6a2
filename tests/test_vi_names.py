"""Tests for camon_xinloi.vi.names (domain.md §1.5: every syllable capitalised)."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.vi.names import NameParts, given_name, normalize_name, split_name


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("  Nguyễn   văn    An  ", "Nguyễn Văn An"),
        ("đặng thị thu hà", "Đặng Thị Thu Hà"),
        ("ĐẶNG THỊ THU HÀ", "Đặng Thị Thu Hà"),
        (nfd("ĐẶNG THỊ THU HÀ"), "Đặng Thị Thu Hà"),
        (nfd("trần thị hoà"), "Trần Thị Hoà"),
        ("lê hoà", "Lê Hoà"),  # tone mark on a: kept
        ("lê hòa", "Lê Hòa"),  # tone mark on o: kept
        ("LÊ HOÀ", "Lê Hoà"),
        ("NGÔ THUỴ", "Ngô Thuỵ"),
        ("ngô thụy", "Ngô Thụy"),
        ("vũ thị huệ", "Vũ Thị Huệ"),
        ("lê trung dũng", "Lê Trung Dũng"),
        ("ưng hoàng phúc", "Ưng Hoàng Phúc"),
        ("ông ích khiêm", "Ông Ích Khiêm"),
        ("h'hen niê", "H'Hen Niê"),
        ("H'HEN NIÊ", "H'Hen Niê"),
        ("h\u2019hen niê", "H'Hen Niê"),
        ("ksor y-nhi", "Ksor Y-Nhi"),
        ("KSOR Y-NHI", "Ksor Y-Nhi"),
        ("y moan êban", "Y Moan Êban"),
        ("Nguyễn\u00a0An", "Nguyễn An"),
        ("A", "A"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    result = normalize_name(raw)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)
    assert normalize_name(result) == result


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u00a0", "empty"),
        ("Nguyễn Văn 2", r"'2' \(U\+0032 DIGIT TWO\).*digit"),
        ("Nguyễn\tAn", r"'\\t' \(U\+0009\).*control character"),
        ("Nguyễn\nAn", r"'\\n' \(U\+000A\).*control character"),
        ("Nguyễn\x00An", r"U\+0000.*control character"),
        ("Nguyễn\u200bAn", r"U\+200B ZERO WIDTH SPACE.*control character"),
        ("Nguyễn Văn A.", r"'\.' \(U\+002E FULL STOP\).*not a letter"),
        ("Nguyễn, An", r"','"),
        ("Nguyễn (An)", r"'\('"),
        ("Nguyễn_An", r"'_'"),
        ("H'", r"\"'\" must stand between two letters"),
        ("'Hen", r"\"'\" must stand between two letters"),
        ("H' Hen", r"\"'\" must stand between two letters"),
        ("Y-", "'-' must stand between two letters"),
        ("Y--Nhi", "'-' must stand between two letters"),
        ("- An", "'-' must stand between two letters"),
        ("\u0301a", "combining mark"),
        ("Nguyễn \u0301", "combining mark"),
        ("Nguyễn 😀", "not a letter"),
    ],
)
def test_normalize_name_refuses(raw: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        normalize_name(raw)


@pytest.mark.parametrize("bad", [None, 12, b"An", ["An"]])
def test_normalize_name_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="expected a name as str"):
        normalize_name(bad)  # type: ignore[arg-type]


def test_split_name() -> None:
    assert split_name("nguyễn văn an") == NameParts("Nguyễn", "Văn", "An")
    assert split_name("Đặng Thị Thu Hà") == NameParts("Đặng", "Thị Thu", "Hà")
    assert split_name("Lê Na") == NameParts("Lê", "", "Na")
    assert split_name("Ksor Y-Nhi") == NameParts("Ksor", "", "Y-Nhi")
    assert split_name("Tôn Thất Thuyết", surname_syllables=2) == NameParts("Tôn Thất", "", "Thuyết")
    assert split_name("Âu Dương Minh Châu", surname_syllables=2).ten_dem == "Minh"
    parts = split_name("vũ thị huệ")
    assert (parts.ho, parts.ten_dem, parts.ten) == ("Vũ", "Thị", "Huệ")


def test_split_name_refuses() -> None:
    with pytest.raises(ValueError, match="at least 2 syllables"):
        split_name("An")
    with pytest.raises(ValueError, match="at least 3 syllables"):
        split_name("Tôn Thất", surname_syllables=2)
    with pytest.raises(ValueError, match="surname_syllables"):
        split_name("Lê Na", surname_syllables=0)
    with pytest.raises(ValueError, match="surname_syllables"):
        split_name("Lê Na", surname_syllables=True)
    with pytest.raises(ValueError, match="empty"):
        split_name("")


def test_given_name() -> None:
    assert given_name("vũ thị huệ") == "Huệ"
    assert given_name("An") == "An"
    assert given_name("H'Hen Niê") == "Niê"
    with pytest.raises(ValueError, match="digit"):
        given_name("An 1")


# Letters used in Vietnamese names (both cases, precomposed) and a few others.
_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_LETTERS = _LOWER + _LOWER.upper()
syllable = st.text(alphabet=_LETTERS, min_size=1, max_size=7)
spaces = st.text(alphabet=" \u00a0", min_size=1, max_size=3)


@st.composite
def raw_names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(syllable, min_size=1, max_size=5))
    seps = [draw(spaces) for _ in parts]
    text = draw(st.text(alphabet=" ", max_size=2))
    for part, sep in zip(parts, seps, strict=True):
        text += part + sep
    form: Literal["NFC", "NFD"] = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, text)


def _letters(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFC", s) if not ch.isspace()).casefold()


@given(raw_names())
def test_normalize_properties(raw: str) -> None:
    name = normalize_name(raw)
    assert unicodedata.is_normalized("NFC", name)
    assert normalize_name(name) == name  # idempotent
    assert normalize_name(unicodedata.normalize("NFD", name)) == name
    assert normalize_name(name.upper()) == name
    assert normalize_name(name.lower()) == name
    assert _letters(name) == _letters(raw)  # letters preserved, only case changes
    assert name == name.strip()
    assert "  " not in name
    for word in name.split(" "):
        assert word[0] == word[0].upper()
        assert word[1:] == word[1:].lower()


@given(raw_names())
def test_split_rejoins(raw: str) -> None:
    name = normalize_name(raw)
    if " " not in name:
        with pytest.raises(ValueError, match="at least 2"):
            split_name(name)
        return
    parts = split_name(raw)
    assert " ".join(p for p in parts if p) == name
    assert given_name(raw) == parts.ten
