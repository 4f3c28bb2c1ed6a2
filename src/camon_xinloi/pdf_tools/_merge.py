"""Merging PDFs into one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pypdf import PdfWriter

from camon_xinloi._safe_pdf import pdf_errors
from camon_xinloi.errors import FormError
from camon_xinloi.pdf_tools._io import PdfSource, pdf_bytes, read_pdf


def merge_pdfs(pdfs: Iterable[PdfSource], *, metadata: Mapping[str, str] | None = None) -> bytes:
    """Concatenate PDFs into one, keeping one copy of identical objects (fonts, images).

    Letters rendered one by one each embed their own font subset; only
    byte-identical subsets can be shared. For printing many letters,
    :func:`camon_xinloi.render.pdf.render_pdf_batch` embeds the font once.

    Args:
        pdfs: PDF files as bytes or paths, in order.
        metadata: Document information entries ("/Title", "/Author", ...) that replace
            those of the first file, which are kept otherwise.

    Raises:
        FormError: One of them is not a readable PDF, or there is none.
    """
    writer = PdfWriter()
    count = 0
    for pdf in pdfs:
        reader = read_pdf(pdf)
        with pdf_errors(pdf, FormError):
            if count == 0 and reader.metadata:
                writer.add_metadata(dict(reader.metadata))
            writer.append(reader)
        count += 1
    if count == 0:
        raise FormError("no PDFs to merge; pass at least one")
    if metadata:
        writer.add_metadata(dict(metadata))
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    return pdf_bytes(writer)
