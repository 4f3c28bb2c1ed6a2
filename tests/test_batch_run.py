"""The steps of one batch (read, compose, render, write, report), each on its own."""

from __future__ import annotations

import datetime as dt
import errno
import json
from pathlib import Path
from typing import Any

import pytest

from camon_xinloi.batch import (
    BatchError,
    BatchItem,
    BatchReport,
    _BatchRun,
    _compose_step,
    _plan,
    _Result,
    _Row,
    render_many,
)
from camon_xinloi.batch_input import InputRow
from camon_xinloi.batch_report import ReportFile
from camon_xinloi.testing import event_data, example_issuer, make_events

ON = dt.date(2026, 3, 5)


def plan(**overrides: Any) -> Any:
    options: dict[str, Any] = {
        "issuer": example_issuer(),
        "template": None,
        "out": None,
        "combine": False,
        "executor": None,
        "on_error": "collect",
        "on": ON,
        "draft": False,
        "name_pattern": "{kind}-{row:05d}-{recipient}{suffix}",
        "force": False,
        "catalogue": None,
        "options": None,
        "chunk_size": 16,
    }
    options.update(overrides)
    return _plan(options.pop("fmt", "text"), **options)


def new_run(**overrides: Any) -> _BatchRun:
    return _BatchRun(plan(**overrides), BatchReport(format="text"))


# --------------------------------------------------------------------------- read


def test_read_turns_a_good_row_into_a_row_to_render():
    row = new_run().read((1, event_data("marriage_registered")))
    assert isinstance(row, _Row)
    assert (row.row, row.kind, row.template) == (1, "marriage_registered", "chuc_mung/ket_hon")
    assert row.recipient
    assert json.loads(row.event_json)["kind"] == "marriage_registered"


def test_read_makes_final_items_for_bad_rows():
    run = new_run()
    unreadable = run.read(InputRow(row=1, data={"kind": "x"}, line=2, error="bad", field="a.b"))
    assert isinstance(unreadable, BatchItem)
    assert (unreadable.status, unreadable.line, unreadable.error) == (
        "failed",
        2,
        "bad (column 'a.b')",
    )
    invalid = run.read((2, {"kind": "nope"}))
    assert isinstance(invalid, BatchItem)
    assert invalid.errors[0].field == "kind"
    with pytest.raises(BatchError, match="row numbers must increase"):
        run.read((2, event_data("case_resolved")))


def test_read_skips_existing_files_and_refuses_a_shared_name(tmp_path):
    run = new_run(out=tmp_path, name_pattern="{kind}{suffix}")
    first = run.read((1, event_data("case_resolved")))
    assert isinstance(first, _Row)
    assert first.path == tmp_path / "case_resolved.txt"
    second = run.read((2, event_data("case_resolved", seed=2)))
    assert isinstance(second, BatchItem)
    assert "also row 1's" in (second.error or "")
    (tmp_path / "birth_registered.txt").write_text("x")
    skipped = run.read((3, event_data("birth_registered")))
    assert isinstance(skipped, BatchItem)
    assert (skipped.status, skipped.path) == ("skipped", str(tmp_path / "birth_registered.txt"))


def test_read_gives_a_name_too_long_to_that_row_only(tmp_path):
    run = new_run(out=tmp_path, name_pattern="{recipient}-" + "đ" * 50 + "{suffix}")
    data = event_data("case_resolved")
    data["citizen"]["full_name"] = "Nguyễn " + " ".join(["Ệệệệệ"] * 12)  # 60 characters kept
    item = run.read((1, data))
    assert isinstance(item, BatchItem)
    assert item.status == "failed"
    assert "File name too long" in (item.error or "")


# --------------------------------------------------------------------------- compose, render


def test_compose_and_render_steps():
    p = plan()
    row = new_run().read((1, event_data("death_registered")))
    assert isinstance(row, _Row)
    letter = _compose_step(p.job, row.event_json)
    assert letter.title == "THƯ CHIA BUỒN"
    from camon_xinloi.batch import _render_step

    assert "THƯ CHIA BUỒN" in _render_step(p.job, letter).decode("utf-8")


# --------------------------------------------------------------------------- write


def test_write_puts_bytes_in_a_file_or_keeps_them(tmp_path):
    kept = new_run().write(_Row(1, kind="k"), _Result(1, b"abc", None))
    assert (kept.status, kept.data, kept.path) == ("rendered", b"abc", None)
    target = tmp_path / "sub" / "a.txt"
    written = new_run().write(_Row(1, path=target), _Result(1, b"abc", None))
    assert written.path == str(target)
    assert target.read_bytes() == b"abc"
    failed = new_run().write(_Row(2), _Result(2, None, "template broke"))
    assert (failed.status, failed.error) == ("failed", "template broke")


