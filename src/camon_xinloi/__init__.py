"""camon_xinloi: letters from Vietnamese commune People's Committees to their citizens.

Congratulations, condolences, apologies and thanks, composed from typed events
with correct Vietnamese (honorifics, Decree 30 dates, lunar dates, amounts in
words) and rendered to text, HTML, DOCX and PDF.

Examples:
    >>> import camon_xinloi as cx
    >>> from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer
    >>> letter = cx.compose("chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"),
    ...                     issuer=example_issuer(), on=EXAMPLE_DATE)
    >>> letter.title
    'THƯ CHÚC MỪNG'
"""

from __future__ import annotations

from camon_xinloi.batch import BatchReport, render_many
from camon_xinloi.catalogue import Catalogue, Template, catalogue
from camon_xinloi.compose import compose
from camon_xinloi.errors import (
    AmbiguousUnitError,
    BatchError,
    BatchInputError,
    BatchInterrupted,
    CamonXinloiError,
    CatalogueError,
    EventMismatchError,
    FieldOverflowError,
    FormError,
    ImageError,
    InvalidIssuerError,
    InvalidOptionError,
    MissingDependencyError,
    RecordError,
    RegisterDataError,
    RenderError,
    SigningError,
    TemplateNotFoundError,
    TemplateRenderError,
    UncheckedUnitWarning,
    UnitError,
    UnitMismatchError,
    UnitNotFoundError,
    UnknownFormatError,
    UnrenderableTextError,
)
from camon_xinloi.events import Event, Person, parse_event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import Letter, Paragraph, Run, SignatureBlock
from camon_xinloi.render import (
    Renderer,
    available_formats,
    get_renderer,
    register_renderer,
    render,
)
from camon_xinloi.render.pdf import PdfOptions

__version__ = "0.1.0"

__all__ = [
    "AmbiguousUnitError",
    "BatchError",
    "BatchInputError",
    "BatchInterrupted",
    "BatchReport",
    "CamonXinloiError",
    "Catalogue",
    "CatalogueError",
    "Event",
    "EventMismatchError",
    "FieldOverflowError",
    "FormError",
    "ImageError",
    "InvalidIssuerError",
    "InvalidOptionError",
    "Issuer",
    "Letter",
    "MissingDependencyError",
    "Paragraph",
    "PdfOptions",
    "Person",
    "RecordError",
    "RegisterDataError",
    "RenderError",
    "Renderer",
    "Run",
    "Signatory",
    "SignatureBlock",
    "SigningError",
    "Template",
    "TemplateNotFoundError",
    "TemplateRenderError",
    "UncheckedUnitWarning",
    "UnitError",
    "UnitMismatchError",
    "UnitNotFoundError",
    "UnknownFormatError",
    "UnrenderableTextError",
    "__version__",
    "available_formats",
    "catalogue",
    "compose",
    "get_renderer",
    "parse_event",
    "register_renderer",
    "render",
    "render_many",
]
