from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from camon_xinloi.batch import render_many
from camon_xinloi.batch_input import BatchInputError, read_rows
from camon_xinloi.cli import main
from camon_xinloi.events import event_kinds, parse_event
from camon_xinloi.sheets import KIND_NAME, blank_sheet, read_sheet, sheet_fields
from camon_xinloi.testing import example_issuer

ON = dt.date(2026, 3, 5)

DOSSIER = [
    "kind",
    "applicant.full_name",
    "applicant.phone",
    "procedure",
    "dossier_code",
    "received_on",
    "due_on",
    "new_due_on",
    "reason",
    "status",
]


def dossier_row(name: str = "Nguyễn Thị Hồng", phone: Any = "0912345678") -> list[Any]:
    return [
        "dossier_delayed",
        name,
        phone,
        "Đăng ký khai sinh",
        "012",
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
        "Cần xác minh thêm",
        "Đang xác minh",
    ]


def workbook(rows: list[list[Any]], *, title: str = "Danh sách", header: list[str] = DOSSIER):
    book = Workbook()
    ws = book.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def one_row(book: Workbook, **kw: Any) -> dict[str, Any]:
    data = read_rows(to_bytes(book), name="ds.xlsx", **kw)
    assert len(data) == 1
    assert data.rows[0].error is None, data.rows[0].error
    return data.rows[0].data


# --------------------------------------------------------------------------- coercion


def test_text_cells_keep_what_the_clerk_sees():
    data = one_row(workbook([dossier_row()]))
    assert data["applicant"]["phone"] == "0912345678"
    assert data["dossier_code"] == "012"
    assert data["received_on"] == "2026-03-02"
    event = parse_event(data)
    assert event.received_on == dt.date(2026, 3, 2)  # type: ignore[attr-defined]


def test_a_number_with_a_zero_padded_format_keeps_its_zeros():
    book = workbook([dossier_row(phone=912345678)])
    book.active["C2"].number_format = "0000000000"
    assert one_row(book)["applicant"]["phone"] == "0912345678"


def test_a_general_number_in_a_text_field_is_its_digits():
    book = workbook([dossier_row(phone=912345678.0)])
    assert one_row(book)["applicant"]["phone"] == "912345678"


def test_a_number_with_another_format_in_a_text_field_is_an_error_naming_the_cell():
    book = workbook([dossier_row(phone=912345678)])
    book.active["C2"].number_format = "#,##0"
    row = read_rows(to_bytes(book), name="ds.xlsx").rows[0]
    assert row.error is not None
    assert "sheet 'Danh sách'" in row.error
    assert "row 2" in row.error
    assert "column C (C2)" in row.error
    assert "applicant.phone" in row.error
    assert row.field == "applicant.phone"
    assert row.line == 2


def test_date_serials_and_day_first_text_become_dates():
    row = dossier_row()
    row[5] = 46083  # 2026-03-02 in the 1900 date system
    row[6] = "09/03/2026"
    row[7] = "2026-03-16"
    data = one_row(workbook([row]))
    assert (data["received_on"], data["due_on"], data["new_due_on"]) == (
        "2026-03-02",
        "2026-03-09",
        "2026-03-16",
    )


def test_a_date_in_a_text_field_is_refused():
    row = dossier_row()
    row[4] = dt.datetime(2026, 12, 1)  # Excel turned "12/2026" into a date
    error = read_rows(to_bytes(workbook([row])), name="ds.xlsx").rows[0].error
    assert error is not None
    assert "column E (E2), field dossier_code" in error
    assert "01/12/2026" in error


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, 90), (90, 90), ("90", 90)],
)
def test_whole_numbers_in_an_integer_field(value, expected):
    header = ["kind", "elder.full_name", "elder.birth_year", "year"]
    book = workbook(
        [["longevity_celebrated", "Trần Văn Bảy", 1936.0, 2026.0 if value == 1.0 else 2026]],
        header=header,
    )
    data = one_row(book)
    assert data["year"] == 2026
    assert data["elder"]["birth_year"] == 1936
    assert isinstance(data["year"], int)
    del expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (2026.5, "2026.5 is not a whole number"),
        ("hai nghìn", "'hai nghìn' is not a whole number"),
        (True, "True is a yes/no value"),
        (dt.datetime(2026, 1, 1), "is a date or time"),
    ],
)
def test_bad_integer_cells_name_sheet_row_column_and_field(cell, message):
    header = ["kind", "elder.full_name", "elder.birth_year", "year"]
    book = workbook(
        [
            ["longevity_celebrated", "Trần Văn Bảy", 1936, 2026],
            ["longevity_celebrated", "B", 1936, cell],
        ],
        header=header,
        title="Mừng thọ",
    )
    data = read_rows(to_bytes(book), name="ds.xlsx")
    assert data.rows[0].error is None
    error = data.rows[1].error
    assert error is not None
    assert error.startswith("sheet 'Mừng thọ', row 3, column D (D3), field year: ")
    assert message in error


