from __future__ import annotations

import datetime as dt
import re
import struct
import unicodedata
from io import BytesIO
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from camon_xinloi._fonts import font_codepoints
from camon_xinloi.errors import UnrenderableTextError
from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
from camon_xinloi.render.pdf import (
    PdfRenderer,
    PngRenderer,
    render_pdf_batch,
    signature_boxes,
)
from camon_xinloi.render.pdf._glyphs import check_glyphs

A4 = (595.28, 841.89)


def make_letter(**changes: Any) -> Letter:
    fields: dict[str, Any] = {
        "agency": ("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC"),
        "notation": "UBND-VX",
        "number": 5,
        "place": "Phường 1 Bảo Lộc",
        "date": dt.date(2026, 3, 5),
        "year": 2026,
        "title": "THƯ CHÚC MỪNG",
        "subject": "Nhân dịp đăng ký kết hôn",
        "recipients": ("Anh Lê Trung Dũng và chị Vũ Thị Huệ",),
        "body": (
            Paragraph(
                runs=(
                    Run(
                        text="Nhân dịp anh Lê Trung Dũng và chị Vũ Thị Huệ đăng ký kết hôn "
                        "ngày 05 tháng 3 năm 2026, Ủy ban nhân dân Phường 1 Bảo Lộc trân trọng "
                        "gửi tới hai bạn lời chúc mừng tốt đẹp nhất."
                    ),
                )
            ),
            Paragraph(
                runs=(Run(text="Trăm năm hạnh phúc", bold=True),), align="center", indent=False
            ),
            Paragraph(runs=(Run(text="Chúc hai bạn mãi hạnh phúc, bền chặt./."),)),
        ),
        "signature": SignatureBlock(
            lines=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Trần Văn Minh"
        ),
        "distribution": ("Như trên", "Lưu: VT"),
        "footer": "Địa chỉ: số 2 đường Trần Phú, Phường 1 Bảo Lộc; ĐT: 0263 3864 000",
        "meta": LetterMeta(
            template_id="chuc_mung/ket_hon",
            template_version="1.0",
            event_kind="marriage_registered",
            family="chuc_mung",
        ),
    }
    fields.update(changes)
    return Letter(**fields)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return PdfRenderer().render(make_letter())


def test_renderer_attributes() -> None:
    renderer = PdfRenderer()
    assert (renderer.format, renderer.media_type, renderer.suffix) == (
        "pdf",
        "application/pdf",
        ".pdf",
    )
    png = PngRenderer()
    assert (png.format, png.media_type, png.suffix) == ("png", "image/png", ".png")


def test_text_has_every_part(pdf: bytes) -> None:
    text = squash(text_of(pdf))
    for part in (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG 1 BẢO LỘC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/UBND-VX",
        "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026",
        "THƯ CHÚC MỪNG",
        "Nhân dịp đăng ký kết hôn",
        "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ",
        "Trăm năm hạnh phúc",
        "bền chặt./.",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Trần Văn Minh",
        "ĐT: 0263 3864 000",
    ):
        assert part in text, part


def test_page_is_a4(pdf: bytes) -> None:
    box = PdfReader(BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) == pytest.approx(A4[0], abs=1)
    assert float(box.height) == pytest.approx(A4[1], abs=1)


