"""PDF and PNG output stays byte-identical to reference files made before a change.

The references in ``tests/golden/pdf/`` were rendered by the renderer as it was
before typst was driven for speed (issue 16; remade from main at e5483c0 when
the layout parity of issue 13 changed ``letter.typ``): the letters are stored
as JSON next to them, so a wording change in a template does not touch them.
One differs on purpose: ``batch-chunked.pdf``, since chunks are joined as they
are made instead of by pypdf's writer (its pages are unchanged, which
``test_a_chunked_batch_holds_the_pages_of_its_chunks_unchanged`` checks; see
CHANGELOG.md). A change
to ``letter.typ`` that moves a byte on purpose rewrites them with
``pytest --update-golden`` and says in CHANGELOG.md why each byte moved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from camon_xinloi.letter import Letter
from camon_xinloi.render.pdf import PdfRenderer, PngRenderer, render_pdf_batch
from camon_xinloi.testing import example_letter

REFERENCE = Path(__file__).parent / "golden" / "pdf"


def _letters() -> dict[str, Letter]:
    """The reference letters: stored once as JSON, then always read back from it."""
    path = REFERENCE / "letters.json"
    if not path.exists():  # only when the references are first made (--update-golden)
        made = {
            "wedding": example_letter(),
            "draft": example_letter(draft=True),
            "condolence": example_letter("chia_buon/khai_tu"),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {k: v.model_dump(mode="json") for k, v in made.items()},
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: Letter.model_validate(data) for name, data in raw.items()}


LETTERS = _letters()


def _batch(count: int) -> list[Letter]:
    base = LETTERS["wedding"]
    return [
        base.model_copy(update={"number": i + 1, "recipients": (f"Anh Nguyễn Văn Số {i}",)})
        for i in range(count)
    ]


_PREVIEW: dict[str, Any] = {
    "signature_image": (REFERENCE / "signature.png").read_bytes(),
    "seal_image": REFERENCE / "seal.png",
}
"""Preview images (a signature scribble with pHYs, a seal ring without), stored as PNG files."""


def _boxes(name: str, **options: Any) -> bytes:
    pdf, boxes = PdfRenderer().render_with_boxes(LETTERS[name], **options)
    listed = [[b.kind, b.page, b.llx, b.lly, b.urx, b.ury] for b in boxes]
    return pdf + b"\n%boxes " + json.dumps(listed).encode()


CASES: dict[str, Callable[[], bytes]] = {
    "plain.pdf": lambda: PdfRenderer().render(LETTERS["wedding"]),
    "condolence.pdf": lambda: PdfRenderer().render(LETTERS["condolence"]),
    "draft.pdf": lambda: PdfRenderer().render(LETTERS["draft"]),
    "festive-untagged.pdf": lambda: PdfRenderer().render(
        LETTERS["wedding"], festive=True, tagged=False
    ),
    "pdfa-2b.pdf": lambda: PdfRenderer().render(LETTERS["wedding"], standard="a-2b"),
    "pdfua-1.pdf": lambda: PdfRenderer().render(LETTERS["condolence"], standard="ua-1"),
    "boxes-draft.pdf": lambda: _boxes("draft"),
    "boxes-numbered.pdf": lambda: _boxes("wedding"),
    "signature-fields.pdf": lambda: PdfRenderer().render(
        LETTERS["draft"], signature_fields=True, seal_size_mm=40
    ),
    "batch-one-document.pdf": lambda: render_pdf_batch(_batch(3), chunk_size=None),
    "batch-chunked.pdf": lambda: render_pdf_batch(_batch(5), chunk_size=2),
    "batch-pdfa.pdf": lambda: render_pdf_batch(_batch(2), standard="a-2b", chunk_size=None),
    "page1.png": lambda: PngRenderer().render(LETTERS["condolence"], dpi=40),
    "preview.pdf": lambda: PdfRenderer().render(LETTERS["draft"], **_PREVIEW),
    "preview-boxes.pdf": lambda: _boxes("draft", **_PREVIEW),
    "preview.png": lambda: PngRenderer().render(LETTERS["draft"], dpi=30, **_PREVIEW),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_byte_identical_to_the_reference(
    name: str, request: pytest.FixtureRequest
) -> None:
    actual = CASES[name]()
    path = REFERENCE / name
    if request.config.getoption("--update-golden"):
        path.write_bytes(actual)
        return
    assert path.exists(), f"no reference {name}; run pytest --update-golden and review"
    assert actual == path.read_bytes(), f"{name} differs from its reference"


def test_output_does_not_depend_on_what_was_rendered_before() -> None:
    """Caches kept between letters never leak one letter into the next."""
    expected = {name: (REFERENCE / name).read_bytes() for name in CASES}
    for name in sorted(CASES, reverse=True):
        assert CASES[name]() == expected[name], f"{name} changed after other renders"


def _page_tree(obj: Any) -> Any:
    """A page (or anything it uses) as comparable values: streams as their raw bytes."""
    if isinstance(obj, IndirectObject):
        obj = obj.get_object()
    if isinstance(obj, StreamObject):
        return ("stream", obj._data, _page_tree(DictionaryObject(obj)))
    if isinstance(obj, DictionaryObject):
        skip = {"/Parent", "/StructParents", "/Length"}
        return tuple(sorted((k, _page_tree(v)) for k, v in obj.items() if k not in skip))
    if isinstance(obj, ArrayObject):
        return tuple(_page_tree(v) for v in obj)
    return repr(obj)


def test_a_chunked_batch_holds_the_pages_of_its_chunks_unchanged() -> None:
    """Joining chunks copies every page, content stream, font and image as typst wrote them."""
    letters = _batch(5)
    merged = PdfReader(BytesIO(render_pdf_batch(letters, chunk_size=2)))
    chunks = [render_pdf_batch(letters[i : i + 2], chunk_size=None) for i in range(0, 5, 2)]
    pages = [page for chunk in chunks for page in PdfReader(BytesIO(chunk)).pages]
    assert [_page_tree(p) for p in merged.pages] == [_page_tree(p) for p in pages]
    assert str(merged.root_object["/Lang"]) == "vi-VN"
    assert merged.metadata is not None
    assert merged.metadata.title == "THƯ CHÚC MỪNG \u2013 5 thư"


def test_a_failed_boxes_render_does_not_leak_into_the_next_letter() -> None:
    """The boxes path hands typst the letter as sys.inputs; a failure must not leave it there."""
    from camon_xinloi.errors import RenderError
    from camon_xinloi.render.pdf import _typst

    letter = LETTERS["condolence"]
    when = _typst.document_date(letter, None)
    broken = _typst.document_json([letter], created=when, festive=False, marks=True)
    with pytest.raises(RenderError, match="typst could not lay out"):
        _typst.compile_document(
            broken.replace('"letters"', '"no-letters"'), created=when, boxes=True
        )
    assert PdfRenderer().render(LETTERS["wedding"]) == (REFERENCE / "plain.pdf").read_bytes()
