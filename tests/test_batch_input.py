from __future__ import annotations

import json
import unicodedata

import pytest

from camon_xinloi.batch_input import BatchInputError, read_rows, required_paths, unflatten
from camon_xinloi.events import event_kinds, parse_event
from camon_xinloi.testing import event_data

HEADER = "kind,registered_on,spouses.0.full_name,spouses.0.sex,spouses.1.full_name,residence"
ROW = 'marriage_registered,2026-03-05,Lê Trung Dũng,nam,Vũ Thị Huệ,"thôn Đông, xã Xuân Phú"'


def csv_text(*rows: str, header: str = HEADER, newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


def test_utf8_with_bom_and_crlf():
    raw = csv_text(ROW, ROW.replace("Dũng", "Dương"), newline="\r\n").encode("utf-8-sig")
    data = read_rows(raw, format="csv")
    assert [r.row for r in data.rows] == [1, 2]
    assert [r.line for r in data.rows] == [2, 3]
    first = data.rows[0].data
    assert first["kind"] == "marriage_registered"
    assert first["spouses"] == [
        {"full_name": "Lê Trung Dũng", "sex": "nam"},
        {"full_name": "Vũ Thị Huệ"},
    ]
    assert first["residence"] == "thôn Đông, xã Xuân Phú"
    assert parse_event(first).spouses[1].full_name == "Vũ Thị Huệ"  # type: ignore[attr-defined]


def test_utf16_excel_unicode_text_with_tabs():
    row = "marriage_registered\t2026-03-05\tLê Trung Dũng\tnam\tVũ Thị Huệ\tthôn Đông"
    text = csv_text(row, header=HEADER.replace(",", "\t"), newline="\r\n")
    data = read_rows(text.encode("utf-16"), name="export.txt")
    assert data.rows[0].data["spouses"][0]["full_name"] == "Lê Trung Dũng"
    assert data.rows[0].data["residence"] == "thôn Đông"


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as Excel does: precomposed base letters, tone marks as combining characters."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in nfd if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
            out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_cp1258_needs_an_explicit_encoding(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(cp1258(csv_text(ROW, newline="\r\n")))
    with pytest.raises(BatchInputError, match="--encoding cp1258") as info:
        read_rows(path)
    assert str(path) in str(info.value)
    data = read_rows(path, encoding="cp1258")
    name = data.rows[0].data["spouses"][0]["full_name"]
    assert name == "Lê Trung Dũng"  # NFC, although cp1258 stores combining tone marks


@pytest.mark.parametrize("encoding", ["klingon", "rot13", "base64", "zlib"])
def test_unknown_or_not_text_encoding(encoding):
    with pytest.raises(BatchInputError, match="unknown encoding"):
        read_rows(b"kind\n", encoding=encoding)


def test_dotted_columns_build_nested_lists_and_dicts():
    assert unflatten({"a.b.c": "1", "a.d": "2", "l.0": "x", "l.1": "y", "e": ""}) == {
        "a": {"b": {"c": "1"}, "d": "2"},
        "l": ["x", "y"],
    }
    header = (
        "kind,donor.type,donor.head.full_name,items.0.type,items.0.amount,project,contributed_on"
    )
    row = "contribution_received,ho_gia_dinh,Vũ Thế Sự,tien,5000000,mở rộng đường thôn,2026-01-10"
    data = read_rows(csv_text(row, header=header).encode(), format="csv")
    event = parse_event(data.rows[0].data)
    assert event.donor.head.full_name == "Vũ Thế Sự"  # type: ignore[attr-defined]
    assert event.items[0].amount == 5_000_000  # type: ignore[attr-defined]


def test_empty_cells_are_absent():
    data = read_rows(csv_text(ROW.replace(",nam,", ",,")).encode(), format="csv")
    assert "sex" not in data.rows[0].data["spouses"][0]


def test_conflicting_or_gapped_columns_fail_that_row_only():
    header = HEADER + ",spouses.3.full_name"
    rows = read_rows(csv_text(ROW + ",", ROW + ",Ai Đó", header=header).encode(), format="csv")
    assert rows.rows[0].error is None
    assert rows.rows[1].error is not None
    assert rows.rows[1].field == "spouses.3.full_name"


def test_missing_required_columns_is_one_error_up_front():
    header = "kind,spouses.0.full_name"
    with pytest.raises(BatchInputError) as info:
        read_rows(csv_text("marriage_registered,Lê An", header=header).encode(), format="csv")
    message = str(info.value)
    assert "registered_on" in message
    assert "spouses.1.full_name" in message
    assert "'marriage_registered'" in message


def test_an_empty_file():
    with pytest.raises(BatchInputError, match="is empty; expected a header line"):
        read_rows(b"", format="csv")


def test_no_kind_column():
    with pytest.raises(BatchInputError, match="no 'kind' column"):
        read_rows(b"registered_on\n2026-01-01\n", format="csv")
    data = read_rows(csv_text(ROW.split(",", 1)[1], header=HEADER.split(",", 1)[1]).encode(),
                     format="csv", kind="marriage_registered")  # fmt: skip
    assert data.rows[0].data["kind"] == "marriage_registered"


def test_unknown_kind_is_a_row_error_not_a_file_error():
    data = read_rows(csv_text(ROW, ROW.replace("marriage_registered", "ket_hon")).encode(),
                     format="csv")  # fmt: skip
    assert data.rows[1].data["kind"] == "ket_hon"  # render_many reports it for row 2


def test_duplicates_are_warned_not_dropped():
    data = read_rows(csv_text(ROW, ROW, ROW).encode(), format="csv")
    assert len(data) == 3
    assert data.warnings == ["row 2 duplicates row 1", "row 3 duplicates row 1"]


def test_json_and_jsonl(tmp_path):
    events = [event_data(k) for k in event_kinds()]
    (tmp_path / "a.json").write_text(json.dumps({"events": events}, ensure_ascii=False), "utf-8")
    (tmp_path / "b.jsonl").write_text(
        "\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n\nnot json\n[1]\n",
        "utf-8",
    )
    a = read_rows(tmp_path / "a.json")
    b = read_rows(tmp_path / "b.jsonl")
    assert [r.data for r in a.rows] == events
    assert [r.data for r in b.rows[: len(events)]] == events
    assert b.rows[-2].error is not None
    assert "not JSON" in b.rows[-2].error
    assert b.rows[-2].line == len(events) + 2
    assert b.rows[-1].error == "expected a JSON object, got list"
    with pytest.raises(BatchInputError, match="not valid JSON"):
        read_rows(b"[1,", format="json")


def test_format_is_sniffed_from_content():
    assert read_rows(b'[{"kind": "x"}]').format == "json"
    assert read_rows(b'{"kind": "x"}\n{"kind": "y"}\n').format == "jsonl"


def test_missing_file():
    with pytest.raises(BatchInputError, match="cannot read"):
        read_rows("/nonexistent/file.csv")


@pytest.mark.parametrize("kind", event_kinds())
def test_required_paths_are_satisfied_by_factory_data(kind):
    flat: dict[str, str] = {}

    def walk(value, prefix):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{prefix}{k}.")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{prefix}{i}.")
        else:
            flat[prefix.rstrip(".")] = str(value)

    walk(event_data(kind), "")
    header = ",".join(flat)
    row = ",".join(f'"{v}"' for v in flat.values())
    data = read_rows(f"{header}\n{row}\n".encode(), format="csv")
    assert parse_event(data.rows[0].data).kind == kind
    assert required_paths(kind)


# --------------------------------------------------------------------------- limits, streaming


def test_a_cell_over_the_csv_limit_is_one_error_naming_the_line():
    import csv

    big = "x" * (csv.field_size_limit() + 1)
    raw = csv_text(ROW, ROW.replace("thôn Đông", big)).encode()
    with pytest.raises(BatchInputError, match=r"line 3: a cell is longer than \d+") as info:
        read_rows(raw, format="csv", name="big.csv")
    assert "big.csv" in str(info.value)
    assert len(str(info.value)) < 200


def test_an_unclosed_quote_swallowing_the_file_is_one_error():
    plain = ROW.replace('"thôn Đông, xã Xuân Phú"', "thôn Đông")
    rows = [ROW[:-1]] + [plain] * 2000  # the first row's last cell never closes its quote
    with pytest.raises(BatchInputError, match=r"line \d+: .* quote that is never closed"):
        read_rows(csv_text(*rows).encode(), format="csv")


def test_deeply_nested_columns_are_refused():
    deep = ".".join(["a"] * 5000)
    with pytest.raises(BatchInputError, match="nests 5000 levels; at most 10") as info:
        read_rows(f"kind,{deep}\ncase_resolved,x\n".encode(), format="csv")
    assert len(str(info.value)) < 200
    from camon_xinloi.errors import ColumnError

    with pytest.raises(ColumnError, match="at most 10"):
        unflatten({".".join("abcdefghijk"): "1"})


def test_deeply_nested_json_is_that_rows_error_or_one_error():
    deep = "[" * 100_000 + "]" * 100_000
    lines = (
        f'{json.dumps(event_data("case_resolved"))}\n{{"kind": {deep}}}\n[{"[" * 40}{"]" * 40}]\n'
    )
    data = read_rows(lines.encode(), format="jsonl")
    assert data.rows[0].error is None
    assert data.rows[1].error == "nested more than 32 levels deep"
    assert data.rows[2].error == "expected a JSON object, got list"
    nested40 = '{"kind": ' + "[" * 40 + "]" * 40 + "}"
    assert read_rows(nested40.encode() + b"\n" + nested40.encode(), format="jsonl").rows[
        0
    ].error == ("nested more than 32 levels deep")
    with pytest.raises(BatchInputError, match="nested more than 32 levels"):
        read_rows(deep.encode(), format="json")


def test_a_bad_byte_far_into_a_file_is_located():
    good = csv_text(*[ROW] * 3000).encode()
    raw = good + ROW.replace("Dũng", "D~ng").encode().replace(b"~", b"\xfb") + b"\n"
    with pytest.raises(BatchInputError, match="byte 0xfb on line 3002"):
        read_rows(raw, format="csv")


def test_rows_are_read_again_on_each_pass(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(csv_text(ROW, ROW.replace("Dũng", "Dương")), "utf-8")
    data = read_rows(path)
    assert len(data) == 2
    assert [r.data for r in data] == [r.data for r in data]
    path.write_text(csv_text(ROW.replace("Dũng", "Hùng"), ROW), "utf-8")
    # Not held in memory: a second pass reads the file again.
    assert next(iter(data)).data["spouses"][0]["full_name"] == "Lê Trung Hùng"


def test_input_data_from_a_list_still_works():
    from camon_xinloi.batch_input import InputData, InputRow

    data = InputData([InputRow(row=1, data={"kind": "x"})], source="mem")
    assert len(data) == 1
    assert data.rows[0].data == {"kind": "x"}
    assert "rows=1" in repr(data)
