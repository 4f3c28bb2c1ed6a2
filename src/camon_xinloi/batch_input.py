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
import hashlib
import io
import itertools
import json
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from camon_xinloi.errors import BatchInputError, ColumnError
from camon_xinloi.events import event_json_schema, event_kinds

__all__ = [
    "MAX_COLUMN_DEPTH",
    "MAX_JSON_DEPTH",
    "BatchInputError",
    "ColumnError",
    "InputData",
    "InputFormat",
    "InputRow",
    "check_header",
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


class InputData:
    """Rows read from one input, with warnings (duplicates), the row count and the source name.

    Iterating reads the input again, row by row, so a file of any length is never
    held in memory as rows (``read_rows`` has already read it once to check it:
    encoding, columns, duplicates, the count). ``rows`` is the list of all rows,
    for small inputs and tests.

    Args:
        rows: The rows, or a zero-argument function returning a fresh iterator of them.
        source: The input's name in messages.
        format: The input format.
        warnings: Notes about the input that do not stop any row.
        count: How many rows there are, when ``rows`` is a function.
    """

    def __init__(
        self,
        rows: Sequence[InputRow] | Callable[[], Iterator[InputRow]],
        source: str = "<input>",
        format: InputFormat = "csv",
        warnings: list[str] | None = None,
        *,
        count: int | None = None,
    ) -> None:
        if callable(rows):
            self._open: Callable[[], Iterator[InputRow]] = rows
            self._count = count
        else:
            stored = list(rows)
            self._open = stored.__iter__
            self._count = len(stored)
        self.source = source
        self.format = format
        self.warnings = warnings if warnings is not None else []

    @property
    def rows(self) -> list[InputRow]:
        """Every row, read into a list."""
        return list(self)

    def __iter__(self) -> Iterator[InputRow]:
        return self._open()

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self)
        return self._count

    def __repr__(self) -> str:
        return f"InputData(source={self.source!r}, format={self.format!r}, rows={len(self)})"


# --------------------------------------------------------------------------- limits

MAX_COLUMN_DEPTH = 10
"""The most parts a dotted column may have (``spouses.0.full_name`` has 3)."""

MAX_JSON_DEPTH = 32
"""The deepest nesting of lists and objects accepted in a JSON row."""


def _depth(value: Any) -> int:
    """Return the nesting depth of JSON data (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            break
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return deepest


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


# --------------------------------------------------------------------------- decoding


class _Source:
    """Where the input's bytes come from: opened again for every pass over the rows."""

    def __init__(
        self,
        path: Path | None,
        raw: bytes | None,
        label: str,
        encoding: str | None,
        sheet: str | None = None,
    ) -> None:
        self.path = path
        self.raw = raw
        self.label = label
        self.sheet = sheet
        with self.open() as handle:
            self.head = handle.read(4)
        self.encoding = encoding or (
            "utf-16"
            if self.head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            else "utf-8-sig"
        )

    def read_bytes(self) -> bytes:
        """The whole input (for formats that are not read line by line: a workbook)."""
        if self.raw is not None:
            return self.raw
        with self.open() as handle:
            return handle.read()

    def open(self) -> BinaryIO:
        if self.raw is not None:
            return io.BytesIO(self.raw)
        assert self.path is not None
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise BatchInputError(f"cannot read {self.label!r}: {exc.strerror or exc}") from exc

    def lines(self) -> Generator[str, None, None]:
        """Yield the text's lines (ends kept, NFC); a decoding error is a BatchInputError."""
        with self.open() as handle:
            text = io.TextIOWrapper(handle, encoding=self.encoding, newline="")
            try:
                first = True
                for line in text:
                    if first:
                        line, first = line.removeprefix("\ufeff"), False
                    yield unicodedata.normalize("NFC", line)
            except UnicodeDecodeError as exc:
                raise self._decode_error() from exc

    def _decode_error(self) -> BatchInputError:
        where = self._locate_bad_byte()
        if self.encoding == "utf-16":
            return BatchInputError(f"{self.label} has a UTF-16 BOM but is not valid UTF-16")
        if self.encoding == "utf-8-sig":
            return BatchInputError(
                f"{self.label} is not UTF-8 ({where}); it may be an Excel export in"
                " cp1258: give the encoding, e.g. --encoding cp1258 (encoding='cp1258')"
            )
        return BatchInputError(
            f"{self.label} is not valid {self.encoding}: {where}; check --encoding"
        )

    def _locate_bad_byte(self) -> str:
        decoder = codecs.getincrementaldecoder(self.encoding)()
        line = 1
        with self.open() as handle:
            while True:
                chunk = handle.read(1 << 16)
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    bad = exc.object[exc.start]
                    line += exc.object.count(b"\n", 0, exc.start)
                    return f"byte 0x{bad:02x} on line {line}"
                if not chunk:
                    return "an invalid byte"
                line += chunk.count(b"\n")


