"""Unit names are glued with no-break spaces in printed letters, and nothing else changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import camon_xinloi as cx
from camon_xinloi.render._unit_names import (
    keep_letter_together,
    keep_phone_numbers,
    keep_together,
    keep_unit_names,
)
from camon_xinloi.testing import docx_text, example_letter

NB = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ủy ban nhân dân Phường 15 vô cùng", f"Ủy ban nhân dân Phường{NB}15 vô cùng"),
        ("tại Xã Sơn Kim 1.", f"tại Xã{NB}Sơn{NB}Kim{NB}1."),
        ("Phường 1 Bảo Lộc, tỉnh Lâm Đồng", f"Phường{NB}1{NB}Bảo{NB}Lộc, tỉnh Lâm Đồng"),
        ("xã Xuân Phú trân trọng", f"xã{NB}Xuân{NB}Phú trân trọng"),
        ("Đặc khu Phú Quốc", f"Đặc{NB}khu{NB}Phú{NB}Quốc"),
        ("ỦY BAN NHÂN DÂN XÃ SƠN KIM 1", f"ỦY BAN NHÂN DÂN XÃ{NB}SƠN{NB}KIM{NB}1"),
        ("cấp xã, phường", "cấp xã, phường"),
        ("Ủy ban nhân dân phường chân thành", "Ủy ban nhân dân phường chân thành"),
        ("thị xã", "thị xã"),
    ],
)
def test_keep_unit_names(text: str, expected: str) -> None:
    assert keep_unit_names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("số điện thoại: 0903 123 456.", f"số điện thoại: 0903{NB}123{NB}456."),
        ("Điện thoại: 028 3815 0000; Email", f"Điện thoại: 028{NB}3815{NB}0000; Email"),
        ("gọi (028) 3815 0000", f"gọi (028){NB}3815{NB}0000"),
        ("gọi +84 903 123 456,", f"gọi +84{NB}903{NB}123{NB}456,"),
        ("đường dây nóng 1900 1234", f"đường dây nóng 1900{NB}1234"),
        ("số 0903.123.456", "số 0903.123.456"),  # no space: nothing to glue
        ("kinh phí 125.500.000 đồng", "kinh phí 125.500.000 đồng"),
        ("ngày 10 tháng 02 năm 2026", "ngày 10 tháng 02 năm 2026"),
        ("khu phố 4 và 12 ngày công", "khu phố 4 và 12 ngày công"),
        ("năm 1995 và 2026", "năm 1995 và 2026"),
    ],
)
def test_keep_phone_numbers(text: str, expected: str) -> None:
    assert keep_phone_numbers(text) == expected


@given(st.text())
def test_only_spaces_change(text: str) -> None:
    kept = keep_together(text)
    assert len(kept) == len(text)
    assert kept.replace(NB, " ") == text.replace(NB, " ")


def test_the_letter_keeps_its_header_title_and_signature() -> None:
    letter = example_letter("xin_loi/tre_hen")
    kept = keep_letter_together(letter)
    assert kept.agency == letter.agency
    assert kept.title == letter.title
    assert kept.signature == letter.signature
    assert kept.footer is not None
    assert f"Phường{NB}1{NB}Bảo{NB}Lộc" in kept.footer
    assert any(f"Phường{NB}1{NB}Bảo{NB}Lộc" in p.text for p in kept.body)


def test_a_phone_number_is_printed_with_no_break_spaces_in_the_docx() -> None:
    """The DOCX carries the no-break spaces Word honours; the PDF's lines: test_layout_parity."""
    letter = example_letter("xin_loi/tre_hen")
    assert any("0903 123 456" in p.text for p in letter.body)
    printed = docx_text(cx.render(letter, "docx"))
    assert f"0903{NB}123{NB}456" in printed
    assert "0903 123 456" not in printed
    assert f"0263{NB}3864{NB}000" in printed  # the footer's telephone
    kept = keep_letter_together(letter)
    assert any(f"0903{NB}123{NB}456" in p.text for p in kept.body)
    assert "0903 123 456" in cx.render(letter, "text").decode("utf-8")  # text keeps its spaces
