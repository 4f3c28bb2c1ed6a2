from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("camon_xinloi-*.whl")
    return path


@pytest.mark.slow
def test_wheel_holds_templates_fonts_and_licence(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "templates" / "vi").glob("*/*/meta.toml"):
        rel = template.relative_to(ROOT / "templates" / "vi").as_posix()
        assert f"camon_xinloi/templates/vi/{rel}" in names
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"camon_xinloi/fonts/Tinos-{style}.ttf" in names
    assert "camon_xinloi/fonts/LICENSE-Tinos.txt" in names
    assert "camon_xinloi/py.typed" in names


@pytest.mark.slow
def test_catalogue_found_in_an_unpacked_wheel(wheel: Path, tmp_path: Path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import camon_xinloi;"
        "from camon_xinloi.catalogue import builtin_templates_dir, catalogue;"
        "print(camon_xinloi.__file__); print(builtin_templates_dir());"
        "print(len(catalogue()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    module, templates, count = result.stdout.split("\n")[:3]
    assert module.startswith(str(tmp_path))
    assert templates == str(tmp_path / "camon_xinloi" / "templates" / "vi")
    assert int(count) >= 1


def test_catalogue_found_in_the_checkout():
    from camon_xinloi.catalogue import builtin_templates_dir

    assert (builtin_templates_dir() / "chuc_mung" / "ket_hon" / "meta.toml").is_file()
