"""System tools some tests drive (LibreOffice, poppler, SoftHSM2): one rule for a missing one.

`.ci/run` installs them, so in CI (``CI`` set) a missing tool fails the test. On a
developer's machine with only Python, the test is skipped with the reason and the
Debian package to install, listed by ``-ra`` at the end of the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def missing(what: str, package: str) -> None:
    """Fail in CI, skip elsewhere, naming the Debian package that brings ``what``."""
    message = f"{what} is missing: apt-get install {package} (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def system_tool(name: str, package: str) -> str:
    """The path of the command ``name``, or fail (CI) / skip (elsewhere)."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} (not on PATH)", package)
        raise AssertionError("unreachable")  # pragma: no cover - missing() raises
    return path


def system_file(candidates: tuple[str, ...], what: str, package: str) -> str:
    """The first of ``candidates`` that exists, or fail (CI) / skip (elsewhere)."""
    for candidate in candidates:
        if Path(candidate).is_file():
            return candidate
    missing(what, package)
    raise AssertionError("unreachable")  # pragma: no cover - missing() raises


def soffice_convert(source: Path, to: str, out: Path, *, packages: str) -> Path:
    """Convert ``source`` with headless LibreOffice (its own profile), return the output path.

    ``to`` is a ``--convert-to`` target ("pdf", "xlsx:Calc MS Excel 2007 XML"); the
    output is ``out/<source stem>.<extension of to>``.
    """
    soffice = system_tool("soffice", packages)
    profile = (out.parent / f"lo-profile-{out.name}").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to]
    subprocess.run(
        [*command, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{source.stem}.{to.split(':')[0]}"
