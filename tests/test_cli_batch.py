from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.cli import main
from camon_xinloi.events import event_kinds
from camon_xinloi.testing import event_data

ISSUER = str(Path(__file__).parent.parent / "examples" / "ubnd.toml")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def run(*argv: str) -> int:
    return main(["render-many", *argv])


def test_all_rendered_exits_0_and_writes_report(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [event_data(k) for k in event_kinds()])
    out = tmp_path / "out"
    status = run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out), "--date",
                 "2026-03-05")  # fmt: skip
    assert status == 0, capsys.readouterr().err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["counts"] == {"rendered": len(event_kinds()), "skipped": 0, "failed": 0}
    assert len(list(out.glob("*.txt"))) == len(event_kinds())
    err = capsys.readouterr().err
    assert "9 rendered, 0 skipped, 0 failed" in err
    assert "\r" not in err  # no progress line when stderr is not a terminal

    assert run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out)) == 0
    assert "0 rendered, 9 skipped" in capsys.readouterr().err


def test_a_failed_row_exits_1_and_names_the_row(tmp_path, capsys):
    bad = event_data("marriage_registered")
    del bad["registered_on"]
    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved"), bad])
    report_path = tmp_path / "r.json"
    status = run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(tmp_path / "o"),
                 "--report", str(report_path))  # fmt: skip
    assert status == 1
    err = capsys.readouterr().err
    assert "row 2 (line 2): registered_on: Field required" in err
    assert json.loads(report_path.read_text("utf-8"))["items"][1]["status"] == "failed"


