"""PDF engine failures, memory, and the filled form as a person sees it (issue 7)."""

from __future__ import annotations

import subprocess
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from camon_xinloi.errors import RenderError
from camon_xinloi.pdf_tools import fill_form
from camon_xinloi.render import pdf
from camon_xinloi.render.pdf import _typst
from camon_xinloi.testing import example_letter
from tests.system_tools import system_tool

EXAMPLE_FORM = Path(__file__).resolve().parents[1] / "examples" / "forms" / "phieu_xin_loi_form.pdf"


def _rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_failed_compiles_free_their_memory() -> None:
    letter = example_letter()
    when = _typst.document_date(letter, None)
    broken = _typst.document_json([letter], created=when, festive=False).replace(
        '"letters"', '"no-letters"'
    )

    def fail_many(count: int) -> None:
        for _ in range(count):
            with pytest.raises(RenderError, match="typst could not lay out"):
                _typst.compile_document(broken, created=when)

    fail_many(20)  # warm up: compiler, fonts, caches
    before = _rss_mib()
    fail_many(300)
    grown = _rss_mib() - before
    assert grown < 64, f"300 failed compiles kept {grown:.0f} MiB"
    # and the compiler still works afterwards
    assert pdf.PdfRenderer().render(letter).startswith(b"%PDF-")


@pytest.mark.slow
def test_filled_form_renders_as_an_image_and_its_flat_copy_reads_back(tmp_path: Path) -> None:
    pdftoppm = system_tool("pdftoppm", "poppler-utils")
    values = {"recipients": "Ông Nguyễn Văn Ấn", "ngay_hen_lai": "ngày 12 tháng 3 năm 2026"}
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_form(EXAMPLE_FORM, values))
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(filled), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("p*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 2000
    flat = PdfReader(BytesIO(fill_form(EXAMPLE_FORM, values, flatten=True)))
    text = unicodedata.normalize("NFC", "".join(p.extract_text() for p in flat.pages))
    for value in values.values():
        assert value in text
    assert "/AcroForm" not in flat.root_object


def test_letter_shows_as_png_in_notebooks() -> None:
    png = example_letter()._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
