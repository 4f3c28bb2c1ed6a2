"""Generate the DOCX templates shipped with camon_xinloi, with python-docx.

Writes two files, byte-identical on every run (fixed zip dates and order,
fixed document properties, no revision ids):

- ``src/camon_xinloi/render/docx_templates/letterhead.docx``: the house
  letterhead. The DOCX renderer takes its styles, page setup (A4, Decree 30
  margins), page-number header and fonts, and writes the letter body itself.
- ``examples/user_letterhead.docx``: an example of a commune's own docxtpl
  template (logo in the header, ``{{ letter.… }}`` tags), for
  ``render(letter, "docx", template=...)``.

Run from the repository root::

    PYTHONPATH=src python tools/make_letterhead_docx.py          # write both
    PYTHONPATH=src python tools/make_letterhead_docx.py --check  # compare only
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from camon_xinloi.render.docx import FIXED_DATE, normalize_docx

ROOT = Path(__file__).resolve().parent.parent
HOUSE = ROOT / "src" / "camon_xinloi" / "render" / "docx_templates" / "letterhead.docx"
USER_EXAMPLE = ROOT / "examples" / "user_letterhead.docx"

FONT = "Times New Roman"
KEEP_STYLES = {
    "Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Header", "HeaderChar", "Footer",
    "FooterChar",
}  # fmt: skip
DROP_RELS = {"stylesWithEffects", "customXml", "webSettings", "numbering"}
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>camon_xinloi</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _fonts(rpr: Any) -> None:
    """Name Times New Roman for every script and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(key), FONT)


def _setup_styles(doc: Any) -> None:
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_STYLES:
            styles.remove(style)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), "28")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in list(lang.attrib):
        del lang.attrib[attr]
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    lang.set(qn("w:bidi"), "ar-SA")
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = spacing.find(qn("w:spacing"))
    for attr in list(spacing.attrib):
        del spacing.attrib[attr]
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0


def _drop_extras(doc: Any) -> None:
    """Remove the parts of python-docx's default template a letter never uses."""
    part = doc.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in DROP_RELS:
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)
    settings = doc.settings.element
    for tag in ("w:rsids", "w14:docId", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.iter(qn("w:themeFontLang")):
        for attr in list(el.attrib):
            del el.attrib[attr]
        el.set(qn("w:val"), "vi-VN")
    for el in doc.element.body.iter():
        for attr in list(el.attrib):
            if etree.QName(attr).localname.startswith("rsid"):
                del el.attrib[attr]


def _page_setup(doc: Any) -> Any:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Mm(0)
    sect_pr = section._sectPr
    pg_num = OxmlElement("w:pgNumType")
    pg_num.set(qn("w:start"), "1")
    sect_pr.find(qn("w:cols")).addprevious(pg_num)
    return section


def _field_run(paragraph: Any, instr: str, placeholder: str, size: float) -> None:
    def run_with(el: Any) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(el)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(placeholder).font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_docx(
        buffer.getvalue(), created=FIXED_DATE, replace={"docProps/app.xml": APP_XML.encode()}
    )


def build_house() -> bytes:
    """Return the bytes of the house letterhead template."""
    doc = Document()
    _setup_styles(doc)
    _drop_extras(doc)
    section = _page_setup(doc)
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_run(para, "PAGE", "2", 13)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].text = ""
    # The body is replaced by the renderer; it keeps only the section properties.
    return _save(doc)


def _png_logo() -> bytes:
    """Return a small red-and-gold round emblem as a PNG (drawn here, no image library)."""
    size = 64

    def pixel(x: int, y: int) -> bytes:
        dx, dy = x - size / 2 + 0.5, y - size / 2 + 0.5
        r = (dx * dx + dy * dy) ** 0.5
        if r > size / 2 - 1:
            return b"\xff\xff\xff\x00"
        if r > size / 2 - 6:
            return b"\xd4\xa0\x17\xff"
        if (abs(dx) < 6 and abs(dy) < 14) or (abs(dy) < 6 and abs(dx) < 14):
            return b"\xff\xd7\x00\xff"
        return b"\xc8\x10\x2e\xff"

    raw = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">L", len(data)) + body + struct.pack(">L", zlib.crc32(body))

    ihdr = struct.pack(">2L5B", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _grid(table: Any, widths: tuple[Any, ...]) -> None:
    """Set the grid columns too: LibreOffice lays a table out by its grid."""
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))


