from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import camon_xinloi.errors as errors_module

DOCS = Path(__file__).parent.parent / "docs" / "exceptions.md"
LINE = re.compile(
    r"^(?P<prefix>(?:[│ ]   )*(?:[├└]── )?)(?P<name>\w+)(?:\(\.\.\., (?P<extra>[\w, ]+)\))?"
)


def parse_tree(block: str) -> dict[str, tuple[str, ...]]:
    """Map each class of a drawn tree to its bases: the parent first, then the bracketed ones."""
    bases: dict[str, tuple[str, ...]] = {}
    stack: list[str] = []
    for line in block.splitlines():
        match = LINE.match(line)
        if not line.strip() or match is None:
            continue
        depth = len(match["prefix"]) // 4
        del stack[depth:]
        extra = tuple(e.strip() for e in match["extra"].split(",")) if match["extra"] else ()
        if stack:
            bases[match["name"]] = (stack[-1], *extra)
        stack.append(match["name"])
    return bases


def actual_tree() -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(b.__name__ for b in getattr(errors_module, name).__bases__)
        for name in errors_module.__all__
        if name != "CamonXinloiError"
    }


def first_code_block(text: str) -> str:
    return text.split("```\n", 2)[1]


def test_docs_tree_is_the_tree_of_errors_py():
    assert parse_tree(first_code_block(DOCS.read_text("utf-8"))) == actual_tree()


def test_module_docstring_tree_is_the_same():
    assert parse_tree(first_code_block(errors_module.__doc__ or "")) == actual_tree()


def test_every_class_is_in_the_table_and_all():
    table = DOCS.read_text("utf-8")
    defined = {
        name
        for name, value in vars(errors_module).items()
        if inspect.isclass(value) and value.__module__ == errors_module.__name__
    }
    assert defined == set(errors_module.__all__)
    for name in defined - {"CamonXinloiError"}:
        assert re.search(rf"^\| `{name}`", table, re.M), name


def test_old_import_paths_are_the_same_objects():
    import camon_xinloi as cx
    from camon_xinloi import batch, batch_input

    assert batch.BatchError is errors_module.BatchError is cx.BatchError
    assert batch.BatchInterrupted is errors_module.BatchInterrupted is cx.BatchInterrupted
    assert batch_input.BatchInputError is errors_module.BatchInputError is cx.BatchInputError
    assert batch_input.ColumnError is errors_module.ColumnError
    assert issubclass(errors_module.BatchInterrupted, KeyboardInterrupt)
    assert not issubclass(errors_module.BatchInterrupted, Exception)


BAD_OPTIONS = [
    "empty DOCX batch",
    "empty PDF batch",
    "PDF/A-1",
    "unknown standard",
    "seal size",
    "chunk size",
    "dpi",
    "signature fields in a batch",
]


def bad_option_call(what: str) -> Any:
    from camon_xinloi.render.docx import DocxRenderer
    from camon_xinloi.render.pdf import PdfRenderer, PngRenderer, render_pdf_batch
    from camon_xinloi.testing import example_letter

    letter = example_letter()
    calls = {
        "empty DOCX batch": lambda: DocxRenderer().render_batch([]),
        "empty PDF batch": lambda: render_pdf_batch([]),
        "PDF/A-1": lambda: PdfRenderer().render(letter, standard="a-1b"),  # type: ignore[arg-type]
        "unknown standard": lambda: PdfRenderer().render(letter, standard="x"),  # type: ignore[arg-type]
        "seal size": lambda: PdfRenderer().render(letter, seal_size_mm=500),
        "chunk size": lambda: render_pdf_batch([letter], chunk_size=0),
        "dpi": lambda: PngRenderer().render(letter, dpi=0),
        "signature fields in a batch": lambda: render_pdf_batch([letter], signature_fields=True),
    }
    return calls[what]


@pytest.mark.parametrize("what", BAD_OPTIONS)
def test_bad_renderer_options_are_in_the_tree(what):
    with pytest.raises(errors_module.InvalidOptionError) as info:
        bad_option_call(what)()
    assert isinstance(info.value, errors_module.CamonXinloiError)
    assert isinstance(info.value, ValueError)  # old `except ValueError` still works
