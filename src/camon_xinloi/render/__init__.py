"""Renderers: one output format each, found through a registry.

Built-in formats are registered by name; third parties add formats through
the entry-point group ``camon_xinloi.renderers`` (the entry point names a
zero-argument factory that returns a :class:`Renderer`), loaded the first
time a lookup misses.

A renderer that can put many letters into one file (for printing) also offers
``render_batch(letters, /, **options) -> bytes`` (the PDF and DOCX renderers
do): ask :func:`supports_batch` before calling it.

Examples:
    >>> "text" in available_formats()
    True
    >>> get_renderer("odt")
    Traceback (most recent call last):
    ...
    camon_xinloi.errors.UnknownFormatError: unknown format 'odt'; available: docx, html, ...
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Any, Protocol, TypeGuard, runtime_checkable

from camon_xinloi.errors import UnknownFormatError
from camon_xinloi.letter import Letter

__all__ = [
    "BatchRenderer",
    "Renderer",
    "available_formats",
    "get_renderer",
    "register_renderer",
    "render",
    "supports_batch",
]

ENTRY_POINT_GROUP = "camon_xinloi.renderers"


@runtime_checkable
class Renderer(Protocol):
    """An output format. Renderers keep no letter data between calls.

    What :func:`register_renderer` expects (a factory returns one). Optional
    capability: a renderer that can put many letters into one file also has
    ``render_batch(letters, /, **options) -> bytes`` (see :class:`BatchRenderer`);
    callers find out with :func:`supports_batch`.

    Attributes:
        format: The format name, as given to :func:`render`.
        media_type: The MIME type of the bytes (``"application/pdf"``).
        suffix: The file name suffix (``".pdf"``).
    """

    format: str
    media_type: str
    suffix: str

    def render(self, letter: Letter, /, **options: Any) -> bytes:
        """Return the letter in this format."""
        ...


@runtime_checkable
class BatchRenderer(Renderer, Protocol):
    """A :class:`Renderer` that can also put many letters into one file (PDF, DOCX)."""

    def render_batch(self, letters: Iterable[Letter], /, **options: Any) -> bytes:
        """Return the letters, in order, as one file in this format (each from a new page)."""
        ...


def supports_batch(renderer: Renderer) -> TypeGuard[BatchRenderer]:
    """Whether a renderer can put many letters into one file (has ``render_batch``).

    Examples:
        >>> supports_batch(get_renderer("pdf")), supports_batch(get_renderer("text"))
        (True, False)
    """
    return callable(getattr(renderer, "render_batch", None))


RendererFactory = Callable[[], Renderer]

_BUILTIN: dict[str, str] = {
    "text": "camon_xinloi.render.text:TextRenderer",
    "sms": "camon_xinloi.render.sms:SmsRenderer",
    "html": "camon_xinloi.render.html:HtmlRenderer",
    "docx": "camon_xinloi.render.docx:DocxRenderer",
    "pdf": "camon_xinloi.render.pdf:PdfRenderer",
    "png": "camon_xinloi.render.pdf:PngRenderer",
}
_factories: dict[str, RendererFactory] = {}
_instances: dict[str, Renderer] = {}
_entry_points_loaded = False


def register_renderer(fmt: str, factory: RendererFactory) -> None:
    """Register (or replace) the renderer for a format.

    Args:
        fmt: The format name used with :func:`render`.
        factory: A zero-argument callable that builds the renderer.
    """
    _factories[fmt] = factory
    _instances.pop(fmt, None)


def _load_builtin(fmt: str) -> RendererFactory:
    module_name, _, attr = _BUILTIN[fmt].partition(":")
    factory: RendererFactory = getattr(importlib.import_module(module_name), attr)
    return factory


def _load_entry_points() -> None:
    global _entry_points_loaded
    _entry_points_loaded = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        _factories.setdefault(ep.name, ep.load())


def available_formats() -> list[str]:
    """Return every format that can be rendered, sorted."""
    if not _entry_points_loaded:
        _load_entry_points()
    return sorted({*_BUILTIN, *_factories})


def get_renderer(fmt: str) -> Renderer:
    """Return the (shared, stateless) renderer for a format.

    Raises:
        UnknownFormatError: If no renderer is registered for ``fmt``.
    """
    renderer = _instances.get(fmt)
    if renderer is not None:
        return renderer
    factory = _factories.get(fmt)
    if factory is None and fmt in _BUILTIN:
        factory = _load_builtin(fmt)
    if factory is None and not _entry_points_loaded:
        _load_entry_points()
        factory = _factories.get(fmt)
    if factory is None:
        raise UnknownFormatError(
            f"unknown format {fmt!r}; available: {', '.join(available_formats())}"
        )
    renderer = _instances[fmt] = factory()
    return renderer


def render(letter: Letter, fmt: str = "text", /, **options: Any) -> bytes:
    """Render a letter to one format and return the bytes.

    Args:
        letter: The composed letter.
        fmt: "text", "sms", "html", "docx", "pdf", "png" or a registered format.
        **options: Format options, e.g. ``template=`` for DOCX, ``created=`` for PDF.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> render(example_letter(), "text").decode().splitlines()[0].strip()
        'ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'
    """
    return get_renderer(fmt).render(letter, **options)
