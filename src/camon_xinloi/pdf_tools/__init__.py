"""PDF post-processing: merge PDFs, fill PDF forms, add the e-office signature fields.

Everything here works on PDF bytes (or files) that already exist; nothing here
lays a letter out. The PDF renderer (:mod:`camon_xinloi.render.pdf`) builds on
it, never the other way round.

Examples:
    >>> from pathlib import Path
    >>> from camon_xinloi.pdf_tools import form_fields
    >>> form = Path("examples/forms/phieu_xin_loi_form.pdf")  # in a checkout
    >>> sorted(form_fields(form))[:3]
    ['agency', 'body', 'date']
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from camon_xinloi._deprecation import Departed, deprecated_attribute
from camon_xinloi.errors import FieldOverflowError, FormError
from camon_xinloi.pdf_tools._signing import (
    SEAL_FIELD,
    SIGNER_FIELD,
    SignatureBox,
    add_signature_fields,
)

if TYPE_CHECKING:
    from camon_xinloi.pdf_tools._forms import fill_form, form_fields, letter_form_values
    from camon_xinloi.pdf_tools._merge import merge_pdfs

__all__ = [
    "SEAL_FIELD",
    "SIGNER_FIELD",
    "FieldOverflowError",
    "FormError",
    "SignatureBox",
    "add_signature_fields",
    "fill_form",
    "form_fields",
    "letter_form_values",
    "merge_pdfs",
]


_LAZY = {
    "fill_form": "camon_xinloi.pdf_tools._forms",
    "form_fields": "camon_xinloi.pdf_tools._forms",
    "letter_form_values": "camon_xinloi.pdf_tools._forms",
    "merge_pdfs": "camon_xinloi.pdf_tools._merge",
}
"""Loaded on first use, so that importing the PDF renderer does not import pypdf."""


_DEPRECATED = {
    "EXAMPLE_FORM": Departed(
        "it points into a repository checkout (examples/forms/phieu_xin_loi_form.pdf), "
        "not into the installed package, and goes in the next release",
        lambda name: (
            Path(__file__).resolve().parents[3] / "examples" / "forms" / "phieu_xin_loi_form.pdf"
        ),
    ),
}


def __getattr__(name: str) -> Any:
    """The lazily loaded functions, and the deprecated ``EXAMPLE_FORM``."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    return deprecated_attribute(__name__, name, _DEPRECATED)
