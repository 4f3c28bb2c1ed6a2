"""Checking a user's DOCX archive before anything unpacks it.

A DOCX file is a zip archive. Before docxtpl or the template check opens one,
its directory is read (without decompressing anything) and refused when it
would cost too much: more than :data:`MAX_UNCOMPRESSED` bytes in all, a part
compressed more than :data:`MAX_RATIO` times (a zip bomb: 2 MiB reaching 4 GiB), or
the whole archive so compressed (many small parts),
too many parts, or the parts every DOCX has are missing.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

__all__ = [
    "MAX_DOCX_BYTES",
    "MAX_PARTS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED",
    "REQUIRED_PARTS",
    "docx_archive_problems",
]

MAX_DOCX_BYTES: Final = 50 * 2**20
"""The largest DOCX template file read (50 MiB)."""
MAX_UNCOMPRESSED: Final = 200 * 2**20
"""The most bytes a DOCX template may unpack to, all parts together (200 MiB)."""
MAX_RATIO: Final = 200
"""The most a part larger than 1 MiB, or the whole archive, may be compressed (Word's XML:
about 5 to 20 times)."""
MAX_PARTS: Final = 5_000
"""The most parts (files) in a DOCX archive."""
REQUIRED_PARTS: Final = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")
"""The parts without which a file is not a Word document."""

_RATIO_FLOOR: Final = 2**20


def docx_archive_problems(data: bytes) -> list[str]:
    """What is wrong with a DOCX archive, read from its directory only; empty when fine.

    Examples:
        >>> docx_archive_problems(b"not a zip")
        ['is not a DOCX file (not a zip archive: File is not a zip file)']
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        return [f"is not a DOCX file (not a zip archive: {exc})"]
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        return [f"has {len(infos)} parts; a DOCX template may have at most {MAX_PARTS}"]
    problems: list[str] = []
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        problems.append(
            f"unpacks to {total // 2**20} MiB; a DOCX template may unpack to at most"
            f" {MAX_UNCOMPRESSED // 2**20} MiB"
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            problems.append(
                f"part {info.filename!r} is compressed"
                f" {info.file_size // max(info.compress_size, 1)} times (at most {MAX_RATIO}):"
                " a zip bomb, not a Word document"
            )
    packed = sum(info.compress_size for info in infos)
    if not problems and total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        # Many parts each under the floor, together a bomb (5,000 parts of 40 kB of zeros).
        problems.append(
            f"is compressed {total // max(packed, 1)} times in all (at most {MAX_RATIO}):"
            " a zip bomb, not a Word document"
        )
    names = {info.filename for info in infos}
    problems += [
        f"is not a DOCX file (it has no {part})" for part in REQUIRED_PARTS if part not in names
    ]
    return problems
