r"""Unit names never break across lines in a printed letter (issue 13.13).

"Phường 15", "Xã Sơn Kim 1", "xã Xuân Phú" are one name: a line that ends
with "Phường" and a next one that starts with "15" reads as two things. The
PDF and DOCX renderers print the letter that :func:`keep_letter_unit_names`
returns, where the spaces inside such a name are no-break spaces (U+00A0,
which Word, LibreOffice and typst honour). The type word ("Phường", "Xã",
"Đặc khu", any case) is glued to the words that follow it while they are
numbers or capitalised ("Phường 1 Bảo Lộc"). Nothing else changes, and HTML
(a browser reflows the page anyway), plain text, SMS and e-mail keep the
letter's spaces exactly.

Examples:
    >>> keep_unit_names("Ủy ban nhân dân Xã Sơn Kim 1 trân trọng")
    'Ủy ban nhân dân Xã\xa0Sơn\xa0Kim\xa01 trân trọng'
    >>> keep_unit_names("tổ dân phố 4, Phường 1 Bảo Lộc, tỉnh Lâm Đồng")
    'tổ dân phố 4, Phường\xa01\xa0Bảo\xa0Lộc, tỉnh Lâm Đồng'
"""

from __future__ import annotations

import re

from camon_xinloi.letter import Letter

__all__ = ["keep_letter_unit_names", "keep_unit_names"]

_NBSP = "\u00a0"
_TYPE = re.compile(r"(?<!\w)(phường|xã|đặc khu)(?= )", re.IGNORECASE)
_NEXT = re.compile(r" (\d+\w*|[^\W\d_]\w*)")


def keep_unit_names(text: str) -> str:
    """Return ``text`` with the spaces inside administrative unit names made no-break.

    Args:
        text: Any text of a letter.

    Returns:
        The same text; only spaces inside "Phường 15", "Xã Sơn Kim 1", … change.
    """
    out: list[str] = []
    pos = 0
    for found in _TYPE.finditer(text):
        if found.start() < pos:
            continue
        words = [found.group(1).replace(" ", _NBSP)]
        end = found.end()
        while (following := _NEXT.match(text, end)) is not None:
            word = following.group(1)
            if not (word[0].isdigit() or word[0].isupper()):
                break
            words.append(word)
            end = following.end()
        if len(words) > 1:
            out += (text[pos : found.start()], _NBSP.join(words))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def keep_letter_unit_names(letter: Letter) -> Letter:
    """Return the letter as printed: unit names in its running text never break.

    The recipients, body, "Nơi nhận" items and footer are changed by
    :func:`keep_unit_names`; the header (its own lines), title and signature are not.
    """
    body = tuple(
        paragraph.model_copy(
            update={
                "runs": tuple(
                    run.model_copy(update={"text": keep_unit_names(run.text)})
                    for run in paragraph.runs
                )
            }
        )
        for paragraph in letter.body
    )
    return letter.model_copy(
        update={
            "recipients": tuple(keep_unit_names(r) for r in letter.recipients),
            "body": body,
            "distribution": tuple(keep_unit_names(d) for d in letter.distribution),
            "footer": keep_unit_names(letter.footer) if letter.footer else letter.footer,
        }
    )
