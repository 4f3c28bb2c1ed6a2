from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.batch import (
    BatchError,
    BatchInterrupted,
    _Progress,
    render_many,
    slugify,
)
from camon_xinloi.batch_input import read_rows
from camon_xinloi.events import event_kinds
from camon_xinloi.testing import event_data, example_issuer, make_event, make_events

ON = dt.date(2026, 3, 5)


def mixed(n: int = 9) -> list[Any]:
    return [event_data(k, seed=i) for i, k in enumerate(list(event_kinds()) * (n // 9 + 1))][:n]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_mixed_kinds_render_in_memory():
    report = render_many(mixed(), "text", issuer=example_issuer(), on=ON)
    assert report.ok, report.failed
    assert [i.row for i in report.items] == list(range(1, 10))
    assert {i.kind for i in report.items} == set(event_kinds())
    assert all(i.data and i.data.startswith("       ỦY BAN".encode()) for i in report.items)
    assert all(i.template for i in report.items)


def test_errors_are_collected_with_row_and_field(tmp_path):
    bad = event_data("marriage_registered")
    bad["spouses"][1]["full_name"] = "Vũ 2"
    rows: list[Any] = [
        event_data("birth_registered"),
        bad,
        {"kind": "nope"},
        make_event("death_registered"),
    ]
    report = render_many(rows, "text", issuer=example_issuer(), out=tmp_path, on=ON)
    assert not report.ok
    assert [(i.row, i.status) for i in report.items] == [
        (1, "rendered"),
        (2, "failed"),
        (3, "failed"),
        (4, "rendered"),
    ]
    failed = report.items[1]
    assert failed.errors[0].field == "spouses.1.full_name"
    assert "digit" in failed.errors[0].message
    assert report.items[2].errors[0].field == "kind"
    assert "unknown event kind 'nope'" in (report.items[2].error or "")
    doc = json.loads(report.to_json())
    assert doc["counts"] == {"rendered": 2, "skipped": 0, "failed": 2}
    assert doc["items"][1]["errors"][0]["field"] == "spouses.1.full_name"
    assert "data" not in doc["items"][0]


def test_on_error_raise_stops_at_first_failure():
    with pytest.raises(BatchError, match="row 2"):
        render_many(
            [event_data("case_resolved"), {"kind": "x"}, event_data("case_resolved")],
            "text",
            issuer=example_issuer(),
            on_error="raise",
        )


def test_files_written_named_and_skipped_unless_force(tmp_path):
    events = make_events(3, kinds=["marriage_registered"])
    first = render_many(events, "text", issuer=example_issuer(), out=tmp_path, on=ON)
    names = files(tmp_path)
    assert len(names) == 3
    assert names[0].startswith("marriage_registered-00001-")
    assert names[0].endswith(".txt")
    person = events[0].spouses[0].full_name.replace(" ", "_")  # type: ignore[attr-defined]
    assert person in names[0]
    assert first.items[0].path == str(tmp_path / names[0])

    (tmp_path / names[0]).write_bytes(b"edited by hand")
    again = render_many(events, "text", issuer=example_issuer(), out=tmp_path, on=ON)
    assert [i.status for i in again.items] == ["skipped"] * 3
    assert again.ok
    assert (tmp_path / names[0]).read_bytes() == b"edited by hand"

    forced = render_many(events, "text", issuer=example_issuer(), out=tmp_path, on=ON, force=True)
    assert [i.status for i in forced.items] == ["rendered"] * 3
    assert (tmp_path / names[0]).read_bytes() != b"edited by hand"
    assert not [n for n in files(tmp_path) if n.endswith(".part")]


def test_name_pattern_and_collisions(tmp_path):
    events = make_events(2, kinds=["case_resolved"])
    report = render_many(
        events,
        "text",
        issuer=example_issuer(),
        out=tmp_path,
        on=ON,
        name_pattern="{template}/{kind}{suffix}",
    )
    assert [i.status for i in report.items] == ["rendered", "failed"]
    assert "{row}" in (report.items[1].error or "")
    assert files(tmp_path) == ["case_resolved.txt"]
    with pytest.raises(BatchError, match="name_pattern"):
        render_many(events, "text", issuer=example_issuer(), out=tmp_path, name_pattern="{nope}")
    with pytest.raises(BatchError, match="relative path"):
        render_many(events, "text", issuer=example_issuer(), out=tmp_path, name_pattern="../x")


def test_atomic_writes_leave_no_partial_file_when_a_write_fails(tmp_path, monkeypatch):
    import os

    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    report = render_many(make_events(4), "text", issuer=example_issuer(), out=tmp_path, on=ON)
    statuses = [i.status for i in report.items]
    assert statuses[0] == "rendered"
    assert statuses[1] == "failed"
    assert "No space left" in (report.items[1].error or "")
    assert report.aborted
    assert "No space left" in report.aborted
    assert statuses[2:] == ["failed", "failed"]
    assert "batch stopped" in (report.items[2].error or "")
    assert files(tmp_path) == [Path(report.items[0].path or "").name]


def test_process_pool_with_two_workers(tmp_path):
    rows = mixed(12)
    rows.insert(3, {"kind": "birth_registered"})
    with ProcessPoolExecutor(2) as pool:
        report = render_many(
            rows, "text", issuer=example_issuer(), out=tmp_path, on=ON, executor=pool, chunk_size=3
        )
    assert [i.row for i in report.items] == list(range(1, 14))
    assert [i.row for i in report.failed] == [4]
    assert len(files(tmp_path)) == 12
    serial = render_many(rows, "text", issuer=example_issuer(), on=ON)
    for item, ref in zip(report.items, serial.items, strict=True):
        if item.path:
            assert Path(item.path).read_bytes() == ref.data


def test_ctrl_c_leaves_complete_files_and_a_report(tmp_path):
    def stream() -> Iterator[Any]:
        yield from make_events(3)
        raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as info:
        render_many(
            stream(),
            "text",
            issuer=example_issuer(),
            out=tmp_path / "out",
            on=ON,
            report=tmp_path / "report.json",
        )
    assert isinstance(info.value, KeyboardInterrupt)
    report = info.value.report
    assert report.interrupted
    assert not report.ok
    assert [i.status for i in report.items] == ["rendered"] * 3
    assert len(files(tmp_path / "out")) == 3
    assert not [n for n in files(tmp_path) if ".part" in n]
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert saved["interrupted"] is True
    assert saved["counts"]["rendered"] == 3


def test_not_writable_output_is_one_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BatchError, match="not writable") as info:
        render_many(make_events(2), "text", issuer=example_issuer(), out=blocker / "sub")
    assert "\n" not in str(info.value)


def test_combined_pdf(tmp_path):
    report = render_many(
        make_events(3, kinds=["marriage_registered", "longevity_celebrated"]),
        "pdf",
        issuer=example_issuer(),
        out=tmp_path,
        combine=True,
        on=ON,
    )
    assert report.ok, report.failed
    assert files(tmp_path) == ["letters.pdf"]
    assert all(i.path == str(tmp_path / "letters.pdf") for i in report.items)
    import pypdf

    assert len(pypdf.PdfReader(tmp_path / "letters.pdf").pages) >= 3
    again = render_many(
        make_events(3), "pdf", issuer=example_issuer(), out=tmp_path, combine=True, on=ON
    )
    assert [i.status for i in again.items] == ["skipped"] * 3


def test_combine_needs_pdf_or_docx():
    with pytest.raises(BatchError, match=r"in one file \(docx, pdf\), not 'text'"):
        render_many([], "text", issuer=example_issuer(), combine=True)


def test_combine_asks_the_renderer_not_the_format_name(tmp_path, monkeypatch):
    import importlib

    from camon_xinloi.letter import Letter
    from camon_xinloi.render import register_renderer

    render_module = importlib.import_module("camon_xinloi.render")  # not cx.render, the function
    monkeypatch.setattr(render_module, "_factories", dict(render_module._factories))
    monkeypatch.setattr(render_module, "_instances", dict(render_module._instances))

    class Joined:
        """A third-party format that can put many letters in one file."""

        format = "joined"
        media_type = "text/plain"
        suffix = ".txt"

        def render(self, letter: Letter, /, **options: Any) -> bytes:
            return letter.title.encode("utf-8")

        def render_batch(self, letters: Any, /, **options: Any) -> bytes:
            return b"|".join(self.render(letter) for letter in letters)

    register_renderer("joined", Joined)
    report = render_many(
        make_events(2, kinds=["death_registered"]),
        "joined",
        issuer=example_issuer(),
        out=tmp_path,
        combine=True,
        on=ON,
    )
    assert report.ok, report.failed
    assert (tmp_path / "letters.txt").read_bytes() == "THƯ CHIA BUỒN|THƯ CHIA BUỒN".encode()


def test_input_rows_keep_their_numbers_and_errors():
    csv = (
        "kind,case,resolved_on,citizen.full_name,x.0,x.2\n"
        "case_resolved,hồ sơ A,2026-01-02,Lê Văn An,,\n"
        "case_resolved,hồ sơ B,2026-01-02,Lê Văn Bình,a,b\n"
    ).encode()
    rows = read_rows(csv, format="csv")
    report = render_many(rows, "text", issuer=example_issuer(), on=ON)
    assert [(i.row, i.line, i.status) for i in report.items] == [
        (1, 2, "rendered"),
        (2, 3, "failed"),
    ]
    assert report.items[1].errors[0].field == "x.2"


def test_duplicate_warnings_reach_the_report():
    row = json.dumps(event_data("case_resolved"), ensure_ascii=False)
    rows = read_rows(f"{row}\n{row}\n".encode(), format="jsonl")
    report = render_many(rows, "text", issuer=example_issuer(), on=ON)
    assert report.warnings == ["row 2 duplicates row 1"]
    assert len(report.rendered) == 2


def test_report_write_is_atomic(tmp_path):
    report = render_many(make_events(1), "text", issuer=example_issuer(), on=ON)
    path = report.write(tmp_path / "r" / "report.json")
    assert json.loads(path.read_text(encoding="utf-8"))["ok"] is True
    assert files(tmp_path) == ["report.json"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Nguyễn Thị Ánh Tuyết", "Nguyễn_Thị_Ánh_Tuyết"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("..", "khong_ten"),
        ("nul", "nul_"),
        ("x" * 200, "x" * 60),
        ("Nguye\u0302\u0303n", "Nguyễn"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


class FakeTTY:
    def __init__(self) -> None:
        self.out: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.out.append(s)
        return len(s)

    def flush(self) -> None:
        pass


def test_progress_line_on_a_terminal_only():
    tty = FakeTTY()
    bar = _Progress(True, 10, tty)  # type: ignore[arg-type]
    bar.advance(10)
    bar.close()
    text = "".join(tty.out)
    assert "10/10 letters" in text
    assert "/s" in text
    assert _Progress(True, 10, None).enabled is False  # pytest's stderr is not a TTY
    half = _Progress(True, 10, tty)  # type: ignore[arg-type]
    half.count = 5
    assert "ETA" in half.line(half.start + 5)
