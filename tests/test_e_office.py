"""Issuing through an e-office system and signing digitally (issue 9, domain.md §8)."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from camon_xinloi import render
from camon_xinloi.cli import main
from camon_xinloi.errors import ImageError, RenderError
from camon_xinloi.letter import Letter, Paragraph, Run
from camon_xinloi.render.pdf import (
    SEAL_SIZE_MM,
    PdfRenderer,
    PngRenderer,
    SignatureBox,
    signature_boxes,
)
from camon_xinloi.render.pdf._geometry import png_info
from camon_xinloi.testing import docx_text, example_letter, pdf_text

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4
BLANK = r"\s{3,}"


# --------------------------------------------------------------------------- PNG files


def make_png(
    width: int,
    height: int,
    pixel: Callable[[int, int], tuple[int, ...]],
    *,
    color_type: int = 6,
    dpi: float | None = None,
    trns: bool = False,
) -> bytes:
    """A minimal PNG encoder: 8-bit RGBA (6) or RGB (2), optional pHYs and tRNS."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(tag + body)
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", crc)

    channels = 4 if color_type == 6 else 3
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y)[:channels])
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if dpi is not None:
        ppm = round(dpi / 0.0254)
        out += chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1))
    if trns:
        out += chunk(b"tRNS", struct.pack(">HHH", 255, 255, 255))
    return out + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def signature_png(width: int = 400, height: int = 200, dpi: float = 200) -> bytes:
    """A blue scribble on transparency; 400 x 200 px at 200 dpi is 50.8 x 25.4 mm."""

    def pixel(x: int, y: int) -> tuple[int, ...]:
        t = x / width
        wave = height / 2 + (height * 0.3) * (1 - t / 2) * (((x // 25) % 2) * 2 - 1) * 0.5
        on = abs(y - wave) < 6 and 0.05 < t < 0.95
        return (20, 40, 200, 255) if on else (0, 0, 0, 0)

    return make_png(width, height, pixel, dpi=dpi)


def seal_png(size: int = 120) -> bytes:
    """A red ring on transparency (no pHYs: the seal is drawn at seal_size_mm)."""

    def pixel(x: int, y: int) -> tuple[int, ...]:
        r = ((x - size / 2) ** 2 + (y - size / 2) ** 2) ** 0.5 / (size / 2)
        return (200, 20, 30, 230) if 0.85 < r < 0.98 or r < 0.2 else (0, 0, 0, 0)

    return make_png(size, size, pixel)


def opaque_png() -> bytes:
    return make_png(40, 20, lambda x, y: (255, 255, 255), color_type=2, dpi=200)


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def draft() -> Letter:
    return example_letter(draft=True)


@pytest.fixture(scope="module")
def issued() -> Letter:
    return example_letter()


@pytest.fixture(scope="module")
def draft_pdf(draft: Letter) -> tuple[bytes, dict[str, SignatureBox]]:
    pdf, boxes = PdfRenderer().render_with_boxes(draft)
    return pdf, {box.kind: box for box in boxes}


def runs(pdf: bytes) -> list[tuple[int, str, float, float]]:
    """(page, text, x, baseline y) of every text run pypdf finds."""
    from camon_xinloi.pdf_tools._signing import text_positions

    return text_positions(pdf)


def run_of(pdf: bytes, needle: str) -> tuple[int, str, float, float]:
    for found in runs(pdf):
        if needle in found[1]:
            return found
    raise AssertionError(f"{needle!r} not in the PDF")


def all_objects(pdf: bytes) -> list[Any]:
    reader = PdfReader(BytesIO(pdf))
    trailer: Any = reader.trailer
    objects = []
    for number in range(1, int(trailer["/Size"])):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:  # free entries
            continue
        if obj is not None:
            objects.append(obj)
    return objects


# --------------------------------------------------------------------------- draft mode


def test_draft_leaves_number_and_date_blank_in_every_format(draft: Letter) -> None:
    assert draft.is_draft
    assert draft.number is None
    assert draft.date is None
    number = re.compile(rf"Số:{BLANK}/UBND-VX")
    date = re.compile(rf"Phường 1 Bảo Lộc, ngày{BLANK}tháng{BLANK}năm 2026")
    text = render(draft, "text").decode()
    html = render(draft, "html").decode()
    docx = docx_text(render(draft, "docx"))
    pdf = PdfReader(BytesIO(render(draft, "pdf"))).pages[0].extract_text()
    for fmt, out in {"text": text, "html": html, "docx": docx, "pdf": pdf}.items():
        assert number.search(out), fmt
        assert date.search(out), fmt
        assert "Số: 05" not in out, fmt
    # No format invents a number or a date of its own.
    assert "ngày 05 tháng 3 năm 2026" not in pdf_text(render(draft, "pdf")).split("Kính gửi")[0]


def test_issued_letter_has_number_and_date_in_every_format(issued: Letter) -> None:
    assert not issued.is_draft
    text = render(issued, "text").decode()
    html = render(issued, "html").decode()
    docx = docx_text(render(issued, "docx"))
    pdf = pdf_text(render(issued, "pdf"))
    for fmt, out in {"text": text, "html": html, "docx": docx, "pdf": pdf}.items():
        assert "Số: 05/UBND-VX" in out, fmt
        assert "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026" in out, fmt


def test_draft_record_has_no_number_and_no_date(draft: Letter) -> None:
    record = draft.record(pages=1)
    assert record.code_number is None
    assert record.promulgation_date is None
    assert record.code_notation == "UBND-VX"


# --------------------------------------------------------------------------- geometry


def test_boxes_kinds_and_order(draft_pdf: tuple[bytes, dict[str, SignatureBox]]) -> None:
    _, boxes = draft_pdf
    assert list(boxes) == ["signer", "seal", "number", "date", "day", "month"]
    for box in boxes.values():
        assert box.page == 0
        assert 0 <= box.llx < box.urx <= 595.3
        assert 0 <= box.lly < box.ury <= 841.9


def test_signer_box_lies_between_title_and_name(
    draft: Letter, draft_pdf: tuple[bytes, dict[str, SignatureBox]]
) -> None:
    pdf, boxes = draft_pdf
    signer = boxes["signer"]
    _, _, title_x, title_y = run_of(pdf, "CHỦ TỊCH")
    _, _, name_x, name_y = run_of(pdf, draft.signature.name)
    # "CHỦ TỊCH" is just above the box, the name just below it (baselines).
    assert 0 < title_y - signer.ury < 12
    assert 0 < signer.lly - name_y < 20
    # The box is 60 mm x 32 mm and centred under the title (the right column).
    assert signer.urx - signer.llx == pytest.approx(60 * MM, abs=0.01)
    assert signer.ury - signer.lly == pytest.approx(32 * MM, abs=0.01)
    right_column_centre = (30 + 165 * 3 / 4) * MM
    assert (signer.llx + signer.urx) / 2 == pytest.approx(right_column_centre, abs=0.5)
    assert signer.llx < title_x < signer.urx
    assert signer.llx < name_x < signer.urx


def test_seal_covers_the_left_third_of_the_signature(
    draft_pdf: tuple[bytes, dict[str, SignatureBox]],
) -> None:
    _, boxes = draft_pdf
    signer, seal = boxes["signer"], boxes["seal"]
    assert seal.urx - seal.llx == pytest.approx(SEAL_SIZE_MM * MM, abs=0.01)
    assert seal.ury - seal.lly == pytest.approx(SEAL_SIZE_MM * MM, abs=0.01)
    width = signer.urx - signer.llx
    assert seal.urx == pytest.approx(signer.llx + width / 3, abs=0.01)
    assert seal.llx < signer.llx
    # Vertically centred on the signing area.
    assert (seal.lly + seal.ury) / 2 == pytest.approx((signer.lly + signer.ury) / 2, abs=0.01)


def test_seal_size_is_an_option(draft: Letter) -> None:
    _, boxes = PdfRenderer().render_with_boxes(draft, seal_size_mm=42)
    seal = next(box for box in boxes if box.kind == "seal")
    assert seal.urx - seal.llx == pytest.approx(42 * MM, abs=0.01)
    for bad in (5, 80):
        with pytest.raises(ValueError, match="seal_size_mm"):
            PdfRenderer().render(draft, seal_size_mm=bad)


def test_number_slot_is_the_blank_of_the_number_line(
    draft_pdf: tuple[bytes, dict[str, SignatureBox]],
) -> None:
    pdf, boxes = draft_pdf
    number = boxes["number"]
    _, _, so_x, so_y = run_of(pdf, "Số:")
    _, _, notation_x, notation_y = run_of(pdf, "/UBND-VX")
    assert so_y == notation_y
    assert so_x < number.llx
    assert number.urx == pytest.approx(notation_x, abs=0.1)
    assert number.lly < so_y < number.ury
    assert number.urx - number.llx > 15  # room for two or three digits at 13 pt


def test_date_slots_are_the_blanks_of_the_date_line(
    draft_pdf: tuple[bytes, dict[str, SignatureBox]],
) -> None:
    pdf, boxes = draft_pdf
    day, month, date = boxes["day"], boxes["month"], boxes["date"]
    _, _, place_x, y = run_of(pdf, "Phường 1 Bảo Lộc, ngày")
    _, _, thang_x, _ = run_of(pdf, "tháng")
    _, _, nam_x, _ = run_of(pdf, "năm 2026")
    assert place_x < day.llx
    assert day.urx == pytest.approx(thang_x, abs=0.1)
    assert thang_x < month.llx
    assert month.urx == pytest.approx(nam_x, abs=0.1)
    for box in (day, month, date):
        assert box.lly < y < box.ury
    assert (date.llx, date.urx) == (day.llx, month.urx)


def test_issued_letter_slots_hold_the_printed_number_and_date(issued: Letter) -> None:
    pdf, found = PdfRenderer().render_with_boxes(issued)
    boxes = {box.kind: box for box in found}
    _, _, notation_x, _ = run_of(pdf, "/UBND-VX")
    assert boxes["number"].urx == pytest.approx(notation_x, abs=0.1)
    _, text, x, _ = run_of(pdf, "05")
    assert boxes["number"].llx <= x + 0.1 or boxes["day"].llx <= x + 0.1, text


def test_boxes_follow_the_signature_to_page_two(issued: Letter) -> None:
    sentence = "Ủy ban nhân dân Phường 1 Bảo Lộc trân trọng ghi nhận sự đóng góp của gia đình. " * 6
    body = (*(Paragraph(runs=(Run(text=sentence),)) for _ in range(8)), issued.body[-1])
    letter = issued.model_copy(update={"body": body})
    pdf, found = PdfRenderer().render_with_boxes(letter)
    boxes = {box.kind: box for box in found}
    assert len(PdfReader(BytesIO(pdf)).pages) == 2
    assert boxes["signer"].page == boxes["seal"].page == 1
    assert boxes["number"].page == boxes["date"].page == 0
    page, _, _, name_y = [r for r in runs(pdf) if r[1].startswith("Trần Văn Minh")][-1]
    assert page == 1
    assert 0 < boxes["signer"].lly - name_y < 20


def test_render_and_render_with_boxes_give_the_same_pdf(draft: Letter) -> None:
    pdf, _ = PdfRenderer().render_with_boxes(draft)
    assert PdfRenderer().render(draft) == pdf == render(draft, "pdf")


def test_signature_boxes_reads_back_with_the_letter(
    draft: Letter, draft_pdf: tuple[bytes, dict[str, SignatureBox]]
) -> None:
    pdf, boxes = draft_pdf
    assert signature_boxes(pdf, draft) == list(boxes.values())
    other = example_letter("chia_buon/khai_tu", draft=True)
    with pytest.raises(RenderError, match="same seal_size_mm"):
        signature_boxes(render(other, "pdf"), draft)


def test_signature_boxes_needs_fields_or_the_letter(
    draft_pdf: tuple[bytes, dict[str, SignatureBox]],
) -> None:
    with pytest.raises(RenderError, match="signature_fields=True"):
        signature_boxes(draft_pdf[0])


def test_box_as_dict_and_rect() -> None:
    box = SignatureBox("signer", 0, 1.234, 2.345, 3.456, 4.567)
    assert box.rect == (1.234, 2.345, 3.456, 4.567)
    assert box.as_dict() == {
        "kind": "signer",
        "page": 0,
        "llx": 1.23,
        "lly": 2.35,
        "urx": 3.46,
        "ury": 4.57,
    }


# --------------------------------------------------------------------------- signature fields


def test_no_signature_fields_by_default(draft_pdf: tuple[bytes, dict[str, SignatureBox]]) -> None:
    reader = PdfReader(BytesIO(draft_pdf[0]))
    root: Any = reader.trailer["/Root"]
    assert "/AcroForm" not in root
    assert not reader.pages[0].get("/Annots")


@pytest.mark.parametrize("standard", [None, "a-2b"])
def test_signature_fields_at_the_boxes(draft: Letter, standard: Any) -> None:
    plain = PdfRenderer().render(draft, standard=standard)
    pdf, found = PdfRenderer().render_with_boxes(draft, standard=standard, signature_fields=True)
    boxes: dict[str, SignatureBox] = {box.kind: box for box in found}
    # An incremental update: typst's bytes stay as they were.
    assert pdf.startswith(plain)
    assert len(pdf) > len(plain)
    reader = PdfReader(BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    form = root["/AcroForm"]
    assert form["/SigFlags"] == 1
    fields = {str(f.get_object()["/T"]): f.get_object() for f in form["/Fields"]}
    assert set(fields) == {"ChuKy", "ConDau"}
    for name, kind in (("ChuKy", "signer"), ("ConDau", "seal")):
        field = fields[name]
        assert field["/FT"] == "/Sig"
        assert "/V" not in field  # empty: not signed
        assert field["/F"] == 4  # printed
        assert "/N" in field["/AP"]
        rect = [float(v) for v in field["/Rect"]]
        assert rect == pytest.approx(list(boxes[kind].rect), abs=0.001)
    assert reader.trailer["/ID"] == PdfReader(BytesIO(plain)).trailer["/ID"]
    # Read back without the letter.
    assert [b.kind for b in signature_boxes(pdf)] == ["signer", "seal"]
    assert signature_boxes(pdf)[0].rect == pytest.approx(boxes["signer"].rect, abs=0.001)
    if standard:
        xmp = reader.xmp_metadata
        assert xmp is not None
        assert b"<pdfaid:part>2</pdfaid:part>" in xmp.stream.get_data()
    # Still deterministic.
    assert PdfRenderer().render(draft, standard=standard, signature_fields=True) == pdf


# --------------------------------------------------------------------------- preview images


def _images(pdf: bytes) -> list[Any]:
    page: Any = PdfReader(BytesIO(pdf)).pages[0]
    xobjects = page["/Resources"].get("/XObject", {})
    return [x.get_object() for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]


def test_preview_images_are_placed(draft: Letter) -> None:
    signature, seal = signature_png(), seal_png()
    plain, plain_boxes = PdfRenderer().render_with_boxes(draft)
    pdf, found = PdfRenderer().render_with_boxes(draft, signature_image=signature, seal_image=seal)
    assert pdf != plain
    assert pdf_text(pdf) == pdf_text(plain)
    images = _images(pdf)
    assert len(images) == 2
    assert all("/SMask" in image for image in images)  # transparency kept
    assert not _images(plain)
    boxes = {box.kind: box for box in found}
    # The signature (50.8 mm at 200 dpi) is centred; the seal covers its left third.
    signer = boxes["signer"]
    centre = (signer.llx + signer.urx) / 2
    sig_left = centre - 50.8 * MM / 2
    assert boxes["seal"].urx == pytest.approx(sig_left + 50.8 * MM / 3, abs=0.01)
    assert boxes["signer"] == {b.kind: b for b in plain_boxes}["signer"]


def test_preview_png_has_the_images(draft: Letter, tmp_path: Path) -> None:
    seal_file = tmp_path / "seal.png"
    seal_file.write_bytes(seal_png())
    with_images = PngRenderer().render(
        draft, dpi=30, signature_image=signature_png(), seal_image=seal_file
    )
    assert with_images != PngRenderer().render(draft, dpi=30)


def test_images_from_paths(draft: Letter, tmp_path: Path) -> None:
    sig_file = tmp_path / "chu_ky.png"
    sig_file.write_bytes(signature_png())
    from_path = PdfRenderer().render(draft, signature_image=sig_file)
    assert from_path == PdfRenderer().render(draft, signature_image=str(sig_file))
    assert from_path == PdfRenderer().render(draft, signature_image=signature_png())


def test_rgb_with_trns_counts_as_transparent(draft: Letter) -> None:
    png = make_png(40, 20, lambda x, y: (255, 255, 255), color_type=2, dpi=200, trns=True)
    assert png_info(png).transparent
    assert _images(PdfRenderer().render(draft, signature_image=png))


@pytest.mark.parametrize(
    ("option", "image", "message"),
    [
        ("signature_image", b"\xff\xd8\xff\xe0JFIF", "not a PNG"),
        ("seal_image", b"GIF89a", "not a PNG"),
        ("signature_image", b"\x89PNG\r\n\x1a\n\0\0\0\0IEND", "damaged"),
        ("signature_image", "opaque", "no transparency"),
        ("seal_image", "opaque", "no transparency"),
        ("signature_image", "wide", "larger than its area of 60.0 x 32.0 mm"),
        ("signature_image", "no_dpi", "96 dpi is assumed"),
        ("seal_image", "tall", "larger than its area of 36.0 x 36.0 mm"),
        ("signature_image", "missing", "cannot read"),
    ],
)
def test_bad_images_are_refused(
    draft: Letter, option: str, image: Any, message: str, tmp_path: Path
) -> None:
    clear = (0, 0, 0, 0)
    made = {
        "opaque": opaque_png(),
        "wide": signature_png(width=600, height=100, dpi=200),  # 76 mm wide
        "no_dpi": make_png(400, 100, lambda x, y: clear),  # 106 mm at 96 dpi
        "tall": make_png(50, 100, lambda x, y: clear),  # a seal twice as tall as wide
        "missing": tmp_path / "nowhere.png",
    }
    source = made.get(image, image) if isinstance(image, str) else image
    options: dict[str, Any] = {option: source}
    with pytest.raises(ImageError, match=message) as info:
        PdfRenderer().render(draft, **options)
    assert option in str(info.value)
    assert isinstance(info.value, ValueError)


def test_png_info_reads_the_header() -> None:
    info = png_info(signature_png())
    assert (info.width, info.height, info.color_type, info.transparent) == (400, 200, 6, True)
    assert info.dpi == pytest.approx((200, 200), abs=0.1)
    assert info.size_mm() == pytest.approx((50.8, 25.4), abs=0.05)
    opaque = png_info(opaque_png())
    assert not opaque.transparent
    assert opaque.color_type == 2


# --------------------------------------------------------------------------- metadata


def test_pdf_metadata_is_the_record(draft: Letter) -> None:
    reader = PdfReader(BytesIO(render(draft, "pdf")))
    record = draft.record(pages=len(reader.pages))
    metadata: Any = reader.metadata
    assert metadata.title == record.subject
    assert metadata.author == record.organ_name == "Ủy ban nhân dân Phường 1 Bảo Lộc"
    assert metadata["/Keywords"] == f"{record.template_id}, version {record.template_version}"
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "vi-VN"
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert record.subject in xmp.stream.get_data().decode("utf-8")


# --------------------------------------------------------------------------- signing profile


@pytest.mark.parametrize(
    "options",
    [{}, {"standard": "a-2b"}, {"signature_fields": True}, {"standard": "a-2b", "festive": True}],
)
def test_pdf_profile_for_signing(draft: Letter, options: dict[str, Any]) -> None:
    pdf = PdfRenderer().render(draft, **options)
    # typst writes PDF 1.7 (PDF/A-2 is based on ISO 32000-1, which is PDF 1.7).
    assert pdf.startswith(b"%PDF-1.7\n")
    reader = PdfReader(BytesIO(pdf))
    assert "/Encrypt" not in reader.trailer
    assert not reader.is_encrypted
    root: Any = reader.trailer["/Root"]
    assert "/OpenAction" not in root
    assert "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    fonts = 0
    obj: Any
    for obj in all_objects(pdf):
        if isinstance(obj, DictionaryObject | StreamObject):
            assert "/JS" not in obj
            assert "/JavaScript" not in obj
            assert obj.get("/S") != "/JavaScript"
            if obj.get("/Type") == "/Font" and obj.get("/Subtype") == "/Type0":
                fonts += 1
                assert "/ToUnicode" in obj
                descendants: Any = obj["/DescendantFonts"]
                descendant: Any = descendants[0].get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor  # embedded TrueType
    assert fonts >= 2  # regular, bold, italic as used


def test_pdf_a_1_is_refused_because_of_transparency(draft: Letter) -> None:
    for standard in ("a-1b", "a-1a"):
        with pytest.raises(ValueError, match=r"transparency.*a-2b"):
            PdfRenderer().render(draft, standard=standard)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- CLI and example


def _render_cli(tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "render",
            "chuc_mung/ket_hon",
            str(ROOT / "examples" / "ket_hon.json"),
            "--issuer",
            str(ROOT / "examples" / "ubnd.toml"),
            *extra,
        ]
    )


def test_cli_record_for_a_draft_pdf(tmp_path: Path) -> None:
    out, rec = tmp_path / "thu.pdf", tmp_path / "thu.json"
    args = ("--format", "pdf", "--draft", "-o", str(out), "--record", str(rec))
    assert _render_cli(tmp_path, *args) == 0
    record = json.loads(rec.read_text(encoding="utf-8"))
    assert record["page_amount"] == len(PdfReader(out).pages) == 1
    assert record["code_number"] is None
    assert record["promulgation_date"] is None
    assert record["type_name"] == "Thư công"
    metadata: Any = PdfReader(out).metadata
    assert metadata.title == record["subject"]
    assert metadata.author == record["organ_name"]


def test_cli_record_for_an_issued_text_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec = tmp_path / "thu.json"
    args = ("--date", "2026-03-05", "--number", "7", "--record", str(rec))
    assert _render_cli(tmp_path, *args) == 0
    assert "Số: 07/UBND-VX" in capsys.readouterr().out
    record = json.loads(rec.read_text(encoding="utf-8"))
    assert record["code_number"] == "07"
    assert record["promulgation_date"] == "2026-03-05"
    assert record["page_amount"] is None  # unknown for text


def test_example_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "e_office.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "PdfSigner: page index 0 llx=" in done.stdout
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "thu_chuc_mung.docx",
        "thu_chuc_mung.pdf",
        "thu_chuc_mung.boxes.json",
        "thu_chuc_mung.record.json",
    }
    pdf = (tmp_path / "thu_chuc_mung.pdf").read_bytes()
    boxes = json.loads((tmp_path / "thu_chuc_mung.boxes.json").read_text(encoding="utf-8"))
    assert set(boxes) == {"signer", "seal", "number", "date", "day", "month"}
    from_fields = {b.kind: b for b in signature_boxes(pdf)}
    assert from_fields["signer"].as_dict() == boxes["signer"]
    record = json.loads((tmp_path / "thu_chuc_mung.record.json").read_text(encoding="utf-8"))
    assert record["page_amount"] == 1
    assert record["code_number"] is None
    assert re.search(
        rf"Số:{BLANK}/UBND-VX", docx_text((tmp_path / "thu_chuc_mung.docx").read_bytes())
    )
