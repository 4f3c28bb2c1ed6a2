"""Letter.text_fields(): the one walk over a letter's text, shared by the DOCX and PDF checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.examples import example_letter
from camon_xinloi.letter import Letter, Paragraph, Run, SignatureBlock, TextField
from camon_xinloi.render.docx import DocxRenderer
from camon_xinloi.render.pdf import PdfRenderer


def full_letter() -> Letter:
    """The example letter with every optional field filled, and a styled run."""
    letter = example_letter("chuc_mung/mung_tho")
    body = (*letter.body, Paragraph(runs=(Run(text="Kính chúc"), Run(text=" cụ", italic=True))))
    return letter.model_copy(
        update={
            "parent_agency": "Hội đồng nhân dân",
            "subject": letter.subject or "Mừng thọ",
            "footer": letter.footer or "Điện thoại: 028 3815 0000",
            "body": body,
        }
    )


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # a paragraph's "align" is a layout choice, not text
        return [s for k, v in value.items() if k != "align" for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_string_of_the_letter_is_walked():
    """A field added to Letter without a place in text_fields() fails here."""
    letter = full_letter()
    walked = [f.text for f in letter.text_fields(meta=True)]
    data = letter.model_dump()
    not_printed = {"agency_name", "sms"}  # metadata and the short form: not on the page
    for key, value in data.items():
        if key in not_printed:
            continue
        for text in _strings(value):
            assert any(text in w for w in walked), f"{key}: {text!r} is not in text_fields()"


def test_labels_styles_and_order():
    letter = full_letter()
    fields = list(letter.text_fields())
    assert all(isinstance(f, TextField) for f in fields)
    labels = [f.label for f in fields]
    assert labels[:6] == ["parent_agency", "agency[0]", "agency[1]", "notation", "place", "title"]
    assert labels[6] == "subject"
    assert labels[-1] == "footer"
    assert "meta.template_id" not in labels
    by_label = {f.label: f for f in fields}
    assert by_label["agency[0]"].bold
    assert by_label["place"].italic
    assert by_label["place"].text == letter.date_line
    assert by_label["notation"].text == letter.number_line
    last = len(letter.body) - 1
    runs = [f for f in fields if f.label == f"body[{last}]"]
    assert runs == [
        TextField(f"body[{last}]", "Kính chúc"),
        TextField(f"body[{last}]", " cụ", bold=False, italic=True),
    ]
    meta = [f for f in letter.text_fields(meta=True) if f.label.startswith("meta.")]
    assert meta[0] == TextField("meta.template_id", "chuc_mung/mung_tho")


def _with_text(letter: Letter, label: str, bad: str) -> Letter:
    """The letter with ``bad`` put into the field named ``label``."""
    if label.startswith("agency["):
        return letter.model_copy(update={"agency": (bad, *letter.agency[1:])})
    if label.startswith("recipients["):
        return letter.model_copy(update={"recipients": (bad,)})
    if label.startswith("distribution["):
        return letter.model_copy(update={"distribution": (bad, *letter.distribution[1:])})
    if label.startswith("body["):
        body = (Paragraph(runs=(Run(text=bad),)), *letter.body[1:])
        return letter.model_copy(update={"body": body})
    if label.startswith("signature."):
        lines, name = letter.signature.lines, letter.signature.name
        if label == "signature.name":
            name = bad
        else:
            lines = (bad, *lines[1:])
        return letter.model_copy(update={"signature": SignatureBlock(lines=lines, name=name)})
    return letter.model_copy(update={label: bad})


LABELS = [
    "parent_agency",
    "agency[0]",
    "notation",
    "title",
    "subject",
    "recipients[0]",
    "body[0]",
    "signature.lines[0]",
    "signature.name",
    "distribution[0]",
    "footer",
]


@pytest.mark.parametrize("label", LABELS)
def test_docx_and_pdf_name_the_same_field(label: str):
    bad = _with_text(full_letter(), label, "Lê\x07Huệ")
    assert any(f.label == label and "\x07" in f.text for f in bad.text_fields())
    with pytest.raises(UnrenderableTextError, match=rf"^{re.escape(label)} "):
        DocxRenderer().render(bad)
    with pytest.raises(UnrenderableTextError, match=rf"^{re.escape(label)} "):
        PdfRenderer().render(bad)


def test_a_bad_place_is_refused_when_the_date_line_is_made():
    bad = _with_text(full_letter(), "place", "Lê\x07Huệ")
    for renderer in (DocxRenderer(), PdfRenderer()):
        with pytest.raises(ValueError, match="place name must be one line"):
            renderer.render(bad)


def test_pdf_names_the_field_of_a_glyph_the_font_lacks():
    bad = _with_text(full_letter(), "signature.name", "Trần Văn Minh 🌸")
    with pytest.raises(UnrenderableTextError, match=r"^signature\.name has '🌸'"):
        PdfRenderer().render(bad)
