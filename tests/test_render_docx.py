"""The house DOCX letterhead, read back element by element with python-docx."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.letter import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    Letter,
    LetterMeta,
    Paragraph,
    Run,
    SignatureBlock,
)
from camon_xinloi.render import get_renderer, render
from camon_xinloi.render._unit_names import keep_together
from camon_xinloi.render.docx import MEDIA_TYPE, DocxRenderer, render_docx_batch

ROOT = Path(__file__).resolve().parent.parent
FONT = "Times New Roman"


def make_letter(**changes: object) -> Letter:
    """A realistic letter built directly (compose() is not needed to test layout)."""
    base: dict[str, object] = {
        "agency": ("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC"),
        "number": 5,
        "notation": "UBND-VX",
        "place": "Phường 1 Bảo Lộc",
        "date": dt.date(2026, 3, 5),
        "year": 2026,
        "title": "THƯ CHÚC MỪNG",
        "recipients": ("Anh Lê Trung Dũng và chị Vũ Thị Huệ",),
        "body": (
            Paragraph(
                runs=(
                    Run(
                        text="Vào ngày 05 tháng 3 năm 2026, Ủy ban nhân dân Phường 1 Bảo Lộc"
                        " đã trao "
                    ),
                    Run(text="Giấy chứng nhận kết hôn", italic=True),
                    Run(text=" cho anh chị.\nTừ nay, anh chị là vợ chồng hợp pháp."),
                )
            ),
            Paragraph(
                runs=(Run(text="Trăm năm hạnh phúc!", bold=True),), align="center", indent=False
            ),
            Paragraph(runs=(Run(text="Trân trọng./."),)),
        ),
        "signature": SignatureBlock(
            lines=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Trần Văn Minh"
        ),
        "distribution": ("Như trên", "Lưu: VT"),
        "footer": "Địa chỉ: số 2 đường Trần Phú, Phường 1 Bảo Lộc; điện thoại: 0263 3864 000",
        "meta": LetterMeta(
            template_id="chuc_mung/ket_hon",
            template_version="1.0",
            event_kind="marriage_registered",
            family="chuc_mung",
        ),
    }
    base.update(changes)
    return Letter.model_validate(base)


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def letter() -> Letter:
    return make_letter()


@pytest.fixture(scope="module")
def document(letter: Letter) -> Any:
    return open_docx(DocxRenderer().render(letter))


def runs_of(paragraph: Any) -> list[Any]:
    return [run for run in paragraph.runs if run.text]


def find(doc_or_cell: Any, text: str) -> Any:
    for paragraph in doc_or_cell.paragraphs:
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r}")


def assert_font(run: Any, size: float, *, bold: bool = False, italic: bool = False) -> None:
    assert run.font.name == FONT
    fonts = run._r.rPr.rFonts
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == FONT
    assert run.font.size == Pt(size)
    assert bool(run.bold) is bold
    assert bool(run.italic) is italic


# ----------------------------------------------------------------------------- registry
def test_registered_and_protocol(letter: Letter) -> None:
    renderer = get_renderer("docx")
    assert isinstance(renderer, DocxRenderer)
    assert (renderer.format, renderer.media_type, renderer.suffix) == ("docx", MEDIA_TYPE, ".docx")
    assert render(letter, "docx") == DocxRenderer().render(letter)


# ----------------------------------------------------------------------------- page
def test_page_setup(document: Any) -> None:
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for actual, mm in (
        (section.top_margin, 20),
        (section.bottom_margin, 20),
        (section.left_margin, 30),
        (section.right_margin, 15),
    ):
        assert abs(actual - Mm(mm)) < Mm(0.1)


def test_default_font_is_times_new_roman_14(document: Any) -> None:
    normal = document.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.size == Pt(14)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == FONT


# ----------------------------------------------------------------------------- header block
def _no_borders(table: Any) -> None:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_header_table(document: Any, letter: Letter) -> None:
    table = document.tables[0]
    _no_borders(table)
    assert len(table.columns) == 2
    left, right = table.rows[0].cells
    for line in letter.agency:
        para = find(left, line)
        assert para.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert_font(runs_of(para)[0], 13, bold=True)
    national = find(right, NATIONAL_NAME)
    assert national.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert 12 <= runs_of(national)[0].font.size.pt <= 13
    assert runs_of(national)[0].bold
    motto = find(right, NATIONAL_MOTTO)
    assert 13 <= runs_of(motto)[0].font.size.pt <= 14
    assert runs_of(motto)[0].bold
    number_cell, date_cell = table.rows[1].cells
    assert_font(runs_of(find(number_cell, "Số: 05/UBND-VX"))[0], 13)
    date = find(date_cell, "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026")
    assert_font(runs_of(date)[0], 14, italic=True)
    assert date.alignment == WD_ALIGN_PARAGRAPH.CENTER


def _rule_after(cell: Any, text: str) -> tuple[int, int]:
    """Return (rule length, column width) in twips for the rule paragraph after ``text``."""
    paragraphs = cell.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == text)
    rule = paragraphs[index + 1]
    assert rule.text == ""
    bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    ind = rule._p.pPr.find(qn("w:ind"))
    left, right = int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))
    assert left == right, "the rule is centred"
    width = int(cell._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
    return width - left - right, width


def test_rules_under_agency_and_motto(document: Any) -> None:
    left, right = document.tables[0].rows[0].cells
    agency_rule, _ = _rule_after(left, "PHƯỜNG 1 BẢO LỘC")
    # "ỦY BAN NHÂN DÂN" in 13 pt bold is about 43 mm (2450 twips): the rule is 1/3 to 1/2.
    assert 2450 / 3 <= agency_rule <= 2450 / 2
    motto_rule, _ = _rule_after(right, NATIONAL_MOTTO)
    # The motto in 13 pt bold is 56.1 mm (3182 twips) in Times New Roman / Tinos metrics.
    assert abs(motto_rule - 3182) < 60


def test_agency_rule_follows_text_length() -> None:
    short = open_docx(DocxRenderer().render(make_letter(agency=("UBND", "XÃ A"))))
    long = open_docx(
        DocxRenderer().render(make_letter(agency=("ỦY BAN NHÂN DÂN", "PHƯỜNG ĐIỆN BIÊN PHỦ")))
    )
    short_rule, _ = _rule_after(short.tables[0].rows[0].cells[0], "XÃ A")
    long_rule, width = _rule_after(long.tables[0].rows[0].cells[0], "PHƯỜNG ĐIỆN BIÊN PHỦ")
    assert short_rule < long_rule <= width


# ----------------------------------------------------------------------------- title and body
def test_title_subject_and_recipient(letter: Letter) -> None:
    doc = open_docx(DocxRenderer().render(make_letter(subject="Về việc đăng ký kết hôn")))
    title = find(doc, "THƯ CHÚC MỪNG")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_font(runs_of(title)[0], 14, bold=True)
    subject = find(doc, "Về việc đăng ký kết hôn")
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert_font(runs_of(subject)[0], 14, bold=True)
    kinh_gui = find(doc, "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ")
    assert_font(runs_of(kinh_gui)[0], 14)


def test_several_recipients_one_per_line() -> None:
    doc = open_docx(DocxRenderer().render(make_letter(recipients=("Ông A", "Bà B", "Chị C"))))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 4] == ["- Ông A;", "- Bà B;", "- Chị C."]
    kinh_gui = doc.paragraphs[start].paragraph_format.left_indent
    items = doc.paragraphs[start + 1].paragraph_format.left_indent
    assert items > kinh_gui


def test_body_paragraphs(document: Any) -> None:
    first = next(p for p in document.paragraphs if p.text.startswith("Vào ngày"))
    fmt = first.paragraph_format
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent - Mm(10)) < Mm(0.1)
    assert fmt.space_after >= Pt(6)
    # exactly 18 pt, as the PDF: between single (1.149 em of 14 pt Times) and 1.5 lines
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(18)
    assert Pt(14 * 1.149) <= fmt.line_spacing <= Pt(14 * 1.149 * 1.5)
    runs = runs_of(first)
    assert [r.text for r in runs][1] == "Giấy chứng nhận kết hôn"
    assert_font(runs[0], 14)
    assert_font(runs[1], 14, italic=True)
    # "\n" in a run becomes a real line break.
    assert first._p.xpath(".//w:br")
    assert first.text.endswith("cho anh chị.\nTừ nay, anh chị là vợ chồng hợp pháp.")
    wish = find(document, "Trăm năm hạnh phúc!")
    assert wish.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not wish.paragraph_format.first_line_indent
    assert_font(runs_of(wish)[0], 14, bold=True)
    assert document.paragraphs[-3].text.endswith("./.") or any(
        p.text == "Trân trọng./." for p in document.paragraphs
    )


def test_signature_block(document: Any, letter: Letter) -> None:
    table = document.tables[1]
    _no_borders(table)
    left, right = table.rows[0].cells
    noi_nhan = find(left, "Nơi nhận:")
    assert noi_nhan.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert_font(runs_of(noi_nhan)[0], 12, bold=True, italic=True)
    for line in letter.distribution_lines:
        assert_font(runs_of(find(left, line))[0], 11)
    for line in letter.signature.lines:
        para = find(right, line)
        assert para.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert_font(runs_of(para)[0], 14, bold=True)
    name = find(right, letter.signature.name)
    assert_font(runs_of(name)[0], 14, bold=True)
    assert name.paragraph_format.space_before >= Pt(72), "room to sign and stamp"
    # Nơi nhận is level with the first quyền hạn line.
    assert (
        noi_nhan.paragraph_format.space_before == right.paragraphs[0].paragraph_format.space_before
    )


def test_footer_11pt_under_a_rule(document: Any, letter: Letter) -> None:
    """The address is the first page's footer (Decree 30), not a body paragraph after the name."""
    assert letter.footer
    assert all(letter.footer not in p.text for p in document.paragraphs)
    section = document.sections[0]
    (footer,) = section.first_page_footer.paragraphs
    assert footer.text == keep_together(letter.footer)  # unit name, phone never broken
    assert_font(runs_of(footer)[0], 11)
    top = footer._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert top.get(qn("w:val")) == "single"
    assert not section.footer.paragraphs or section.footer.paragraphs[0].text == ""


