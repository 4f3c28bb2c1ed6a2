"""Example issuer, events and letters, for the CLI's demo, ``camon-xinloi check`` and docs.

A small runtime module: the command line (``camon-xinloi demo``) and the template
checks (:mod:`camon_xinloi.lint`) compose letters from these examples, so they
must not need the test kit. :mod:`camon_xinloi.testing` re-exports every name
here, next to its factories and readers.

Examples:
    >>> letter = example_letter()
    >>> letter.meta.template_id, letter.date == EXAMPLE_DATE
    ('chuc_mung/ket_hon', True)
"""

from __future__ import annotations

import datetime as dt

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.events import Event, parse_event
from camon_xinloi.issuer import Issuer, Signatory
from camon_xinloi.letter import Letter

__all__ = ["EXAMPLE_DATE", "example_event", "example_issuer", "example_letter"]

EXAMPLE_DATE = dt.date(2026, 3, 5)
"""The issue date used by :func:`example_letter`."""


def example_issuer() -> Issuer:
    """Return a realistic issuer: UBND Phường 1 Bảo Lộc, tỉnh Lâm Đồng (unit 24823).

    A real unit of the register since 1 July 2025, named with a number: its date
    line carries the full name (Decree 30, Phụ lục I, II.4).

    Examples:
        >>> example_issuer().place_name
        'Phường 1 Bảo Lộc'
        >>> example_issuer().province
        'tỉnh Lâm Đồng'
    """
    return Issuer.from_unit(
        "24823",
        address="số 2 đường Trần Phú, Phường 1 Bảo Lộc, tỉnh Lâm Đồng",
        phone="0263 3864 000",
        email="ubnd.phuong1@baoloc.lamdong.gov.vn",
        notation="UBND-VX",
        signatory=Signatory(full_name="Trần Văn Minh"),
    )


def example_event(template_id: str) -> Event:
    """Return the example event shipped with a template (its ``example.json``).

    Raises:
        LookupError: The template has no example.

    Examples:
        >>> example_event("chuc_mung/ket_hon").kind
        'marriage_registered'
    """
    template = catalogue().get(template_id)
    if template.example is None:
        raise LookupError(f"template {template_id!r} has no example.json")
    return parse_event(template.example)


def example_letter(template_id: str = "chuc_mung/ket_hon", *, draft: bool = False) -> Letter:
    """Compose a template's example event with :func:`example_issuer`, dated 05/3/2026, number 5.

    Examples:
        >>> example_letter("chia_buon/khai_tu").number_line
        'Số: 05/UBND-VX'
    """
    return compose(
        template_id,
        example_event(template_id),
        issuer=example_issuer(),
        on=EXAMPLE_DATE,
        number=5,
        draft=draft,
    )
