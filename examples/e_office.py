"""Prepare a letter for issuing through an e-office system and signing digitally.

Writes, into the folder given as the first argument (default ``e-office-out``):

- ``thu_chuc_mung.docx``: the issuance draft for staff to edit;
- ``thu_chuc_mung.pdf``: the draft PDF (number and date left blank), with
  empty signature fields ``ChuKy`` and ``ConDau``, to upload for signing;
- ``thu_chuc_mung.boxes.json``: the signing rectangles in PDF points
  (page, llx, lly, urx, ury; origin bottom-left), ready for a signing plugin;
- ``thu_chuc_mung.record.json``: the Phụ lục VI record of the outgoing document.

Run: ``python examples/e_office.py [OUT_DIR]``.
"""

from __future__ import annotations

import json
import sys
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

import camon_xinloi as cx
from camon_xinloi.events import parse_event
from camon_xinloi.render.pdf import PdfRenderer

HERE = Path(__file__).resolve().parent


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    issuer = cx.Issuer.from_toml(HERE / "ubnd.toml")
    event = parse_event((HERE / "ket_hon.json").read_bytes())
    # draft=True: the e-office system gives the number and the date at issuance
    # (Decree 30/2020, Điều 15.3).
    letter = cx.compose("chuc_mung/ket_hon", event, issuer=issuer, draft=True)

    (out / "thu_chuc_mung.docx").write_bytes(cx.render(letter, "docx"))

    # The PDF to sign: no preview images (the signing tool draws the signature),
    # PDF/A-2b for the archive, empty signature fields. Never rewrite it after signing.
    pdf, boxes = PdfRenderer().render_with_boxes(letter, standard="a-2b", signature_fields=True)
    (out / "thu_chuc_mung.pdf").write_bytes(pdf)

    by_kind = {box.kind: box.as_dict() for box in boxes}
    (out / "thu_chuc_mung.boxes.json").write_text(
        json.dumps(by_kind, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )

    pages = len(PdfReader(BytesIO(pdf)).pages)
    (out / "thu_chuc_mung.record.json").write_text(
        letter.record(pages=pages).model_dump_json(indent=2) + "\n", encoding="utf-8"
    )

    signer = by_kind["signer"]
    # What a portal hands to a signing plugin such as VNPT-CA's PdfSigner. Boxes count
    # pages from 0: check how your plugin counts them.
    print(
        f"PdfSigner: page index {signer['page']} llx={signer['llx']} lly={signer['lly']} "
        f"urx={signer['urx']} ury={signer['ury']}"
    )
    for name in sorted(p.name for p in out.iterdir()):
        print(out / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("e-office-out"))