def _fonts(pdf: bytes) -> dict[str, set[int]]:
    """Base font name → ids of its embedded font files, over all pages."""
    fonts: dict[str, set[int]] = {}
    for page in PdfReader(BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            file_ref = descendant["/FontDescriptor"].get_object().raw_get("/FontFile2")
            fonts.setdefault(str(font["/BaseFont"]), set()).add(file_ref.idnum)
    return fonts


def test_tinos_embedded_and_subset(pdf: bytes) -> None:
    names = _fonts(pdf)
    assert names
    for name in names:
        assert re.fullmatch(r"/[A-Z]{6}\+Tinos(-\w+)?", name), name


def test_two_renders_are_byte_identical(pdf: bytes) -> None:
    assert PdfRenderer().render(make_letter()) == pdf


def test_created_changes_bytes_and_metadata(pdf: bytes) -> None:
    other = PdfRenderer().render(make_letter(), created=dt.datetime(2026, 3, 6, 9, 30))
    assert other != pdf
    metadata: Any = PdfReader(BytesIO(other)).metadata
    assert metadata is not None
    # 09:30 Vietnam time is 02:30 UTC.
    assert metadata["/CreationDate"].startswith("D:20260306023000")


def test_default_date_is_the_letter_date(pdf: bytes) -> None:
    metadata: Any = PdfReader(BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata["/CreationDate"].startswith("D:20260305000000")


def test_metadata(pdf: bytes) -> None:
    metadata: Any = PdfReader(BytesIO(pdf)).metadata
    assert metadata is not None
    # Title and Author are the record's trích yếu and cơ quan ban hành (Phụ lục VI).
    record = make_letter().record()
    # every letter's title names its kind and addressee; the trích yếu is the subject
    assert (
        metadata.title
        == record.subject
        == ("Thư chúc mừng gửi anh Lê Trung Dũng và chị Vũ Thị Huệ")
    )
    assert metadata.author == record.organ_name == "ỦY BAN NHÂN DÂN PHƯỜNG 1 BẢO LỘC"
    assert metadata.subject == "Nhân dịp đăng ký kết hôn"
    assert metadata["/Keywords"] == "chuc_mung/ket_hon, version 1.0"


def test_subject_falls_back_to_title() -> None:
    metadata = PdfReader(BytesIO(PdfRenderer().render(make_letter(subject=None)))).metadata
    assert metadata is not None
    assert metadata.subject == "THƯ CHÚC MỪNG"
    # Without a trích yếu the title is the record's made-up one, named after the recipient.
    assert metadata.title == "Thư chúc mừng gửi anh Lê Trung Dũng và chị Vũ Thị Huệ"
    assert metadata.title == make_letter(subject=None).record().subject


def test_agency_name_is_the_author() -> None:
    letter = make_letter(agency_name="Ủy ban nhân dân Phường 1 Bảo Lộc")
    metadata = PdfReader(BytesIO(PdfRenderer().render(letter))).metadata
    assert metadata is not None
    assert metadata.author == "Ủy ban nhân dân Phường 1 Bảo Lộc"


def test_language_is_vietnamese(pdf: bytes) -> None:
    catalog: Any = PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "vi-VN"
    assert "/StructTreeRoot" in catalog  # typst writes a tagged PDF by default


HOSTILE = [
    '#read("/etc/passwd")',
    "$x^2$ *bold* _it_",
    "@ref <label> ]) [",
    "a \\ b // c /* d */",
    "B & Co <VN> \"q\" 'q'",
    '#{panic()} #eval("1")',
    "`raw` ~ -- --- ...",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_typst_syntax_prints_literally(name: str) -> None:
    letter = make_letter(
        recipients=(f"Ông {name}",),
        signature=SignatureBlock(lines=("CHỦ TỊCH",), name=name),
        body=(Paragraph(runs=(Run(text=f"Cảm ơn {name} đã góp ý./."),)),),
    )
    text = squash(text_of(PdfRenderer().render(letter)))
    assert f"Kính gửi: Ông {name}" in text
    assert f"Cảm ơn {name} đã góp ý./." in text
    assert "root:" not in text


_ALPHABET = sorted(
    set("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ")
    | set("áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    | set("#$*_@<>[]\\&\"'`~=/{}()-+")
)
names = st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=3).map(
    " ".join
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names)
def test_any_name_prints_unchanged(name: str) -> None:
    letter = make_letter(
        recipients=(name,),
        body=(Paragraph(runs=(Run(text=f"Gửi {name}./."),)),),
    )
    text = squash(text_of(PdfRenderer().render(letter)))
    assert f"Kính gửi: {name}" in text
    assert f"Gửi {name}./." in text


def test_emoji_is_refused_with_field_and_character() -> None:
    letter = make_letter(recipients=("Chị Lan 😀",))
    with pytest.raises(UnrenderableTextError, match=r"recipients\[0\].*U\+1F600"):
        PdfRenderer().render(letter)


def test_cjk_in_body_is_refused() -> None:
    letter = make_letter(body=(Paragraph(runs=(Run(text="Chúc mừng 福./."),)),))
    with pytest.raises(UnrenderableTextError, match=r"body\[0\].*U\+798F"):
        check_glyphs(letter)


def test_line_break_inside_run() -> None:
    letter = make_letter(
        body=(Paragraph(runs=(Run(text="Dòng một\nDòng hai./."),), align="center", indent=False),)
    )
    lines = text_of(PdfRenderer().render(letter)).splitlines()
    assert "Dòng một" in lines
    assert "Dòng hai./." in lines


def test_several_recipients() -> None:
    letter = make_letter(recipients=("Ông Nguyễn Văn An", "Bà Trần Thị Bình"))
    text = text_of(PdfRenderer().render(letter))
    lines = [line.strip() for line in text.splitlines()]
    assert "Kính gửi:" in lines
    assert "- Ông Nguyễn Văn An;" in lines
    assert "- Bà Trần Thị Bình." in lines


def test_draft_leaves_number_and_date_blank() -> None:
    text = text_of(PdfRenderer().render(make_letter(number=None, date=None)))
    assert re.search(r"Số:\s+/UBND-VX", text)
    assert re.search(r"Phường 1 Bảo Lộc, ngày\s+tháng\s+năm 2026", text)


def _long_letter() -> Letter:
    sentence = (
        "Ủy ban nhân dân Phường 1 Bảo Lộc ghi nhận và trân trọng sự đóng góp của gia đình "
        "cho công trình đường giao thông của khu phố. "
    )
    body = tuple(Paragraph(runs=(Run(text=sentence * 4),)) for _ in range(9))
    body += (Paragraph(runs=(Run(text="Trân trọng cảm ơn./."),)),)
    return make_letter(
        body=body,
        meta=LetterMeta(
            template_id="cam_on/dong_gop",
            template_version="1.0",
            event_kind="contribution_received",
            family="cam_on",
        ),
    )


def test_long_letter_flows_to_page_two_with_page_number() -> None:
    reader = PdfReader(BytesIO(PdfRenderer().render(_long_letter())))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text().strip().splitlines()
    second = reader.pages[1].extract_text().strip().splitlines()
    assert first[0].strip() != "1"
    assert second[0].strip() == "2"
    last = unicodedata.normalize("NFC", reader.pages[-1].extract_text())
    # The signature block stays with the last paragraph.
    assert "Trân trọng cảm ơn./." in last
    assert "Trần Văn Minh" in last


def test_pdf_a_2b_claims_conformance() -> None:
    reader = PdfReader(BytesIO(PdfRenderer().render(make_letter(), standard="a-2b")))
    assert reader.xmp_metadata is not None
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xmp)


@pytest.mark.parametrize(
    ("standard", "claims"),
    [
        ("a-2a", [r"<pdfaid:part>2</pdfaid:part>", r"<pdfaid:conformance>A</pdfaid:conformance>"]),
        ("ua-1", [r"<pdfuaid:part>1</pdfuaid:part>"]),
    ],
)
def test_accessible_standards_claim_conformance(standard: Any, claims: list[str]) -> None:
    reader = PdfReader(BytesIO(PdfRenderer().render(make_letter(), standard=standard)))
    assert reader.xmp_metadata is not None
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    for claim in claims:
        assert re.search(claim, xmp), claim
    assert "/StructTreeRoot" in reader.root_object


def test_unknown_standard_is_refused() -> None:
    with pytest.raises(ValueError, match="a-1b"):
        PdfRenderer().render(make_letter(), standard="a-1b")  # type: ignore[arg-type]


def test_festive_frame_only_for_congratulations(pdf: bytes) -> None:
    festive = PdfRenderer().render(make_letter(), festive=True)
    assert festive != pdf
    assert text_of(festive) == text_of(pdf)
    with pytest.raises(ValueError, match="cam_on"):
        PdfRenderer().render(_long_letter(), festive=True)


def _vietnamese_letters() -> list[str]:
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = set()
    for base in "aăâeêioôơuưy":
        for tone in tones:
            for case in (base, base.upper()):
                char = unicodedata.normalize("NFC", case + tone)
                if len(char) == 1 and not char.isascii():
                    letters.add(char)
    return sorted(letters | {"Đ", "đ"})


def test_every_vietnamese_letter_has_a_glyph_in_every_face() -> None:
    letters = _vietnamese_letters()
    assert len(letters) == 134
    for bold in (False, True):
        for italic in (False, True):
            missing = [c for c in letters if ord(c) not in font_codepoints(bold, italic)]
            assert not missing, (bold, italic, missing)


def test_batch_is_one_document_with_one_font_copy() -> None:
    letters = [make_letter(recipients=(f"Anh Nguyễn Văn {i}",), number=i + 1) for i in range(5)]
    batch = render_pdf_batch(letters)
    reader = PdfReader(BytesIO(batch))
    assert len(reader.pages) == 5
    for name, files in _fonts(batch).items():
        assert len(files) == 1, name
    text = text_of(batch)
    for i in range(5):
        assert f"Anh Nguyễn Văn {i}" in text
    assert render_pdf_batch(iter(letters)) == batch


def test_chunked_batch_keeps_every_letter_in_order_and_the_metadata() -> None:
    letters = [make_letter(recipients=(f"Anh Nguyễn Văn {i}",), number=i + 1) for i in range(5)]
    whole = PdfReader(BytesIO(render_pdf_batch(letters)))
    chunked = PdfReader(BytesIO(render_pdf_batch(letters, chunk_size=2)))
    assert len(chunked.pages) == 5
    for i, page in enumerate(chunked.pages):
        assert f"Anh Nguyễn Văn {i}" in unicodedata.normalize("NFC", page.extract_text())
    assert chunked.metadata is not None
    assert whole.metadata is not None
    assert chunked.metadata.title == whole.metadata.title
    # three chunks: at most three copies of each face
    assert all(
        len(files) <= 3 for files in _fonts(render_pdf_batch(letters, chunk_size=2)).values()
    )


def test_chunked_batch_refuses_pdfa_and_bad_sizes() -> None:
    letters = [make_letter(), make_letter()]
    with pytest.raises(ValueError, match="PDF/A"):
        render_pdf_batch(letters, chunk_size=1, standard="a-2b")
    with pytest.raises(ValueError, match="chunk_size"):
        render_pdf_batch(letters, chunk_size=0)


def test_untagged_batch_has_no_structure_tree() -> None:
    letters = [make_letter(), make_letter()]
    tagged = PdfReader(BytesIO(render_pdf_batch(letters)))
    plain = PdfReader(BytesIO(render_pdf_batch(letters, tagged=False)))
    assert "/StructTreeRoot" in tagged.root_object
    assert "/StructTreeRoot" not in plain.root_object


def test_batch_restarts_page_numbers() -> None:
    reader = PdfReader(BytesIO(render_pdf_batch([_long_letter(), _long_letter()])))
    pages = [p.extract_text().strip().splitlines()[0].strip() for p in reader.pages]
    one = len(PdfReader(BytesIO(PdfRenderer().render(_long_letter()))).pages)
    assert one >= 2
    assert len(pages) == 2 * one
    numbers = [str(n) for n in range(2, one + 1)]
    assert pages[1:one] == pages[one + 1 :] == numbers  # every letter counts from its page 1
    assert pages[one] == pages[0] == "ỦY BAN NHÂN DÂN"  # whose number is not printed


def test_empty_batch_is_refused() -> None:
    with pytest.raises(ValueError, match="no letters"):
        render_pdf_batch([])


def test_png_first_page() -> None:
    png = PngRenderer().render(make_letter(), dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert width == pytest.approx(A4[0] / 72 * 50, abs=2)
    assert height == pytest.approx(A4[1] / 72 * 50, abs=2)
    with pytest.raises(ValueError, match="dpi"):
        PngRenderer().render(make_letter(), dpi=0)


def test_signature_boxes(pdf: bytes) -> None:
    boxes = {box.kind: box for box in signature_boxes(pdf, make_letter())}
    assert set(boxes) == {"signer", "seal", "number", "date", "day", "month"}
    signer, seal = boxes["signer"], boxes["seal"]
    assert signer.page == 0
    assert signer.urx - signer.llx > 150
    assert signer.ury - signer.lly > 40
    assert seal.llx < signer.llx < seal.urx < signer.urx
    assert boxes["number"].ury > signer.ury
    # Read back with the letter, the boxes are those the renderer returned.
    _, returned = PdfRenderer().render_with_boxes(make_letter())
    assert signature_boxes(pdf, make_letter()) == returned


def test_registry_finds_pdf_renderer() -> None:
    from camon_xinloi.render import get_renderer

    assert isinstance(get_renderer("pdf"), PdfRenderer)
    assert isinstance(get_renderer("png"), PngRenderer)


def test_png_of_a_long_letter_is_page_one() -> None:
    png = PngRenderer().render(_long_letter(), dpi=30)
    assert png.startswith(b"\x89PNG")


def test_example_letter_renders() -> None:
    from camon_xinloi.testing import example_letter

    letter = example_letter()
    text = squash(text_of(PdfRenderer().render(letter)))
    assert letter.date_line in text
    assert letter.signature.name in text
    draft = squash(text_of(PdfRenderer().render(example_letter(draft=True))))
    assert "Số: /UBND-VX" in draft


def _template_ids() -> list[str]:
    from camon_xinloi.catalogue import catalogue

    return list(catalogue().ids())


@pytest.mark.parametrize("template_id", _template_ids())
def test_every_template_renders(template_id: str) -> None:
    from camon_xinloi.testing import example_letter

    letter = example_letter(template_id)
    reader = PdfReader(BytesIO(PdfRenderer().render(letter)))
    text = squash(text_of(PdfRenderer().render(letter)))
    assert letter.title in text
    assert letter.signature.name in text
    assert text.count("./.") >= 1
    assert len(reader.pages) >= 1
