"""A commune's own docxtpl template: rendering, checking, errors."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from hypothesis import given, settings
from hypothesis import strategies as st

from camon_xinloi.errors import RenderError, TemplateRenderError, UnrenderableTextError
from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
from camon_xinloi.lint import Problem, check_docx_template
from camon_xinloi.render import render
from camon_xinloi.render.docx import (
    LETTER_FIELDS,
    DocxRenderer,
    letter_context,
    render_docx_batch,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "user_letterhead.docx"


def make_letter(**changes: object) -> Letter:
    base: dict[str, object] = {
        "agency": ("ỦY BAN NHÂN DÂN", "XÃ XUÂN PHÚ"),
        "number": 12,
        "notation": "UBND-VX",
        "place": "Xuân Phú",
        "date": dt.date(2026, 1, 5),
        "year": 2026,
        "title": "THƯ CẢM ƠN",
        "recipients": ("Ông Nguyễn Văn An",),
        "body": (
            Paragraph(runs=(Run(text="Ủy ban nhân dân xã "), Run(text="trân trọng", bold=True))),
            Paragraph(runs=(Run(text="Trân trọng cảm ơn./."),)),
        ),
        "signature": SignatureBlock(lines=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Lê Văn Bình"),
        "distribution": ("Như trên", "Lưu: VT"),
        "meta": LetterMeta(
            template_id="cam_on/dong_gop",
            template_version="1.0",
            event_kind="contribution_received",
            family="cam_on",
        ),
    }
    base.update(changes)
    return Letter.model_validate(base)


def make_template(
    path: Path,
    body: list[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    split: bool = False,
) -> Path:
    """Write a small docxtpl template; ``split`` puts every character in its own run."""
    document = docx.Document()
    for text in body:
        paragraph = document.add_paragraph()
        if split:
            for char in text:
                paragraph.add_run(char).bold = char == "l"
        else:
            paragraph.add_run(text)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].add_run(header)
    if footer is not None:
        section.footer.paragraphs[0].add_run(footer)
    document.save(str(path))
    return path


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def texts(data: bytes) -> list[str]:
    return [p.text for p in open_docx(data).paragraphs]


# ----------------------------------------------------------------------------- the example
def test_example_template_is_clean() -> None:
    assert check_docx_template(EXAMPLE) == []


def test_example_template_renders_every_part() -> None:
    letter = make_letter()
    data = render(letter, "docx", template=EXAMPLE)
    doc = open_docx(data)
    paragraphs = [p.text for p in doc.paragraphs]
    assert "THƯ CẢM ƠN" in paragraphs
    assert "Kính gửi: Ông Nguyễn Văn An" in paragraphs
    assert "Ủy ban nhân dân xã trân trọng" in paragraphs
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert cells[2:] == ["Số: 12/UBND-VX", "Xuân Phú, ngày 05 tháng 01 năm 2026"]
    sign = doc.tables[1].rows[0].cells
    assert [p.text for p in sign[0].paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in sign[1].paragraphs] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lê Văn Bình",
    ]
    # RichText keeps real bold runs.
    body = next(p for p in doc.paragraphs if p.text.startswith("Ủy ban nhân dân xã"))
    assert [(r.text, bool(r.bold)) for r in body.runs if r.text] == [
        ("Ủy ban nhân dân xã ", False),
        ("trân trọng", True),
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "{{" not in archive.read("word/document.xml").decode()


def test_logo_in_header_survives() -> None:
    source = open_docx(EXAMPLE.read_bytes()).sections[0].header.part
    logo = next(r.target_part.blob for r in source.rels.values() if r.reltype == RT.IMAGE)
    doc = open_docx(DocxRenderer().render(make_letter(), template=EXAMPLE))
    header = doc.sections[0].header
    assert header.paragraphs[0].text.strip() == "ỦY BAN NHÂN DÂN XÃ XUÂN PHÚ"
    images = [r.target_part.blob for r in header.part.rels.values() if r.reltype == RT.IMAGE]
    assert images == [logo]
    assert header._element.xpath(".//a:blip")


def test_byte_identical(tmp_path: Path) -> None:
    letter = make_letter()
    first = DocxRenderer().render(letter, template=EXAMPLE)
    assert first == DocxRenderer().render(letter, template=str(EXAMPLE))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert open_docx(first).core_properties.created == dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def test_draft_lines_render() -> None:
    draft = make_letter(number=None, date=None)
    doc = open_docx(DocxRenderer().render(draft, template=EXAMPLE))
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert cells[2:] == [draft.number_line, draft.date_line]


# ----------------------------------------------------------------------------- nothing lost
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậđềểễếệờởỡớợừửữứựỳỷỹýỵ"
ALPHABET += ALPHABET.upper() + " &<>\"'`;:."


@settings(max_examples=15, deadline=None)
@given(
    recipient=st.text(alphabet=ALPHABET, min_size=1, max_size=120).filter(str.strip),
    name=st.text(alphabet=ALPHABET, min_size=1, max_size=60).filter(str.strip),
)
def test_every_character_round_trips(recipient: str, name: str) -> None:
    letter = make_letter(
        recipients=(recipient, "Bà <B> & 'C'"),
        body=(Paragraph(runs=(Run(text=recipient + "\n" + name, italic=True),)),),
        signature=SignatureBlock(lines=("CHỦ TỊCH",), name=name),
    )
    doc = open_docx(DocxRenderer().render(letter, template=EXAMPLE))
    paragraphs = [p.text for p in doc.paragraphs]
    assert f"- {recipient};" in paragraphs
    assert "- Bà <B> & 'C'." in paragraphs
    assert recipient + "\n" + name in paragraphs
    assert doc.tables[1].rows[0].cells[1].paragraphs[-1].text == name


def test_control_characters_refused() -> None:
    with pytest.raises(UnrenderableTextError, match=r"signature\.name"):
        DocxRenderer().render(
            make_letter(signature=SignatureBlock(lines=("X",), name="A\x01B")), template=EXAMPLE
        )


# ----------------------------------------------------------------------------- Word's habits
def test_split_runs_and_curly_quotes_are_repaired(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [
            "{{ letter.title }}",
            "{{ letter.title | replace(“THƯ”, ‘LỜI’) }}",  # noqa: RUF001
            "\uff5b\uff5b letter.place \uff5d\uff5d",
        ],
        split=True,
    )
    problems = check_docx_template(path)
    assert {p.severity for p in problems} == {"warning"}
    assert any("curly quotes" in p.message for p in problems)
    assert any("fullwidth" in p.message for p in problems)
    out = texts(DocxRenderer().render(make_letter(), template=path))
    assert out == ["THƯ CẢM ƠN", "LỜI CẢM ƠN", "Xuân Phú"]


def test_template_file_change_is_picked_up(tmp_path: Path) -> None:
    renderer = DocxRenderer()
    path = make_template(tmp_path / "t.docx", ["{{ letter.title }}"])
    assert texts(renderer.render(make_letter(), template=path)) == ["THƯ CẢM ƠN"]
    make_template(path, ["{{ letter.place }}"])
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert texts(renderer.render(make_letter(), template=path)) == ["Xuân Phú"]


# ----------------------------------------------------------------------------- check
def test_check_reports_problems_with_part_and_paragraph(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "bad.docx",
        [
            "Kính gửi {{ event.person }} nhé",
            "Số {{ letter.nmae }}",
            "Ký {{ letter.signature.nam }}",
        ],
        header="Đầu trang {{ issuer.name }}",
        footer="Chân trang {{ letter.title",
    )
    problems = check_docx_template(path)
    found = {(p.part, p.paragraph, p.severity) for p in problems}
    assert ("document", "Kính gửi {{ event.person }} nhé", "error") in found
    assert ("document", "Số {{ letter.nmae }}", "error") in found
    assert ("document", "Ký {{ letter.signature.nam }}", "error") in found
    assert ("header1", "Đầu trang {{ issuer.name }}", "error") in found
    assert ("footer1", "Chân trang {{ letter.title", "error") in found
    messages = " ".join(p.message for p in problems)
    assert "'event'" in messages
    assert "'nmae'" in messages
    assert "'nam'" in messages
    assert "unbalanced" in messages
    assert all(p.path == str(path) for p in problems)
    assert "bad.docx: document: error:" in str(problems[0])


def test_check_syntax_error(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "syntax.docx", ["{% if letter.subject %}", "{{ letter.subject }}", "xong"]
    )
    [problem] = check_docx_template(path)
    assert problem.part == "document"
    assert "syntax" in problem.message


def test_check_not_a_docx(tmp_path: Path) -> None:
    text = tmp_path / "letter.docx"
    text.write_text("not a zip")
    [problem] = check_docx_template(text)
    assert problem == Problem(str(text), None, problem.message, part="")
    assert "not a DOCX" in problem.message


def test_letter_fields_documented() -> None:
    context = letter_context(make_letter())
    assert set(context) == {"letter"}
    assert set(context["letter"]) == set(LETTER_FIELDS)
    doc = (ROOT / "docs" / "docx.md").read_text(encoding="utf-8")
    for field in LETTER_FIELDS:
        assert f"letter.{field}" in doc, field


# ----------------------------------------------------------------------------- errors
def test_not_a_docx_is_one_render_error(tmp_path: Path) -> None:
    path = tmp_path / "mau.docx"
    path.write_bytes(b"Hello, not a zip")
    with pytest.raises(RenderError, match=r"mau\.docx.*not a DOCX"):
        DocxRenderer().render(make_letter(), template=path)


def test_corrupt_zip_is_one_render_error(tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(EXAMPLE.read_bytes()[:3000])
    with pytest.raises(RenderError, match=r"hong\.docx"):
        DocxRenderer().render(make_letter(), template=path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match=r"khong_co\.docx"):
        DocxRenderer().render(make_letter(), template=tmp_path / "khong_co.docx")


def test_syntax_error_names_file_part_and_paragraph(tmp_path: Path) -> None:
    path = make_template(tmp_path / "cu_phap.docx", ["Trước", "Kính gửi {{ letter.title | }}"])
    with pytest.raises(TemplateRenderError) as info:
        DocxRenderer().render(make_letter(), template=path)
    message = str(info.value)
    assert "cu_phap.docx" in message
    assert "'document'" in message
    assert "Kính gửi {{ letter.title | }}" in message


def test_missing_variable_in_header(tmp_path: Path) -> None:
    path = make_template(tmp_path / "dau.docx", ["{{ letter.title }}"], header="Xã {{ xa.ten }}")
    with pytest.raises(TemplateRenderError) as info:
        DocxRenderer().render(make_letter(), template=path)
    message = str(info.value)
    assert "dau.docx" in message
    assert "'header1'" in message
    assert "Xã {{ xa.ten }}" in message
    assert "'xa' is undefined" in message


def test_missing_field_in_body(tmp_path: Path) -> None:
    path = make_template(tmp_path / "than.docx", ["A", "Ngày {{ letter.ngay }}"])
    with pytest.raises(TemplateRenderError, match=r"'document'.*Ngày \{\{ letter\.ngay \}\}"):
        DocxRenderer().render(make_letter(), template=path)


def test_sandboxed(tmp_path: Path) -> None:
    path = make_template(tmp_path / "s.docx", ["{{ letter.__class__.__mro__ }}"])
    with pytest.raises(TemplateRenderError, match="unsafe"):
        DocxRenderer().render(make_letter(), template=path)


# ----------------------------------------------------------------------------- batch
def test_batch_with_user_template() -> None:
    letters = [make_letter(recipients=(f"Ông {name}",)) for name in ("An", "Bình", "Cường")]
    data = render_docx_batch(letters, template=EXAMPLE)
    assert data == render_docx_batch(letters, template=EXAMPLE)
    doc = open_docx(data)
    assert len(doc.sections) == 3
    paragraphs = [p.text for p in doc.paragraphs]
    for name in ("An", "Bình", "Cường"):
        assert f"Kính gửi: Ông {name}" in paragraphs


def test_docxtpl_escapes_apply_to_the_template_not_to_letter_values(tmp_path: Path) -> None:
    # docxtpl writes a literal "{{" in a template as "{_{"; that escape used to be
    # replaced in the rendered output too, so a value holding "{_{" lost its "_".
    value = "mã {_{ A }_} và {_% B %_}"
    template = make_template(
        tmp_path / "t.docx", ["Mẫu {_{ giữ nguyên }_} {_% x %_}", "{{ letter.recipients[0] }}"]
    )
    data = render(make_letter(recipients=(value,)), "docx", template=template)
    assert texts(data)[:2] == ["Mẫu {{ giữ nguyên }} {% x %}", value]
