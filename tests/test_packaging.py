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


def run_unpacked(folder: Path, code: str) -> str:
    """Run Python code against an unpacked wheel only (not the checkout); its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        cwd=folder,
    )
    return result.stdout


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
def test_wheel_holds_the_register_of_units_within_200_kb(wheel: Path, tmp_path: Path):
    archive = zipfile.ZipFile(wheel)
    sizes = {i.filename: i.compress_size for i in archive.infolist()}
    data = ["camon_xinloi/data/units_2025.tsv.gz", "camon_xinloi/data/successors_2025.tsv.gz"]
    assert all(name in sizes for name in data)
    assert sum(sizes[name] for name in data) <= 200_000
    archive.extractall(tmp_path)
    code = "from camon_xinloi import admin_units as u; print(len(u.units()), u.successor('27007'))"
    assert run_unpacked(tmp_path, code).startswith("3321 Succession(")


@pytest.mark.slow
def test_catalogue_found_in_an_unpacked_wheel(wheel: Path, tmp_path: Path):
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = (
        "import camon_xinloi;"
        "from camon_xinloi.catalogue import builtin_templates_dir, catalogue;"
        "print(camon_xinloi.__file__); print(builtin_templates_dir());"
        "print(len(catalogue()))"
    )
    module, templates, count = run_unpacked(tmp_path, code).split("\n")[:3]
    assert module.startswith(str(tmp_path))
    assert templates == str(tmp_path / "camon_xinloi" / "templates" / "vi")
    assert int(count) >= 1


def test_catalogue_found_in_the_checkout():
    from camon_xinloi.catalogue import builtin_templates_dir

    assert (builtin_templates_dir() / "chuc_mung" / "ket_hon" / "meta.toml").is_file()
