"""Hostile files cost nothing (issue 18, point 3): DOCX templates and PDFs given by users."""

from __future__ import annotations

import io
import os
import signal
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

import camon_xinloi as cx
from camon_xinloi._safe_zip import MAX_RATIO, MAX_UNCOMPRESSED
from camon_xinloi.lint import check_docx_template
from camon_xinloi.pdf_tools import fill_form, form_fields, merge_pdfs
from camon_xinloi.render.docx import DocxRenderer
from camon_xinloi.render.pdf import signature_boxes
from camon_xinloi.testing import example_letter


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A hang is the bug these tests look for: turn one into a failure."""

    def fail(signum: int, frame: Any) -> None:
        raise TimeoutError("hung on a hostile file")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("{{ letter.title }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _claim_size(data: bytes, name: str, size: int) -> bytes:
    """Make the zip directory claim ``size`` bytes for a part (as a crafted bomb does)."""
    encoded = name.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        (length,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + length] == encoded:
            return data[: at + 24] + struct.pack("<L", size) + data[at + 28 :]
        at += 4


def _render_docx(path: Path) -> None:
    DocxRenderer().render(example_letter(), template=path)


def _problems(path: Path) -> str:
    return " | ".join(p.message for p in check_docx_template(path))


def test_a_zip_bomb_part_is_refused_before_it_is_unpacked(tmp_path: Path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_with_part(_docx_bytes(), "word/media/x.bin", b"\0" * (8 * 2**20)))
    with pytest.raises(cx.RenderError, match=rf"compressed \d+ times \(at most {MAX_RATIO}\)"):
        _render_docx(path)
    assert "zip bomb" in _problems(path)


def test_a_claimed_huge_size_is_refused(tmp_path: Path):
    path = tmp_path / "huge.docx"
    data = _with_part(_docx_bytes(), "word/media/y.bin", b"abc")
    path.write_bytes(_claim_size(data, "word/media/y.bin", 4 * 2**30 - 1))
    limit = f"at most {MAX_UNCOMPRESSED // 2**20} MiB"
    with pytest.raises(cx.RenderError, match=limit):
        _render_docx(path)
    assert limit in _problems(path)


def test_missing_required_parts_are_reported(tmp_path: Path):
    path = tmp_path / "bare.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    problems = _problems(path)
    assert "[Content_Types].xml" in problems
    assert "_rels/.rels" in problems
    with pytest.raises(cx.RenderError, match=r"no \[Content_Types\]\.xml"):
        _render_docx(path)


def test_a_folder_is_an_error(tmp_path: Path):
    folder = tmp_path / "mau.docx"
    folder.mkdir()
    with pytest.raises(cx.RenderError, match="is a folder"):
        _render_docx(folder)
    assert "is a folder" in _problems(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_a_fifo_is_an_error_not_a_hang(tmp_path: Path):
    fifo = tmp_path / "mau.docx"
    os.mkfifo(fifo)
    with pytest.raises(cx.RenderError, match="pipe"):
        _render_docx(fifo)
    assert "pipe" in _problems(fifo)
    with pytest.raises(cx.FormError, match="pipe"):
        form_fields(fifo)


def test_a_device_is_an_error():
    with pytest.raises(cx.RenderError, match="device"):
        _render_docx(Path("/dev/zero"))
    with pytest.raises(cx.FormError, match="device"):
        merge_pdfs([Path("/dev/zero")])


# --- PDFs ------------------------------------------------------------------------------


def _pdf(objects: dict[int, str]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n{objects[number]}\nendobj\n".encode())
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets.get(number, 0):010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [4 0 R] >>"
PAGES = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"

HOSTILE_PDFS = {
    "a /Parent loop in the form": _pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
            2: PAGES,
            3: PAGE,
            4: "<< /FT /Tx /T (a) /Parent 5 0 R /Subtype /Widget /Rect [0 0 9 9] >>",
            5: "<< /T (p) /Parent 4 0 R >>",
        }
    ),
    "a /Kids loop in the form": _pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>",
            2: PAGES,
            3: PAGE,
            4: "<< /FT /Tx /T (a) /Subtype /Widget /Rect [0 0 9 9] >>",
            5: "<< /T (p) /Kids [6 0 R] >>",
            6: "<< /T (q) /Kids [5 0 R] >>",
        }
    ),
    "a /Kids loop in the page tree": _pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R >>",
            2: "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    ),
    "a /Parent loop in the page tree": _pdf(
        {
            1: "<< /Type /Catalog /Pages 2 0 R >>",
            2: "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
            3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        }
    ),
    "not a PDF": b"hello, not a PDF",
    "a truncated PDF": _pdf({1: "<< /Type /Catalog /Pages 2 0 R >>", 2: PAGES, 3: PAGE})[:90],
}

PDF_TOOLS: dict[str, tuple[Callable[[Any], object], type[Exception]]] = {
    "form_fields": (form_fields, cx.FormError),
    "fill_form": (lambda pdf: fill_form(pdf, {"a": "x"}), cx.FormError),
    "merge_pdfs": (lambda pdf: merge_pdfs([pdf]), cx.FormError),
    "signature_boxes": (signature_boxes, cx.RenderError),
}


@pytest.mark.parametrize("tool", PDF_TOOLS)
@pytest.mark.parametrize("case", HOSTILE_PDFS)
def test_hostile_pdfs_are_errors_naming_the_file(case: str, tool: str, tmp_path: Path):
    function, error = PDF_TOOLS[tool]
    data = HOSTILE_PDFS[case]
    path = tmp_path / "bieu_mau.pdf"
    path.write_bytes(data)
    source: Any = data if tool == "signature_boxes" else path
    with pytest.raises(error) as info:
        function(source)
    name = f"{len(data)} bytes" if isinstance(source, bytes) else str(path)
    assert name in str(info.value)
    if "loop" in case:
        assert "loop" in str(info.value)


# --- the signing package (second attack pass) ----------------------------------------------


def _sign(source: Any) -> object:
    from camon_xinloi.sign import sign_pdf
    from tests.signing import SIGNATURE, person_key

    return sign_pdf(source, person_key(), image=SIGNATURE)


def _verify(source: Any) -> object:
    from camon_xinloi.sign import verify_signed

    return verify_signed(source)


SIGN_TOOLS: dict[str, Callable[[Any], object]] = {"sign_pdf": _sign, "verify_signed": _verify}


@pytest.mark.parametrize("tool", SIGN_TOOLS)
@pytest.mark.parametrize("case", [c for c in HOSTILE_PDFS if "loop" in c])
def test_signing_refuses_pdf_loops_as_one_signing_error(case: str, tool: str):
    # Before: pyHanko's own PdfReadError escaped sign_pdf for a /Kids loop in the form,
    # and the other loops were only noticed (or not) deep inside pyHanko.
    with pytest.raises(cx.SigningError, match="loop") as info:
        SIGN_TOOLS[tool](HOSTILE_PDFS[case])
    assert f"{len(HOSTILE_PDFS[case])} bytes" in str(info.value)


@pytest.mark.parametrize("tool", SIGN_TOOLS)
def test_signing_a_fifo_or_a_folder_is_an_error_not_a_hang(tool: str, tmp_path: Path):
    fifo = tmp_path / "thu.pdf"
    os.mkfifo(fifo)  # before: open() waited for a writer forever
    with pytest.raises(cx.SigningError, match=r"pipe \(FIFO\)"):
        SIGN_TOOLS[tool](fifo)
    with pytest.raises(cx.SigningError, match="is a folder"):
        SIGN_TOOLS[tool](tmp_path)


def test_a_pkcs12_fifo_is_an_error_not_a_hang(tmp_path: Path):
    from camon_xinloi.sign import load_pkcs12

    fifo = tmp_path / "khoa.p12"
    os.mkfifo(fifo)
    with pytest.raises(cx.SigningError, match=r"pipe \(FIFO\)"):
        load_pkcs12(fifo, b"x")


def test_many_small_parts_compressed_together_are_a_zip_bomb(tmp_path: Path):
    # Second attack pass: 4,900 parts of 40 kB of zeros (each under the 1 MiB floor of
    # the per-part ratio) unpacked to 196 MB and took seconds to render.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        for i in range(2_000):
            dst.writestr(f"word/media/p{i}.bin", b"\0" * 40_000, zipfile.ZIP_DEFLATED)
    path = tmp_path / "many.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(
        cx.RenderError, match=rf"compressed \d+ times in all \(at most {MAX_RATIO}\)"
    ):
        _render_docx(path)
    assert "zip bomb" in _problems(path)


def test_a_small_file_is_read_without_allocating_the_limit(tmp_path: Path):
    import tracemalloc

    from camon_xinloi._safe_files import read_regular_file

    path = tmp_path / "nho.pdf"
    path.write_bytes(b"%PDF-1.7 small")
    tracemalloc.start()
    try:
        assert read_regular_file(path, max_bytes=200 * 2**20, what="PDF") == b"%PDF-1.7 small"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2**20, peak  # before: read(limit + 1) allocated the 200 MiB limit first
