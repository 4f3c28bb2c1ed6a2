"""Opening a user's PDF so that a hostile one costs nothing.

Every PDF given to ``form_fields``, ``fill_form``, ``merge_pdfs`` or
``signature_boxes`` is opened here: a path must be a regular file of at most
:data:`MAX_PDF_BYTES`; its page tree and its form's field tree are walked once
with a visited set, so a ``/Kids`` loop, a ``/Parent`` loop or a tree deeper than
:data:`MAX_DEPTH` is an error before any other code follows those links; and every
failure of pypdf becomes the caller's error class, naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from camon_xinloi._safe_files import HostileFileError, read_regular_file
from camon_xinloi.errors import CamonXinloiError

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["MAX_DEPTH", "MAX_NODES", "MAX_PDF_BYTES", "open_pdf", "pdf_errors"]

MAX_PDF_BYTES: Final = 200 * 2**20
"""The largest PDF file read (200 MiB)."""
MAX_DEPTH: Final = 64
"""The deepest page tree or form field tree (a real one is 2 to 5 levels deep)."""
MAX_NODES: Final = 200_000
"""The most pages, page-tree nodes, fields and widgets a PDF may have, together."""


class _BadStructure(ValueError):
    pass


def _key(node: Any) -> object:
    ref = getattr(node, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(node)


def _resolve(node: Any) -> Any:
    return node.get_object() if hasattr(node, "get_object") else node


def _check_parents(node: Any, what: str, levels: dict[object, int]) -> None:
    """Walk up ``/Parent`` from ``node``; ``levels`` remembers chains already walked.

    ``levels`` maps a node to the length of its chain up to the root, so each node's
    parents are followed once per file, not once per descendant.
    """
    chain: list[object] = []
    above = 0
    while node is not None:
        key = _key(node)
        if key in levels:
            above = levels[key]
            break
        if key in chain:
            raise _BadStructure(f"its {what} has a /Parent loop")
        chain.append(key)
        if len(chain) > MAX_DEPTH:
            raise _BadStructure(f"its {what} is deeper than {MAX_DEPTH} levels")
        parent = node.get("/Parent") if hasattr(node, "get") else None
        node = _resolve(parent) if parent is not None else None
    if above + len(chain) > MAX_DEPTH:
        raise _BadStructure(f"its {what} is deeper than {MAX_DEPTH} levels")
    for height, key in enumerate(reversed(chain), start=above + 1):
        levels[key] = height


def _check_tree(roots: list[Any], what: str, seen: set[object], levels: dict[object, int]) -> None:
    """Walk a ``/Kids`` tree once; a node met twice is a loop (or a shared node)."""
    stack: list[tuple[Any, int]] = [(_resolve(r), 1) for r in roots]
    while stack:
        node, depth = stack.pop()
        if not hasattr(node, "get"):
            raise _BadStructure(f"its {what} holds a {type(node).__name__}, not a dictionary")
        key = _key(node)
        if key in seen:
            raise _BadStructure(f"its {what} has a /Kids loop (a node appears twice)")
        seen.add(key)
        if len(seen) > MAX_NODES:
            raise _BadStructure(f"its {what} has more than {MAX_NODES} nodes")
        if depth > MAX_DEPTH:
            raise _BadStructure(f"its {what} is deeper than {MAX_DEPTH} levels")
        _check_parents(node, what, levels)
        for annot in _resolve(node.get("/Annots")) or []:
            _check_parents(_resolve(annot), "widgets", levels)
        stack.extend((_resolve(kid), depth + 1) for kid in _resolve(node.get("/Kids")) or [])


def _check_structure(reader: PdfReader) -> None:
    root = _resolve(reader.trailer["/Root"])
    seen: set[object] = set()
    levels: dict[object, int] = {}
    pages = root.get("/Pages")
    if pages is not None:
        _check_tree([pages], "page tree", seen, levels)
    form = root.get("/AcroForm")
    if form is not None:
        fields = list(_resolve(_resolve(form).get("/Fields")) or [])
        _check_tree(fields, "form fields", seen, levels)


def _name(pdf: bytes | Path) -> str:
    return repr(str(pdf)) if isinstance(pdf, Path) else f"of {len(pdf)} bytes"


@contextmanager
def pdf_errors(pdf: bytes | Path, error: type[CamonXinloiError]) -> Iterator[None]:
    """Turn any failure while reading ``pdf`` into ``error``, naming the file.

    Errors of this library (a field that does not fit, an unknown field) pass as they are.
    """
    try:
        yield
    except CamonXinloiError:
        raise
    except (HostileFileError, _BadStructure) as exc:
        raise error(f"cannot read the PDF {_name(pdf)}: {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise error(
            f"cannot read the PDF {_name(pdf)}: {type(exc).__name__}: {exc}; is it a PDF file?"
        ) from exc


def open_pdf(pdf: bytes | Path, error: type[CamonXinloiError]) -> PdfReader:
    """Open a PDF (bytes, or a path to a regular file) whose trees have been checked.

    Raises:
        error: If the file is not a regular file, is too large, is not a readable
            PDF, or has a loop or an absurd depth in its page or field tree.
    """
    from pypdf import PdfReader

    with pdf_errors(pdf, error):
        data = (
            read_regular_file(pdf, max_bytes=MAX_PDF_BYTES, what="PDF")
            if isinstance(pdf, Path)
            else pdf
        )
        reader = PdfReader(BytesIO(data), strict=False)
        _check_structure(reader)
        _ = len(reader.pages)
        return reader
