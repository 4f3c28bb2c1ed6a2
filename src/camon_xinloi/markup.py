r"""The small markup that template bodies are written in.

Template prose is split into paragraphs by blank lines; inside a paragraph any
run of white space in the template's own text (line breaks included) is one
space, so authors may wrap and indent lines freely.

* ``**bold**`` and ``*italic*`` mark emphasis (``\*`` is a literal asterisk);
* a paragraph that starts with ``=`` and a space is centred and has no indent
  (a headline wish such as "Trăm năm hạnh phúc").

Values inserted by ``{{ ... }}`` are *never* read as markup: the Jinja
environment wraps each one in two private-use characters (:data:`OPEN`,
:data:`CLOSE`), which this parser treats as a literal span, and events refuse
private-use characters, so citizen data cannot forge them. A line break inside
an inserted value is kept as a line break.

Examples:
    >>> [p.text for p in parse_markup("Kính chúc\nhai bạn.\n\n= **Trăm năm hạnh phúc**")]
    ['Kính chúc hai bạn.', 'Trăm năm hạnh phúc']
    >>> parse_markup(f"Gửi {OPEN}**A & B**{CLOSE}.")[0].text
    'Gửi **A & B**.'
"""

from __future__ import annotations

import re

from camon_xinloi.letter import Paragraph, Run

__all__ = ["CLOSE", "OPEN", "literal", "parse_markup"]

OPEN = "\ue000"
"""Starts a literal span (an inserted value)."""
CLOSE = "\ue001"
"""Ends a literal span."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def literal(value: object) -> str:
    """Wrap a value so that the markup parser keeps it exactly as it is.

    A value may hold whole literal spans (the output of a ``{% set %}`` block or a
    macro that printed values), never a lone :data:`OPEN` or :data:`CLOSE`: a
    template cannot end a span early and have the data after it read as markup.

    Raises:
        ValueError: If the value's literal spans are not balanced.

    Examples:
        >>> literal("*x*") == OPEN + "*x*" + CLOSE
        True
        >>> literal(CLOSE + "**")
        Traceback (most recent call last):
        ...
        ValueError: a value holds an unbalanced literal-span mark (U+E000/U+E001, reserved)
    """
    text = str(value)
    if OPEN in text or CLOSE in text:
        depth = 0
        for ch in text:
            depth += (ch == OPEN) - (ch == CLOSE)
            if depth < 0:
                break
        if depth != 0:
            raise ValueError(
                "a value holds an unbalanced literal-span mark (U+E000/U+E001, reserved)"
            )
    return f"{OPEN}{text}{CLOSE}"


def _split_paragraphs(source: str) -> list[str]:
    """Split on blank lines that lie outside literal spans."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth -= 1
        elif depth == 0 and ch == "\n":
            match = _PARAGRAPH_BREAK.match(source, i)
            if match:
                parts.append(source[start:i])
                start = i = match.end()
                continue
        i += 1
    parts.append(source[start:])
    return [p.strip(" \t\n") for p in parts if p.strip(" \t\n")]


def _runs(source: str) -> list[Run]:
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False
    depth = 0
    template_space = False  # the last character emitted was a space of the template's own

    def flush() -> None:
        if buf:
            text = "".join(buf)
            if runs and runs[-1].bold == bold and runs[-1].italic == italic:
                runs[-1] = Run(text=runs[-1].text + text, bold=bold, italic=italic)
            else:
                runs.append(Run(text=text, bold=bold, italic=italic))
            buf.clear()

    i = 0
    while i < len(source):
        ch = source[i]
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth -= 1
        elif depth > 0:
            buf.append(ch)
        elif ch == "\\" and i + 1 < len(source) and source[i + 1] in "*\\=":
            buf.append(source[i + 1])
            i += 1
        elif source.startswith("**", i):
            flush()
            bold = not bold
            i += 1
        elif ch == "*":
            flush()
            italic = not italic
        elif ch in " \t\n":
            # Template prose: any run of white space is one space (authors wrap lines).
            if not template_space:
                buf.append(" ")
            template_space = True
            i += 1
            continue
        else:
            buf.append(ch)
        template_space = False
        i += 1
    flush()
    if bold or italic:
        mark = "**" if bold else "*"
        raise ValueError(f"unclosed {mark!r} in paragraph {source[:40]!r}")
    return runs


def parse_markup(source: str) -> tuple[Paragraph, ...]:
    """Parse rendered template prose into paragraphs of styled runs.

    Args:
        source: The template output, with inserted values wrapped by :func:`literal`.

    Returns:
        The paragraphs, empty ones removed.

    Raises:
        ValueError: If ``**`` or ``*`` is left open at the end of a paragraph.

    Examples:
        >>> p = parse_markup("Chúc *hai bạn* **hạnh phúc**.")[0]
        >>> [(r.text, r.bold, r.italic) for r in p.runs]  # doctest: +NORMALIZE_WHITESPACE
        [('Chúc ', False, False), ('hai bạn', False, True), (' ', False, False),
         ('hạnh phúc', True, False), ('.', False, False)]
    """
    paragraphs: list[Paragraph] = []
    for block in _split_paragraphs(source):
        centred = block.startswith("= ")
        if centred:
            block = block[2:].lstrip()
        runs = _runs(block)
        if not "".join(run.text for run in runs).strip():
            continue  # only empty values: no paragraph
        paragraphs.append(
            Paragraph(
                runs=tuple(runs),
                align="center" if centred else "justify",
                indent=not centred,
            )
        )
    return tuple(paragraphs)
