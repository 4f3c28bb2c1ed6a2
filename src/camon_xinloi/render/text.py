"""Plain-text renderer: UTF-8, the same parts in the same order as every format."""

from __future__ import annotations

from typing import Any

from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter
from camon_xinloi.render._unit_names import keep_unit_names

__all__ = ["TextRenderer", "letter_to_text"]

LEFT = 30
"""Width of the left column (issuing body, number, Nơi nhận)."""
RIGHT = 46
"""Width of the right column (national name, date line, signature)."""
WIDTH = LEFT + RIGHT


def _wrap_item(item: str, width: int) -> list[str]:
    """A "Nơi nhận" line wrapped at spaces, never inside a unit name ("Phường 1 Bảo Lộc").

    Continuation lines are indented by two spaces, under the item's text.
    """
    guarded = keep_unit_names(item)  # the same length: only spaces become no-break
    lines: list[str] = []
    start, indent = 0, ""
    while len(indent) + len(item) - start > width:
        cut = guarded.rfind(" ", start, start + width - len(indent) + 1)
        if cut <= start:
            break
        lines.append(indent + item[start:cut])
        start, indent = cut + 1, "  "
    lines.append(indent + item[start:])
    return lines


def _columns(left: list[str], right: list[str]) -> list[str]:
    rows = max(len(left), len(right))
    left = left + [""] * (rows - len(left))
    right = right + [""] * (rows - len(right))
    return [f"{a.center(LEFT)}{b.center(RIGHT)}".rstrip() for a, b in zip(left, right, strict=True)]


def letter_to_text(letter: Letter) -> str:
    """Lay a letter out as plain text (paragraphs are not wrapped).

    Examples:
        >>> from camon_xinloi.testing import example_letter
        >>> text = letter_to_text(example_letter())
        >>> "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ" in text
        True
    """
    left = [*([letter.parent_agency.upper()] if letter.parent_agency else []), *letter.agency]
    left.append("-" * 8)
    right = [NATIONAL_NAME, NATIONAL_MOTTO, "-" * len(NATIONAL_MOTTO)]
    lines = _columns(left, right)
    lines += _columns([letter.number_line or ""], [letter.date_line])
    lines += ["", letter.title.center(WIDTH).rstrip()]
    if letter.subject:
        lines.append(letter.subject.center(WIDTH).rstrip())
    lines.append("")
    if len(letter.recipients) == 1:
        lines.append(letter.recipient_line)
    else:
        lines.append("Kính gửi:")
        last = len(letter.recipients) - 1
        lines += [f"    - {r}{'.' if i == last else ';'}" for i, r in enumerate(letter.recipients)]
    for paragraph in letter.body:
        lines.append("")
        text = paragraph.text
        if paragraph.align == "center":
            lines += [part.center(WIDTH).rstrip() for part in text.split("\n")]
        else:
            lines.append(("    " if paragraph.indent else "") + text)
    lines.append("")
    signature = [*letter.signature.lines, "", "", "", letter.signature.name]
    recipients = ["Nơi nhận:"] if letter.distribution else []
    for item in letter.distribution_lines:
        recipients += _wrap_item(item, LEFT - 1)
    if all(len(line) < LEFT for line in recipients):
        lines += [
            f"{a.ljust(LEFT)}{b.center(RIGHT)}".rstrip()
            for a, b in zip(
                recipients + [""] * (len(signature) - len(recipients)),
                signature + [""] * (len(recipients) - len(signature)),
                strict=True,
            )
        ]
    else:  # a word too long for the column would run into the signature: one after the other
        lines += [(" " * LEFT + line.center(RIGHT)).rstrip() for line in signature]
        lines += ["", *recipients] if recipients else []
    if letter.footer:
        lines += ["", "_" * WIDTH, letter.footer]
    return "\n".join(lines) + "\n"


class TextRenderer:
    """Render a letter as UTF-8 plain text."""

    format = "text"
    media_type = "text/plain; charset=utf-8"
    suffix = ".txt"

    def render(self, letter: Letter, /, **options: Any) -> bytes:
        """Return the plain-text letter encoded as UTF-8."""
        if options:
            raise TypeError(f"the text format takes no options, got {sorted(options)!r}")
        return letter_to_text(letter).encode("utf-8")