def test_enumerations_are_checked_against_their_codes():
    header = ["kind", "applicant.full_name", "failure", "occurred_on", "description", "remedy"]
    good = ["service_failure", "Lê An", "thai_do", dt.date(2026, 3, 1), "x", "y"]
    bad = ["service_failure", "Lê An", "Thái độ", dt.date(2026, 3, 1), "x", "y"]
    rows = read_rows(to_bytes(workbook([good, bad], header=header)), name="ds.xlsx").rows
    assert rows[0].data["failure"] == "thai_do"
    assert rows[1].error is not None
    assert "field failure: 'Thái độ' is not one of sai_sot, thai_do, nhung_nhieu, lo_hen" in (
        rows[1].error
    )


def test_nfd_text_is_nfc_and_blank_rows_are_skipped():
    book = workbook(
        [dossier_row(name="Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng"), [None] * 10]
    )
    book.active.append(dossier_row(name="Lê Văn Tám"))
    data = read_rows(to_bytes(book), name="ds.xlsx")
    assert [r.data["applicant"]["full_name"] for r in data] == ["Nguyễn Thị Hồng", "Lê Văn Tám"]
    assert [r.line for r in data] == [2, 4]


# ------------------------------------------------------------ per-row errors as for CSV


def test_per_row_errors_are_the_same_as_for_csv(tmp_path):
    header = ["kind", "spouses.0.full_name", "spouses.1.full_name", "registered_on"]
    rows = [
        ["marriage_registered", "Lê Trung Dũng", "Vũ Thị Huệ", "2026-03-02"],
        ["marriage_registered", "Nguyễn Văn An", "", "2026-03-03"],
        ["nope", "A", "B", "2026-03-03"],
    ]
    csv_path = tmp_path / "t.csv"
    csv_path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    xlsx_path = tmp_path / "t.xlsx"
    workbook([[c or None for c in r] for r in rows], header=header).save(xlsx_path)
    reports = [
        render_many(read_rows(p), "text", issuer=example_issuer(), on=ON)
        for p in (csv_path, xlsx_path)
    ]
    as_csv, as_xlsx = ([(i.row, i.line, i.status, i.errors) for i in r.items] for r in reports)
    assert as_csv == as_xlsx
    assert [s for _, _, s, _ in as_xlsx] == ["rendered", "failed", "failed"]
    assert reports[0].items[0].data == reports[1].items[0].data


def test_missing_required_columns_name_the_sheet():
    book = workbook([dossier_row()[:4]], header=DOSSIER[:4])
    with pytest.raises(BatchInputError, match=r"ds\.xlsx, sheet 'Danh sách': missing column"):
        read_rows(to_bytes(book), name="ds.xlsx")


# --------------------------------------------------------------------------- bad workbooks


def test_an_xls_workbook_is_refused(tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    with pytest.raises(BatchInputError, match=r"cu\.xls is an Excel 97-2003 workbook.*save it"):
        read_rows(path)


def test_a_password_protected_workbook_is_refused(tmp_path):
    # Excel stores an encrypted .xlsx in an OLE2 file with an EncryptionInfo stream
    raw = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 500
    )
    path = tmp_path / "mat.xlsx"
    path.write_bytes(raw)
    with pytest.raises(BatchInputError, match=r"mat\.xlsx is password-protected"):
        read_rows(path)


