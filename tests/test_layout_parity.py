"""The DOCX and the PDF of a letter are laid out alike (issue 13, points 10-14).

Every template's example and a long letter are rendered to PDF (typst) and to
DOCX, the DOCX is printed to PDF by LibreOffice, and both are read word by
word with ``pdftotext -bbox``: same number of pages, and the title, "Kính
gửi", the signer's title and name on the same page within a few millimetres.
LibreOffice is given the bundled Tinos (Times New Roman's metric twin, which
fontconfig substitutes for it) through a fontconfig file of the test's own,
so it lays the DOCX out with the metrics Word uses.

The tools are required, not optional: the CI installs LibreOffice and poppler.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from camon_xinloi._fonts import FONT_DIR
from camon_xinloi.catalogue import catalogue
from camon_xinloi.letter import Letter, Paragraph, Run
from camon_xinloi.render.docx import DocxRenderer
from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.testing import example_letter
from tests.system_tools import system_tool

pytestmark = pytest.mark.slow

MM = 72 / 25.4
"""Points per millimetre."""
TOLERANCE_MM = 3.0
PAGE_WIDTH = 210 * MM
RIGHT_MARGIN = 15 * MM
PAGE_HEIGHT = 297 * MM
BOTTOM_MARGIN_MM = 20


@dataclass(frozen=True)
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


def _tool(name: str) -> str:
    return system_tool(name, "libreoffice-writer poppler-utils")


def words_of(pdf: Path) -> list[Word]:
    """Every word of a PDF with its page and box, in reading order (pdftotext -bbox)."""
    out = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    words: list[Word] = []
    page = 0
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>'
    )
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        found = pattern.search(line)
        if found:
            text = unicodedata.normalize("NFC", html.unescape(found[5]))
            box = (float(found[1]), float(found[2]), float(found[3]), float(found[4]))
            words.append(Word(page, *box, text))
    return words


def _find(words: list[Word], phrase: str, start: int = 0) -> int:
    target = phrase.split()
    for i in range(start, len(words) - len(target) + 1):
        if [w.text for w in words[i : i + len(target)]] == target:
            return i
    raise AssertionError(f"{phrase!r} not found after word {start}")


def landmarks(words: list[Word], letter: Letter) -> dict[str, tuple[int, float]]:
    """(page, top in pt) of the title, "Kính gửi", the signer's title and name."""
    title = _find(words, letter.title)
    kinh_gui = _find(words, "Kính gửi:", title)
    sig_title = _find(words, letter.signature.lines[-1], kinh_gui)
    name = _find(words, letter.signature.name, sig_title)
    return {
        key: (words[i].page, words[i].y_min)
        for key, i in (
            ("title", title),
            ("Kính gửi", kinh_gui),
            ("signature title", sig_title),
            ("name", name),
        )
    }


def long_letter() -> Letter:
    """A letter of three pages: its closing lines must not stand alone with the signature."""
    sentence = (
        "Ủy ban nhân dân Phường 15 ghi nhận và trân trọng sự đóng góp của gia đình, "
        "cho công trình đường giao thông của khu phố; "
    )
    body = tuple(Paragraph(runs=(Run(text=sentence * 4 + "đã hoàn thành."),)) for _ in range(10))
    body += (Paragraph(runs=(Run(text="Trân trọng cảm ơn./."),)),)
    return example_letter("cam_on/dong_gop").model_copy(update={"body": body})


def sweep_letter(phrase: str) -> Letter:
    """``phrase`` at every position of a line: some would fall across a line end."""
    body = tuple(Paragraph(runs=(Run(text="ghi nhận " * k + phrase),)) for k in range(1, 24))
    return long_letter().model_copy(
        update={"body": (*body, Paragraph(runs=(Run(text="Trân trọng./."),)))}
    )


