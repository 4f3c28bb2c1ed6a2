"""Reading the inputs of signing (a PDF, a PKCS#12 file) from bytes or a path, bounded."""

from __future__ import annotations

import os
from pathlib import Path

from camon_xinloi._safe_files import HostileFileError, read_regular_file
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
        # A regular file only: a FIFO or a device (/dev/stdin) is an error, not a hang.
        where = f"{what} {str(source)!r}"
        try:
            data = read_regular_file(Path(source), max_bytes=limit, what=what)
        except HostileFileError as exc:
            raise SigningError(str(exc)) from exc
        except OSError as exc:
            raise SigningError(f"cannot read {where}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise SigningError(f"{where} is over {limit // 1024} KiB; is it the right file?")
    return data, where
