"""Benchmark reading a clerk's .xlsx list: python-calamine against openpyxl (read-only).

Run with ``python benchmarks/bench_xlsx.py [ROWS]`` from the repository root, with the
``xlsx`` extra and python-calamine installed (``pip install -e '.[xlsx]' python-calamine``).
It writes one workbook (ROWS rows, default 20,000, of dossier_delayed events: text,
dates as date cells, a phone number as text), then times three readers over the
same file, alternating, and prints the best of three per reader and the ratios
(the machine is shared, so only ratios within one run mean anything):

* calamine: ``CalamineWorkbook.from_path(...).get_sheet_by_name(...).iter_rows()``
* openpyxl values: ``load_workbook(read_only=True, data_only=True)``,
  ``iter_rows(values_only=True)``
* openpyxl cells: the same with cell objects (what ``camon_xinloi.sheets`` needs
  for the number format that decides the text a clerk sees)
* read_rows: ``camon_xinloi.batch_input.read_rows`` on the file: the cells above,
  coerced by the event schema and nested into event dicts
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADER = [
    "kind",
    "applicant.full_name",
    "applicant.phone",
    "applicant.address",
    "procedure",
    "dossier_code",
    "received_on",
    "due_on",
    "new_due_on",
    "reason",
    "status",
]


def write_workbook(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(HEADER)
    start = dt.date(2026, 1, 5)
    for i in range(rows):
        ws.append(
            [
                "dossier_delayed",
                f"Nguyễn Thị Hồng Nhung {i}",
                f"09{i:08d}",
                f"Số {i} đường Trần Hưng Đạo, phường Hội An, thành phố Đà Nẵng",
                "Đăng ký khai sinh",
                f"000.00.{i:06d}",
                start + dt.timedelta(days=i % 300),
                start + dt.timedelta(days=i % 300 + 5),
                start + dt.timedelta(days=i % 300 + 12),
                "Cần xác minh thêm thông tin với cơ quan khác",
                "Đang xác minh",
            ]
        )
    wb.save(path)


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    count = 0
    for row in wb.get_sheet_by_name("Danh sách").iter_rows():
        count += len(row)
    return count


def read_openpyxl_values(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in wb["Danh sách"].iter_rows(values_only=True):
        count += len(row)
    wb.close()
    return count


def read_openpyxl_cells(path: Path) -> int:
    wb = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for row in wb["Danh sách"].iter_rows():
        for cell in row:
            count += cell.number_format is not None
    wb.close()
    return count


def read_camon(path: Path) -> int:
    from camon_xinloi.batch_input import read_rows

    data = read_rows(path)
    assert all(r.error is None for r in data), next(r.error for r in data if r.error)
    return (len(data) + 1) * len(HEADER)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    readers: dict[str, Callable[[Path], int]] = {
        "calamine": read_calamine,
        "openpyxl values": read_openpyxl_values,
        "openpyxl cells": read_openpyxl_cells,
        "read_rows": read_camon,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.xlsx"
        write_workbook(path, rows)
        print(f"{rows:,} rows x {len(HEADER)} columns, {path.stat().st_size / 1e6:.1f} MB")
        best = dict.fromkeys(readers, float("inf"))
        for _ in range(3):
            for name, read in readers.items():
                start = time.perf_counter()
                cells = read(path)
                best[name] = min(best[name], time.perf_counter() - start)
                assert cells == (rows + 1) * len(HEADER), (name, cells)
    base = best["calamine"]
    for name, seconds in best.items():
        print(
            f"{name:<16} {seconds:7.3f} s  {rows / seconds:>10,.0f} rows/s"
            f"  {seconds / base:5.1f}x calamine's time"
        )


if __name__ == "__main__":
    main()
