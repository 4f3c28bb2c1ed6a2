"""Contract tests over every template id of the built-in catalogue."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from jinja2 import meta
from pypdf import PdfReader

from camon_xinloi.catalogue import catalogue
from camon_xinloi.events import event_model, parse_event
from camon_xinloi.letter import Letter
from camon_xinloi.render import render
from camon_xinloi.render.html import letter_to_html
from camon_xinloi.render.sms import sms_info
from camon_xinloi.sandbox import template_environment
from camon_xinloi.testing import example_event, example_letter

IDS = catalogue().ids()
CONTEXT = {"event", "issuer", "on"}
FORMATS = ["text", "html", "sms", "docx", "pdf"]

REQUIRED_IDS = {
    "chuc_mung/ket_hon",
    "chuc_mung/khai_sinh",
    "chuc_mung/mung_tho",
    "chia_buon/khai_tu",
    "chia_buon/khai_tu_phat_giao",
    "chia_buon/khai_tu_cong_giao",
    "chia_buon/liet_si",
    "xin_loi/tre_hen",
    "xin_loi/sai_sot",
    "xin_loi/thai_do",
    "cam_on/gop_y",
    "cam_on/phan_anh",
    "cam_on/hien_dat",
    "cam_on/dong_gop",
    "cam_on/ngay_cong",
    "cam_on/giai_quyet_xong",
}

_letters: dict[str, Letter] = {}


def _letter(template_id: str) -> Letter:
    if template_id not in _letters:
        _letters[template_id] = example_letter(template_id)
    return _letters[template_id]


def test_the_catalogue_has_every_letter():
    from camon_xinloi.events import event_kinds

    assert set(IDS) >= REQUIRED_IDS
    # every event kind has a letter, and no template names a kind that does not exist
    assert {t.kind for t in catalogue()} == set(event_kinds())


@pytest.mark.parametrize("template_id", IDS)
def test_example_validates(template_id: str):
    template = catalogue().get(template_id)
    assert template.example is not None, "every template ships an example.json"
    event = parse_event(template.example)
    assert type(event) is event_model(template.kind)


@pytest.mark.parametrize("template_id", IDS)
def test_metadata(template_id: str):
    template = catalogue().get(template_id)
    assert template.version
    assert template.title == template.title.upper()
    assert template.description
    assert template.sms, "every built-in template defines a short form"
    assert template.distribution[0] == "Như trên"
    assert template.festive == (template.family == "chuc_mung")
    for text in (template.body, template.title, template.description, *template.recipients):
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("template_id", IDS)
def test_no_undeclared_variables(template_id: str):
    template = catalogue().get(template_id)
    env = template_environment()
    sources = [template.body, *template.recipients, template.subject or "", template.sms or ""]
    for source in sources:
        assert meta.find_undeclared_variables(env.parse(source)) <= CONTEXT


@pytest.mark.parametrize("template_id", IDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_renders_in_every_format(template_id: str, fmt: str):
    letter = _letter(template_id)
    data = render(letter, fmt)
    # what is in the letter: the parts goldens below; here, that each format is well formed
    if fmt in ("text", "sms", "html"):
        text = data.decode("utf-8")
        assert unicodedata.is_normalized("NFC", text)
    if fmt == "text":
        assert text.endswith("\n")
        assert "\t" not in text
        assert "\r" not in text
    elif fmt == "sms":
        assert text == letter.sms  # the template's short form, unchanged
    elif fmt == "html":
        assert text.startswith('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">')
        generator = f"camon_xinloi {letter.meta.template_id} {letter.meta.template_version}"
        assert f'<meta name="generator" content="{generator}">' in text
        assert text.rstrip().endswith("</html>")
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            assert docx.testzip() is None
            assert {"[Content_Types].xml", "word/document.xml", "docProps/core.xml"} <= set(
                docx.namelist()
            )
    else:
        from camon_xinloi.record import record_subject

        metadata = PdfReader(io.BytesIO(data)).metadata
        assert metadata is not None
        assert metadata.title == record_subject(letter)


@pytest.mark.parametrize("template_id", IDS)
def test_text_golden(template_id: str, cx_golden):
    letter = _letter(template_id)
    text = letter.text
    assert "./." in text
    assert letter.body[-1].text.endswith("./.")
    assert unicodedata.is_normalized("NFC", text)
    assert "  ," not in text
    assert " ," not in text
    assert " ." not in text.replace(" ./.", "")
    cx_golden.check(text, f"text/{template_id.replace('/', '-')}.txt")


@pytest.mark.parametrize("template_id", IDS)
@pytest.mark.parametrize("fmt", ["letter", "text", "html", "docx", "pdf"])
def test_parts_golden(template_id: str, fmt: str, cx_golden):
    """The structural golden: each part of the letter and its text, the same in every format.

    One reviewed file per template, ``tests/golden/parts/<id>.json``; the Letter
    itself and what a reader finds in its text, HTML, DOCX and PDF must all match it.
    """
    letter = _letter(template_id)
    output = letter if fmt == "letter" else render(letter, fmt)
    cx_golden.check_parts(output, f"parts/{template_id.replace('/', '-')}.json")


@pytest.mark.parametrize("template_id", IDS)
def test_sms_fits_a_few_messages(template_id: str):
    letter = _letter(template_id)
    assert letter.sms is not None
    assert "./." not in letter.sms
    info = sms_info(letter.sms)
    assert info.encoding == "UCS-2"
    assert info.segments <= 5


@pytest.mark.parametrize("template_id", IDS)
def test_html_has_the_recipient(template_id: str):
    letter = _letter(template_id)
    assert letter.recipients[0] in letter_to_html(letter)


@pytest.mark.parametrize("template_id", catalogue().ids())
def test_the_example_event_picks_its_own_template(template_id: str) -> None:
    # A batch without template= picks by the event: each example must land on its template.
    assert catalogue().for_event(example_event(template_id)).id == template_id