def test_write_stops_the_batch_on_a_full_disk(tmp_path, monkeypatch):
    import camon_xinloi.batch as batch

    def full(path: Any, data: Any) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(batch, "write_atomic", full)
    run = new_run()
    item = run.write(_Row(1, path=tmp_path / "a.txt"), _Result(1, b"abc", None))
    assert item.status == "failed"
    assert run.rep.aborted is not None
    assert "No space left" in run.rep.aborted


# --------------------------------------------------------------------------- report


def test_report_puts_items_in_row_order(tmp_path):
    run = new_run()
    run.order.extend([1, 2, 3])
    run.report(_Row(2).item("rendered"))
    run.report(_Row(3).item("failed", error="x"))
    assert run.rep.items == []  # row 1 is still being rendered
    run.report(_Row(1).item("skipped"))
    assert [i.row for i in run.rep.items] == [1, 2, 3]


def test_report_raises_on_a_failed_row_when_asked():
    run = new_run(on_error="raise")
    run.order.append(1)
    with pytest.raises(BatchError, match="row 1: broken") as info:
        run.report(_Row(1).item("failed", error="broken"))
    assert info.value.item is not None


def test_the_report_file_is_the_report(tmp_path):
    rows: list[Any] = [*make_events(3), {"kind": "nope"}]
    path = tmp_path / "report.json"
    rep = render_many(rows, "text", issuer=example_issuer(), on=ON, report=path)
    assert path.read_text("utf-8") == rep.to_json()
    assert json.loads(path.read_text("utf-8"))["counts"] == {
        "rendered": 3,
        "skipped": 0,
        "failed": 1,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    empty = render_many([], "text", issuer=example_issuer(), report=path)
    assert path.read_text("utf-8") == empty.to_json()
    assert json.loads(empty.to_json())["items"] == []


def test_keep_items_false_keeps_only_failed_rows_in_memory(tmp_path):
    rows: list[Any] = [*make_events(4), {"kind": "nope"}]
    path = tmp_path / "report.json"
    rep = render_many(rows, "text", issuer=example_issuer(), on=ON, report=path, keep_items=False)
    assert [i.row for i in rep.items] == [5]
    assert rep.counts() == {"rendered": 4, "skipped": 0, "failed": 1}
    assert rep.done == 4
    saved = json.loads(path.read_text("utf-8"))
    assert [i["status"] for i in saved["items"]] == ["rendered"] * 4 + ["failed"]
    with pytest.raises(BatchError, match="needs report="):
        render_many(rows, "text", issuer=example_issuer(), keep_items=False)


@pytest.mark.parametrize("where", ["folder", "under_a_file"])
def test_an_unwritable_report_fails_before_any_letter(tmp_path, where):
    (tmp_path / "file").write_text("x")
    report = tmp_path if where == "folder" else tmp_path / "file" / "r.json"
    out = tmp_path / "out"
    with pytest.raises(BatchError, match="cannot write the report"):
        render_many(make_events(2), "text", issuer=example_issuer(), out=out, report=report)
    assert not list(out.glob("*.txt"))


def test_report_file_discards_its_spool(tmp_path):
    rf = ReportFile(tmp_path / "r.json")
    rf.add(_Row(1).item("rendered"))
    rf.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "pattern",
    ["{row.real}", "{row:999999999}", "{kind!r}", "{0}", "{", "{recipient:05d}", "x" * 300],
)
def test_bad_name_patterns_are_one_batch_error(tmp_path, pattern):
    with pytest.raises(BatchError, match="name_pattern") as info:
        render_many([], "text", issuer=example_issuer(), out=tmp_path, name_pattern=pattern)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 300


def test_a_file_renamed_into_place_before_a_stop_is_reported_rendered(tmp_path):
    (tmp_path / "old.txt").write_text("before the batch")
    run = new_run(out=tmp_path, force=True)
    fresh = _Row(1, path=tmp_path / "new.txt")
    replaced = _Row(2, path=tmp_path / "old.txt", replaces=(tmp_path / "old.txt").stat().st_ino)
    untouched = _Row(3, path=tmp_path / "old.txt", replaces=(tmp_path / "old.txt").stat().st_ino)
    never = _Row(4, path=tmp_path / "never.txt")
    run.pending = {1: fresh, 3: untouched, 4: never}
    (tmp_path / "new.txt").write_text("written, then Ctrl-C before it was recorded")
    run.close_pending("interrupted (Ctrl-C)")
    assert run.finished[1].status == "rendered"
    assert run.finished[3].status == "failed"  # the file is the one that was there before
    assert run.finished[4].status == "failed"
    from camon_xinloi.files import write_atomic

    write_atomic(tmp_path / "old.txt", b"replaced")  # a new inode, as every write makes
    run.pending = {2: replaced}
    run.close_pending("interrupted (Ctrl-C)")
    assert run.finished[2].status == "rendered"
