"""Hostile but valid text appears exactly, in every format (issue 3, "Bad input")."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest

import camon_xinloi as cx
from camon_xinloi.testing import EXAMPLE_DATE, docx_text, example_event, example_issuer, pdf_text

HOSTILE = (
    'số 5 & 7 <b>ngõ</b> "Cầu Giấy" \'A\' # $x$ \\ {{ x }} {% if %} #set #read("/etc/passwd")'
    " *đậm* _nghiêng_ @nhãn <label> ] [ ` ~"
)


def _letter(
    value: str, template_id: str = "chuc_mung/ket_hon", field: str = "certificate_no"
) -> cx.Letter:
    example = example_event(template_id)
    data = {**example.model_dump(), field: value}
    event = type(example).model_validate(data)
    return cx.compose(template_id, event, issuer=example_issuer(), on=EXAMPLE_DATE)


def _flat(text: str) -> str:
    """NFC and single spaces: PDF text extraction breaks lines where the layout does."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


@pytest.fixture(scope="module")
def letter() -> cx.Letter:
    # A one-line text field (at most TEXT_MAX characters): HOSTILE is longer than a
    # certificate number may be (SHORT_TEXT_MAX).
    return _letter(HOSTILE, "xin_loi/sai_sot", "procedure")


def test_text(letter: cx.Letter) -> None:
    assert HOSTILE in cx.render(letter, "text").decode("utf-8")


def test_html_escapes_and_keeps(letter: cx.Letter) -> None:
    page = cx.render(letter, "html").decode("utf-8")
    assert "<b>ngõ</b>" not in page
    assert "<label>" not in page
    assert HOSTILE in html.unescape(page)


def test_docx(letter: cx.Letter) -> None:
    assert HOSTILE in docx_text(cx.render(letter, "docx"))


def test_pdf(letter: cx.Letter) -> None:
    assert _flat(HOSTILE) in _flat(pdf_text(cx.render(letter, "pdf")))


def test_nfd_input_is_nfc_in_every_format() -> None:
    nfd = unicodedata.normalize("NFD", "tổ dân phố Đồng Tâm, phường Hòa Hiệp")
    letter = _letter(nfd)
    nfc = unicodedata.normalize("NFC", nfd)
    assert nfc in cx.render(letter, "text").decode("utf-8")
    page = cx.render(letter, "html").decode("utf-8")
    # what a reader sees: the page's text (a no-wrap span may hold "phường Hòa Hiệp")
    assert nfc in html.unescape(re.sub(r"<[^>]+>", "", page))
    # DOCX and PDF print a unit name with no-break spaces, so it never breaks (issue 13.13)
    kept = nfc.replace("phường Hòa Hiệp", "phường\xa0Hòa\xa0Hiệp")
    assert kept in docx_text(cx.render(letter, "docx"))
    assert _flat(nfc) in _flat(pdf_text(cx.render(letter, "pdf")))


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u200b", "\ue000", "\ud800"])
def test_unprintable_text_is_refused_with_the_field(char: str) -> None:
    with pytest.raises(ValueError, match=r"certificate_no|U\+"):
        _letter(f"khu phố {char}3")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_emoji_is_refused_alike_by_every_printable_format(fmt: str) -> None:
    """One policy (issue 13.16): no format prints an empty box where the emoji was."""
    letter = _letter("12/2026 🏠")
    assert "🏠" in cx.render(letter, "text").decode("utf-8")  # plain text is not printed
    with pytest.raises(cx.UnrenderableTextError, match=r"body\[0\] has '🏠' \(U\+1F3E0"):
        cx.render(letter, fmt)


def test_emoji_is_refused_in_a_docx_batch() -> None:
    from camon_xinloi.render.docx import render_docx_batch

    good = _letter("12/2026")
    with pytest.raises(cx.UnrenderableTextError, match="U\\+1F3E0"):
        render_docx_batch([good, _letter("12/2026 🏠")])


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_html_and_docx_keep_an_emoji_when_the_caller_opts_in(fmt: str) -> None:
    letter = _letter("12/2026 🏠")
    data = cx.render(letter, fmt, allow_unprintable=True)
    text = docx_text(data) if fmt == "docx" else html.unescape(data.decode("utf-8"))
    assert "12/2026 🏠" in text


def test_the_pdf_has_no_opt_in() -> None:
    with pytest.raises(TypeError):
        cx.render(_letter("12/2026 🏠"), "pdf", allow_unprintable=True)
