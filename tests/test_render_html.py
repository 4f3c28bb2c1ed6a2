from __future__ import annotations

import datetime as dt
import html as html_lib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camon_xinloi.compose import compose
from camon_xinloi.events import MarriageRegistered, Person
from camon_xinloi.render import get_renderer, render
from camon_xinloi.render.html import HtmlRenderer, letter_to_html
from camon_xinloi.testing import EXAMPLE_DATE, example_issuer, example_letter


def _couple(first: str, second: str = "Vũ Thị Huệ", certificate_no: str = '12/2026 <b>"x"</b>'):
    return MarriageRegistered(
        spouses=(
            Person(full_name=first, sex="nam", birth_year=2000),
            Person(full_name=second, sex="nu", birth_year=2002),
        ),
        registered_on=dt.date(2026, 3, 5),
        certificate_no=certificate_no,
    )


def test_renderer_registered():
    renderer = get_renderer("html")
    assert isinstance(renderer, HtmlRenderer)
    assert renderer.format == "html"
    assert renderer.media_type == "text/html; charset=utf-8"
    assert renderer.suffix == ".html"


def test_complete_page_with_every_part():
    letter = example_letter("xin_loi/tre_hen")
    page = letter_to_html(letter)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in page
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    assert "<link" not in page
    assert "<script" not in page
    for part in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG 1 BẢO LỘC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/UBND-VX",
        "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông Trần Văn Bình",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, VX.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Văn Minh",
        "Trân trọng./.",
        "<strong>Thứ Sáu, ngày 13 tháng 3 năm 2026</strong>",
    ):
        assert part in page, part
    assert page.count('<p class="cx-justify">') == len(letter.body)
    assert 'class="cx-date"' in page
    assert "font-style:italic" in page
    assert "text-align:justify" in page
    assert "text-indent:1cm" in page


def test_subject_and_centred_paragraph():
    page = letter_to_html(example_letter("chuc_mung/khai_sinh"))
    assert "Mừng cháu chào đời</span>" in page
    page = letter_to_html(example_letter("chuc_mung/ket_hon"))
    assert '<p class="cx-center cx-no-indent"><strong>Trăm năm hạnh phúc!</strong></p>' in page


def test_every_value_is_escaped():
    event = _couple(
        "Lê Trung Dũng", certificate_no="12/2026 <b>\"x\"</b> <script>alert('x')</script> & Co"
    )
    letter = compose("chuc_mung/ket_hon", event, issuer=example_issuer(), on=EXAMPLE_DATE)
    page = letter_to_html(letter)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in page
    assert "12/2026 &lt;b&gt;&#34;x&#34;&lt;/b&gt;" in page
    assert "<b>" not in page


def test_several_recipients_are_a_list():
    letter = example_letter().model_copy(update={"recipients": ("Ông A", "Bà B & C")})
    page = letter_to_html(letter)
    assert "<li>- Ông A;</li>" in page
    assert "<li>- Bà B &amp; C.</li>" in page


def test_draft_leaves_number_and_date_blank():
    page = letter_to_html(example_letter(draft=True))
    assert "Số:      /UBND-VX" in page
    assert "Phường 1 Bảo Lộc, ngày 05 tháng 3" not in page
    assert "Phường 1 Bảo Lộc, ngày" in page


def test_repr_html_is_the_page():
    letter = example_letter()
    assert letter._repr_html_() == letter_to_html(letter)
    assert render(letter, "html") == letter_to_html(letter).encode("utf-8")


_VI_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_syllable = st.text(alphabet=_VI_LETTERS, min_size=1, max_size=7)
_names = st.lists(_syllable, min_size=2, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=_names, second=_names)
def test_any_valid_name_appears_unchanged(first: str, second: str):
    event = _couple(first, second)
    name_a, name_b = (p.full_name for p in event.spouses)
    letter = compose("chuc_mung/ket_hon", event, issuer=example_issuer(), on=EXAMPLE_DATE)
    text = render(letter, "text").decode("utf-8")
    page = render(letter, "html").decode("utf-8")
    sms = render(letter, "sms").decode("utf-8")
    for name in (name_a, name_b):
        assert name in text
        assert name in page
        assert name in sms
        assert html_lib.escape(name) == name


def test_unit_names_and_phone_numbers_do_not_wrap_and_keep_their_text():
    """Issue 13.13 on screen: a no-wrap span, the letter's own characters inside it."""
    import html as html_module
    import re

    from camon_xinloi.examples import example_letter

    page = render(example_letter(), "html").decode()
    kept = re.findall(r'<span class="cx-keep">([^<]*)</span>', page)
    assert "Phường 1 Bảo Lộc" in kept
    assert any(k.startswith("0263 3864 000") for k in kept)
    assert all("\xa0" not in k for k in kept)  # the text is the letter's, spaces and all
    assert ".cx-keep{white-space:nowrap}" in page
    plain = html_module.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ" in plain
