r"""Unit names and phone numbers never break across lines in a printed letter (issue 13.13).

"Phường 15", "Xã Sơn Kim 1", "xã Xuân Phú" are one name: a line that ends
with "Phường" and a next one that starts with "15" reads as two things. The
PDF and DOCX renderers print the letter that :func:`keep_letter_together`
returns, where the spaces inside such a name are no-break spaces (U+00A0,
which Word, LibreOffice and typst honour). The type word ("Phường", "Xã",
"Đặc khu", any case) is glued to the words that follow it while they are
numbers or capitalised ("Phường 1 Bảo Lộc"). A phone number written in
groups ("0903 123 456", "028 3815 0000", "(028) 3815 0000", "+84 903 123 456")
is one number too: "0903" at a line's end and "123 456" on the next is
misdialled, so the spaces between its groups are no-break as well. Nothing else
changes: HTML wraps the same runs in a no-wrap span (`render/html.py`), and it, plain text, SMS and
e-mail keep the letter's spaces exactly.

Examples:
    >>> keep_unit_names("Ủy ban nhân dân Xã Sơn Kim 1 trân trọng")
    'Ủy ban nhân dân Xã\xa0Sơn\xa0Kim\xa01 trân trọng'
    >>> keep_unit_names("tổ dân phố 4, Phường 1 Bảo Lộc, tỉnh Lâm Đồng")
    'tổ dân phố 4, Phường\xa01\xa0Bảo\xa0Lộc, tỉnh Lâm Đồng'
    >>> keep_phone_numbers("số điện thoại: 0903 123 456.")
    'số điện thoại: 0903\xa0123\xa0456.'
"""

from __future__ import annotations

import re

from camon_xinloi.letter import Letter

__all__ = ["keep_letter_together", "keep_phone_numbers", "keep_together", "keep_unit_names"]

_NBSP = "\u00a0"
_TYPE = re.compile(r"(?<!\w)(phường|xã|đặc khu)(?= )", re.IGNORECASE)
_NEXT = re.compile(r" (\d+\w*|[^\W\d_]\w*)")
_PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{2,3}[ .])?(?:\(\d{2,4}\)[ .]?)?\d{2,5}(?:[ .]\d{2,5}){1,4}(?!\w)"
)
_PHONE_DIGITS = range(8, 14)
"""A hotline ("1900 1234") has 8 digits, a landline with its area code 11, "+84 …" up to 13."""


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


def keep_phone_numbers(text: str) -> str:
    """Return ``text`` with the spaces inside phone numbers made no-break.

    A phone number is a run of 8 to 13 digits in groups separated by spaces or
    dots, optionally after "+84" or an area code in brackets. Money
    ("125.500.000") and dates have no space between their groups and are left
    as they are.

    Args:
        text: Any text of a letter.

    Returns:
        The same text; only the spaces inside "0903 123 456", "(028) 3815 0000", … change.
    """

    def glue(found: re.Match[str]) -> str:
        number = found.group(0)
        digits = sum(c.isdigit() for c in number)
        if " " not in number or digits not in _PHONE_DIGITS:
            return number
        return number.replace(" ", _NBSP)

    return _PHONE.sub(glue, text)


def keep_together(text: str) -> str:
    r"""Return ``text`` as printed: unit names and phone numbers never break.

    Example:
        >>> keep_together("Phường 15, điện thoại 028 3815 0000")
        'Phường\xa015, điện thoại 028\xa03815\xa00000'
    """
    return keep_phone_numbers(keep_unit_names(text))


def keep_letter_together(letter: Letter) -> Letter:
    """Return the letter as printed: unit names and phone numbers in its running text never break.

    The recipients, body, "Nơi nhận" items and footer are changed by
    :func:`keep_together`; the header (its own lines), title and signature are not.
    """
    body = tuple(
        paragraph.model_copy(
            update={
                "runs": tuple(
                    run.model_copy(update={"text": keep_together(run.text)})
                    for run in paragraph.runs
                )
            }
        )
        for paragraph in letter.body
    )
    return letter.model_copy(
        update={
            "recipients": tuple(keep_together(r) for r in letter.recipients),
            "body": body,
            "distribution": tuple(keep_together(d) for d in letter.distribution),
            "footer": keep_together(letter.footer) if letter.footer else letter.footer,
        }
    )
