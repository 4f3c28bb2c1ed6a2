r"""Read batch input (CSV, JSON Lines, JSON) into event rows for ``render_many``.

Rules, as a clerk's Excel export needs them:

* **CSV** is read as UTF-8 with or without a BOM; a UTF-16 file (Excel's
  "Unicode text", detected by its BOM) is read as UTF-16; anything else
  (Excel's cp1258 "CSV") fails with one error that suggests ``--encoding``.
  Windows line endings are fine. The delimiter (``,``, ``;`` or tab) is taken
  from the header line. Text is NFC-normalised after decoding (cp1258 stores
  tone marks as combining characters).
* The column ``kind`` picks the event model. Dotted column names build nested
  data: ``applicant.full_name`` → ``{"applicant": {"full_name": ...}}`` and
  ``spouses.0.full_name`` → ``{"spouses": [{"full_name": ...}]}``.
* An empty cell means "absent" (the model's default applies).
* Required columns are checked once, up front, for every kind that occurs:
  the column set against the model's required fields (nested ones included).
* **JSON** is a list of objects or ``{"events": [...]}``; **JSON Lines** is one
  object per line (blank lines are ignored).
* Rows are numbered from 1 in input order (``row``); ``line`` is the line of the
  file where the row starts (for CSV the header is line 1, which is also the
  row number Excel shows).
* Problems in one row (an unknown kind, a conflicting column, a line that is
  not JSON) are attached to that row and the rest of the input goes on;
  identical rows are reported as warnings, never dropped.

Examples:
    >>> csv_text = (
    ...     "kind,registered_on,spouses.0.full_name,spouses.1.full_name\r\n"
    ...     "marriage_registered,2026-03-05,Lê An,Vũ Hùng\r\n"
    ... )
    >>> data = read_rows(csv_text.encode("utf-8-sig"), format="csv")
    >>> data.rows[0].data["spouses"]
    [{'full_name': 'Lê An'}, {'full_name': 'Vũ Hùng'}]
    >>> data.rows[0].row, data.rows[0].line
    (1, 2)
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import event_json_schema, event_kinds

__all__ = [
    "BatchInputError",
    "ColumnError",
    "InputData",
    "InputFormat",
    "InputRow",
    "read_rows",
    "required_paths",
    "unflatten",
]

InputFormat = Literal["csv", "jsonl", "json", "xlsx"]

_SUFFIXES: dict[str, InputFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xlsx",  # refused by camon_xinloi.sheets with a "save as .xlsx" message
}
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # a zip (.xlsx) or OLE2 (.xls)


class BatchInputError(CamonXinloiError, ValueError):
    """The batch input cannot be read at all (encoding, format, missing columns)."""


@dataclass(frozen=True)
class InputRow:
    """One input record.

    Attributes:
        row: The record's number, from 1, in input order.
        data: The event as a dict (nested from dotted columns), ready for ``parse_event``.
        line: The line of the input file where the record starts, when known.
        error: Why this row could not be read, or None.
        field: The column or field the error is about, or None.
    """

    row: int
    data: dict[str, Any]
    line: int | None = None
    error: str | None = None
    field: str | None = None


@dataclass
class InputData:
    """Rows read from one input, with warnings (duplicates) and the source name."""

    rows: list[InputRow]
    source: str = "<input>"
    format: InputFormat = "csv"
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[InputRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


# --------------------------------------------------------------------------- decoding


def _decode(raw: bytes, *, encoding: str | None, source: str) -> str:
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise BatchInputError(
                f"unknown encoding {encoding!r}; use e.g. utf-8, utf-16 or cp1258"
            ) from None
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise BatchInputError(
                f"{source} is not valid {encoding}: {_where(raw, exc)}; check --encoding"
            ) from exc
        text = text.removeprefix("\ufeff")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BatchInputError(f"{source} has a UTF-16 BOM but is not valid UTF-16") from exc
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BatchInputError(
                f"{source} is not UTF-8 ({_where(raw, exc)}); it may be an Excel export in"
                " cp1258: give the encoding, e.g. --encoding cp1258 (encoding='cp1258')"
            ) from exc
    return unicodedata.normalize("NFC", text)


def _where(raw: bytes, exc: UnicodeDecodeError) -> str:
    line = raw.count(b"\n", 0, exc.start) + 1
    return f"byte 0x{raw[exc.start]:02x} on line {line}"


def _detect_format(text: str, source: str) -> InputFormat:
    suffix = Path(source).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        try:
            json.loads(stripped)
        except json.JSONDecodeError:
            return "jsonl"
        return "json"
    return "csv"


# --------------------------------------------------------------------------- nesting


class ColumnError(ValueError):
    """A row's cells cannot be nested: conflicting dotted columns or a gap in a list."""

    def __init__(self, message: str, column: str) -> None:
        super().__init__(message)
        self.column = column


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Turn dotted keys into nested dicts and lists; empty values are left out.

    Numeric parts make lists (in index order); a gap in the indexes is an error.

    Examples:
        >>> unflatten({"kind": "x", "a.b": "1", "l.1.n": "B", "l.0.n": "A", "e": ""})
        {'kind': 'x', 'a': {'b': '1'}, 'l': [{'n': 'A'}, {'n': 'B'}]}
        >>> unflatten({"l.1": "B"})
        Traceback (most recent call last):
        ...
        camon_xinloi.batch_input.ColumnError: column 'l.1' is given but 'l.0' is empty
    """
    tree: dict[str, Any] = {}
    for column, value in flat.items():
        if value is None or value == "":
            continue
        parts = column.split(".")
        if any(p == "" for p in parts):
            raise ColumnError(f"column {column!r} has an empty part", column)
        node = tree
        for i, part in enumerate(parts[:-1]):
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise ColumnError(
                    f"column {column!r} conflicts with column {'.'.join(parts[: i + 1])!r}",
                    column,
                )
            node = child
        if parts[-1] in node:
            raise ColumnError(f"column {column!r} conflicts with a nested column", column)
        node[parts[-1]] = value
    return _listify(tree, "")  # type: ignore[no-any-return]


def _listify(node: Any, prefix: str) -> Any:
    if not isinstance(node, dict):
        return node
    out = {k: _listify(v, f"{prefix}{k}.") for k, v in node.items()}
    if out and all(k.isdigit() for k in out):
        indexes = sorted(int(k) for k in out)
        for expected, index in enumerate(indexes):
            if index != expected:
                column = _first_column(out, str(index), prefix)
                raise ColumnError(
                    f"column {column!r} is given but '{prefix}{expected}' is empty", column
                )
        return [out[str(i)] for i in indexes]
    return out


def _first_column(out: Mapping[str, Any], key: str, prefix: str) -> str:
    value = out[key]
    path = f"{prefix}{key}"
    while isinstance(value, dict) and value:
        first = next(iter(value))
        path, value = f"{path}.{first}", value[first]
    while isinstance(value, list) and value:
        path, value = f"{path}.0", value[0]
    return path


# --------------------------------------------------------------------------- required columns


def required_paths(kind: str) -> list[str]:
    """Return the dotted paths a CSV needs for ``kind``: required fields, nested ones too.

    Examples:
        >>> required_paths("marriage_registered")
        ['registered_on', 'spouses.0.full_name', 'spouses.1.full_name']
    """
    schema = event_json_schema(kind)
    defs: dict[str, Any] = schema.get("$defs", {})
    paths: list[str] = []
    _required(schema, "", defs, paths, depth=0)
    return sorted(p for p in paths if p != "kind")


def _resolve(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 20:
        schema = defs.get(str(schema["$ref"]).rsplit("/", 1)[-1], {})
        seen += 1
    return schema


def _required(
    schema: Mapping[str, Any], path: str, defs: Mapping[str, Any], out: list[str], *, depth: int
) -> None:
    schema = _resolve(schema, defs)
    if depth > 8:
        out.append(path.rstrip("."))
        return
    if schema.get("type") == "object" and "properties" in schema:
        required = schema.get("required", [])
        if not required and path:
            out.append(path.rstrip("."))
        for name in required:
            _required(schema["properties"][name], f"{path}{name}.", defs, out, depth=depth + 1)
        return
    if schema.get("type") == "array":
        items = schema.get("prefixItems")
        count = int(schema.get("minItems", 0))
        if items:
            for i, item in enumerate(items[: max(count, len(items))]):
                _required(item, f"{path}{i}.", defs, out, depth=depth + 1)
            return
        if count and isinstance(schema.get("items"), Mapping):
            for i in range(count):
                _required(schema["items"], f"{path}{i}.", defs, out, depth=depth + 1)
            return
    out.append(path.rstrip("."))


def _missing(columns: Sequence[str], paths: Sequence[str]) -> list[str]:
    present = set(columns)
    return [
        p for p in paths if p not in present and not any(c.startswith(p + ".") for c in present)
    ]


# --------------------------------------------------------------------------- readers


def _read_csv(text: str, source: str, kind: str | None) -> InputData:
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise BatchInputError(f"{source} is empty; expected a header line") from None
    columns = [c.strip() for c in header]
    if not any(columns):
        raise BatchInputError(f"{source}: the header line is empty")
    check_header(columns, source, kind, lambda i: str(i + 1))
    rows: list[InputRow] = []
    line = 2
    for cells in reader:
        start = line
        line = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns):
            extra = cells[len(columns) :]
            if any(c.strip() for c in extra):
                rows.append(
                    InputRow(
                        row=len(rows) + 1,
                        data={},
                        line=start,
                        error=f"has {len(cells)} cells but the header has {len(columns)} columns",
                    )
                )
                continue
        flat = {col: cells[i].strip() if i < len(cells) else "" for i, col in enumerate(columns)}
        flat.pop("", None)
        if kind is not None and not flat.get("kind"):
            flat["kind"] = kind
        rows.append(_make_row(len(rows) + 1, start, flat))
    data = InputData(rows=rows, source=source, format="csv")
    _check_columns(data, [c for c in columns if c])
    return data


def check_header(
    columns: Sequence[str], source: str, kind: str | None, position: Callable[[int], str]
) -> None:
    """Refuse a header that names a column twice, or has no ``kind`` column when ``kind`` is None.

    ``position(i)`` names the i-th column (from 0) in messages: "3" in a CSV, "C" in a sheet.
    """
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        if col and col in seen:
            raise BatchInputError(
                f"{source}: column {col!r} appears twice"
                f" (columns {position(seen[col])} and {position(i)})"
            )
        seen[col] = i
    if "kind" not in seen and kind is None:
        raise BatchInputError(
            f"{source}: no 'kind' column; add one (known kinds: {', '.join(event_kinds())})"
        )


def _make_row(row: int, line: int | None, flat: Mapping[str, Any]) -> InputRow:
    try:
        nested = unflatten(flat)
    except ColumnError as exc:
        return InputRow(row=row, data={}, line=line, error=str(exc), field=exc.column)
    return InputRow(row=row, data=nested, line=line)


def _check_columns(data: InputData, columns: Sequence[str]) -> None:
    known = set(event_kinds())
    kinds = sorted({r.data["kind"] for r in data.rows if r.data.get("kind") in known})
    problems: list[str] = []
    for kind in kinds:
        missing = _missing(columns, required_paths(kind))
        if missing:
            problems.append(f"{', '.join(missing)} (for kind {kind!r})")
    if problems:
        raise BatchInputError(f"{data.source}: missing column(s) " + "; ".join(problems))


def _object_row(row: int, line: int | None, value: Any, kind: str | None) -> InputRow:
    if not isinstance(value, dict):
        return InputRow(
            row=row,
            data={},
            line=line,
            error=f"expected a JSON object, got {type(value).__name__}",
        )
    data = _nfc(value)
    if kind is not None:
        data.setdefault("kind", kind)
    return InputRow(row=row, data=data, line=line)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _read_jsonl(text: str, source: str, kind: str | None) -> InputData:
    rows: list[InputRow] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append(
                InputRow(row=len(rows) + 1, data={}, line=lineno, error=f"not JSON: {exc.msg}")
            )
            continue
        rows.append(_object_row(len(rows) + 1, lineno, value, kind))
    return InputData(rows=rows, source=source, format="jsonl")


def _read_json(text: str, source: str, kind: str | None) -> InputData:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchInputError(
            f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    if isinstance(value, dict) and isinstance(value.get("events"), list):
        value = value["events"]
    if not isinstance(value, list):
        raise BatchInputError(
            f"{source}: expected a JSON list of events or an object {{'events': [...]}}"
        )
    rows = [_object_row(i, None, item, kind) for i, item in enumerate(value, start=1)]
    return InputData(rows=rows, source=source, format="json")


def _read_xlsx(raw: bytes, source: str, kind: str | None, sheet: str | None) -> InputData:
    from camon_xinloi.sheets import read_sheet  # the optional 'xlsx' extra

    table = read_sheet(raw, source, sheet=sheet, kind=kind)
    rows: list[InputRow] = []
    for r in table.rows:
        if r.error is None:
            rows.append(_make_row(len(rows) + 1, r.line, r.cells))
        else:
            rows.append(InputRow(len(rows) + 1, {}, r.line, error=r.error, field=r.field))
    data = InputData(rows=rows, source=table.source, format="xlsx")
    _check_columns(data, table.columns)
    return data


def _mark_duplicates(data: InputData) -> None:
    first: dict[str, int] = {}
    for r in data.rows:
        if r.error is not None:
            continue
        key = json.dumps(r.data, sort_keys=True, ensure_ascii=False)
        if key in first:
            data.warnings.append(f"row {r.row} duplicates row {first[key]}")
        else:
            first[key] = r.row


def read_rows(
    source: str | Path | bytes,
    *,
    format: InputFormat | None = None,
    encoding: str | None = None,
    kind: str | None = None,
    name: str | None = None,
    sheet: str | None = None,
) -> InputData:
    """Read a CSV, JSON Lines, JSON or Excel (.xlsx) input into rows of event dicts.

    Args:
        source: A file path, or the raw bytes of an input.
        format: "csv", "jsonl", "json" or "xlsx"; from the file suffix or the content
            when not given. Excel input needs the ``xlsx`` extra (:mod:`camon_xinloi.sheets`).
        encoding: The text encoding (e.g. "cp1258"); detected when not given
            (UTF-8 with or without BOM, or UTF-16 with a BOM).
        kind: The event kind of rows that have no ``kind`` (no column, or an empty cell).
        name: The name used in messages for bytes input.
        sheet: The sheet of an .xlsx workbook (default: the first).

    Returns:
        The rows, numbered from 1, and warnings about duplicate rows.

    Raises:
        BatchInputError: The input cannot be read, is not of the format, or lacks
            required columns; the message names the file and what to do.
    """
    if isinstance(source, bytes):
        raw, label = source, name or "<input>"
    else:
        label = name or str(source)
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise BatchInputError(f"cannot read {label!r}: {exc.strerror or exc}") from exc
    if kind is not None and kind not in event_kinds():
        raise BatchInputError(f"unknown event kind {kind!r}; known: {', '.join(event_kinds())}")
    if format == "xlsx" or (
        format is None
        and (_SUFFIXES.get(Path(label).suffix.lower()) == "xlsx" or raw.startswith(_WORKBOOK_MAGIC))
    ):
        if encoding is not None:
            raise BatchInputError(f"an encoding applies to CSV and JSON input, not to {label}")
        data = _read_xlsx(raw, label, kind, sheet)
        _mark_duplicates(data)
        return data
    if sheet is not None:
        raise BatchInputError(f"sheet={sheet!r} applies to .xlsx workbooks, not to {label}")
    text = _decode(raw, encoding=encoding, source=label)
    fmt = format or _detect_format(text, label)
    if fmt == "csv":
        data = _read_csv(text, label, kind)
    elif fmt == "jsonl":
        data = _read_jsonl(text, label, kind)
    elif fmt == "json":
        data = _read_json(text, label, kind)
    else:
        raise BatchInputError(f"unknown input format {fmt!r}; use csv, jsonl, json or xlsx")
    _mark_duplicates(data)
    return data