def test_page_numbers_from_page_two(document: Any) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header
    assert not header.is_linked_to_previous
    para = header.paragraphs[0]
    assert para.alignment == WD_ALIGN_PARAGRAPH.CENTER
    instr = "".join(para._p.xpath(".//w:instrText/text()"))
    assert instr.strip() == "PAGE"
    assert {r.font.size for r in para.runs} == {Pt(13)}
    assert section.header_distance < section.top_margin, "the number sits in the top margin"


# ----------------------------------------------------------------------------- drafts
def test_draft_lines_render() -> None:
    draft = make_letter(number=None, date=None)
    doc = open_docx(DocxRenderer().render(draft))
    number_cell, date_cell = doc.tables[0].rows[1].cells
    assert number_cell.paragraphs[0].text == draft.number_line == "Số:      /UBND-VX"
    assert date_cell.paragraphs[0].text == draft.date_line
    assert "ngày      tháng      năm 2026" in draft.date_line


def test_no_number_line() -> None:
    doc = open_docx(DocxRenderer().render(make_letter(notation=None)))
    assert doc.tables[0].rows[1].cells[0].text == ""


# ----------------------------------------------------------------------------- bytes
def test_byte_identical_and_fixed_zip_metadata(letter: Letter) -> None:
    first = DocxRenderer().render(letter)
    assert first == DocxRenderer().render(letter) == render(letter, "docx")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2026-03-05T00:00:00Z" in core
    doc = open_docx(first)
    assert doc.core_properties.created == dt.datetime(2026, 3, 5, tzinfo=dt.UTC)
    assert doc.core_properties.title == "THƯ CHÚC MỪNG"