def _no_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _line(
    cell_or_doc: Any,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 14,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Any:
    para = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    para.alignment = align
    run = para.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    return para


def build_user_example() -> bytes:
    """Return the bytes of the example commune template (docxtpl tags, logo in the header)."""
    doc = Document()
    _setup_styles(doc)
    _drop_extras(doc)
    section = _page_setup(doc)
    header = section.header
    hp = header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.LEFT
    hp.add_run().add_picture(io.BytesIO(_png_logo()), width=Cm(1.5))
    hp.add_run("  {{ letter.agency_text }}").font.size = Pt(10)
    footer = section.footer
    fp = footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("{{ letter.footer or '' }}").font.size = Pt(11)

    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    widths = (Mm(60), Mm(105))
    _grid(table, widths)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left, right = table.rows[0].cells
    _line(left, "{%p for line in letter.agency %}", first=True)
    _line(left, "{{ line }}", bold=True, size=13)
    _line(left, "{%p endfor %}")
    _line(right, "{{ letter.national_name }}", bold=True, size=12, first=True)
    _line(right, "{{ letter.national_motto }}", bold=True, size=13)
    left, right = table.rows[1].cells
    _line(left, "{{ letter.number_line or '' }}", size=13, first=True)
    _line(right, "{{ letter.date_line }}", italic=True, first=True)

    _line(doc, "{{ letter.title }}", bold=True).paragraph_format.space_before = Pt(18)
    _line(doc, "{%p if letter.subject %}")
    _line(doc, "{{ letter.subject }}", bold=True)
    _line(doc, "{%p endif %}")
    _line(doc, "{%p if letter.recipients|length == 1 %}")
    _line(doc, "{{ letter.recipient_line }}")
    _line(doc, "{%p else %}")
    _line(doc, "Kính gửi:")
    _line(doc, "{%p for item in letter.recipient_items %}")
    _line(doc, "{{ item }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(doc, "{%p endfor %}")
    _line(doc, "{%p endif %}")
    _line(doc, "{%p for p in letter.body %}")
    _line(doc, "{%p if p.align == 'center' %}")
    _line(doc, "{{r p.rich }}").paragraph_format.space_after = Pt(6)
    _line(doc, "{%p else %}")
    body = _line(doc, "{{r p.rich }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    _line(doc, "{%p endif %}")
    _line(doc, "{%p endfor %}")

    sign = doc.add_table(rows=1, cols=2)
    sign.autofit = False
    _no_borders(sign)
    _grid(sign, (Mm(70), Mm(95)))
    for cell, width in zip(sign.rows[0].cells, (Mm(70), Mm(95)), strict=True):
        cell.width = width
    left, right = sign.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT,
          first=True)  # fmt: skip
    _line(left, "{%p for line in letter.distribution_lines %}", size=11)
    _line(left, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "{%p endfor %}", size=11)
    _line(right, "{%p for line in letter.signature.lines %}", first=True)
    _line(right, "{{ line }}", bold=True)
    _line(right, "{%p endfor %}")
    name = _line(right, "{{ letter.signature.name }}", bold=True)
    name.paragraph_format.space_before = Cm(3)
    doc.core_properties.title = "Thư của Ủy ban nhân dân (mẫu riêng)"
    return _save(doc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for path, data in ((HOUSE, build_house()), (USER_EXAMPLE, build_user_example())):
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                print(f"out of date: {path.relative_to(ROOT)}")
                stale += 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