def test_a_csv_renamed_to_xlsx_is_refused(tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_text("kind,registered_on\nmarriage_registered,2026-03-02\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"ds\.xlsx is not an \.xlsx workbook.*\.csv"):
        read_rows(path)


def test_a_broken_zip_is_refused():
    with pytest.raises(BatchInputError, match=r"ds\.xlsx is not a readable \.xlsx workbook"):
        read_rows(b"PK\x03\x04 not really", name="ds.xlsx")


def test_a_missing_sheet_names_the_sheets():
    raw = to_bytes(workbook([dossier_row()]))
    with pytest.raises(
        BatchInputError, match=r"ds\.xlsx has no sheet 'Tháng 3'; its sheets: 'Danh sách'"
    ):
        read_rows(raw, name="ds.xlsx", sheet="Tháng 3")


def test_the_sheet_is_chosen_by_name():
    book = workbook([dossier_row()])
    other = book.create_sheet("Tháng 4")
    other.append(DOSSIER)
    other.append(dossier_row(name="Phạm Thu Hà"))
    data = read_rows(to_bytes(book), name="ds.xlsx", sheet="Tháng 4")
    assert data.rows[0].data["applicant"]["full_name"] == "Phạm Thu Hà"
    assert data.source == "ds.xlsx, sheet 'Tháng 4'"


def test_an_empty_sheet_is_refused():
    book = Workbook()
    book.active.title = "Trống"
    with pytest.raises(BatchInputError, match=r"ds\.xlsx, sheet 'Trống' is empty"):
        read_rows(to_bytes(book), name="ds.xlsx")


def test_merged_header_cells_are_refused():
    book = workbook([dossier_row()])
    book.active.merge_cells("B1:C1")
    with pytest.raises(
        BatchInputError, match=r"ds\.xlsx, sheet 'Danh sách' has merged cells \(B1:C1\)"
    ):
        read_rows(to_bytes(book), name="ds.xlsx")


def test_a_formula_without_a_computed_value_is_refused():
    book = workbook([dossier_row()])
    book.active["E2"] = '=TEXT(12,"000")'  # openpyxl stores no computed value
    with pytest.raises(
        BatchInputError,
        match=r"ds\.xlsx, sheet 'Danh sách': cell E2 has a formula .* without a computed value",
    ):
        read_rows(to_bytes(book), name="ds.xlsx")


def test_a_formula_with_a_computed_value_is_read():
    raw = to_bytes(workbook([dossier_row()]))
    # write the cached value the way Excel does: <c r="E2" t="str"><f>…</f><v>012</v></c>
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b'<c r="E2"')
                end = data.index(b"</c>", start) + 4
                data = (
                    data[:start]
                    + b'<c r="E2" t="str"><f>"0"&amp;"12"</f><v>012</v></c>'
                    + data[end:]
                )
            target.writestr(info, data)
    assert one_row_raw(out.getvalue())["dossier_code"] == "012"


def one_row_raw(raw: bytes) -> dict[str, Any]:
    data = read_rows(raw, name="ds.xlsx")
    assert data.rows[0].error is None, data.rows[0].error
    return data.rows[0].data


def test_duplicate_columns_and_no_kind_are_refused():
    with pytest.raises(
        BatchInputError, match=r"column 'procedure' appears twice \(columns D and E\)"
    ):
        read_rows(to_bytes(workbook([], header=[*DOSSIER[:4], "procedure"])), name="ds.xlsx")
    with pytest.raises(BatchInputError, match=r"sheet 'Danh sách': no 'kind' column"):
        read_rows(to_bytes(workbook([], header=DOSSIER[1:])), name="ds.xlsx")


def test_sheet_is_only_for_workbooks(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("kind\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match=r"applies to \.xlsx workbooks"):
        read_rows(path, sheet="x")


# --------------------------------------------------------------------------- the blank sheet


@pytest.mark.parametrize("kind", event_kinds())
def test_blank_sheet_has_a_column_per_field_with_notes_and_validation(kind):
    book = load_workbook(io.BytesIO(blank_sheet(kind, rows=50)))
    ws = book.active
    fields = sheet_fields(kind)
    assert [c.value for c in ws[2]] == [f.path for f in fields]
    for f, cell in zip(fields, ws[1], strict=True):
        assert cell.value == f.heading
        assert not any(c.isascii() and c.isalpha() for c in f.heading.replace("m²", "")) or any(
            ord(c) > 127 for c in f.heading
        ), f"heading of {f.path} is not Vietnamese: {f.heading}"
        note = cell.comment.text
        assert note.startswith(f.path + "\n")
        assert ("Bắt buộc" if f.required else "Không bắt buộc") in note
    rules = {str(r.sqref): r for r in ws.data_validations.dataValidation}
    for col, f in enumerate(fields, start=1):
        letter = ws.cell(row=1, column=col).column_letter
        rule = rules.get(f"{letter}3:{letter}52")
        if f.type == "enum":
            assert rule is not None
            assert rule.type == "list"
            assert rule.formula1 == '"' + ",".join(f.choices) + '"'
        elif f.type == "date":
            assert rule is not None
            assert rule.type == "date"
        if f.type == "text":
            assert ws.column_dimensions[letter].number_format == "@"
    assert book.defined_names[KIND_NAME].attr_text == f'"{kind}"'


def test_every_field_has_a_vietnamese_heading():
    from camon_xinloi.sheets import _LEAVES

    for kind in event_kinds():
        for f in sheet_fields(kind):
            names = [p for p in f.path.split(".") if not p.isdigit()]
            assert names[-1] in _LEAVES or ".".join(names) in _LEAVES, (
                f"{kind}: {f.path} has no Vietnamese heading"
            )


def test_round_trip_blank_sheet_filled_then_rendered(tmp_path):
    book = load_workbook(io.BytesIO(blank_sheet("dossier_delayed")))
    ws = book.active
    column = {c.value: c.column for c in ws[2]}
    values = {
        "applicant.full_name": "Nguyễn Thị Hồng",
        "applicant.sex": "nu",
        "applicant.phone": "0912345678",
        "applicant.address": "thôn Đông, xã Xuân Phú",
        "procedure": "Đăng ký khai sinh",
        "dossier_code": "012",
        "received_on": dt.date(2026, 3, 2),
        "due_on": dt.date(2026, 3, 9),
        "new_due_on": dt.date(2026, 3, 16),
        "reason": "Cần xác minh thêm với Công an xã",
        "status": "Đang xác minh",
        "channel": "zalo",
    }
    for path, value in values.items():
        ws.cell(row=3, column=column[path], value=value)
    ws.cell(row=4, column=column["applicant.full_name"], value="Lê Văn Tám")  # incomplete
    path = tmp_path / "ds.xlsx"
    book.save(path)
    data = read_rows(path)
    event = parse_event(data.rows[0].data)
    assert event.kind == "dossier_delayed"
    assert event.applicant.phone == "0912345678"  # type: ignore[attr-defined]
    report = render_many(data, "text", issuer=example_issuer(), on=ON)
    assert [i.status for i in report.items] == ["rendered", "failed"]
    text = (report.items[0].data or b"").decode()
    assert "Nguyễn Thị Hồng" in text
    assert "0912345678" in text
    assert report.items[1].line == 4
    assert {e.field for e in report.items[1].errors} >= {"procedure", "due_on"}


def test_cli_sheet_then_render_many(tmp_path, capsys):
    out = tmp_path / "ds.xlsx"
    assert main(["sheet", "marriage_registered", "-o", str(out)]) == 0
    assert main(["sheet", "marriage_registered", "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["sheet", "nope", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "unknown event kind 'nope'" in capsys.readouterr().err
    book = load_workbook(out)
    ws = book.active
    column = {c.value: c.column for c in ws[2]}
    ws.cell(row=3, column=column["spouses.0.full_name"], value="Lê Trung Dũng")
    ws.cell(row=3, column=column["spouses.1.full_name"], value="Vũ Thị Huệ")
    ws.cell(row=3, column=column["registered_on"], value=dt.date(2026, 3, 2))
    book.save(out)
    issuer = Path(__file__).parent.parent / "examples" / "ubnd.toml"
    status = main(
        [
            "render-many",
            str(out),
            "--issuer",
            str(issuer),
            "--format",
            "text",
            "--out",
            str(tmp_path / "thu"),
            "--quiet",
            "--sheet",
            "Danh sách",
        ]
    )
    assert status == 0, capsys.readouterr().err
    (letter,) = (tmp_path / "thu").glob("*.txt")
    assert "Lê Trung Dũng" in letter.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- nothing lost


NAME = st.text(
    st.characters(
        categories=("L", "M", "N", "P", "S", "Zs"),
        exclude_characters="\u00a0\u2028\u2029",
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() == s and s.strip() and not s.startswith("="))  # "=…" is a formula


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(address=NAME, code=st.from_regex(r"0[0-9]{1,12}", fullmatch=True))
def test_any_text_comes_back_exactly(address: str, code: str):
    import unicodedata

    book = workbook([dossier_row()])
    book.active["E2"] = code
    book.active.cell(row=1, column=11, value="applicant.address")
    book.active.cell(row=2, column=11, value=address)
    data = one_row(book)
    assert data["applicant"]["address"] == unicodedata.normalize("NFC", address)
    assert data["dossier_code"] == code


def test_read_sheet_streams_rows():
    table = read_sheet(to_bytes(workbook([dossier_row(), dossier_row("B")])), "ds.xlsx")
    first = next(table.rows)
    assert first.line == 2
    assert [r.line for r in table.rows] == [3]


def test_path_input(tmp_path: Path):
    path = tmp_path / "ds.xlsx"
    workbook([dossier_row()]).save(path)
    assert read_rows(path).format == "xlsx"


def test_a_part_that_unpacks_too_large_is_refused(monkeypatch):
    import camon_xinloi.sheets as sheets

    raw = to_bytes(workbook([dossier_row()] * 50))
    monkeypatch.setattr(sheets, "MAX_PART_BYTES", 2_000)
    with pytest.raises(BatchInputError, match=r"ds\.xlsx: its part .* unpacks to .* bytes, more"):
        read_rows(raw, name="ds.xlsx")


def test_a_pdf_renamed_and_an_encoding_are_refused(tmp_path):
    with pytest.raises(BatchInputError, match=r"ds\.xlsx is not an \.xlsx workbook; it is a PDF"):
        read_rows(b"%PDF-1.7\n...", name="ds.xlsx")
    path = tmp_path / "ds.xlsx"
    workbook([dossier_row()]).save(path)
    with pytest.raises(BatchInputError, match="an encoding applies to CSV and JSON input"):
        read_rows(path, encoding="cp1258")
