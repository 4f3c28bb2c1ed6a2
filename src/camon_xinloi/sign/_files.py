"""Reading the inputs of signing (a PDF, a PKCS#12 file) from bytes or a path, bounded."""

from __future__ import annotations

import os
from pathlib import Path

from camon_xinloi.errors import SigningError


def read_input(source: bytes | str | os.PathLike[str], what: str, limit: int) -> tuple[bytes, str]:
    """Return the bytes and how to name them in messages; refuse more than ``limit`` bytes.

    Raises:
        SigningError: The file cannot be read or is larger than ``limit``.

    Examples:
        >>> read_input(b"%PDF-1.7", "PDF", 100)
        (b'%PDF-1.7', 'the PDF')
    """
    if isinstance(source, bytes):
        data, where = source, f"the {what}"
    else:
        where = f"{what} {str(source)!r}"
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise SigningError(f"cannot read {where}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise SigningError(f"{where} is over {limit // 1024} KiB; is it the right file?")
    return data, where
