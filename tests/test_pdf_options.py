"""``PdfOptions``: one frozen value for every PDF entry point; keywords still work."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import camon_xinloi
from camon_xinloi.render import render
from camon_xinloi.render.pdf import (
    PdfOptions,
    PdfRenderer,
    PngRenderer,
    render_pdf_batch,
    signature_boxes,
)
from camon_xinloi.testing import example_letter

WHEN = dt.datetime(2026, 3, 5, 9, 30)


def test_options_are_frozen_and_exported_at_top_level() -> None:
    options = PdfOptions(festive=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.festive = False  # type: ignore[misc]
    assert camon_xinloi.PdfOptions is PdfOptions
    assert "PdfOptions" in camon_xinloi.__all__


def test_options_and_keywords_give_the_same_bytes() -> None:
    letter = example_letter()
    by_keywords = render(letter, "pdf", created=WHEN, standard="a-2b", tagged=False)
    options = PdfOptions(created=WHEN, standard="a-2b", tagged=False)
    assert render(letter, "pdf", options=options) == by_keywords
    assert PdfRenderer().render(letter, options=options) == by_keywords
    assert by_keywords != render(letter, "pdf", created=WHEN)


def test_keywords_are_applied_over_options() -> None:
    letter = example_letter()
    options = PdfOptions(created=WHEN, standard="a-2b")
    mixed = PdfRenderer().render(letter, options=options, standard=None)
    assert mixed == PdfRenderer().render(letter, created=WHEN)
    assert options.standard == "a-2b"  # the caller's value is not changed


def test_render_with_boxes_and_signature_boxes_take_options() -> None:
    letter = example_letter(draft=True)
    options = PdfOptions(seal_size_mm=44)
    pdf, boxes = PdfRenderer().render_with_boxes(letter, options=options)
    seal = next(box for box in boxes if box.kind == "seal")
    assert seal.urx - seal.llx == pytest.approx(44 * 72 / 25.4, abs=0.5)
    assert signature_boxes(pdf, letter, options=options) == boxes
    assert signature_boxes(pdf, letter, seal_size_mm=44) == boxes


def test_batch_takes_options_and_refuses_signature_fields() -> None:
    letters = [example_letter(), example_letter(draft=True)]
    options = PdfOptions(created=WHEN, tagged=False)
    assert render_pdf_batch(letters, options=options) == render_pdf_batch(
        letters, created=WHEN, tagged=False
    )
    assert PdfRenderer().render_batch(letters, options=options) == render_pdf_batch(
        letters, options=options
    )
    with pytest.raises(ValueError, match="signature_fields=True is for one letter"):
        render_pdf_batch(letters, signature_fields=True)


def test_png_takes_the_page_options_and_refuses_pdf_only_ones() -> None:
    letter = example_letter()
    assert PngRenderer().render(letter, dpi=30, options=PdfOptions(seal_size_mm=40)) == (
        PngRenderer().render(letter, dpi=30, seal_size_mm=40)
    )
    with pytest.raises(ValueError, match="a PNG cannot have them"):
        PngRenderer().render(letter, options=PdfOptions(standard="a-2b"))


def test_unknown_keywords_and_wrong_options_are_refused() -> None:
    with pytest.raises(TypeError, match="pdfa"):
        PdfRenderer().render(example_letter(), pdfa=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="options must be a PdfOptions, got dict"):
        PdfRenderer().render(example_letter(), options={"festive": True})  # type: ignore[arg-type]
