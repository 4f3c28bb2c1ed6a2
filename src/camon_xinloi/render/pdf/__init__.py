"""PDF and PNG renderers: a Decree 30/2020 layout in typst, with the bundled Tinos font.

The letter goes to typst only as JSON and is placed on the page as text, never
evaluated, so no name can inject typst markup. Output is deterministic: the
same letter and options give the same bytes with the same typst version.

Modules: :mod:`.renderer` (the renderers, batches, :func:`signature_boxes`),
``_options`` (:class:`PdfOptions`), ``_typst`` (driving typst), ``_glyphs``
(the glyph check), ``_geometry`` (the signing area, seal size, preview
images). Post-processing of the PDF bytes (merging, forms, ``/Sig`` fields)
is :mod:`camon_xinloi.pdf_tools`.

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

import importlib
import warnings
from typing import Any

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

_MOVED: dict[str, tuple[str, str | None]] = {
    # name: (module that holds it now, its public import path, or None for an internal)
    "add_signature_fields": ("camon_xinloi.pdf_tools", "camon_xinloi.pdf_tools"),
    "FONT_DIR": ("camon_xinloi._fonts", None),
    "font_codepoints": ("camon_xinloi._fonts", None),
    "check_glyphs": ("camon_xinloi.render.pdf._glyphs", None),
    "png_info": ("camon_xinloi.render.pdf._geometry", None),
    "PngInfo": ("camon_xinloi.render.pdf._geometry", None),
}


def __getattr__(name: str) -> Any:
    """Names that moved out of ``camon_xinloi.render.pdf``: they work, with a warning."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, public = _MOVED[name]
    if public is None:
        advice = "it is internal and leaves the public API in the next release"
    else:
        advice = f"import it from {public}; the old path goes in the next release"
    warnings.warn(
        f"camon_xinloi.render.pdf.{name} is deprecated: {advice}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module), name)
