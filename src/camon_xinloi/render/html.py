"""HTML renderer: a self-contained page laid out to Decree 30/2020.

The page is rendered by a plain (not sandboxed: the layout is ours, not a
user's) Jinja environment with ``autoescape=True`` and ``StrictUndefined``,
so every value from the letter is escaped. The CSS is inline, so the page
needs no other file; it is also what ``Letter._repr_html_`` shows in Jupyter.

Examples:
    >>> from camon_xinloi.testing import example_letter
    >>> html = letter_to_html(example_letter())
    >>> html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html
    True
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter
from camon_xinloi.printable import check_printable
from camon_xinloi.render._unit_names import keep_together

__all__ = ["HtmlRenderer", "letter_to_html"]

_TEMPLATES = Path(__file__).parent / "html_templates"

_ALIGN_CLASS = {
    "justify": "cx-justify",
    "center": "cx-center",
    "left": "cx-left-align",
    "right": "cx-right-align",
}


_GLUED = re.compile(r"[^\s\xa0]*(?:\xa0[^\s\xa0]*)+")
"""A run of words joined by no-break spaces in what :func:`keep_together` returns."""


def keep_html(text: str) -> Markup:
    """Escape ``text``, wrapping unit names and phone numbers in a no-wrap span.

    The printed formats glue "Phường 1 Bảo Lộc" and "0903 123 456" with no-break
    spaces; a page keeps the letter's own characters and says the same in CSS
    (``.cx-keep { white-space: nowrap }``), so its text stays exactly the letter's.

    Examples:
        >>> str(keep_html("Phường 1 Bảo Lộc & <b>"))
        '<span class="cx-keep">Phường 1 Bảo Lộc</span> &amp; &lt;b&gt;'
    """
    kept = keep_together(text)
    out: list[Markup] = []
    pos = 0
    for glued in _GLUED.finditer(kept):
        out.append(escape(text[pos : glued.start()]))
        out.append(Markup('<span class="cx-keep">%s</span>') % text[glued.start() : glued.end()])
        pos = glued.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["keep"] = keep_html
    return env.get_template("letter.html.j2")


def letter_to_html(letter: Letter) -> str:
    """Return the letter as a complete HTML page (UTF-8, ``lang="vi"``, inline CSS).

    Args:
        letter: The composed letter.

    Returns:
        The page as text; every value from the letter is HTML-escaped.

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ" in letter_to_html(example_letter())
        True
    """
    return _template().render(
        letter=letter,
        national_name=NATIONAL_NAME,
        national_motto=NATIONAL_MOTTO,
        align_class=_ALIGN_CLASS,
    )


class HtmlRenderer:
    """Render a letter as a self-contained HTML page."""

    format = "html"
    media_type = "text/html; charset=utf-8"
    suffix = ".html"

    def render(self, letter: Letter, /, *, allow_unprintable: bool = False) -> bytes:
        """Return the HTML page encoded as UTF-8.

        Args:
            letter: The composed letter.
            allow_unprintable: Keep a character the letter font cannot print (an
                emoji), for a page that is only shown on screen; refused by
                default, as in DOCX and PDF (:mod:`camon_xinloi.printable`).

        Raises:
            UnrenderableTextError: A character the letter font cannot print.
        """
        if not allow_unprintable:
            check_printable(letter, "HTML")
        return letter_to_html(letter).encode("utf-8")
