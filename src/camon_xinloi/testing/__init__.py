"""A testing kit, for this project and for downstream projects that embed it.

* **Examples** (from :mod:`camon_xinloi.examples`): :func:`example_issuer`,
  :func:`example_event` (a template's own example), :func:`example_letter`,
  :data:`EXAMPLE_DATE`.
* **Factories**: :func:`make_event` builds a realistic event of any kind
  (Vietnamese names, addresses after the 2025 reform such as "thôn Đông, xã Xuân
  Phú, tỉnh Đồng Nai" or "tổ dân phố 3, phường Hạc Thành, tỉnh Thanh Hóa"; no
  huyện), varied by ``seed``; :func:`event_data` the same as JSON-ready data;
  :func:`make_events` a mixed batch.
* **Hypothesis strategies** (Hypothesis is a test extra, imported only when a
  strategy is asked for): :func:`events`, :func:`hostile_text`, :func:`hostile_names`.
* **Reading output**: :func:`docx_text`, :func:`pdf_text`, :func:`letter_text`,
  :func:`letter_parts` (header, number, date, title, salutation, body,
  signature, name, "Nơi nhận") and :func:`assert_letter_equal` with a diff.

The pytest plugin (:mod:`camon_xinloi.pytest_plugin`) adds the fixtures
``cx_issuer``, ``cx_catalogue`` and ``cx_golden``.

Examples:
    >>> example_letter().meta.template_id
    'chuc_mung/ket_hon'
    >>> make_event("longevity_celebrated", seed=3).kind
    'longevity_celebrated'
"""

from __future__ import annotations

from camon_xinloi.examples import EXAMPLE_DATE, example_event, example_issuer, example_letter
from camon_xinloi.testing._factories import event_data, make_event, make_events
from camon_xinloi.testing._reading import (
    LetterParts,
    assert_letter_equal,
    docx_text,
    letter_parts,
    letter_text,
    pdf_text,
)
from camon_xinloi.testing._strategies import events, hostile_names, hostile_text

__all__ = [
    "EXAMPLE_DATE",
    "LetterParts",
    "assert_letter_equal",
    "docx_text",
    "event_data",
    "events",
    "example_event",
    "example_issuer",
    "example_letter",
    "hostile_names",
    "hostile_text",
    "letter_parts",
    "letter_text",
    "make_event",
    "make_events",
    "pdf_text",
]
