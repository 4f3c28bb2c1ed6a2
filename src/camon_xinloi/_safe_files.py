"""Reading a user's file without letting it cost anything: regular files only, bounded size.

A portal passes paths it got from users or administrators (a DOCX template, a PDF
form). A directory, a FIFO, a device (``/dev/zero``, ``/dev/stdin``) or a file far
larger than any letter template must be an error at once, never a hang or an
exhausted memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["HostileFileError", "read_regular_file"]


class HostileFileError(ValueError):
    """A file is not something this library reads (its message names the file)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: str | Path, *, max_bytes: int, what: str) -> bytes:
    """Return the bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking and checked after opening, so a FIFO put
    in its place meanwhile is refused too, not waited on.

    Raises:
        HostileFileError: If it is a folder, a FIFO, a device or a socket, or too large.
        OSError: If it cannot be read (missing, no permission).

    Examples:
        >>> read_regular_file("/", max_bytes=10, what="DOCX template")
        Traceback (most recent call last):
        ...
        camon_xinloi._safe_files.HostileFileError: DOCX template '/' is a folder, not a file
    """
    name = str(path)
    mode = Path(name).stat().st_mode
    if not stat.S_ISREG(mode):
        raise HostileFileError(f"{what} {name!r} is {_kind(mode)}, not a file")
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise HostileFileError(f"{what} {name!r} is {_kind(status.st_mode)}, not a file")
        # Ask for what the file holds (plus one byte, in case it grew), not for the limit:
        # read(n) allocates n bytes first, 200 MiB for every small PDF otherwise.
        data = handle.read(min(status.st_size, max_bytes) + 1)
        if len(data) > status.st_size:  # it grew meanwhile: read on, up to the limit
            data += handle.read(max_bytes + 1 - len(data))
    if len(data) > max_bytes:
        raise HostileFileError(
            f"{what} {name!r} is larger than {max_bytes // 2**20} MiB, the limit for it"
        )
    return data