def test_draft_core_date_is_first_of_year() -> None:
    doc = open_docx(DocxRenderer().render(make_letter(date=None)))
    assert doc.core_properties.created == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_committed_letterhead_is_fresh() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_letterhead_docx", ROOT / "tools" / "make_letterhead_docx.py"
    )
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.HOUSE.read_bytes() == tool.build_house()
    assert tool.USER_EXAMPLE.read_bytes() == tool.build_user_example()


# ----------------------------------------------------------------------------- nothing lost
VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + " &<>\"'`.,;:-/()0123456789"
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=400).filter(lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None)
@given(recipient=texts, body=texts, name=texts)
def test_every_character_round_trips(recipient: str, body: str, name: str) -> None:
    letter = make_letter(
        recipients=(recipient, 'Bà <B> & "C"'),
        body=(Paragraph(runs=(Run(text=body), Run(text=body, bold=True))),),
        signature=SignatureBlock(lines=("CHỦ TỊCH",), name=name),
    )
    doc = open_docx(DocxRenderer().render(letter))
    texts_out = [p.text for p in doc.paragraphs]
    assert f"- {recipient};" in texts_out
    assert '- Bà <B> & "C".' in texts_out
    assert body + body in texts_out
    signer = doc.tables[1].rows[0].cells[1]
    assert signer.paragraphs[-1].text == name


