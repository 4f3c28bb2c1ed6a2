from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.catalogue import Catalogue, builtin_templates_dir, catalogue
from camon_xinloi.cli import main
from camon_xinloi.errors import CatalogueError
from camon_xinloi.events import event_kinds


def test_templates_table(capsys: pytest.CaptureFixture[str]):
    assert main(["templates"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "title", "kind", "version"]
    assert len(lines) == 1 + len(catalogue().ids())
    row = next(line for line in lines if line.startswith("xin_loi/tre_hen "))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in row
    assert "dossier_delayed" in row
    assert row.split()[-1] == catalogue().get("xin_loi/tre_hen").version


def test_templates_of_one_family(capsys: pytest.CaptureFixture[str]):
    assert main(["templates", "--family", "chia_buon"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]]
    assert ids == [t.id for t in catalogue().list(family="chia_buon")]


def test_templates_with_a_user_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    shutil.copytree(builtin_templates_dir() / "cam_on" / "gop_y", tmp_path / "cam_on" / "gop_y_2")
    assert main(["templates", "--dir", str(tmp_path)]) == 0
    assert "cam_on/gop_y_2 " in capsys.readouterr().out


def test_check_builtin(capsys: pytest.CaptureFixture[str]):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_check_a_bad_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "chuc_mung" / "ket_hon"
    shutil.copytree(builtin_templates_dir() / "chuc_mung" / "ket_hon", folder)
    (folder / "body.j2").write_text("{{ ai_do }}\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert f"{folder}: body.j2: unknown variable(s) ai_do" in captured.out
    assert "1 problem(s) found" in captured.err


def test_check_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["check", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "does not exist" in err


def test_check_a_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "letterhead.docx"
    bad.write_bytes(b"not a zip")
    assert main(["check", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().out


def test_schema_of_everything(capsys: pytest.CaptureFixture[str]):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert set(schema["discriminator"]["mapping"]) == set(event_kinds())


def test_schema_of_one_kind(capsys: pytest.CaptureFixture[str]):
    assert main(["schema", "dossier_delayed"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "new_due_on" in schema["required"]


def test_schema_of_an_unknown_kind_is_one_line(capsys: pytest.CaptureFixture[str]):
    assert main(["schema", "wedding"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown event kind 'wedding'" in err


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exc:
        main(["bogus"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "invalid choice" in err


@pytest.mark.parametrize(
    ("name", "spoil", "message"),
    [
        ("body.j2", lambda p: p.write_bytes("Chúc".encode("latin-1")), "body.j2 is not UTF-8"),
        ("body.j2", lambda p: (p.unlink(), p.mkdir()), "body.j2 cannot be read"),
        ("meta.toml", lambda p: (p.unlink(), p.mkdir()), "meta.toml cannot be read"),
        ("example.json", lambda p: p.write_bytes(b'{"a": "\xfa"}'), "example.json: invalid JSON"),
    ],
)
def test_unreadable_template_files_are_catalogue_errors_naming_the_path(
    tmp_path: Path, name: str, spoil: Any, message: str
) -> None:
    # These used to escape as a raw UnicodeDecodeError or IsADirectoryError.
    folder = tmp_path / "chuc_mung" / "ket_hon_rieng"
    shutil.copytree(builtin_templates_dir() / "chuc_mung" / "ket_hon", folder)
    spoil(folder / name)
    with pytest.raises(CatalogueError, match=message) as info:
        Catalogue.from_directory(tmp_path)
    assert str(folder) in str(info.value)
