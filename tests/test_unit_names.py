"""Unit names are glued with no-break spaces in printed letters, and nothing else changes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi.render._unit_names import keep_letter_unit_names, keep_unit_names
from camon_xinloi.testing import example_letter

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


@given(st.text())
def test_only_spaces_change(text: str) -> None:
    kept = keep_unit_names(text)
    assert len(kept) == len(text)
    assert kept.replace(NB, " ") == text.replace(NB, " ")


def test_the_letter_keeps_its_header_title_and_signature() -> None:
    letter = example_letter("xin_loi/tre_hen")
    kept = keep_letter_unit_names(letter)
    assert kept.agency == letter.agency
    assert kept.title == letter.title
    assert kept.signature == letter.signature
    assert kept.footer is not None
    assert f"Phường{NB}1{NB}Bảo{NB}Lộc" in kept.footer
    assert any(f"Phường{NB}1{NB}Bảo{NB}Lộc" in p.text for p in kept.body)