LETTERS: dict[str, Letter] = {
    **{template_id: example_letter(template_id) for template_id in catalogue().ids()},
    "long letter": long_letter(),
    "three recipients": example_letter("cam_on/dong_gop").model_copy(
        update={"recipients": ("Ông Nguyễn Văn An", "Bà Lê Thị Bình", "Công ty TNHH Minh Phát")}
    ),
    "unit names": sweep_letter("tại Xã Sơn Kim 1 và Phường 15, tỉnh Hà Tĩnh."),
    "phone numbers": sweep_letter("theo số 0903 123 456 hoặc (028) 3815 0000 nhé."),
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each letter as (typst PDF, LibreOffice PDF of the DOCX), converted in one soffice run."""
    soffice = _tool("soffice")
    folder = tmp_path_factory.mktemp("parity")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONT_DIR}</dir><cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    sources = []
    pairs: dict[str, tuple[Path, Path]] = {}
    for i, (key, letter) in enumerate(LETTERS.items()):
        pdf = folder / f"{i}.pdf"
        pdf.write_bytes(PdfRenderer().render(letter))
        docx = folder / f"{i}.docx"
        docx.write_bytes(DocxRenderer().render(letter))
        sources.append(str(docx))
        pairs[key] = (pdf, folder / "lo" / f"{i}.pdf")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "lo"),
            *sources,
        ],
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
        check=True,
        capture_output=True,
        timeout=900,
    )
    return pairs


@pytest.mark.parametrize("key", list(LETTERS))
def test_docx_and_pdf_place_the_landmarks_alike(
    printed: dict[str, tuple[Path, Path]], key: str
) -> None:
    letter = LETTERS[key]
    pdf, docx = (words_of(path) for path in printed[key])
    assert max(w.page for w in pdf) == max(w.page for w in docx), "page counts differ"
    expected, actual = landmarks(pdf, letter), landmarks(docx, letter)
    for mark, (page, top) in expected.items():
        docx_page, docx_top = actual[mark]
        assert docx_page == page, f"{mark}: page {docx_page} in the DOCX, {page} in the PDF"
        assert abs(docx_top - top) <= TOLERANCE_MM * MM, (
            f"{mark}: {abs(docx_top - top) / MM:.1f} mm apart"
        )


@pytest.mark.parametrize("key", [k for k in LETTERS if "/" in k])
def test_every_example_fits_one_page(printed: dict[str, tuple[Path, Path]], key: str) -> None:
    for path in printed[key]:
        assert max(w.page for w in words_of(path)) == 1, path


@pytest.mark.parametrize("side", [0, 1], ids=["pdf", "docx"])
def test_the_address_keeps_the_bottom_margin(
    printed: dict[str, tuple[Path, Path]], side: int
) -> None:
    """Decree 30 (Phụ lục I, Phần I): 20-25 mm under the text, the address line included.

    The address line's text boxes, their descenders included, end at least
    20 mm above the paper's edge.
    """
    for key, pair in printed.items():
        words = words_of(pair[side])
        address = _find(words, "Địa chỉ: số 2 đường")
        assert words[address].page == 1, key
        lowest = max(w.y_max for w in words)
        assert PAGE_HEIGHT - lowest >= BOTTOM_MARGIN_MM * MM, (
            f"{key}: {(PAGE_HEIGHT - lowest) / MM:.1f} mm under the last line"
        )


@pytest.mark.parametrize("side", [0, 1], ids=["pdf", "docx"])
def test_no_signature_page_without_text(printed: dict[str, tuple[Path, Path]], side: int) -> None:
    """The closing paragraph and the one before it share the signature's page."""
    words = words_of(printed["long letter"][side])
    letter = LETTERS["long letter"]
    assert max(w.page for w in words) >= 2
    signature_page = words[_find(words, letter.signature.name)].page
    closing = _find(words, "Trân trọng cảm ơn./.")
    assert words[closing].page == signature_page
    body_words_there = [w for w in words[:closing] if w.page == signature_page]
    assert len(body_words_there) >= 10, "only the closing line is on the signature's page"


@pytest.mark.parametrize("side", [0, 1], ids=["pdf", "docx"])
def test_unit_names_never_break(printed: dict[str, tuple[Path, Path]], side: int) -> None:
    words = words_of(printed["unit names"][side])
    seen = 0
    for i, word in enumerate(words):
        name = {"Xã": 4, "Phường": 2}.get(word.text)
        if name is None:
            continue
        # no-break spaces may come out as spaces or inside one word: check the glyphs' lines
        parts = words[i : i + name] if words[i + 1].text in ("Sơn", "15,") else [word]
        assert len({(w.page, round(w.y_min)) for w in parts}) == 1, [w.text for w in parts]
        seen += 1
    assert seen >= 40


@pytest.mark.parametrize("side", [0, 1], ids=["pdf", "docx"])
def test_phone_numbers_never_break(printed: dict[str, tuple[Path, Path]], side: int) -> None:
    words = words_of(printed["phone numbers"][side])
    seen = 0
    for i, word in enumerate(words):
        if not word.text.startswith(("0903", "(028)")):
            continue
        # no-break spaces may come out as spaces or inside one word: check the glyphs' lines
        parts = [word] if len(word.text) > len("(028)") else words[i : i + 3]
        assert len({(w.page, round(w.y_min)) for w in parts}) == 1, [w.text for w in parts]
        seen += 1
    assert seen >= 40


@pytest.mark.parametrize("side", [0, 1], ids=["pdf", "docx"])
def test_no_punctuation_hangs_into_the_right_margin(
    printed: dict[str, tuple[Path, Path]], side: int
) -> None:
    edge = PAGE_WIDTH - RIGHT_MARGIN + 0.5
    for key in ("long letter", "unit names", "xin_loi/tre_hen"):
        for word in words_of(printed[key][side]):
            assert word.x_max <= edge, f"{key}: {word.text!r} ends at {word.x_max:.1f} pt"


@pytest.mark.parametrize("key", [k for k in LETTERS if "/" in k][:1])
def test_nơi_nhận_column_is_half_the_width_in_both(
    printed: dict[str, tuple[Path, Path]], key: str
) -> None:
    """The signer's title is centred in the right half of the text width in both formats."""
    centres = []
    for path in printed[key]:
        words = words_of(path)
        i = _find(words, LETTERS[key].signature.lines[-1])
        line = [w for w in words if w.page == words[i].page and abs(w.y_min - words[i].y_min) < 1]
        line = [w for w in line if w.x_min > PAGE_WIDTH / 2 - 10]
        centres.append((min(w.x_min for w in line) + max(w.x_max for w in line)) / 2)
    right_half_centre = 30 * MM + 165 * MM * 3 / 4
    for centre in centres:
        assert abs(centre - right_half_centre) <= 2 * MM