def _check_encoding(encoding: str) -> None:
    try:
        b"a".decode(encoding, "ignore")  # unknown, or not a text codec (rot13, base64, zlib)
    except LookupError:
        raise BatchInputError(
            f"unknown encoding {encoding!r}; use e.g. utf-8, utf-16 or cp1258"
        ) from None


def _detect_format(src: _Source) -> InputFormat:
    suffix = Path(src.label).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if src.head.startswith(_WORKBOOK_MAGIC):
        return "xlsx"
    lines = src.lines()
    try:
        content = (line for line in lines if line.strip())
        first = next(content, "").lstrip()
        if first.startswith("["):
            return "json"
        if first.startswith("{"):
            try:
                json.loads(first)
            except (json.JSONDecodeError, RecursionError):
                return "json"  # an object over several lines
            return "json" if next(content, None) is None else "jsonl"
        return "csv"
    finally:
        lines.close()


# --------------------------------------------------------------------------- nesting


def unflatten(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Turn dotted keys into nested dicts and lists; empty values are left out.

    Numeric parts make lists (in index order); a gap in the indexes is an error.

    Examples:
        >>> unflatten({"kind": "x", "a.b": "1", "l.1.n": "B", "l.0.n": "A", "e": ""})
        {'kind': 'x', 'a': {'b': '1'}, 'l': [{'n': 'A'}, {'n': 'B'}]}
        >>> unflatten({"l.1": "B"})
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.ColumnError: column 'l.1' is given but 'l.0' is empty
    """
    tree: dict[str, Any] = {}
    for column, value in flat.items():
        if value is None or value == "":
            continue
        parts = column.split(".")
        if any(p == "" for p in parts):
            raise ColumnError(f"column {_short(column)} has an empty part", column)
        if len(parts) > MAX_COLUMN_DEPTH:
            raise ColumnError(
                f"column {_short(column)} nests {len(parts)} levels; at most {MAX_COLUMN_DEPTH}",
                column,
            )
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


@dataclass
class _Table:
    """What a reader found: the header's columns (CSV, sheet) and a one-pass iterator of rows.

    ``source`` names the input in messages when the reader knows better than the
    file name (``"list.xlsx, sheet 'Danh sách'"``).
    """

    columns: list[str] | None
    rows: Iterator[InputRow]
    source: str | None = None


def _read_csv(src: _Source, kind: str | None) -> _Table:
    lines = src.lines()
    first_line = next(lines, "")
    if not first_line:
        raise BatchInputError(f"{src.label} is empty; expected a header line")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(itertools.chain([first_line], lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise _csv_error(src.label, 1, exc) from exc
    columns = [c.strip() for c in header]
    check_header(columns, src.label, kind, lambda i: str(i + 1))
    return _Table([c for c in columns if c], _csv_rows(src.label, reader, columns, kind))


def check_header(
    columns: Sequence[str], source: str, kind: str | None, position: Callable[[int], str]
) -> None:
    """Refuse a header that names a column twice, nests too deep, or lacks ``kind`` when needed.

    ``position(i)`` names the i-th column (from 0) in messages: "3" in a CSV, "C" in a sheet.
    """
    if not any(columns):
        raise BatchInputError(f"{source}: the header line is empty")
    seen: dict[str, int] = {}
    for i, col in enumerate(columns):
        if col and col in seen:
            raise BatchInputError(
                f"{source}: column {_short(col)} appears twice"
                f" (columns {position(seen[col])} and {position(i)})"
            )
        if col.count(".") >= MAX_COLUMN_DEPTH:
            raise BatchInputError(
                f"{source}: column {_short(col)} nests {col.count('.') + 1} levels;"
                f" at most {MAX_COLUMN_DEPTH}"
            )
        seen[col] = i
    if "kind" not in seen and kind is None:
        raise BatchInputError(
            f"{source}: no 'kind' column; add one (known kinds: {', '.join(event_kinds())})"
        )


def _csv_error(label: str, line: int, exc: csv.Error) -> BatchInputError:
    if "field limit" in str(exc):
        return BatchInputError(
            f"{label}: line {line}: a cell is longer than {csv.field_size_limit()} characters;"
            " shorten it, or check for a quote that is never closed"
        )
    return BatchInputError(f"{label}: line {line} is not valid CSV: {exc}")


def _csv_rows(
    label: str, reader: Any, columns: Sequence[str], kind: str | None
) -> Iterator[InputRow]:
    number = 0
    line = 2
    while True:
        start = line
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(label, reader.line_num, exc) from exc
        line = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        number += 1
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            yield InputRow(
                row=number,
                data={},
                line=start,
                error=f"has {len(cells)} cells but the header has {len(columns)} columns",
            )
            continue
        flat = {col: cells[i].strip() if i < len(cells) else "" for i, col in enumerate(columns)}
        flat.pop("", None)
        if kind is not None and not flat.get("kind"):
            flat["kind"] = kind
        yield _make_row(number, start, flat)


def _make_row(row: int, line: int | None, flat: Mapping[str, Any]) -> InputRow:
    try:
        nested = unflatten(flat)
    except ColumnError as exc:
        return InputRow(row=row, data={}, line=line, error=str(exc), field=exc.column)
    return InputRow(row=row, data=nested, line=line)


def _object_row(row: int, line: int | None, value: Any, kind: str | None) -> InputRow:
    if not isinstance(value, dict):
        return InputRow(
            row=row,
            data={},
            line=line,
            error=f"expected a JSON object, got {type(value).__name__}",
        )
    if _depth(value) > MAX_JSON_DEPTH:
        return InputRow(
            row=row, data={}, line=line, error=f"nested more than {MAX_JSON_DEPTH} levels deep"
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


def _read_jsonl(src: _Source, kind: str | None) -> _Table:
    return _Table(None, _jsonl_rows(src, kind))


def _jsonl_rows(src: _Source, kind: str | None) -> Iterator[InputRow]:
    number = 0
    for lineno, line in enumerate(_split_lines(src.lines()), start=1):
        if not line.strip():
            continue
        number += 1
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputRow(row=number, data={}, line=lineno, error=f"not JSON: {exc.msg}")
            continue
        except RecursionError:
            yield InputRow(
                row=number,
                data={},
                line=lineno,
                error=f"nested more than {MAX_JSON_DEPTH} levels deep",
            )
            continue
        yield _object_row(number, lineno, value, kind)


def _split_lines(lines: Iterator[str]) -> Iterator[str]:
    """Split lines again the way ``str.splitlines`` does (a JSON line may hold U+2028)."""
    for line in lines:
        yield from line.splitlines() or [""]


def _read_json(src: _Source, kind: str | None) -> _Table:
    return _Table(None, _json_rows(src, kind))


def _json_rows(src: _Source, kind: str | None) -> Iterator[InputRow]:
    text = "".join(src.lines())  # a JSON list is read whole; JSON Lines stream
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BatchInputError(
            f"{src.label} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from exc
    except RecursionError:
        raise BatchInputError(
            f"{src.label} is nested more than {MAX_JSON_DEPTH} levels deep"
        ) from None
    del text
    if isinstance(value, dict) and isinstance(value.get("events"), list):
        value = value["events"]
    if not isinstance(value, list):
        raise BatchInputError(
            f"{src.label}: expected a JSON list of events or an object {{'events': [...]}}"
        )
    for i, item in enumerate(value, start=1):
        yield _object_row(i, None, item, kind)


def _read_xlsx(src: _Source, kind: str | None) -> _Table:
    from camon_xinloi.sheets import read_sheet  # the optional 'xlsx' extra

    table = read_sheet(src.read_bytes(), src.label, sheet=src.sheet, kind=kind)
    return _Table(table.columns, _xlsx_rows(table.rows), table.source)


def _xlsx_rows(rows: Iterable[Any]) -> Iterator[InputRow]:
    for number, r in enumerate(rows, start=1):
        if r.error is None:
            yield _make_row(number, r.line, r.cells)
        else:
            yield InputRow(number, {}, r.line, error=r.error, field=r.field)


RowReader = Callable[[_Source, "str | None"], _Table]

_READERS: dict[str, RowReader] = {
    "csv": _read_csv,
    "jsonl": _read_jsonl,
    "json": _read_json,
    "xlsx": _read_xlsx,
}
"""Input format → reader. A reader reads the header (if any) at once and returns the rows lazily."""


class _Scan:
    """One pass over the rows: their count, the kinds that occur, duplicates (by digest)."""

    def __init__(self) -> None:
        self.count = 0
        self.kinds: set[str] = set()
        self.warnings: list[str] = []
        self._first: dict[bytes, int] = {}
        self._known = set(event_kinds())

    def add(self, r: InputRow) -> None:
        self.count += 1
        if r.error is not None:
            return
        kind = r.data.get("kind")
        if isinstance(kind, str) and kind in self._known:
            self.kinds.add(kind)
        key = json.dumps(r.data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        digest = hashlib.blake2b(key, digest_size=16).digest()
        if digest in self._first:
            self.warnings.append(f"row {r.row} duplicates row {self._first[digest]}")
        else:
            self._first[digest] = r.row


def _check_columns(label: str, columns: Sequence[str], kinds: Iterable[str]) -> None:
    problems: list[str] = []
    for kind in sorted(kinds):
        missing = _missing(columns, required_paths(kind))
        if missing:
            problems.append(f"{', '.join(missing)} (for kind {kind!r})")
    if problems:
        raise BatchInputError(f"{label}: missing column(s) " + "; ".join(problems))


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

    The input is read once here to check it (encoding, header, required
    columns, duplicates, limits), then again, row by row, each time the
    result is iterated: memory does not grow with the number of rows (except
    for a JSON list, which is parsed whole, and a workbook, whose bytes are).

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
        BatchInputError: The input cannot be read, is not of the format, lacks
            required columns or is over a limit (a CSV cell longer than the csv
            module's limit, nesting deeper than ``MAX_COLUMN_DEPTH`` or
            ``MAX_JSON_DEPTH``); the message names the file and what to do.
    """
    if kind is not None and kind not in event_kinds():
        raise BatchInputError(f"unknown event kind {kind!r}; known: {', '.join(event_kinds())}")
    if encoding is not None:
        _check_encoding(encoding)
    if isinstance(source, bytes):
        src = _Source(None, source, name or "<input>", encoding, sheet)
    else:
        src = _Source(Path(source), None, name or str(source), encoding, sheet)
    fmt = format or _detect_format(src)
    reader = _READERS.get(fmt)
    if reader is None:
        raise BatchInputError(f"unknown input format {fmt!r}; use csv, jsonl, json or xlsx")
    if fmt == "xlsx" and encoding is not None:
        raise BatchInputError(f"an encoding applies to CSV and JSON input, not to {src.label}")
    if fmt != "xlsx" and sheet is not None:
        raise BatchInputError(f"sheet={sheet!r} applies to .xlsx workbooks, not to {src.label}")
    table = reader(src, kind)
    scan = _Scan()
    for r in table.rows:
        scan.add(r)
    label = table.source or src.label
    if table.columns is not None:
        _check_columns(label, table.columns, scan.kinds)
    return InputData(
        lambda: reader(src, kind).rows,
        source=label,
        format=fmt,
        warnings=scan.warnings,
        count=scan.count,
    )
