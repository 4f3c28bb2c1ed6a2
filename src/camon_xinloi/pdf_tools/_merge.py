"""Merging PDFs into one."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from camon_xinloi._safe_pdf import pdf_errors
from camon_xinloi.errors import FormError
from camon_xinloi.pdf_tools._io import PdfSource, pdf_bytes, read_pdf


def merge_pdfs(pdfs: Iterable[PdfSource], *, metadata: Mapping[str, str] | None = None) -> bytes:
    """Concatenate PDFs into one, keeping one copy of identical objects (fonts, images).

    Letters rendered one by one each embed their own font subset; only
    byte-identical subsets can be shared. For printing many letters,
    :func:`camon_xinloi.render.pdf.render_pdf_batch` embeds the font once.

    Args:
        pdfs: PDF files as bytes or paths, in order.
        metadata: Document information entries ("/Title", "/Author", ...) that replace
            those of the first file, which are kept otherwise.

    Raises:
        FormError: One of them is not a readable PDF, or there is none.
    """
    writer = PdfWriter()
    count = 0
    for pdf in pdfs:
        reader = read_pdf(pdf)
        with pdf_errors(pdf, FormError):
            if count == 0 and reader.metadata:
                writer.add_metadata(dict(reader.metadata))
            writer.append(reader)
        count += 1
    if count == 0:
        raise FormError("no PDFs to merge; pass at least one")
    if metadata:
        writer.add_metadata(dict(metadata))
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    return pdf_bytes(writer)


def concatenate_pdfs(pdfs: Iterable[bytes], *, metadata: Mapping[str, str]) -> bytes:
    """Join PDFs page after page, reading one at a time: memory holds one part and the output.

    For the parts of one batch (:func:`camon_xinloi.render.pdf.render_pdf_batch`):
    each part's pages and every object they use are copied as they are (content
    streams, fonts and images untouched, only renumbered) and written out at
    once, so a 10,000-letter batch never holds more than one part's objects.
    Byte-identical streams without references (font files, CMaps, colour
    profiles: the parts of one batch often have the same font subsets) are
    written once.
    The first part's catalog language and viewer preferences are kept; its
    structure tree and XMP metadata are not (they describe that part only).

    Args:
        pdfs: The parts, in order (typst output, or any unencrypted PDF).
        metadata: Document information entries ("/Title", "/Author", …) over
            those of the first part.

    Raises:
        FormError: A part is not a readable PDF, or there is none.
    """
    out = BytesIO()
    out.write(b"%PDF-1.7\n%\xb5\xb6\xb7\xb8\n")
    offsets: list[int] = []

    def reserve() -> int:
        offsets.append(0)
        return len(offsets)

    def write(number: int, obj: PdfObject) -> None:
        offsets[number - 1] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")

    pages = reserve()
    kids: list[int] = []
    shared: dict[bytes, int] = {}
    info = DictionaryObject()
    catalog = DictionaryObject({NameObject("/Type"): NameObject("/Catalog")})
    for index, pdf in enumerate(pdfs):
        reader = read_pdf(pdf)
        if index == 0:
            root = reader.root_object
            for key in ("/Lang", "/ViewerPreferences"):
                if key in root:
                    catalog[NameObject(key)] = root[key]
            info.update({NameObject(k): v for k, v in (reader.metadata or {}).items()})
        _copy_pages(reader, reserve, write, parent=pages, kids=kids, shared=shared)
        del reader, pdf  # not held while the next part is made
    if not offsets[1:] and not kids:
        raise FormError("no PDFs to concatenate; pass at least one")
    info.update({NameObject(k): TextStringObject(v) for k, v in metadata.items()})
    write(
        pages,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Count"): NumberObject(len(kids)),
                NameObject("/Kids"): ArrayObject(IndirectObject(k, 0, None) for k in kids),
            }
        ),
    )
    catalog[NameObject("/Pages")] = IndirectObject(pages, 0, None)
    root_number, info_number = reserve(), reserve()
    write(root_number, catalog)
    write(info_number, info)
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    out.write(
        f"trailer\n<< /Size {len(offsets) + 1} /Root {root_number} 0 R"
        f" /Info {info_number} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _copy_pages(
    reader: PdfReader,
    reserve: Callable[[], int],
    write: Callable[[int, PdfObject], None],
    *,
    parent: int,
    kids: list[int],
    shared: dict[bytes, int],
) -> None:
    """Write ``reader``'s pages and all they refer to under new numbers; list the pages.

    ``shared`` maps the digest of every stream without references written so
    far (by any part) to its number.
    """
    numbers: dict[int, int] = {}
    pending: list[int] = []

    def convert(obj: Any) -> Any:
        if isinstance(obj, IndirectObject):
            if obj.idnum not in numbers:
                target = reader.get_object(obj.idnum)
                if isinstance(target, StreamObject) and not _refers(target):
                    copy = convert(target)
                    data = BytesIO()
                    copy.write_to_stream(data)
                    digest = hashlib.sha256(data.getvalue()).digest()
                    if digest not in shared:
                        shared[digest] = reserve()
                        write(shared[digest], copy)
                    numbers[obj.idnum] = shared[digest]
                else:
                    numbers[obj.idnum] = reserve()
                    pending.append(obj.idnum)
            return IndirectObject(numbers[obj.idnum], 0, None)
        if isinstance(obj, StreamObject):
            stream = StreamObject()
            stream.set_data(b"")
            stream._data = obj._data  # the encoded bytes, copied as they are
            stream.update({k: convert(v) for k, v in obj.items() if k != "/Length"})
            return stream
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({k: convert(v) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(convert(v) for v in obj)
        return obj

    for page in reader.pages:
        ref = page.indirect_reference
        if ref is None:  # pragma: no cover - pages of a file are indirect objects
            raise FormError("a page of the PDF is not an indirect object")
        numbers[ref.idnum] = number = reserve()
        kids.append(number)
        page_copy = convert(DictionaryObject({k: v for k, v in page.items() if k not in _DROPPED}))
        page_copy[NameObject("/Parent")] = IndirectObject(parent, 0, None)
        write(number, page_copy)
    while pending:
        idnum = pending.pop()
        write(numbers[idnum], convert(reader.get_object(idnum)))


def _refers(obj: Any) -> bool:
    """Whether a PDF object holds an indirect reference (directly or nested)."""
    if isinstance(obj, IndirectObject):
        return True
    if isinstance(obj, DictionaryObject):
        return any(_refers(v) for v in obj.values())
    if isinstance(obj, ArrayObject):
        return any(_refers(v) for v in obj)
    return False


_DROPPED = frozenset({"/Parent", "/StructParents"})
"""Page entries not copied: the part's page tree, and keys into its structure tree."""
