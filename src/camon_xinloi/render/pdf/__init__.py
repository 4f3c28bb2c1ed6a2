"""PDF and PNG renderers: a Decree 30/2020 layout in typst, with the bundled Tinos font.

The letter goes to typst only as JSON and is placed on the page as text, never
evaluated, so no name can inject typst markup. Output is deterministic: the
same letter and options give the same bytes with the same typst version.

Modules: :mod:`.renderer` (the renderers, batches, :func:`signature_boxes`),
``_options`` (:class:`PdfOptions`), ``_typst`` (the letter as JSON, typst's
answer checked), ``_engine`` (running typst: a compiler per thread, a helper
process after ``fork``, memory handed back), ``_glyphs`` (the glyph check),
``_geometry`` (the signing area, seal size, preview images). Post-processing
of the PDF bytes (merging, forms, ``/Sig`` fields) is :mod:`camon_xinloi.pdf_tools`.

Examples:
    >>> from camon_xinloi.letter import Letter, LetterMeta, Paragraph, Run, SignatureBlock
    >>> import datetime as dt
    >>> letter = Letter(
    ...     agency=("ỦY BAN NHÂN DÂN", "PHƯỜNG 1 BẢO LỘC"), notation="UBND-VX", number=5,
    ...     place="Phường 1 Bảo Lộc", date=dt.date(2026, 3, 5), year=2026, title="THƯ CHÚC MỪNG",
    ...     recipients=("Anh Lê Trung Dũng",),
    ...     body=(Paragraph(runs=(Run(text="Trăm năm hạnh phúc./."),)),),
    ...     signature=SignatureBlock(lines=("CHỦ TỊCH",), name="Trần Văn Minh"),
    ...     meta=LetterMeta(template_id="t/x", template_version="1", event_kind="k",
    ...                     family="chuc_mung"),
    ... )
    >>> PdfRenderer().render(letter)[:5]
    b'%PDF-'
    >>> PdfRenderer().render(letter, options=PdfOptions(festive=True))[:5]
    b'%PDF-'
"""

from __future__ import annotations

from typing import Any

from camon_xinloi._deprecation import deprecated_attribute, internal, moved_to
from camon_xinloi.pdf_tools import SignatureBox
from camon_xinloi.render.pdf._geometry import SEAL_SIZE_MM
from camon_xinloi.render.pdf._options import PdfOptions
from camon_xinloi.render.pdf.renderer import (
    PdfRenderer,
    PngRenderer,
    render_pdf_batch,
    signature_boxes,
)

__all__ = [
    "SEAL_SIZE_MM",
    "PdfOptions",
    "PdfRenderer",
    "PngRenderer",
    "SignatureBox",
    "render_pdf_batch",
    "signature_boxes",
]

_DEPRECATED = {
    "add_signature_fields": moved_to("camon_xinloi.pdf_tools"),
    "FONT_DIR": internal("camon_xinloi._fonts"),
    "font_codepoints": internal("camon_xinloi._fonts"),
    "check_glyphs": internal("camon_xinloi.render.pdf._glyphs"),
    "png_info": internal("camon_xinloi.render.pdf._geometry"),
    "PngInfo": internal("camon_xinloi.render.pdf._geometry"),
}


def __getattr__(name: str) -> Any:
    """Names that moved out of ``camon_xinloi.render.pdf``: they work, with a warning."""
    return deprecated_attribute(__name__, name, _DEPRECATED)
