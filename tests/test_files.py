from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from camon_xinloi.files import write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_the_umask_permissions(tmp_path, umask):
    old = os.umask(umask)
    try:
        path = write_atomic(tmp_path / "a.txt", b"x")
    finally:
        os.umask(old)
    assert mode(path) == 0o666 & ~umask


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    for wanted in (0o644, 0o640, 0o600):
        path.chmod(wanted)
        write_atomic(path, b"new")
        assert mode(path) == wanted
        assert path.read_bytes() == b"new"


def test_chunks_are_written_in_order(tmp_path):
    path = write_atomic(tmp_path / "big.bin", (bytes([i]) * 1000 for i in range(200)))
    assert path.read_bytes() == b"".join(bytes([i]) * 1000 for i in range(200))


def test_a_failure_in_the_middle_leaves_the_old_file_and_no_temporary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def chunks():
        yield b"half"
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomic(path, chunks())
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_long_name_that_fits_is_written(tmp_path):
    name = "\U0001f338" * 62 + ".txt"  # 252 bytes in UTF-8: fits a 255-byte name limit
    path = write_atomic(tmp_path / name, b"x")
    assert path.read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
