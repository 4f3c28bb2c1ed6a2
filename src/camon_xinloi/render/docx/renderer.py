"""The DOCX renderer: the house letterhead by default, or a commune's own docxtpl template."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from camon_xinloi.errors import (
    InvalidOptionError,
    TemplateRenderError,
)
from camon_xinloi.letter import Letter
from camon_xinloi.printable import check_printable

if TYPE_CHECKING:
    pass
from camon_xinloi.render.docx._house import _core_date, check_letter_text, house_docx
from camon_xinloi.render.docx._user_template import (
    _CompiledCache,
    _environment,
    _load_template,
    _merge,
    _TemplateFiles,
    _wrap_template_error,
    letter_context,
)
from camon_xinloi.render.docx._zip import normalize_docx

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
"""The media type of a .docx file."""


class DocxRenderer:
    """Render letters as Word documents (.docx).

    Keeps no letter data between calls; it caches the house letterhead's
    precompressed parts, user template files (by path, mtime and size) and
    their compiled Jinja parts.
    """

    format = "docx"
    media_type = MEDIA_TYPE
    suffix = ".docx"

    def __init__(self) -> None:
        self._files = _TemplateFiles()
        self._compiled = _CompiledCache()

    def render(
        self,
        letter: Letter,
        /,
        *,
        template: str | Path | None = None,
        allow_unprintable: bool = False,
    ) -> bytes:
        """Return the letter as a .docx file.

        Args:
            letter: The composed letter.
            template: A docxtpl .docx template of the commune's own; by default
                the house Decree-30 letterhead.
            allow_unprintable: Keep a character the letter font cannot print (an
                emoji), e.g. in a draft to edit; refused by default, as in HTML
                and PDF (:mod:`camon_xinloi.printable`).

        Raises:
            UnrenderableTextError: If the letter holds a character XML cannot carry,
                or one the letter font cannot print.
            TemplateRenderError: If a tag of the template fails (names file, part and paragraph).
            RenderError: If the template is not a readable DOCX file.
        """
        check_letter_text(letter)
        if not allow_unprintable:
            check_printable(letter, "DOCX")
        if template is None:
            return house_docx([letter])
        return self._render_user(letter, template)

    def _render_user(self, letter: Letter, path: str | Path) -> bytes:
        source = str(path)
        data = self._files.read(path)
        template = _load_template(data, source)
        template.camon_source = source
        template.camon_cache = self._compiled
        try:
            template.render(letter_context(letter), jinja_env=_environment(), autoescape=True)
        except TemplateRenderError:
            raise
        except Exception as exc:
            raise _wrap_template_error(exc, source, "core properties") from exc
        buffer = io.BytesIO()
        template.save(buffer)
        return normalize_docx(buffer.getvalue(), created=_core_date(letter))

    def render_batch(
        self,
        letters: Iterable[Letter],
        /,
        *,
        template: str | Path | None = None,
        allow_unprintable: bool = False,
    ) -> bytes:
        """Return one .docx with one letter per section (page numbers restart per letter).

        ``template`` and ``allow_unprintable`` as in :meth:`render`.
        """
        letters = list(letters)
        if not letters:
            raise InvalidOptionError("a DOCX batch needs at least one letter")
        for letter in letters:
            check_letter_text(letter)
            if not allow_unprintable:
                check_printable(letter, "DOCX")
        if template is None:
            return house_docx(letters)
        return _merge([self._render_user(letter, template) for letter in letters], letters)


def render_docx_batch(
    letters: Iterable[Letter],
    *,
    template: str | Path | None = None,
    allow_unprintable: bool = False,
) -> bytes:
    """Render many letters into one .docx for printing: one letter per section.

    Each section restarts page numbering and has its own first page without a
    number. With a user template, every letter is rendered with it and the
    bodies are joined; headers and footers are those of the first letter.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> render_docx_batch([example_letter(), example_letter()])[:2]
        b'PK'
    """
    from camon_xinloi.render import get_renderer

    registered = get_renderer("docx")
    renderer = registered if isinstance(registered, DocxRenderer) else DocxRenderer()
    return renderer.render_batch(letters, template=template, allow_unprintable=allow_unprintable)
