"""``PdfOptions``: the options of a PDF (or PNG) render, as one frozen value."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TypedDict, Unpack

from camon_xinloi.render.pdf._geometry import SEAL_SIZE_MM, ImageSource
from camon_xinloi.render.pdf._typst import Standard


@dataclass(frozen=True)
class PdfOptions:
    """How to render a PDF: one frozen value accepted by every PDF entry point.

    Build it once and pass it around (``options=``); the same names also work
    as keyword arguments, which are applied over ``options``:
    ``render(letter, "pdf", standard="a-2b")`` is
    ``render(letter, "pdf", options=PdfOptions(standard="a-2b"))``.

    Attributes:
        created: The document date written in the metadata; default: the
            letter's date at 00:00 UTC (1 January of its year for a draft).
            A naive datetime is read as Vietnam time.
        standard: ``"a-2b"`` for a PDF/A-2b file (archives), ``"a-2a"`` for PDF/A-2a
            (archival and accessible), ``"ua-1"`` for PDF/UA-1 (accessible);
            None for plain (tagged) PDF 1.7. PDF/A-1 is refused: it forbids
            transparency.
        festive: Draw a deep-red double frame (congratulation letters only).
        tagged: Write a tagged PDF (structure for screen readers); ``False`` is
            faster and smaller for a print run.
        seal_size_mm: The seal's real diameter (20 to 50 mm, default 36): the
            size of the seal area and of a preview seal image.
        signature_fields: Add empty AcroForm signature fields (``/FT /Sig``)
            named ``ChuKy`` (signer) and ``ConDau`` (seal) over those areas.
            pypdf rewrites the file to add them: do it here, before signing,
            never to a signed file. One letter only (not in a batch).
        signature_image: Preview only (print, screen): a transparent PNG
            (bytes or a path) of the signature, centred in the signer's area
            at its real size (``pHYs``, else 96 dpi). Never for a file that
            will be signed digitally: the signing tool draws the signature.
        seal_image: Preview only: a transparent PNG of the seal, drawn
            ``seal_size_mm`` wide over the left third of the signature.

    Examples:
        >>> archive = PdfOptions(standard="a-2b")
        >>> archive.festive, archive.seal_size_mm
        (False, 36.0)
        >>> archive.with_changes(festive=True).festive
        True
    """

    created: dt.datetime | None = None
    standard: Standard | None = None
    festive: bool = False
    tagged: bool = True
    seal_size_mm: float = SEAL_SIZE_MM
    signature_fields: bool = False
    signature_image: ImageSource | None = None
    seal_image: ImageSource | None = None

    def with_changes(self, **changes: Unpack[PdfOptionKeywords]) -> PdfOptions:
        """Return a copy with some options changed (unknown names raise ``TypeError``)."""
        return dataclasses.replace(self, **changes) if changes else self


class PdfOptionKeywords(TypedDict, total=False):
    """The fields of :class:`PdfOptions`, as keyword arguments (for type checkers)."""

    created: dt.datetime | None
    standard: Standard | None
    festive: bool
    tagged: bool
    seal_size_mm: float
    signature_fields: bool
    signature_image: ImageSource | None
    seal_image: ImageSource | None


def pdf_options(options: PdfOptions | None, keywords: PdfOptionKeywords) -> PdfOptions:
    """``options`` (default :class:`PdfOptions`) with the keyword arguments applied over it."""
    base = PdfOptions() if options is None else options
    if not isinstance(base, PdfOptions):
        raise TypeError(f"options must be a PdfOptions, got {type(base).__name__}")
    return base.with_changes(**keywords)
