"""Writing output files safely: never a half-written file on disk."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_atomic"]

_TEMP_NAME_BYTES = 100
"""How much of the target's name (UTF-8 bytes) the temporary name repeats: it must fit too."""


def write_atomic(path: str | Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A crash, a full disk or Ctrl-C leaves either the old file or the new one,
    never a partial file. ``data`` is bytes, or an iterable of byte chunks (to
    write a large file without holding it in memory). A new file gets the
    permissions the process umask allows (``0o644`` under the usual ``022``);
    a file that is replaced keeps its own permissions.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> write_atomic(d / "a.txt", b"xin chao").read_bytes()
        b'xin chao'
        >>> write_atomic(d / "b.txt", [b"xin ", b"chao"]).read_bytes()
        b'xin chao'
    """
    target = Path(path)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    stem = target.name.encode("utf-8", "surrogateescape")[:_TEMP_NAME_BYTES]
    readable = stem.decode("utf-8", "ignore")
    tmp = target.with_name(f".{readable}.{secrets.token_hex(8)}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:  # the open is inside: Ctrl-C right after it must not leave the temporary file
        # O_EXCL: never reuse a file someone else made; 0o666 lets the kernel apply the umask.
        fd = os.open(tmp, flags, 0o666)
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            if isinstance(data, (bytes, bytearray, memoryview)):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except FileExistsError:
        raise  # not ours (a 64-bit random name taken): leave it alone
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
