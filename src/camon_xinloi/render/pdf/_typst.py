"""The letter as JSON for the layout, and typst's answer checked: warnings are errors.

The letter goes to typst only as JSON (the in-memory file ``letter.json``) and
is placed on the page as text, never evaluated, so no name can inject typst
markup. Running typst itself (a compiler per thread, fork safety, memory) is
``_engine``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any, Literal

from camon_xinloi.errors import InvalidOptionError, RenderError, UnrenderableTextError
from camon_xinloi.letter import NATIONAL_MOTTO, NATIONAL_NAME, Letter
from camon_xinloi.pdf_tools._signing import SignatureBox
from camon_xinloi.record import record_organ_name, record_subject
from camon_xinloi.render._unit_names import keep_letter_together
from camon_xinloi.render.pdf._engine import CompileRequest, Standard, TypstFailure, run_typst
from camon_xinloi.render.pdf._geometry import Layout, with_date_box

EN_DASH = " \u2013 "
"""Joins the title and the letter count in the title of a batch PDF."""
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
"""Naive ``created`` datetimes are read as Vietnam time (UTC+07:00, no DST)."""


def document_date(letter: Letter, created: dt.datetime | None) -> dt.datetime:
    """Return the document date as an aware UTC datetime (see the module docstring)."""
    if created is None:
        day = letter.date or dt.date(letter.year, 1, 1)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if created.tzinfo is None:
        created = created.replace(tzinfo=VIETNAM_TZ)
    return created.astimezone(dt.UTC).replace(microsecond=0)


def _number_parts(letter: Letter) -> list[str] | None:
    """Split the "Số:" line into (before, slot, after); the parts join to the line."""
    line = letter.number_line
    if line is None:
        return None
    match = re.fullmatch(r"(Số:)(\s+)(/.*)|(Số: )(\d+)(/.*)", line, re.DOTALL)
    if match is None:  # pragma: no cover - number_line has one of two shapes
        raise RenderError(f"unexpected number line {line!r}")
    parts = [g for g in match.groups() if g is not None]
    return parts


def _date_parts(letter: Letter) -> list[str]:
    """Split the date line into (before, day, middle, month, after); the parts join to it."""
    line = letter.date_line
    match = re.fullmatch(r"(.*ngày)(\s+|\s\d+\s)(tháng)(\s+|\s\d+\s)(năm.*)", line, re.DOTALL)
    if match is None:  # pragma: no cover - date_line always has "ngày … tháng … năm"
        raise RenderError(f"unexpected date line {line!r}")
    before, day, middle, month, after = match.groups()
    if day.strip():  # " 05 " → the spaces go to the neighbours, the digits to the slot
        before, day, middle = before + " ", day.strip(), " " + middle
    if month.strip():
        middle, month, after = middle + " ", month.strip(), " " + after
    return [before, day, middle, month, after]


def _letter_data(letter: Letter, *, festive: bool, index: int = 0) -> dict[str, Any]:
    if festive and letter.meta.family != "chuc_mung":
        raise InvalidOptionError(
            f"festive=True is only for congratulation letters, not family "
            f"{letter.meta.family!r}; drop the option"
        )
    letter = keep_letter_together(letter)
    return {
        "index": index,
        "parent_agency": letter.parent_agency,
        "agency": list(letter.agency),
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "number_parts": _number_parts(letter),
        "date_parts": _date_parts(letter),
        "title": letter.title,
        "subject": letter.subject,
        "recipients": list(letter.recipients),
        "body": [
            {
                "align": p.align,
                "indent": p.indent,
                "runs": [r.model_dump() for r in p.runs],
            }
            for p in letter.body
        ],
        "signature": {"lines": list(letter.signature.lines), "name": letter.signature.name},
        "distribution": list(letter.distribution_lines),
        "footer": letter.footer,
    }


def metadata(letters: Sequence[Letter]) -> dict[str, Any]:
    """Title, authors, subject and keywords of a document holding ``letters``."""
    first = letters[0]
    if len(letters) == 1:
        title = record_subject(first)
    else:
        title = f"{first.title}{EN_DASH}{len(letters)} thư"
    return {
        "title": title,
        "author": list(dict.fromkeys(record_organ_name(letter) for letter in letters)),
        "subject": first.subject or first.title,
        "keywords": list(
            dict.fromkeys(
                kw
                for letter in letters
                for kw in (letter.meta.template_id, f"version {letter.meta.template_version}")
            )
        ),
    }


def document_json(
    letters: Sequence[Letter],
    *,
    created: dt.datetime,
    festive: bool,
    layout: Layout | None = None,
    marks: bool = False,
) -> str:
    doc = {
        **metadata(letters),
        "festive": festive,
        "marks": marks,
        "date": [*created.timetuple()[:6]],
        "letters": [
            _letter_data(letter, festive=festive, index=i) for i, letter in enumerate(letters)
        ],
        **(layout or Layout()).data(),
    }
    return json.dumps(doc, ensure_ascii=False)


# --------------------------------------------------------------------------- typst

_FONT_WARNING = re.compile(r"unknown font|glyph|font", re.IGNORECASE)


def check_standard(standard: object) -> None:
    if standard in (None, "a-2b", "a-2a", "ua-1"):
        return
    if isinstance(standard, str) and standard.lower().startswith("a-1"):
        raise InvalidOptionError(
            f"PDF/A-1 ({standard!r}) is not offered: it forbids the transparency that "
            "signature and seal images use; use standard='a-2b' (PDF/A-2b)"
        )
    raise InvalidOptionError(
        f"unsupported PDF standard {standard!r}; use 'a-2b', 'a-2a', 'ua-1' or None"
    )


def _boxes_from_query(raw: str) -> list[list[SignatureBox]]:
    """Turn the ``<cx-box>`` marks of the layout into boxes, grouped by letter."""
    grouped: dict[int, list[SignatureBox]] = {}
    for mark in json.loads(raw):
        top = mark["page-height"] - mark["y"]
        grouped.setdefault(mark["letter"], []).append(
            SignatureBox(
                kind=mark["kind"],
                page=mark["page"] - 1,
                llx=mark["x"],
                lly=top - mark["h"],
                urx=mark["x"] + mark["w"],
                ury=top,
            )
        )
    return [with_date_box(grouped[i]) for i in sorted(grouped)]


def compile_document(
    document: str,
    *,
    created: dt.datetime,
    fmt: Literal["pdf", "png"] = "pdf",
    ppi: float | None = None,
    standard: Standard | None = None,
    boxes: bool = False,
    tagged: bool = True,
) -> tuple[bytes, list[list[SignatureBox]]]:
    check_standard(standard)
    request = CompileRequest(
        document, created, fmt=fmt, ppi=ppi, standard=standard, boxes=boxes, tagged=tagged
    )
    try:
        result = run_typst(request)
    except TypstFailure as exc:
        raise RenderError(f"typst could not lay out the letter: {exc}") from exc
    for message in result.warnings:
        if _FONT_WARNING.search(message):
            raise UnrenderableTextError(f"typst cannot print part of the letter: {message}")
        raise RenderError(f"typst warned while laying out the letter: {message}")
    found = _boxes_from_query(result.marks) if result.marks is not None else []
    return result.output, found
