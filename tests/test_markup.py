from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.markup import literal, parse_markup


def test_paragraphs_split_on_blank_lines_and_lines_join():
    paras = parse_markup("Dòng một\n  tiếp tục.\n\n\nĐoạn hai.")
    assert [p.text for p in paras] == ["Dòng một tiếp tục.", "Đoạn hai."]


def test_centre_marker_and_emphasis():
    (para,) = parse_markup("= **Trăm năm** *hạnh phúc*")
    assert para.align == "center"
    assert not para.indent
    assert [(r.text, r.bold, r.italic) for r in para.runs] == [
        ("Trăm năm", True, False),
        (" ", False, False),
        ("hạnh phúc", False, True),
    ]


def test_escaped_asterisk_is_literal():
    (para,) = parse_markup(r"5 \* 3")
    assert para.text == "5 * 3"


def test_unclosed_emphasis_is_an_error():
    with pytest.raises(ValueError, match="unclosed"):
        parse_markup("**đậm mà không đóng")


def test_literal_keeps_markup_characters_and_line_breaks():
    (para,) = parse_markup("Lý do: " + literal("**không** = *đủ*\n\nhồ sơ"))
    assert para.text == "Lý do: **không** = *đủ*\n\nhồ sơ"
    assert not any(r.bold or r.italic for r in para.runs)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Co")), min_size=1))
def test_any_inserted_value_survives_exactly(value: str):
    (para,) = parse_markup("X " + literal(value) + " Y")
    assert para.text == "X " + value + " Y"
