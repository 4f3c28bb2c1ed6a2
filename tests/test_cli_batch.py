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
