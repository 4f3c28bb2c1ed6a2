from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from camon_xinloi import Issuer
from camon_xinloi.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_units_search_prints_code_name_and_province(capsys):
    status, out, err = run(capsys, "units", "search", "bay hien")
    assert (status, err) == (0, "")
    assert out == "26983  Phường Bảy Hiền  Thành phố Hồ Chí Minh\n"
    status, out, _ = run(capsys, "units", "search", "Xuân Phú")
    assert status == 0
    assert out.splitlines() == [
        "20650  Xã Xuân Phú  Thành phố Đà Nẵng",
        "26458  Xã Xuân Phú  Tỉnh Đồng Nai",
    ]


def test_units_search_by_province_and_limit(capsys):
    status, out, _ = run(capsys, "units", "search", "hoa", "--province", "Đà Nẵng", "--limit", "2")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(line.endswith("Thành phố Đà Nẵng") for line in lines)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["units", "search", "hoa", "--province", "Atlantis"], "unknown province 'Atlantis'"),
        (["units", "search", "hoa", "--limit", "0"], "--limit must be at least 1"),
        (["units", "search", "  "], "give a code or a name"),
        (["issuer", "init", "--unit", "99999"], "no unit has the code '99999'"),
        (["issuer", "init", "--unit", "Xuân Phú"], r"names 2 units: .*\(20650\).*\(26458\)"),
        (["issuer", "init", "--unit", "Bảy Hiền", "--province", "Hà Nội"], "not in Thành phố Hà"),
        (["issuer", "init", "--unit", "Phường 15"], "existed before 1 July 2025"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("camon-xinloi: error: ")
    assert err.count("\n") == 1
    assert re.search(message, err), err
    assert not (tmp_path / "ubnd.toml").exists()


def test_issuer_init_writes_a_starter_file_from_the_register(capsys, tmp_path):
    path = tmp_path / "ubnd.toml"
    status, out, _ = run(capsys, "issuer", "init", "--unit", "10570", "-o", str(path))
    assert status == 0
    assert "Phường Trần Hưng Đạo, Thành phố Hải Phòng (10570)" in out
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["unit"] == "10570"
    assert "<" in data["address"]
    assert "<" in data["notation"]
    assert data["signatory"]["full_name"].startswith("<")
    # The placeholders must be filled before a letter can go out.
    event = str(ROOT / "examples" / "ket_hon.json")
    status, _, err = run(capsys, "render", "chuc_mung/ket_hon", event, "--issuer", str(path))
    assert status == 2
    assert "signatory.full_name" in err
    # Filled in, it is a valid issuer with the register's names and the Decree 30 date line.
    data["signatory"]["full_name"] = "Lê Thị Hoa"
    issuer = Issuer.from_dict(data)
    assert issuer.full_name == "Phường Trần Hưng Đạo"
    assert issuer.place_name == "Phường Trần Hưng Đạo"
    assert issuer.province == "thành phố Hải Phòng"
    assert issuer.address is not None
    assert "Phường Trần Hưng Đạo, thành phố Hải Phòng" in issuer.address


def test_issuer_init_refuses_to_overwrite_without_force(capsys, tmp_path):
    path = tmp_path / "ubnd.toml"
    path.write_text("keep", encoding="utf-8")
    status, _, err = run(capsys, "issuer", "init", "--unit", "26983", "-o", str(path))
    assert status == 2
    assert "exists; give --force" in err
    assert path.read_text("utf-8") == "keep"
    status, _, _ = run(capsys, "issuer", "init", "--unit", "bay hien", "-o", str(path), "--force")
    assert status == 0
    assert tomllib.loads(path.read_text("utf-8"))["unit"] == "26983"


def test_issuer_init_into_a_missing_folder(capsys, tmp_path):
    status, _, err = run(
        capsys, "issuer", "init", "--unit", "26983", "-o", str(tmp_path / "no" / "u.toml")
    )
    assert status == 2
    assert "does not exist" in err
