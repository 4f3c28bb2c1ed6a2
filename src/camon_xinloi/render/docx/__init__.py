"""DOCX renderer: the house Decree-30 letterhead, or a commune's own docxtpl template.

Two paths produce a ``.docx`` from a :class:`~camon_xinloi.letter.Letter`:

- **House letterhead** (the default). The static parts of
  ``docx_templates/letterhead.docx`` (styles, page setup, the page-number
  header, fonts) are read and compressed once; for each letter only
  ``word/document.xml`` and ``docProps/core.xml`` are written, as strings with
  every value XML-escaped, and the zip archive is assembled by hand from the
  precompressed entries. No docxtpl, no python-docx per letter.
- **A user template** (``template="our_letterhead.docx"``): a docxtpl
  template, rendered with ``autoescape=True`` in a sandboxed, strict Jinja
  environment. The context is documented in ``docs/docx.md`` and built by
  :func:`letter_context`. :func:`camon_xinloi.lint.check_docx_template` lints such a file.

Output is byte-identical for the same letter: zip entries in a fixed order,
dated 1980-01-01, no random ids, and ``docProps/core.xml`` created/modified
set to the letter's date (1 January of the letter's year for an undated draft).

Examples:
    >>> from camon_xinloi.testing import example_letter
    >>> data = DocxRenderer().render(example_letter())
    >>> data[:2], data == DocxRenderer().render(example_letter())
    (b'PK', True)
"""

from __future__ import annotations

from typing import Any

from camon_xinloi._deprecation import deprecated_attribute, moved_to
from camon_xinloi.render.docx._house import check_letter_text as check_letter_text
from camon_xinloi.render.docx._user_template import LETTER_FIELDS as LETTER_FIELDS
from camon_xinloi.render.docx._user_template import letter_context
from camon_xinloi.render.docx._zip import FIXED_DATE, normalize_docx
from camon_xinloi.render.docx.renderer import MEDIA_TYPE, DocxRenderer, render_docx_batch

__all__ = [
    "FIXED_DATE",
    "MEDIA_TYPE",
    "DocxRenderer",
    "letter_context",
    "normalize_docx",
    "render_docx_batch",
]

_DEPRECATED = {
    "Problem": moved_to("camon_xinloi.lint"),
    "check_docx_template": moved_to("camon_xinloi.lint"),
}


def __getattr__(name: str) -> Any:
    """Names that moved to :mod:`camon_xinloi.lint`: they work, with a warning."""
    return deprecated_attribute(__name__, name, _DEPRECATED)
