"""Make ``examples/forms/phieu_xin_loi_form.pdf``: a fillable "phiếu xin lỗi" form.

It stands in for the AcroForm a province already uses: typst draws the
static page (labels, with Tinos), pypdf adds empty text fields whose
``/DA`` names Helvetica, as forms made in other tools usually do, and sets
``/NeedAppearances``; :func:`camon_xinloi.pdf_tools.fill_form` must cope.

Run: ``python tools/make_example_form.py``.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import typst
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from camon_xinloi._fonts import FONT_DIR

OUT = Path(__file__).resolve().parents[1] / "examples" / "forms" / "phieu_xin_loi_form.pdf"
MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM

# name: (x mm, y mm from the top, width mm, height mm, multiline, label)
FIELDS: dict[str, tuple[float, float, float, float, bool, str]] = {
    "agency": (15, 15, 70, 14, True, ""),
    "number": (15, 31, 70, 8, False, ""),
    "date": (95, 31, 100, 8, False, ""),
    "recipients": (55, 62, 140, 8, False, "Kính gửi:"),
    "so_bien_nhan": (55, 74, 140, 8, False, "Số biên nhận hồ sơ:"),
    "ngay_hen_tra": (55, 84, 140, 8, False, "Ngày hẹn trả kết quả:"),
    "ly_do": (55, 94, 140, 24, True, "Lý do:"),
    "ngay_hen_lai": (55, 122, 140, 8, False, "Ngày hẹn trả lại:"),
    "body": (15, 136, 180, 50, True, ""),
    "signature_title": (110, 196, 85, 14, True, ""),
    "signer": (110, 240, 85, 8, False, ""),
}

SOURCE = """#set page(paper: "a4", margin: 0pt)
#set text(font: "Tinos", size: 12pt, lang: "vi")
#let at(x, y, body) = place(top + left, dx: x * 1mm, dy: y * 1mm, body)
#at(95, 15, box(width: 100mm, align(center, text(weight: "bold")[
  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \\ Độc lập - Tự do - Hạnh phúc])))
#at(15, 46, box(width: 180mm, align(center, text(size: 14pt, weight: "bold")[
  PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ])))
#for (x, y, label) in json(bytes(sys.inputs.labels)) { at(x, y, text(label)) }
#for (x, y, w, h) in json(bytes(sys.inputs.boxes)) {
  at(x, y, rect(width: w * 1mm, height: h * 1mm, stroke: 0.4pt + luma(170)))
}
"""


def main() -> None:
    import json

    labels = [(15, y + 1.5, label) for (_x, y, _w, _h, _m, label) in FIELDS.values() if label]
    boxes = [(x, y, w, h) for (x, y, w, h, _m, _l) in FIELDS.values()]
    compile_: Any = typst.compile  # its stub ties the font paths' type to the input's
    page_pdf = compile_(
        SOURCE.encode(),
        font_paths=[FONT_DIR],
        ignore_system_fonts=True,
        sys_inputs={"labels": json.dumps(labels), "boxes": json.dumps(boxes)},
        timestamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        pdf_tags=False,
    )
    writer = PdfWriter(clone_from=PdfReader(BytesIO(page_pdf)))
    page = writer.pages[0]
    helvetica = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    fields = ArrayObject()
    annots = ArrayObject()
    for name, (x, y, w, h, multiline, _label) in FIELDS.items():
        llx, ury = x * MM, PAGE_HEIGHT - y * MM
        field: Any = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/F"): NumberObject(4),
                NameObject("/Ff"): NumberObject(1 << 12 if multiline else 0),
                NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
                NameObject("/Rect"): ArrayObject(
                    [FloatObject(round(v, 2)) for v in (llx, ury - h * MM, llx + w * MM, ury)]
                ),
                NameObject("/P"): page.indirect_reference,
            }
        )
        if name in {"agency", "signature_title", "signer", "date"}:
            field[NameObject("/Q")] = NumberObject(1)
        ref = writer._add_object(field)
        fields.append(ref)
        annots.append(ref)
    page[NameObject("/Annots")] = annots
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): fields,
            NameObject("/NeedAppearances"): BooleanObject(True),
            NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
            NameObject("/DR"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): helvetica})}
            ),
        }
    )
    writer.add_metadata({"/Title": "Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu)"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as out:
        writer.write(out)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(FIELDS)} fields)")


if __name__ == "__main__":
    main()
