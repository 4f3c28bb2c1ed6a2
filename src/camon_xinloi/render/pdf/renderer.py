"""The PDF and PNG renderers, batches of letters in one PDF, and reading a PDF's boxes back.

Output is deterministic: the document date is fixed (the ``created`` option,
by default the letter's date at 00:00 UTC, or 1 January of its year for a
draft), so two renders of the same letter are byte-identical with the same
typst version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Unpack

from camon_xinloi._safe_pdf import pdf_errors
from camon_xinloi.errors import InvalidOptionError, RenderError
from camon_xinloi.letter import Letter
from camon_xinloi.pdf_tools._signing import (
    SignatureBox,
    add_signature_fields,
    field_boxes,
    text_positions,
)
from camon_xinloi.render.pdf._geometry import Layout
from camon_xinloi.render.pdf._glyphs import check_glyphs
from camon_xinloi.render.pdf._options import PdfOptionKeywords, PdfOptions, pdf_options
from camon_xinloi.render.pdf._typst import (
    check_standard,
    compile_document,
    document_date,
    document_json,
    metadata,
)


def _layout(options: PdfOptions) -> Layout:
    return Layout.make(
        seal_size_mm=options.seal_size_mm,
        signature_image=options.signature_image,
        seal_image=options.seal_image,
    )


def _render_pdf(
    letters: Sequence[Letter],
    options: PdfOptions,
    *,
    layout: Layout | None = None,
    boxes: bool = False,
) -> tuple[bytes, list[list[SignatureBox]]]:
    if not letters:
        raise InvalidOptionError("no letters to render; pass at least one Letter")
    check_standard(options.standard)
    for letter in letters:
        check_glyphs(letter)
    when = document_date(letters[0], options.created)
    document = document_json(
        letters, created=when, festive=options.festive, layout=layout, marks=boxes
    )
    return compile_document(
        document, created=when, standard=options.standard, boxes=boxes, tagged=options.tagged
    )


def render_pdf_batch(
    letters: Iterable[Letter],
    *,
    options: PdfOptions | None = None,
    chunk_size: int | None = None,
    **keywords: Unpack[PdfOptionKeywords],
) -> bytes:
    """Lay many letters out as one PDF, each from a new page, the font embedded once.

    Page numbers restart with every letter. Document metadata come from the
    first letter; the document date defaults to the first letter's date.

    typst lays a document out in memory and keeps recent layouts cached, so
    memory grows with the size of one document (about 1.4 GiB for 1,000
    one-page letters). ``chunk_size`` bounds it: the letters are compiled in
    chunks and merged with pypdf, with one font copy per chunk (see
    ``docs/pdf.md`` for measurements).

    Args:
        letters: The letters, in print order.
        options: The :class:`PdfOptions` (``standard="a-2b"`` makes one document
            only: no ``chunk_size``; ``signature_fields`` is for one letter only).
        chunk_size: Compile this many letters at a time and merge; None for one document.
        **keywords: Fields of :class:`PdfOptions`, applied over ``options``
            (``created``, ``standard``, ``festive``, ``tagged``, …).

    Raises:
        InvalidOptionError: If ``letters`` is empty, festive is asked for a non-congratulation
            letter, ``chunk_size`` is not positive, or it is combined with PDF/A, or
            signature fields are asked for.
        UnrenderableTextError: A character has no glyph in the font.

    Examples:
        >>> import io
        >>> from pypdf import PdfReader
        >>> from camon_xinloi.testing import example_letter
        >>> pdf = render_pdf_batch([example_letter()] * 3, chunk_size=2)
        >>> len(PdfReader(io.BytesIO(pdf)).pages)
        3
    """
    opts = pdf_options(options, keywords)
    batch = list(letters)
    if opts.signature_fields:
        raise InvalidOptionError(
            "signature_fields=True is for one letter (the fields are named ChuKy and ConDau); "
            "render each letter that will be signed on its own"
        )
    if chunk_size is not None and chunk_size < 1:
        raise InvalidOptionError(f"chunk_size must be at least 1, got {chunk_size!r}")
    layout = _layout(opts)
    if chunk_size is None or len(batch) <= chunk_size:
        pdf, _ = _render_pdf(batch, opts, layout=layout)
        return pdf
    if opts.standard is not None:
        raise InvalidOptionError(
            "a PDF/A batch is compiled as one document (merging would break conformance);"
            " leave chunk_size=None"
        )
    chunk_options = opts.with_changes(created=document_date(batch[0], opts.created))
    parts = [
        _render_pdf(batch[i : i + chunk_size], chunk_options, layout=layout)[0]
        for i in range(0, len(batch), chunk_size)
    ]
    from camon_xinloi.pdf_tools._merge import merge_pdfs  # pypdf, only for chunks

    meta = metadata(batch)
    return merge_pdfs(
        parts,
        metadata={
            "/Title": meta["title"],
            "/Author": ", ".join(meta["author"]),
            "/Subject": meta["subject"],
            "/Keywords": ", ".join(meta["keywords"]),
        },
    )


class PdfRenderer:
    """Render a letter as an A4 PDF laid out to Decree 30/2020, with Tinos embedded.

    Every method takes ``options=PdfOptions(...)`` and the same options as
    keyword arguments, applied over ``options``.
    """

    format = "pdf"
    media_type = "application/pdf"
    suffix = ".pdf"

    def render(
        self,
        letter: Letter,
        /,
        *,
        options: PdfOptions | None = None,
        **keywords: Unpack[PdfOptionKeywords],
    ) -> bytes:
        """Return the PDF bytes.

        Args:
            letter: The composed letter.
            options: How to render it (:class:`PdfOptions`; default: plain tagged PDF).
            **keywords: Fields of :class:`PdfOptions` (``created``, ``standard``,
                ``festive``, ``tagged``, ``seal_size_mm``, ``signature_fields``,
                ``signature_image``, ``seal_image``), applied over ``options``.

        Raises:
            InvalidOptionError: festive=True for a letter that is not a congratulation,
                an unknown or PDF/A-1 standard, a seal size out of range.
            ImageError: A preview image is not a PNG, has no transparency, or
                is larger than its area.
            UnrenderableTextError: A character has no glyph in the font (emoji, CJK…).
            RenderError: typst failed.
        """
        opts = pdf_options(options, keywords)
        # Asking typst for the boxes costs a second layout pass; only signature fields need them.
        pdf, _ = _render_one(letter, opts, want_boxes=opts.signature_fields)
        return pdf

    def render_with_boxes(
        self,
        letter: Letter,
        /,
        *,
        options: PdfOptions | None = None,
        **keywords: Unpack[PdfOptionKeywords],
    ) -> tuple[bytes, list[SignatureBox]]:
        """Return the PDF and the rectangles an e-office system signs and stamps into.

        The rectangles come from typst's own layout of this very PDF (the
        positions of labelled marks), not from a guess. Options are those of
        :meth:`render`.

        Examples:
            >>> from camon_xinloi.testing import example_letter
            >>> pdf, boxes = PdfRenderer().render_with_boxes(example_letter(draft=True))
            >>> [box.kind for box in boxes]
            ['signer', 'seal', 'number', 'date', 'day', 'month']
        """
        return _render_one(letter, pdf_options(options, keywords), want_boxes=True)

    def render_batch(
        self,
        letters: Iterable[Letter],
        /,
        *,
        options: PdfOptions | None = None,
        chunk_size: int | None = None,
        **keywords: Unpack[PdfOptionKeywords],
    ) -> bytes:
        """Return many letters as one PDF: :func:`render_pdf_batch`."""
        return render_pdf_batch(letters, options=options, chunk_size=chunk_size, **keywords)


def _render_one(
    letter: Letter, options: PdfOptions, *, want_boxes: bool
) -> tuple[bytes, list[SignatureBox]]:
    """One letter as a PDF, with its boxes when asked (empty list otherwise)."""
    layout = _layout(options)
    pdf, grouped = _render_pdf(
        [letter], options, layout=layout, boxes=want_boxes or options.signature_fields
    )
    boxes = grouped[0] if grouped else []
    if options.signature_fields:
        pdf = add_signature_fields(pdf, boxes)
    return pdf, boxes if want_boxes else []


class PngRenderer:
    """Render page 1 of a letter as a PNG image (typst's own rasteriser, no external tool)."""

    format = "png"
    media_type = "image/png"
    suffix = ".png"

    def render(
        self,
        letter: Letter,
        /,
        *,
        dpi: int = 96,
        options: PdfOptions | None = None,
        **keywords: Unpack[PdfOptionKeywords],
    ) -> bytes:
        """Return page 1 as PNG bytes.

        Args:
            letter: The composed letter.
            dpi: Resolution in pixels per inch.
            options: The page's :class:`PdfOptions`: ``festive``, ``seal_size_mm``
                and the preview images apply; ``standard`` and ``signature_fields``
                make no sense for an image and are refused.
            **keywords: Fields of :class:`PdfOptions`, applied over ``options``.
        """
        opts = pdf_options(options, keywords)
        if dpi <= 0:
            raise InvalidOptionError(f"dpi must be positive, got {dpi!r}")
        if opts.standard is not None or opts.signature_fields:
            raise InvalidOptionError(
                "standard and signature_fields are PDF options; a PNG cannot have them"
            )
        layout = _layout(opts)
        check_glyphs(letter)
        when = document_date(letter, opts.created)
        document = document_json([letter], created=when, festive=opts.festive, layout=layout)
        png, _ = compile_document(document, created=when, fmt="png", ppi=float(dpi))
        return png


def signature_boxes(
    pdf: bytes,
    letter: Letter | None = None,
    *,
    options: PdfOptions | None = None,
    **keywords: Unpack[PdfOptionKeywords],
) -> list[SignatureBox]:
    """Return the signing rectangles of a PDF made by :class:`PdfRenderer`.

    - Without ``letter``: read from the empty signature fields ``ChuKy`` and
      ``ConDau`` of a PDF rendered with ``signature_fields=True`` (signer and
      seal boxes only).
    - With ``letter``: the letter is laid out again by typst (deterministic,
      no PDF written) to get all boxes, and the PDF is checked to be that
      letter: the signer's name and the "Số:" line must be where the layout
      puts them.

    Prefer :meth:`PdfRenderer.render_with_boxes`, which returns the boxes
    with the PDF.

    Args:
        pdf: The PDF.
        letter: The letter it was made from.
        options: The :class:`PdfOptions` it was rendered with; only
            ``seal_size_mm`` changes the boxes.
        **keywords: Fields of :class:`PdfOptions` (``seal_size_mm=``), applied over
            ``options``.

    Raises:
        RenderError: The PDF has no signature fields and no letter was given,
            or the PDF does not match the letter.
    """
    opts = pdf_options(options, keywords)
    if letter is None:
        with pdf_errors(pdf, RenderError):
            found = field_boxes(pdf)
        if not found:
            raise RenderError(
                "the PDF has no ChuKy/ConDau signature fields; pass the letter it was made "
                "from, or render it with signature_fields=True"
            )
        return found
    layout = Layout.make(seal_size_mm=opts.seal_size_mm, signature_image=None, seal_image=None)
    check_glyphs(letter)
    when = document_date(letter, None)
    _, grouped = compile_document(
        document_json([letter], created=when, festive=False, layout=layout, marks=True),
        created=when,
        boxes=True,
    )
    boxes = grouped[0]
    with pdf_errors(pdf, RenderError):
        _check_matches(pdf, letter, boxes)
    return boxes


def _check_matches(pdf: bytes, letter: Letter, boxes: Sequence[SignatureBox]) -> None:
    """Raise RenderError unless the PDF is this letter, its name just under the signer box."""
    positions = text_positions(pdf)
    printed = re.sub(r"\s+", "", "".join(text for _, text, _, _ in positions))
    expected = [letter.title, *letter.recipients, letter.body[-1].text]
    missing = [part for part in expected if re.sub(r"\s+", "", part) not in printed]
    signer = next(box for box in boxes if box.kind == "signer")
    first_word = letter.signature.name.split()[0]
    placed = any(
        page == signer.page and text.startswith(first_word) and 0 < signer.lly - y < 30
        for page, text, _x, y in positions
    )
    if missing or not placed:
        what = f"{missing[0]!r} is not in it" if missing else "the signer's name is elsewhere"
        raise RenderError(
            f"the PDF was not made from this letter ({what}); pass the letter it was made "
            "from, and the same seal_size_mm"
        )
