"""Workbooks that have been through a real spreadsheet program (LibreOffice) read the same.

LibreOffice is installed by ``.ci/run``; without it these tests fail, they do not skip.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from camon_xinloi.batch_input import BatchInputError, read_rows
from camon_xinloi.events import parse_event
from camon_xinloi.sheets import blank_sheet
from tests.system_tools import soffice_convert

pytestmark = pytest.mark.slow


def resave(data: bytes, tmp_path: Path, to: str = "xlsx:Calc MS Excel 2007 XML") -> bytes:
    """Open the workbook in LibreOffice and save it again (as .xlsx: what a clerk does)."""
    source = tmp_path / "in" / "ds.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    converted = soffice_convert(
        source, to, tmp_path / "out", packages="libreoffice-writer libreoffice-calc"
    )
    return converted.read_bytes()


def test_a_formula_gets_its_value_once_saved_by_a_spreadsheet(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(
        ["kind", "spouses.0.full_name", "spouses.1.full_name", "registered_on", "certificate_no"]
    )
    ws.append(
        [
            "marriage_registered",
            "Lê Trung Dũng",
            "Vũ Thị Huệ",
            dt.date(2026, 3, 2),
            '=TEXT(12,"000")',
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(BatchInputError, match="without a computed value"):
        read_rows(buffer.getvalue(), name="ds.xlsx")
    data = read_rows(resave(buffer.getvalue(), tmp_path), name="ds.xlsx")
    row = data.rows[0]
    assert row.error is None, row.error
    assert row.data["certificate_no"] == "012"
    assert row.data["registered_on"] == "2026-03-02"


def test_the_blank_sheet_survives_libreoffice(tmp_path):
    book = load_workbook(io.BytesIO(blank_sheet("dossier_delayed")))
    ws = book.active
    column = {c.value: c.column for c in ws[2]}
    for path, value in {
        "applicant.full_name": "Nguyễn Thị Hồng",
        "applicant.phone": "0912345678",
        "procedure": "Đăng ký khai sinh",
        "dossier_code": "012",
        "received_on": dt.date(2026, 3, 2),
        "due_on": dt.date(2026, 3, 9),
        "new_due_on": dt.date(2026, 3, 16),
        "reason": "Cần xác minh thêm",
        "status": "Đang xác minh",
    }.items():
        ws.cell(row=3, column=column[path], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    saved = resave(buffer.getvalue(), tmp_path)
    again = load_workbook(io.BytesIO(saved))
    kept = again.active
    assert [c.value for c in kept[2]] == list(column)  # the paths row
    assert kept.cell(row=1, column=1).comment is not None  # the notes
    assert {r.type for r in kept.data_validations.dataValidation} >= {"list", "date"}
    data = read_rows(saved, name="ds.xlsx")  # no kind column: the stored kind is read
    event = parse_event(data.rows[0].data)
    assert event.kind == "dossier_delayed"
    assert event.applicant.phone == "0912345678"  # type: ignore[attr-defined]
    assert event.dossier_code == "012"  # type: ignore[attr-defined]


def test_a_real_xls_is_refused_with_save_as_xlsx(tmp_path):
    xls = resave(blank_sheet("birth_registered"), tmp_path, to="xls:MS Excel 97")
    assert xls.startswith(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BatchInputError, match=r"cu\.xls is an Excel 97-2003 workbook \(\.xls\)"):
        read_rows(xls, name="cu.xls")
