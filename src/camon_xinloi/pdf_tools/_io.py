"""Reading and writing PDF bytes with pypdf, with one error for a file that is no PDF."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from camon_xinloi._safe_pdf import open_pdf
from camon_xinloi.errors import FormError

PdfSource = bytes | Path
"""A PDF file, as its bytes or its path."""


def read_pdf(pdf: PdfSource) -> PdfReader:
    """Open a PDF safely (see :mod:`camon_xinloi._safe_pdf`); any failure is a FormError."""
    return open_pdf(pdf, FormError)


def pdf_bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
