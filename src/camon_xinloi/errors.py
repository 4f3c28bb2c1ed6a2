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
├── InvalidOptionError(..., ValueError)      a renderer option cannot take that value
├── RenderError                              an engine (typst, docxtpl) failed
├── FormError(..., ValueError)               a PDF form cannot be read or filled
│   └── FieldOverflowError                   a value does not fit its form field
├── InvalidIssuerError(..., ValueError)      an issuer file or dict is wrong
├── UnitError(..., LookupError)              a unit is not in the register as given
│   ├── UnitNotFoundError                    unknown code, name or province; .suggestions
│   ├── AmbiguousUnitError                   a name of several units; .candidates
│   └── UnitMismatchError                    wrong unit type or province; .registered
├── RegisterDataError                        a data file of the register cannot be loaded
├── RecordError(..., ValueError)             a Phụ lục VI metadata field is over its limit
├── ImageError(..., ValueError)              a signature/seal preview image is unusable
├── SigningError(..., ValueError)            a PDF cannot be signed (key, PIN, order, boxes)
├── MissingDependencyError(..., ImportError) an optional engine is not installed
├── BatchError                               a batch cannot run, or a row failed (on_error="raise")
└── BatchInputError(..., ValueError)         batch input cannot be read (encoding, columns)
    └── ColumnError                          a row's dotted columns cannot be nested

KeyboardInterrupt
└── BatchInterrupted                         Ctrl-C or SIGTERM stopped a batch; .report

UserWarning
└── UncheckedUnitWarning                     an issuer with check_register=False
```

``BatchInterrupted`` is deliberately not a :class:`CamonXinloiError`: it is a
:class:`KeyboardInterrupt`, so ``except Exception`` does not swallow Ctrl-C.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - types only; batch imports this module
    from camon_xinloi.batch import BatchItem, BatchReport

__all__ = [
    "AmbiguousUnitError",
    "BatchError",
    "BatchInputError",
    "BatchInterrupted",
    "CamonXinloiError",
    "CatalogueError",
    "ColumnError",
    "EventMismatchError",
    "FieldOverflowError",
    "FormError",
    "ImageError",
    "InvalidIssuerError",
    "InvalidOptionError",
    "MissingDependencyError",
    "RecordError",
    "RegisterDataError",
    "RenderError",
    "SigningError",
    "TemplateNotFoundError",
    "TemplateRenderError",
    "UncheckedUnitWarning",
    "UnitError",
    "UnitMismatchError",
    "UnitNotFoundError",
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


class InvalidOptionError(CamonXinloiError, ValueError):
    """A renderer option cannot take that value (the message names it and what is allowed).

    For example ``dpi=0``, ``standard="a-1b"``, ``festive=True`` for a condolence
    letter, or an empty list of letters for a combined document.
    """


class RenderError(CamonXinloiError):
    """An output engine (typst, docxtpl) failed on a letter."""


class FormError(CamonXinloiError, ValueError):
    """A PDF form cannot be read or filled (corrupt file, unknown field, wrong field type)."""


class FieldOverflowError(FormError):
    """A value does not fit its form field even at the smallest font size."""


class InvalidIssuerError(CamonXinloiError, ValueError):
    """The issuer description (dict or TOML file) is invalid."""


class UnitError(CamonXinloiError, LookupError):
    """A unit is not in the register of commune-level units as given.

    Attributes:
        query: What was asked for (a code, a name, a province).
    """

    def __init__(self, message: str, *, query: str) -> None:
        self.query = query
        super().__init__(message)


class UnitNotFoundError(UnitError):
    """No unit (or province) of the register has that code or name.

    Attributes:
        suggestions: Up to three close units (:class:`~camon_xinloi.admin_units.AdminUnit`),
            best first.
    """

    def __init__(self, message: str, *, query: str, suggestions: tuple[object, ...]) -> None:
        self.suggestions = suggestions
        super().__init__(message, query=query)


class AmbiguousUnitError(UnitError):
    """Several units have that name; the message lists each with its province and code.

    Attributes:
        candidates: Every matching unit.
    """

    def __init__(self, message: str, *, query: str, candidates: tuple[object, ...]) -> None:
        self.candidates = candidates
        super().__init__(message, query=query)


class UnitMismatchError(UnitError):
    """The unit exists, but is of another type or in another province than given.

    Attributes:
        registered: The unit(s) of that name as the register holds them.
    """

    def __init__(self, message: str, *, query: str, registered: tuple[object, ...]) -> None:
        self.registered = registered
        super().__init__(message, query=query)


class RegisterDataError(CamonXinloiError):
    """A data file of the register cannot be loaded (the message names the file)."""


class UncheckedUnitWarning(UserWarning):
    """An issuer was created with ``check_register=False``: its unit is not checked."""


class RecordError(CamonXinloiError, ValueError):
    """A field of the outgoing-document record (Decree 30, Phụ lục VI) is over its limit."""


class ImageError(CamonXinloiError, ValueError):
    """A signature or seal preview image is not a PNG, has no transparency, or does not fit."""


class SigningError(CamonXinloiError, ValueError):
    """A PDF cannot be signed: no boxes, wrong PIN or passphrase, expired key, wrong order."""


class MissingDependencyError(CamonXinloiError, ImportError):
    """A dependency cannot be imported; the message says what to install."""


class BatchError(CamonXinloiError):
    """A batch cannot run (output not writable, bad options), or a row failed with on_error="raise".

    Attributes:
        item: The failed row's report item, when the error is about one row.
    """

    def __init__(self, message: str, *, item: BatchItem | None = None) -> None:
        super().__init__(message)
        self.item = item


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM in the CLI) stopped a batch; ``.report`` says what was done.

    Only complete files remain on disk.
    """

    def __init__(self, report: BatchReport) -> None:
        super().__init__(f"batch interrupted after {report.done} of the rows")
        self.report = report


class BatchInputError(CamonXinloiError, ValueError):
    """The batch input cannot be read at all (encoding, format, missing columns, limits)."""


class ColumnError(BatchInputError):
    """A row's cells cannot be nested: conflicting dotted columns, a gap in a list, too deep.

    Attributes:
        column: The column the problem is about.
    """

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column
