"""Reading and writing PDF bytes with pypdf, with one error for a file that is no PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from camon_xinloi.errors import FormError

PdfSource = bytes | Path
"""A PDF file, as its bytes or its path."""


def read_pdf(pdf: PdfSource) -> PdfReader:
    try:
        data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
        reader = PdfReader(BytesIO(data), strict=False)
        _ = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        name = str(pdf) if isinstance(pdf, Path) else f"{len(pdf)} bytes"
        raise FormError(f"cannot read the PDF ({name}): {exc}; is it a PDF file?") from exc
    return reader


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