def test_csv_with_jobs_and_force(tmp_path, capsys):
    header = "kind,case,resolved_on,citizen.full_name,citizen.sex"
    rows = [f"case_resolved,hồ sơ số {i},2026-02-0{i},Lê Văn An {c},nam" for i, c in
            zip(range(1, 5), "ABCD", strict=True)]  # fmt: skip
    src = tmp_path / "in.csv"
    src.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8-sig"))
    out = tmp_path / "o"
    args = [str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out), "--jobs", "2"]
    assert run(*args) == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.glob("*.txt"))
    assert names[0] == "case_resolved-00001-Lê_Văn_An_A.txt"
    assert run(*args, "--force") == 0
    assert "4 rendered, 0 skipped" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.csv", "--issuer", ISSUER], "cannot read"),
        (["{src}", "--issuer", "nope.toml"], "issuer"),
        (["{src}", "--issuer", ISSUER, "--jobs", "0"], "--jobs"),
        (["{src}", "--issuer", ISSUER, "--format", "odt"], "unknown format"),
        (["{src}", "--issuer", ISSUER, "--date", "5/3/2026"], "--date"),
        (["{src}", "--issuer", ISSUER, "--template", "chuc_mung/ket_hn"], "did you mean"),
        (["{src}", "--issuer", ISSUER, "--out", "{blocked}"], "not writable"),
        (["{src}", "--issuer", ISSUER, "--encoding", "latin-9x"], "unknown encoding"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, argv, message):
    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved")])
    (tmp_path / "blocker").write_text("x")
    argv = [a.format(src=src, blocked=tmp_path / "blocker" / "o") for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    assert run(*argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_columns_exit_2(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("kind,case\ncase_resolved,hồ sơ\n", "utf-8")
    assert run(str(src), "--issuer", ISSUER, "--out", str(tmp_path / "o")) == 2
    err = capsys.readouterr().err
    assert "missing column(s)" in err
    assert "resolved_on" in err
    assert "citizen.full_name" in err


# --------------------------------------------------------------------------- never a traceback


def one_line_error(capsys: Any, *argv: str) -> str:
    """Run, expect exit 2 and exactly one error line (no traceback); return all of stderr."""
    assert run(*argv) == 2
    err: str = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("camon-xinloi: error:")]
    assert len(errors) == 1, err
    return err


def letter_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name != "report.json")


def test_a_csv_cell_over_the_limit(tmp_path, capsys):
    import csv

    src = tmp_path / "in.csv"
    big = "x" * (csv.field_size_limit() + 10)
    src.write_text(f"kind,case\ncase_resolved,{big}\n", "utf-8")
    out = tmp_path / "o"
    err = one_line_error(capsys, str(src), "--issuer", ISSUER, "--out", str(out))
    assert "line 2: a cell is longer than" in err
    assert not out.exists()


def test_deeply_nested_columns_and_json(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("kind," + ".".join(["a"] * 3000) + "\ncase_resolved,x\n", "utf-8")
    assert "at most 10" in one_line_error(capsys, str(src), "--issuer", ISSUER)
    deep = tmp_path / "in.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    assert "nested more than" in one_line_error(capsys, str(deep), "--issuer", ISSUER)


def test_a_deep_json_line_is_that_rows_error(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    good = json.dumps(event_data("case_resolved"), ensure_ascii=False)
    src.write_text(f'{good}\n{{"kind": {"[" * 100_000}{"]" * 100_000}}}\n', "utf-8")
    out = tmp_path / "o"
    assert run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "row 2 (line 2): nested more than 32 levels deep" in err
    assert "Traceback" not in err
    assert len(letter_files(out)) == 1


def test_a_name_pattern_with_a_bad_field(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved")])
    out = tmp_path / "o"
    for pattern in ("{row.real}{suffix}", "{nope}", "{row:{kind}}", "{recipient:d}"):
        err = one_line_error(capsys, str(src), "--issuer", ISSUER, "--out", str(out),
                             "--name-pattern", pattern)  # fmt: skip
        assert "name_pattern" in err
    assert letter_files(out) == []


def test_issuer_toml_with_a_bom_or_deep_nesting(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved")])
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + Path(ISSUER).read_bytes())
    out = tmp_path / "o"
    assert run(str(src), "--issuer", str(bom), "--format", "text", "--out", str(out)) == 0
    capsys.readouterr()
    for text in ("a = " + "[" * 50_000 + "]" * 50_000, "a" + ".b" * 100_000 + " = 1"):
        deep = tmp_path / "deep.toml"
        deep.write_text(text, "utf-8")
        err = one_line_error(capsys, str(src), "--issuer", str(deep), "--out", str(out))
        assert "is not valid TOML" in err


def test_an_unwritable_report_is_refused_before_any_letter(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved")])
    (tmp_path / "file").write_text("x")
    out = tmp_path / "o"
    for report in (tmp_path / "file" / "r.json", tmp_path):
        err = one_line_error(capsys, str(src), "--issuer", ISSUER, "--format", "text",
                             "--out", str(out), "--report", str(report))  # fmt: skip
        assert "cannot write the report" in err
    assert not out.exists() or letter_files(out) == []


def fill_disk(monkeypatch: Any, *, after: int, forever: bool) -> None:
    """Make render_many's writes fail with ENOSPC after ``after`` files (once, or forever)."""
    import errno

    import camon_xinloi.batch as batch
    import camon_xinloi.batch_report as batch_report
    from camon_xinloi.files import write_atomic

    calls = {"n": 0}

    def filling(path: Any, data: Any) -> Path:
        calls["n"] += 1
        if calls["n"] == after + 1 or (forever and calls["n"] > after):
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_atomic(path, data)

    monkeypatch.setattr(batch, "write_atomic", filling)  # the letters
    monkeypatch.setattr(batch_report, "write_atomic", filling)  # the report


def five_rows(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "in.jsonl", [event_data("case_resolved", seed=i) for i in range(5)]
    )


def test_a_full_disk_stops_with_a_summary(tmp_path, capsys, monkeypatch):
    fill_disk(monkeypatch, after=2, forever=True)
    out = tmp_path / "o"
    err = one_line_error(capsys, str(five_rows(tmp_path)), "--issuer", ISSUER, "--format", "text",
                         "--out", str(out))  # fmt: skip
    assert "camon-xinloi: error: batch stopped: cannot write" in err
    assert "No space left on device" in err
    assert "2 rendered, 0 skipped, 3 failed (stopped:" in err  # the summary: how far it got
    assert "report not written: No space left on device" in err
    assert len(letter_files(out)) == 2
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_full_disk_report_lists_every_row(tmp_path, capsys, monkeypatch):
    fill_disk(monkeypatch, after=2, forever=False)  # space comes back for the report
    out = tmp_path / "o"
    err = one_line_error(capsys, str(five_rows(tmp_path)), "--issuer", ISSUER, "--format", "text",
                         "--out", str(out))  # fmt: skip
    assert "2 rendered, 0 skipped, 3 failed (stopped: cannot write" in err
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["counts"] == {"rendered": 2, "skipped": 0, "failed": 3}
    assert "not rendered: batch stopped" in report["items"][4]["error"]


def test_a_file_name_too_long_is_that_rows_error(tmp_path, capsys):
    rows = [event_data("case_resolved", seed=i) for i in range(3)]
    rows[1]["citizen"]["full_name"] = "Nguyễn " + " ".join(["Ệệệệệ"] * 12)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "o"
    pattern = "{row:05d}-{recipient}-" + "đ" * 50 + "{suffix}"
    assert run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out),
               "--name-pattern", pattern) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "row 2 (line 2): cannot use the file name" in err
    assert "File name too long" in err
    assert len(letter_files(out)) == 2


def test_outputs_get_the_umask_permissions(tmp_path, capsys):
    import os
    import stat

    src = write_jsonl(tmp_path / "in.jsonl", [event_data("case_resolved")])
    out = tmp_path / "o"
    old = os.umask(0o022)
    try:
        assert run(str(src), "--issuer", ISSUER, "--format", "text", "--out", str(out)) == 0
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert set(modes.values()) == {0o644}, modes
    assert "report.json" in modes
