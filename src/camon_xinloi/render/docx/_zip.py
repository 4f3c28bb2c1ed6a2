"""The zip writer: DOCX archives with fixed dates and a fixed entry order, byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


FIXED_DATE = dt.datetime(2020, 3, 5, tzinfo=dt.UTC)
"""The created/modified date written into the shipped templates (the date of Decree 30)."""


_DOS_DATE = 0x21  # 1980-01-01
_DOS_TIME = 0


def _local_header(name: bytes, crc: int, csize: int, usize: int, method: int) -> bytes:
    return struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, _DOS_TIME, _DOS_DATE, crc, csize, usize,
        len(name), 0,
    ) + name  # fmt: skip


def _central_header(
    name: bytes, crc: int, csize: int, usize: int, method: int, offset: int
) -> bytes:
    return struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, _DOS_TIME, _DOS_DATE, crc, csize,
        usize, len(name), 0, 0, 0, 0, 0, offset,
    ) + name  # fmt: skip


def _deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


class _ZipWriter:
    """Write a zip archive with fixed dates; entries may be given precompressed."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.central: list[bytes] = []

    def add_raw(self, name: str, raw: bytes, *, crc: int, size: int, method: int) -> None:
        encoded = name.encode()
        offset = self.buffer.tell()
        self.buffer.write(_local_header(encoded, crc, len(raw), size, method))
        self.buffer.write(raw)
        self.central.append(_central_header(encoded, crc, len(raw), size, method, offset))

    def add(self, name: str, data: bytes) -> None:
        self.add_raw(name, _deflate(data), crc=zlib.crc32(data), size=len(data), method=8)

    def finish(self) -> bytes:
        start = self.buffer.tell()
        directory = b"".join(self.central)
        n = len(self.central)
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(directory), start, 0)
        return self.buffer.getvalue() + directory + end


def _ordered(names: Iterable[str]) -> list[str]:
    names = list(names)
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", names.index(n)))


_CREATED = re.compile(r"(<dcterms:created\b[^>]*>)[^<]*(</dcterms:created>)")
_MODIFIED = re.compile(r"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")


def normalize_docx(
    data: bytes, *, created: dt.datetime, replace: Mapping[str, bytes] | None = None
) -> bytes:
    """Rewrite a DOCX so that the same content always gives the same bytes.

    Entries keep their order (``[Content_Types].xml`` first), are deflated
    again and dated 1980-01-01; ``docProps/core.xml`` gets ``created`` as its
    created and modified dates.

    Args:
        data: The .docx bytes.
        created: The date to write into the document properties.
        replace: Entries to replace by name (for example ``docProps/app.xml``).

    Raises:
        zipfile.BadZipFile: If ``data`` is not a zip archive.
    """
    stamp = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    writer = _ZipWriter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in _ordered(archive.namelist()):
            content = (replace or {}).get(name) or archive.read(name)
            if name == "docProps/core.xml":
                text = content.decode("utf-8")
                text = _CREATED.sub(rf"\g<1>{stamp}\g<2>", text)
                text = _MODIFIED.sub(rf"\g<1>{stamp}\g<2>", text)
                content = text.encode("utf-8")
            writer.add(name, content)
    return writer.finish()
