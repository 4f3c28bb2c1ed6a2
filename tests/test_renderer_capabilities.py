"""Renderers declare what they can do: ``render_batch`` for many letters in one file."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import camon_xinloi
from camon_xinloi.letter import Letter
from camon_xinloi.render import BatchRenderer, Renderer, get_renderer, supports_batch
from camon_xinloi.testing import docx_text, example_letter


@pytest.mark.parametrize(
    ("fmt", "batch"),
    [
        ("pdf", True),
        ("docx", True),
        ("text", False),
        ("sms", False),
        ("html", False),
        ("png", False),
    ],
)
def test_builtin_renderers_say_whether_they_batch(fmt: str, batch: bool) -> None:
    renderer = get_renderer(fmt)
    assert isinstance(renderer, Renderer)
    assert supports_batch(renderer) is batch
    assert isinstance(renderer, BatchRenderer) is batch


def test_batch_renderers_put_every_letter_into_one_file() -> None:
    letters = [example_letter(), example_letter(draft=True)]
    pdf = get_renderer("pdf")
    assert supports_batch(pdf)
    assert len(PdfReader(io.BytesIO(pdf.render_batch(letters))).pages) == 2
    docx = get_renderer("docx")
    assert supports_batch(docx)
    assert docx_text(docx.render_batch(letters)).count(letters[0].title) == 2


class _OneOnly:
    format = "one"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, letter: Letter, /) -> bytes:
        return letter.title.encode()


def test_a_third_party_renderer_without_render_batch_does_not_batch() -> None:
    renderer = _OneOnly()
    assert isinstance(renderer, Renderer)
    assert not supports_batch(renderer)
    assert camon_xinloi.Renderer is Renderer
    assert "Renderer" in camon_xinloi.__all__
