"""The DOCX opens in LibreOffice: convert to PDF and find the letter's text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
from camon_xinloi.render.docx import DocxRenderer, render_docx_batch
from tests.system_tools import soffice_convert, system_tool

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _needs_libreoffice() -> None:
    system_tool("soffice", "libreoffice-writer")


def make_letter(recipient: str = "Ông Nguyễn Văn An & bà Lê Thị <Bình>") -> Letter:
    return Letter(
        agency=("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC"),
        number=5,
        notation="UBND-VX",
        place="Phường 1 Bảo Lộc",
        date=dt.date(2026, 3, 5),
        year=2026,
        title="THƯ CHÚC MỪNG",
        recipients=(recipient,),
        body=(
            Paragraph(
                runs=(Run(text="Nhân dịp "), Run(text="trọng đại", bold=True), Run(text=" này."))
            ),
            Paragraph(runs=(Run(text="Trân trọng./."),)),
        ),
        signature=SignatureBlock(lines=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Trần Văn Minh"),
        distribution=("Như trên", "Lưu: VT"),
        meta=LetterMeta(
            template_id="chuc_mung/ket_hon",
            template_version="1.0",
            event_kind="marriage_registered",
            family="chuc_mung",
        ),
    )


def to_pdf(data: bytes, tmp_path: Path) -> tuple[str, int]:
    source = tmp_path / "thu.docx"
    source.write_bytes(data)
    converted = soffice_convert(source, "pdf", tmp_path, packages="libreoffice-writer")
    reader = PdfReader(converted)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split()), len(reader.pages)


def test_house_letter_survives_libreoffice(tmp_path: Path) -> None:
    letter = make_letter()
    text, pages = to_pdf(DocxRenderer().render(letter), tmp_path)
    assert pages == 1
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN",
        "Số: 05/UBND-VX",
        "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026",
        "THƯ CHÚC MỪNG",
        "Kính gửi: Ông Nguyễn Văn An & bà Lê Thị <Bình>",
        "Nhân dịp trọng đại này.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "Trần Văn Minh",
    ):
        assert expected in text, expected


def test_batch_and_user_template_survive_libreoffice(tmp_path: Path) -> None:
    letters = [make_letter("Ông A"), make_letter("Bà B")]
    text, pages = to_pdf(render_docx_batch(letters), tmp_path)
    assert pages == 2
    assert "Kính gửi: Ông A" in text
    assert "Kính gửi: Bà B" in text
    user = tmp_path / "user"
    user.mkdir()
    data = DocxRenderer().render(make_letter(), template=ROOT / "examples" / "user_letterhead.docx")
    text, _ = to_pdf(data, user)
    assert "Kính gửi: Ông Nguyễn Văn An & bà Lê Thị <Bình>" in text
    assert "Trần Văn Minh" in text
