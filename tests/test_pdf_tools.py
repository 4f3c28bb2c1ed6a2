from __future__ import annotations

import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.pdf_tools import (
    FieldOverflowError,
    FormError,
    fill_form,
    form_fields,
    letter_form_values,
    merge_pdfs,
)
from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.testing import example_letter

EXAMPLE_FORM = Path(__file__).resolve().parents[1] / "examples" / "forms" / "phieu_xin_loi_form.pdf"

VALUES = {
    "recipients": "Ông Nguyễn Văn Ấn",
    "so_bien_nhan": "000.00.21.H29-260301-0012",
    "ly_do": "Hồ sơ cần xác minh thêm nơi cư trú; Ủy ban nhân dân phường đã gửi văn bản "
    "đề nghị xác minh và đang chờ trả lời.",
    "ngay_hen_lai": "ngày 12 tháng 3 năm 2026",
}


def page_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


def widget(pdf: bytes, name: str) -> Any:
    for annot in PdfReader(BytesIO(pdf)).pages[0].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/T") == name:
            return annot
    raise AssertionError(name)


def test_example_form_exists_and_has_fields() -> None:
    fields = form_fields(EXAMPLE_FORM)
    assert {"recipients", "ly_do", "body", "signer"} <= set(fields)
    assert set(fields.values()) == {"/Tx"}


def test_fill_sets_values_font_and_appearances() -> None:
    filled = fill_form(EXAMPLE_FORM, VALUES)
    reader = PdfReader(BytesIO(filled))
    fields = reader.get_fields()
    assert fields is not None
    for name, value in VALUES.items():
        assert fields[name]["/V"] == value
    root: Any = reader.trailer["/Root"]
    form = root["/AcroForm"]
    assert form["/NeedAppearances"].value is False
    font = form["/DR"]["/Font"]["/CxTinos"].get_object()
    assert str(font["/BaseFont"]).endswith("+Tinos")  # a subset
    ap = widget(filled, "recipients")["/AP"]["/N"].get_object()
    assert b"/CxTinos" in ap.get_data()
    assert widget(filled, "recipients")["/DA"].startswith("/CxTinos ")


def test_flatten_paints_text_and_removes_form() -> None:
    flat = fill_form(EXAMPLE_FORM, VALUES, flatten=True)
    reader = PdfReader(BytesIO(flat))
    root: Any = reader.trailer["/Root"]
    assert "/AcroForm" not in root
    assert "/Annots" not in reader.pages[0]
    text = " ".join(page_text(flat).split())
    for value in VALUES.values():
        assert value in text


def test_fill_from_a_letter(tmp_path: Path) -> None:
    letter = example_letter()
    source = tmp_path / "form.pdf"
    source.write_bytes(EXAMPLE_FORM.read_bytes())
    flat = fill_form(source, letter, flatten=True)
    text = " ".join(page_text(flat).split())
    assert letter.number_line is not None
    assert letter.number_line in text
    assert letter.date_line in text
    assert letter.signature.name in text
    assert set(letter_form_values(letter)) >= {"agency", "number", "date", "body", "signer"}


def test_long_value_shrinks() -> None:
    filled = fill_form(EXAMPLE_FORM, {"so_bien_nhan": "0123456789 " * 8})
    da = widget(filled, "so_bien_nhan")["/DA"]
    size = float(da.split()[1])
    assert 6 <= size < 12


def test_value_that_cannot_fit_is_refused() -> None:
    with pytest.raises(FieldOverflowError, match="so_bien_nhan"):
        fill_form(EXAMPLE_FORM, {"so_bien_nhan": "dài quá " * 60})


def test_line_break_in_single_line_field_is_refused() -> None:
    with pytest.raises(FormError, match="one line"):
        fill_form(EXAMPLE_FORM, {"signer": "Trần\nVăn Minh"})


def test_unknown_field_suggests_a_name() -> None:
    with pytest.raises(FormError, match=r"no field 'ly_doo'; did you mean 'ly_do'"):
        fill_form(EXAMPLE_FORM, {"ly_doo": "x"})


def test_corrupt_pdf_is_a_clear_error() -> None:
    with pytest.raises(FormError, match="cannot read the PDF"):
        fill_form(b"%PDF-1.7 this is not a pdf", VALUES)
    with pytest.raises(FormError, match="cannot read the PDF"):
        form_fields(b"hello")


def test_pdf_without_form_is_refused() -> None:
    with pytest.raises(FormError, match="no form fields"):
        fill_form(PdfRenderer().render(example_letter()), VALUES)


def test_emoji_is_refused() -> None:
    with pytest.raises(UnrenderableTextError, match="U\\+1F600"):
        fill_form(EXAMPLE_FORM, {"recipients": "Anh Ba 😀"})


def test_merge_pdfs() -> None:
    one = PdfRenderer().render(example_letter())
    merged = merge_pdfs([one, one, EXAMPLE_FORM])
    reader = PdfReader(BytesIO(merged))
    assert len(reader.pages) == 3
    # Identical font programs of the two copies are stored once.
    files = set()
    for page in reader.pages[:2]:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            descendant = ref.get_object()["/DescendantFonts"][0].get_object()
            files.add(descendant["/FontDescriptor"].get_object().raw_get("/FontFile2").idnum)
    assert len(files) == len(resources["/Font"])
    with pytest.raises(FormError, match="no PDFs"):
        merge_pdfs([])
