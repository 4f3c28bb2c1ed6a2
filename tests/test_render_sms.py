from __future__ import annotations

import pytest

from camon_xinloi.render import get_renderer, render
from camon_xinloi.render.sms import SmsInfo, SmsRenderer, short_text, sms_info, to_ascii
from camon_xinloi.testing import example_letter


def test_renderer_registered():
    renderer = get_renderer("sms")
    assert isinstance(renderer, SmsRenderer)
    assert renderer.format == "sms"
    assert renderer.media_type.startswith("text/plain")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SmsInfo("GSM-7", 0, 1)),
        ("a" * 160, SmsInfo("GSM-7", 160, 1)),
        ("a" * 161, SmsInfo("GSM-7", 161, 2)),
        ("a" * 306, SmsInfo("GSM-7", 306, 2)),
        ("a" * 307, SmsInfo("GSM-7", 307, 3)),
        ("€" * 80, SmsInfo("GSM-7", 160, 1)),
        ("a" * 159 + "[", SmsInfo("GSM-7", 161, 2)),
        ("ư" * 70, SmsInfo("UCS-2", 70, 1)),
        ("ư" * 71, SmsInfo("UCS-2", 71, 2)),
        ("ư" * 134, SmsInfo("UCS-2", 134, 2)),
        ("ư" * 135, SmsInfo("UCS-2", 135, 3)),
        ("đ", SmsInfo("UCS-2", 1, 1)),
        ("😀" * 35, SmsInfo("UCS-2", 70, 1)),
    ],
)
def test_segments(text: str, expected: SmsInfo):
    assert sms_info(text) == expected


def test_an_escape_pair_is_never_split():
    # 152 septets, then a two-septet character: it does not fit in part one (153).
    text = "a" * 152 + "€" + "a" * 10
    assert sms_info(text) == SmsInfo("GSM-7", 164, 2)
    text = "a" * 152 + "€" * 77
    assert sms_info(text).segments == 3


def test_one_diacritic_switches_to_ucs2():
    assert sms_info("Cam on ong Hai").encoding == "GSM-7"
    assert sms_info("Cam on ông Hai").encoding == "UCS-2"
    assert sms_info("é à ù Ñ").encoding == "GSM-7"


def test_to_ascii():
    assert to_ascii("Đặng Văn Hải đã hiến 40,8 m² đất") == "Dang Van Hai da hien 40,8 m2 dat"
    assert to_ascii("\u201cTrăm năm\u201d \u2013 hạnh phúc\u2026") == '"Tram nam" - hanh phuc...'
    assert to_ascii("ỦY BAN NHÂN DÂN PHƯỜNG") == "UY BAN NHAN DAN PHUONG"


def test_template_short_form_and_ascii_option():
    letter = example_letter("cam_on/hien_dat")
    assert letter.sms is not None
    assert render(letter, "sms").decode() == letter.sms
    plain = render(letter, "sms", ascii=True).decode()
    assert plain.startswith(
        "Uy ban nhan dan Phuong 1 Bao Loc chan thanh cam on gia dinh ong Vu The Su"
    )
    assert "40,8 m2" in plain
    assert sms_info(plain).encoding == "GSM-7"
    renderer = SmsRenderer()
    assert renderer.info(letter, ascii=True) == sms_info(plain)
    assert renderer.info(letter).encoding == "UCS-2"


def test_default_short_form_without_template_sms():
    letter = example_letter("chuc_mung/ket_hon").model_copy(update={"sms": None})
    text = short_text(letter)
    assert text.startswith("Thư chúc mừng: Ngày 05 tháng 3 năm 2026, hai anh chị đã đăng ký")
    assert "./." not in text
    one = letter.model_copy(update={"body": letter.body[-1:]})
    assert short_text(one) == "Thư chúc mừng: Trân trọng."


def test_bad_options():
    letter = example_letter()
    with pytest.raises(TypeError, match="ascii"):
        render(letter, "sms", width=3)
    with pytest.raises(TypeError, match="True or False"):
        render(letter, "sms", ascii="yes")
