"""render-many in a real subprocess, stopped by SIGTERM or Ctrl-C (SIGINT to its process group)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.batch import render_many
from camon_xinloi.issuer import Issuer
from camon_xinloi.testing import event_data

pytestmark = pytest.mark.slow  # a real subprocess per test, about 5 s each

ISSUER = str(Path(__file__).parent.parent / "examples" / "ubnd.toml")
ROWS = 20_000  # far more than can be rendered before the signal arrives
WAIT = 120.0  # seconds; a bound, not a timing assertion: a healthy run takes a few


def row_data(i: int) -> dict[str, object]:
    data = event_data("case_resolved")
    data["case"] = f"hồ sơ số {i}"
    return data


def big_input(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = (json.dumps(row_data(i), ensure_ascii=False) for i in range(ROWS))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def expected_letter(row: int) -> bytes:
    report = render_many(
        [row_data(row - 1)], "text", issuer=Issuer.from_toml(ISSUER), on=dt.date(2026, 3, 5)
    )
    assert report.items[0].data is not None
    return report.items[0].data


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(p) for p in text.split())
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def start(tmp_path: Path, jobs: int) -> tuple[subprocess.Popen[bytes], Path]:
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "camon_xinloi.cli", "render-many", str(big_input(tmp_path)),
         "--issuer", ISSUER, "--format", "text", "--out", str(out), "--jobs", str(jobs),
         "--date", "2026-03-05"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell gives a job
    )  # fmt: skip
    # Started: the first letter is on disk.
    wait_for(lambda: (out.exists() and any(out.glob("*.txt"))) or proc.poll() is not None, "a file")
    assert proc.poll() is None, proc.communicate()
    return proc, out


def check_stopped(proc: subprocess.Popen[bytes], out: Path, status: int) -> dict[str, Any]:
    _, err_bytes = proc.communicate(timeout=WAIT)
    err = err_bytes.decode("utf-8")
    assert proc.returncode == status, err
    assert "Traceback" not in err
    assert "(interrupted)" in err
    report: dict[str, Any] = json.loads((out / "report.json").read_text("utf-8"))
    assert report["interrupted"] is True
    letters = sorted(out.glob("*.txt"))
    assert report["counts"]["rendered"] == len(letters)
    assert 0 < len(letters) < ROWS
    leftovers = [p.name for p in out.parent.rglob("*") if p.name.endswith(".part")]
    assert leftovers == []
    for letter in letters[-3:]:  # complete letters only
        row = int(letter.name.split("-")[1])
        assert letter.read_bytes() == expected_letter(row)
    return report


def test_sigterm_writes_the_report_and_ends_the_workers(tmp_path):
    proc, out = start(tmp_path, jobs=2)
    workers = children(proc.pid)
    assert len(workers) >= 2
    proc.send_signal(signal.SIGTERM)
    report = check_stopped(proc, out, status=143)
    assert any("interrupted (SIGTERM)" in (i["error"] or "") for i in report["items"]) or (
        report["counts"]["failed"] == 0
    )
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")


def test_two_quick_ctrl_c_never_hang(tmp_path):
    proc, out = start(tmp_path, jobs=2)
    workers = children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: to every process of the job
    os.killpg(proc.pid, signal.SIGINT)
    check_stopped(proc, out, status=130)
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")


def test_ctrl_c_in_one_process(tmp_path):
    proc, out = start(tmp_path, jobs=1)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    check_stopped(proc, out, status=130)
