"""Signature fields: the rectangles an e-office system signs into, as ``/Sig`` form fields.

Works on PDF bytes only (never lays a letter out): adds the empty ``ChuKy`` and
``ConDau`` fields over given boxes, reads them back, and finds where text is
printed (to check that a PDF is the letter it claims to be).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Literal

SIGNER_FIELD = "ChuKy"
"""Name of the empty signature field over the signer's rectangle."""
SEAL_FIELD = "ConDau"
"""Name of the empty signature field over the seal's square (the agency signs there)."""

BoxKind = Literal["signer", "seal", "number", "date", "day", "month"]


@dataclass(frozen=True)
class SignatureBox:
    """A rectangle on a page, in PDF points from the bottom-left corner (e-office signing).

    Attributes:
        kind: ``"signer"`` (the signer's image, centred between title and name),
            ``"seal"`` (the seal's square, over the left third of the signature),
            ``"number"`` (the number slot of "Số:"), ``"day"`` and ``"month"``
            (the slots of the date line) or ``"date"`` (from the day slot to
            the month slot). In an issued letter the slots hold the printed
            number, day and month.
        page: Page index, 0-based.
        llx, lly, urx, ury: Lower-left and upper-right corners, in points.
    """

    kind: BoxKind
    page: int
    llx: float
    lly: float
    urx: float
    ury: float

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """``(llx, lly, urx, ury)``, as signing plugins such as VNPT-CA's ``PdfSigner`` take it."""
        return (self.llx, self.lly, self.urx, self.ury)

    def as_dict(self) -> dict[str, Any]:
        """The box as a JSON-ready dict (coordinates rounded to 0.01 pt)."""
        return {
            "kind": self.kind,
            "page": self.page,
            "llx": round(self.llx, 2),
            "lly": round(self.lly, 2),
            "urx": round(self.urx, 2),
            "ury": round(self.ury, 2),
        }


_ORDER: dict[str, int] = {"signer": 0, "seal": 1, "number": 2, "date": 3, "day": 4, "month": 5}


def sort_boxes(boxes: Iterable[SignatureBox]) -> list[SignatureBox]:
    """The boxes in order of kind: signer, seal, number, date, day, month."""
    return sorted(boxes, key=lambda box: _ORDER[box.kind])


def add_signature_fields(pdf: bytes, boxes: Sequence[SignatureBox]) -> bytes:
    """Add empty signature fields ``ChuKy`` and ``ConDau`` at the signer and seal boxes.

    The fields are unsigned AcroForm fields (``/FT /Sig``) with a printable,
    empty appearance, added as an incremental update: the bytes typst wrote
    are kept unchanged at the start of the file. Do this before signing;
    a signed PDF must never be rewritten.

    Args:
        pdf: A PDF from :class:`PdfRenderer`.
        boxes: Its boxes (:meth:`PdfRenderer.render_with_boxes`).
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter(BytesIO(pdf), incremental=True)
    fields = ArrayObject()
    for kind, name in (("signer", SIGNER_FIELD), ("seal", SEAL_FIELD)):
        box = next(b for b in boxes if b.kind == kind)
        page = writer.pages[box.page]
        width, height = box.urx - box.llx, box.ury - box.lly
        appearance = DecodedStreamObject()
        appearance.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
                ),
            }
        )
        appearance.set_data(b"")
        field = DictionaryObject(
            {
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/Rect"): ArrayObject([FloatObject(round(v, 3)) for v in box.rect]),
                NameObject("/F"): NumberObject(4),  # print
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): writer._add_object(appearance)}
                ),
            }
        )
        ref = writer._add_object(field)
        annots = page.get("/Annots")
        if annots is None:
            page[NameObject("/Annots")] = ArrayObject([ref])
        else:
            annots.get_object().append(ref)
        fields.append(ref)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): fields, NameObject("/SigFlags"): NumberObject(1)}
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def field_boxes(pdf: bytes) -> list[SignatureBox]:
    """The signer and seal boxes from the ``ChuKy``/``ConDau`` fields, if the PDF has them."""
    from camon_xinloi._safe_pdf import open_pdf
    from camon_xinloi.errors import RenderError

    reader = open_pdf(pdf, RenderError)
    kinds: dict[str, BoxKind] = {SIGNER_FIELD: "signer", SEAL_FIELD: "seal"}
    found: list[SignatureBox] = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            kind = kinds.get(str(annot.get("/T", "")))
            if kind is None or annot.get("/FT") != "/Sig":
                continue
            llx, lly, urx, ury = (float(v) for v in annot["/Rect"])
            found.append(SignatureBox(kind, index, llx, lly, urx, ury))
    return sort_boxes(found)


def text_positions(pdf: bytes) -> list[tuple[int, str, float, float]]:
    from camon_xinloi._safe_pdf import open_pdf
    from camon_xinloi.errors import RenderError

    reader = open_pdf(pdf, RenderError)
    found: list[tuple[int, str, float, float]] = []
    for index, page in enumerate(reader.pages):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: Any,
            size: float,
            _index: int = index,
        ) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((_index, unicodedata.normalize("NFC", text), x, y))

        page.extract_text(visitor_text=visit)
    return found
