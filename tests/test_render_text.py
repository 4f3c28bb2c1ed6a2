from __future__ import annotations

import pytest

import camon_xinloi as cx
from camon_xinloi.render.text import LEFT
from camon_xinloi.testing import example_letter


def test_text_order_of_parts():
    text = example_letter().text
    order = [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG 1 BẢO LỘC",
        "Số: 05/UBND-VX",
        "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026",
        "THƯ CHÚC MỪNG",
        "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ",
        "Trăm năm hạnh phúc!",
        "Trân trọng./.",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "- Lưu: VT, VX.",
        "Trần Văn Minh",
        "Địa chỉ:",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_render_text_returns_utf8_bytes():
    letter = example_letter()
    assert cx.render(letter, "text") == letter.text.encode("utf-8")


def test_unknown_format_lists_the_available_ones():
    with pytest.raises(cx.UnknownFormatError, match=r"available: .*docx.*pdf"):
        cx.render(example_letter(), "odt")


def test_long_distribution_item_never_runs_into_the_signature():
    """A long item wraps in its column, beside the signature, as in every other letter."""
    letter = example_letter().model_copy(
        update={
            "distribution": ("Như trên", "Trung tâm Phục vụ hành chính công xã Xuân Phú", "Lưu: VT")
        }
    )
    lines = letter.text.splitlines()
    receipt = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận:"))
    assert "TM. ỦY BAN NHÂN DÂN" in lines[receipt]
    column = [line[:LEFT].rstrip() for line in lines[receipt : receipt + 5]]
    assert all(not line[LEFT - 1 : LEFT].strip() for line in lines[receipt : receipt + 5])
    assert column == [
        "Nơi nhận:",
        "- Như trên;",
        "- Trung tâm Phục vụ hành",
        "  chính công xã Xuân Phú;",
        "- Lưu: VT.",
    ]
