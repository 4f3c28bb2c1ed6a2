"""The exception tree of camon_xinloi.

Every error the library raises on purpose derives from :class:`CamonXinloiError`,
so a portal can catch one class. Bad events are the exception: they raise
:class:`pydantic.ValidationError`, because the event models are public API.

```
CamonXinloiError
├── CatalogueError                           bad meta.toml, missing file, duplicate id
├── TemplateNotFoundError(..., LookupError)  unknown template id, with "did you mean"
├── EventMismatchError(..., TypeError)       the event is not the template's kind
├── TemplateRenderError                      a template failed; .template_id, .lineno
├── UnknownFormatError(..., ValueError)      no renderer for that format
├── UnrenderableTextError(..., ValueError)   a character a format cannot carry
├── RenderError                              an engine (typst, docxtpl) failed
├── FormError(..., ValueError)               a PDF form cannot be read or filled
│   └── FieldOverflowError                   a value does not fit its form field
├── InvalidIssuerError(..., ValueError)      an issuer file or dict is wrong
├── RecordError(..., ValueError)             a Phụ lục VI metadata field is over its limit
├── ImageError(..., ValueError)              a signature/seal preview image is unusable
├── SigningError(..., ValueError)            a PDF cannot be signed (key, PIN, order, boxes)
└── MissingDependencyError(..., ImportError) an optional engine is not installed
```
"""

from __future__ import annotations

__all__ = [
    "CamonXinloiError",
    "CatalogueError",
    "EventMismatchError",
    "FieldOverflowError",
    "FormError",
    "ImageError",
    "InvalidIssuerError",
    "MissingDependencyError",
    "RecordError",
    "RenderError",
    "SigningError",
    "TemplateNotFoundError",
    "TemplateRenderError",
    "UnknownFormatError",
    "UnrenderableTextError",
]


class CamonXinloiError(Exception):
    """Base class of every error raised by camon_xinloi on purpose."""


class CatalogueError(CamonXinloiError):
    """A template folder or its metadata is wrong (the message names the path)."""


class TemplateNotFoundError(CamonXinloiError, LookupError):
    """No template has the requested id.

    Attributes:
        template_id: The id that was asked for.
        suggestions: Close ids, best first.
    """

    def __init__(self, template_id: str, suggestions: list[str]) -> None:
        self.template_id = template_id
        self.suggestions = suggestions
        hint = f"; did you mean {suggestions[0]!r}?" if suggestions else ""
        super().__init__(f"unknown template {template_id!r}{hint}")


class EventMismatchError(CamonXinloiError, TypeError):
    """The event given to a template is not of the kind the template is written for."""


class TemplateRenderError(CamonXinloiError):
    """A template could not be rendered.

    Attributes:
        template_id: The template's id.
        lineno: The line in the template source, when known.
    """

    def __init__(self, message: str, *, template_id: str, lineno: int | None = None) -> None:
        self.template_id = template_id
        self.lineno = lineno
        where = f"template {template_id!r}" + (f", line {lineno}" if lineno else "")
        super().__init__(f"{where}: {message}")


class UnknownFormatError(CamonXinloiError, ValueError):
    """No renderer is registered for the requested format."""


class UnrenderableTextError(CamonXinloiError, ValueError):
    """A character cannot be carried by the output format (for example no glyph in the font)."""


class RenderError(CamonXinloiError):
    """An output engine (typst, docxtpl) failed on a letter."""


class FormError(CamonXinloiError, ValueError):
    """A PDF form cannot be read or filled (corrupt file, unknown field, wrong field type)."""


class FieldOverflowError(FormError):
    """A value does not fit its form field even at the smallest font size."""


class InvalidIssuerError(CamonXinloiError, ValueError):
    """The issuer description (dict or TOML file) is invalid."""


class RecordError(CamonXinloiError, ValueError):
    """A field of the outgoing-document record (Decree 30, Phụ lục VI) is over its limit."""


class ImageError(CamonXinloiError, ValueError):
    """A signature or seal preview image is not a PNG, has no transparency, or does not fit."""


class SigningError(CamonXinloiError, ValueError):
    """A PDF cannot be signed: no boxes, wrong PIN or passphrase, expired key, wrong order."""


class MissingDependencyError(CamonXinloiError, ImportError):
    """A dependency cannot be imported; the message says what to install."""