def test_long_text_round_trips() -> None:
    body = "Nội dung & <dài> " * 2000
    doc = open_docx(DocxRenderer().render(make_letter(body=(Paragraph(runs=(Run(text=body),)),))))
    assert any(p.text == body for p in doc.paragraphs)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\ufffe"])
def test_control_characters_refused(char: str) -> None:
    letter = make_letter(recipients=(f"Bà{char}Lan",))
    with pytest.raises(UnrenderableTextError, match=r"recipients\[0\].*U\+"):
        DocxRenderer().render(letter)
    with pytest.raises(UnrenderableTextError):
        render_docx_batch([make_letter(), letter])


# ----------------------------------------------------------------------------- batch
def test_batch_one_section_per_letter() -> None:
    letters = [make_letter(recipients=(f"Ông Số {i}",), number=i + 1) for i in range(4)]
    data = render_docx_batch(letters)
    assert data == render_docx_batch(letters)
    doc = open_docx(data)
    assert len(doc.sections) == 4
    for section in doc.sections:
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
    texts = [p.text for p in doc.paragraphs]
    for i in range(4):
        assert f"Kính gửi: Ông Số {i}" in texts
    assert len(doc.tables) == 8


def test_batch_needs_letters() -> None:
    with pytest.raises(ValueError, match="at least one"):
        render_docx_batch([])


def test_renderer_keeps_no_letter_state() -> None:
    renderer = DocxRenderer()
    a, b = make_letter(), make_letter(recipients=("Ông Khác",))
    first = renderer.render(a)
    renderer.render(b)
    assert renderer.render(a) == first


def test_a_batch_gives_each_letter_its_own_first_page_footer() -> None:
    """A section without a footer of its own would inherit the previous letter's address."""
    with_address = make_letter()
    without = make_letter(footer=None)
    other = make_letter(footer="Địa chỉ: thôn Đông, xã Xuân Phú")
    doc = open_docx(render_docx_batch([with_address, without, other, with_address]))
    footers = [s.first_page_footer.paragraphs[0].text for s in doc.sections]
    assert footers == [
        keep_together(with_address.footer or ""),
        "",
        "Địa chỉ: thôn Đông, xã\xa0Xuân\xa0Phú",
        keep_together(with_address.footer or ""),
    ]
    with zipfile.ZipFile(io.BytesIO(render_docx_batch([with_address] * 3))) as archive:
        assert [n for n in archive.namelist() if "footer" in n] == ["word/footer1.xml"]


def test_rules_keep_clear_of_the_descenders_above_them() -> None:
    """Every rule paragraph (agency, motto, trích yếu) has 6 pt above it: no "underlined" text."""
    document = open_docx(DocxRenderer().render(make_letter(subject="Chào mừng công dân mới")))
    rules = [
        p
        for p in document.element.body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    ]
    assert len(rules) >= 3
    for rule in rules:
        spacing = rule.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        assert int(spacing.get(qn("w:before"))) >= 120
