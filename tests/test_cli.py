from __future__ import annotations

import json
from pathlib import Path

import pytest

from camon_xinloi.cli import main

ROOT = Path(__file__).resolve().parents[1]
ISSUER = ROOT / "examples" / "ubnd.toml"
EVENT = ROOT / "examples" / "ket_hon.json"


def test_render_text_to_stdout(capsys: pytest.CaptureFixture[str]):
    assert (
        main(
            [
                "render",
                "chuc_mung/ket_hon",
                str(EVENT),
                "--issuer",
                str(ISSUER),
                "--date",
                "2026-03-05",
                "--number",
                "3",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Số: 03/UBND-VX" in out
    assert "Phường 15, ngày 05 tháng 3 năm 2026" in out


def test_render_binary_needs_output(capsys: pytest.CaptureFixture[str]):
    assert (
        main(
            ["render", "chuc_mung/ket_hon", str(EVENT), "--issuer", str(ISSUER), "--format", "docx"]
        )
        == 2
    )
    assert "give an output file" in capsys.readouterr().err


def test_bad_event_prints_one_line_naming_the_field(tmp_path: Path, capsys):
    bad = json.loads(EVENT.read_text(encoding="utf-8"))
    bad["spouses"][0]["full_name"] = "Lê\x07Dũng"
    bad["colour"] = "red"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["render", "chuc_mung/ket_hon", str(path), "--issuer", str(ISSUER)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "spouses.0.full_name" in err
    assert "U+0007" in err
    assert "colour" in err
    assert "Traceback" not in err


def test_unknown_template_is_one_line(capsys):
    assert main(["render", "chuc_mung/kethon", str(EVENT), "--issuer", str(ISSUER)]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'chuc_mung/ket_hon'" in err


def test_demo_writes_every_format(tmp_path: Path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    suffixes = {Path(p).suffix for p in written}
    assert {".txt", ".html", ".docx", ".pdf"} <= suffixes
    for path in written:
        assert Path(path).stat().st_size > 0
    assert not list(tmp_path.glob("*.part"))
