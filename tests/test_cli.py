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
    assert "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026" in out


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


# Typical mistakes: each is one line on stderr, a non-zero status, no traceback.


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    try:
        status: object = main(argv)
    except SystemExit as exc:  # argparse's own errors exit instead of returning
        status = exc.code
    assert status == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    return captured.err


def _render(event: Path | str, *more: str, issuer: Path | str = ISSUER) -> list[str]:
    return ["render", "chuc_mung/ket_hon", str(event), "--issuer", str(issuer), *more]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{bad", "bad.json: not valid JSON (key must be a string at line 1 column 2)"),
        ('{"kind": "nope"}', "bad.json: unknown event kind 'nope'; known kinds: birth_registered"),
        ('{"x": 1}', "bad.json: no 'kind' field; known kinds: birth_registered"),
    ],
)
def test_bad_event_file(tmp_path, monkeypatch, capsys, content, expected):
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(content, encoding="utf-8")
    assert expected in _one_line_error(capsys, _render("bad.json"))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (_render("missing.json"), "cannot read event file 'missing.json': No such file"),
        (_render(EVENT, issuer="missing.toml"), "cannot read issuer file 'missing.toml': No such"),
        (_render(EVENT, "--format", "odt"), "unknown format 'odt'; available: docx, html, pdf"),
        (_render(EVENT, "--format", "pdf"), "the pdf format is binary; give an output file"),
        (_render(EVENT, "--date", "2026-13-01"), "--date '2026-13-01' is not a date"),
        (_render(EVENT, "--number", "abc"), "'abc' is not a positive whole number"),
        (
            ["render", "chuc_mung/ket_hn", str(EVENT), "--issuer", str(ISSUER)],
            "unknown template 'chuc_mung/ket_hn'; did you mean 'chuc_mung/ket_hon'?",
        ),
        (
            ["render", "cam_on/gop_y", str(EVENT), "--issuer", str(ISSUER)],
            "is written for 'feedback_received' events, not 'marriage_registered'",
        ),
        (["schema", "nope"], "unknown event kind 'nope'; known kinds:"),
        (["templates", "--family", "nope"], "argument --family: invalid choice: 'nope'"),
        (["templates", "--dir", "no/such/dir"], "template folder 'no/such/dir' does not exist"),
        (["check", "no/such/dir"], "'no/such/dir' does not exist"),
        (["nope"], "invalid choice: 'nope'"),
        ([], "the following arguments are required: command"),
    ],
)
def test_usage_mistakes(tmp_path, monkeypatch, capsys, argv, expected):
    monkeypatch.chdir(tmp_path)
    assert expected in _one_line_error(capsys, argv)


def test_bad_issuer_toml(tmp_path, capsys):
    (tmp_path / "bad.toml").write_text("name = \n", encoding="utf-8")
    (tmp_path / "short.toml").write_text('unit_type = "xã"\n', encoding="utf-8")
    err = _one_line_error(capsys, _render(EVENT, issuer=tmp_path / "bad.toml"))
    assert "is not valid TOML: Invalid value (at line 1, column 8)" in err
    err = _one_line_error(capsys, _render(EVENT, issuer=tmp_path / "short.toml"))
    assert "is invalid: name: Field required" in err


def test_output_folder_missing_writes_nothing(tmp_path, capsys):
    out = tmp_path / "thu.pdf"
    err = _one_line_error(
        capsys, _render(EVENT, "--format", "pdf", "-o", str(out), "--record", "no/r.json")
    )
    assert "cannot write record 'no/r.json': folder 'no' does not exist" in err
    assert not out.exists()  # neither file, rather than a PDF without its record
    err = _one_line_error(capsys, _render(EVENT, "-o", str(tmp_path / "no" / "thu.txt")))
    assert "cannot write output file" in err


def test_unwritable_places(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    err = _one_line_error(capsys, ["demo", "--out", str(blocker / "demo")])
    assert f"cannot create folder {str(blocker / 'demo')!r}" in err
    events = tmp_path / "events.json"
    events.write_text("[" + EVENT.read_text(encoding="utf-8") + "]", encoding="utf-8")
    argv = ["render-many", str(events), "--issuer", str(ISSUER), "--format", "text", "--quiet"]
    argv += ["--out", str(tmp_path / "out"), "--report", str(blocker / "r.json")]
    err = _one_line_error(capsys, argv)
    assert "cannot write the report" in err
    assert not (tmp_path / "out").exists()  # checked before any letter is rendered


def test_installed_command_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "camon_xinloi.cli", *_render(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("camon-xinloi: error: cannot read event file")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "command", [None, "demo", "render", "templates", "check", "schema", "render-many"]
)
def test_help(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"] if command else ["--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: camon-xinloi")
