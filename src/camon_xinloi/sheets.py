r"""Excel workbooks (.xlsx) in and out: a clerk's list as batch input, a blank list to fill.

Needs the ``xlsx`` extra (``pip install 'camon-xinloi[xlsx]'``, which installs openpyxl).

**Reading** (:func:`read_sheet`, used by ``read_rows("lists.xlsx", sheet=…)`` and
``camon-xinloi render-many lists.xlsx``): the header row holds the same dotted field
paths as a CSV header (``applicant.full_name``, ``spouses.0.full_name``). A sheet
written by :func:`blank_sheet` has Vietnamese headings on row 1 and the paths on row 2;
the reader takes row 2 as the header when row 1 is not made of paths. Each cell is
coerced by the event's schema, not by Excel's guess:

* a text field gets the text the clerk sees: a Text-formatted "0912345678" keeps
  its zero, a number formatted ``0000000000`` is padded the same way, 1.0 shown as
  General is "1"; a date cell in a text field is an error (Excel turned the text
  into a date);
* a date field takes a date cell, an Excel date serial, ``2026-03-05`` or
  ``05/03/2026`` (day first);
* an integer field takes 1 or 1.0 (but not 1.5); a number field takes any number;
* an enumeration takes one of its codes (``nam``, ``nu``).

Anything else fails that row (as a CSV row fails) with a message naming the
sheet, the row, the column (A1 style) and the field. A workbook that cannot be read
at all (an .xls, a CSV renamed to .xlsx, a password-protected file, a missing or
empty sheet, merged cells, formulas without a computed value) raises one
:class:`~camon_xinloi.batch_input.BatchInputError` naming the file and the sheet.

**Writing** (:func:`blank_sheet`, ``camon-xinloi sheet KIND -o ds.xlsx``): one column
per field of the event kind with a Vietnamese heading, the dotted path under it,
a note on the heading with the type and whether it is required, drop-down lists
for enumerations, date and whole-number validation, and Text format on text
columns so leading zeros stay. The kind is stored in the workbook (the defined
name ``camon_xinloi.kind``), so the filled sheet renders without a ``kind`` column.

Examples:
    >>> import datetime as dt, io
    >>> from openpyxl import load_workbook
    >>> book = load_workbook(io.BytesIO(blank_sheet("dossier_delayed")))
    >>> ws = book.active
    >>> ws["A1"].value, ws["A2"].value
    ('Công dân - Họ và tên', 'applicant.full_name')
    >>> ws.append(["Lê Văn Tám", None, dt.date(1960, 5, 1)])
    >>> buffer = io.BytesIO(); book.save(buffer)
    >>> table = read_sheet(buffer.getvalue(), "ds.xlsx")
    >>> row = next(table.rows)
    >>> row.line, row.cells["applicant.full_name"], row.cells["applicant.birth_date"]
    (3, 'Lê Văn Tám', '1960-05-01')
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from xml.etree import ElementTree

from camon_xinloi.batch_input import BatchInputError, check_header
from camon_xinloi.errors import MissingDependencyError
from camon_xinloi.events import FIRST_DATE, LAST_DATE, event_json_schema, event_kinds

__all__ = [
    "KIND_NAME",
    "MAX_PART_BYTES",
    "SheetField",
    "SheetRow",
    "SheetTable",
    "blank_sheet",
    "read_sheet",
    "sheet_fields",
]

KIND_NAME = "camon_xinloi.kind"
"""The workbook-level defined name that carries the event kind of a blank sheet."""

FieldType = Literal["text", "enum", "date", "time", "integer", "number"]

_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
_ZIP_MAGIC = b"PK\x03\x04"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: an .xls, or an encrypted .xlsx
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ZEROS = re.compile(r"0+")
MAX_PART_BYTES = 256 * 1024 * 1024
"""The largest part (sheet, shared strings) a workbook may unpack to: a guard against zip bombs."""
_MAX_ARRAY_COLUMNS = 3  # list fields without a small maxItems get max(minItems, 1) groups


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise MissingDependencyError(
            "reading and writing .xlsx needs openpyxl: pip install 'camon-xinloi[xlsx]'"
        ) from exc
    return openpyxl


# --------------------------------------------------------------------------- the schema


@dataclass(frozen=True)
class SheetField:
    """One column of an event kind's sheet.

    Attributes:
        path: The dotted field path, the column's key (``spouses.0.full_name``).
        type: ``text``, ``enum``, ``date``, ``time``, ``integer`` or ``number``.
        required: Whether every row must fill it.
        choices: The allowed codes of an enumeration.
        minimum: The smallest allowed integer, when the schema has one.
        maximum: The largest allowed integer, when the schema has one.
    """

    path: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def heading(self) -> str:
        """The Vietnamese column heading (``Người kết hôn 2 - Họ và tên``)."""
        return _heading(self.path)


def _variants(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The non-null alternatives of a schema, references resolved."""
    while "$ref" in schema:
        schema = defs[str(schema["$ref"]).rsplit("/", 1)[-1]]
    options = schema.get("anyOf") or schema.get("oneOf")
    if options is None:
        return [] if schema.get("type") == "null" else [schema]
    return [v for option in options for v in _variants(option, defs)]


def _leaf(variants: Sequence[Mapping[str, Any]], path: str) -> SheetField:
    types: set[str] = set()
    choices: list[str] = []
    low: int | None = None
    high: int | None = None
    for v in variants:
        if "const" in v:
            types.add("enum")
            choices.append(str(v["const"]))
        elif "enum" in v:
            types.add("enum")
            choices.extend(str(c) for c in v["enum"])
        elif v.get("type") == "string":
            types.add({"date": "date", "time": "time"}.get(str(v.get("format")), "text"))
        elif v.get("type") in ("integer", "number"):
            types.add(str(v["type"]))
            if v["type"] == "integer":
                low = v.get("minimum", low)
                high = v.get("maximum", high)
    order: tuple[FieldType, ...] = ("number", "integer", "date", "time", "enum")
    kind: FieldType = next((c for c in order if c in types), "text")
    return SheetField(
        path=path,
        type=kind,
        choices=tuple(dict.fromkeys(choices)) if kind == "enum" else (),
        minimum=low,
        maximum=high,
    )


def _walk(
    variants: Sequence[Mapping[str, Any]],
    path: str,
    required: bool,
    defs: Mapping[str, Any],
    out: list[SheetField],
) -> None:
    objects = [v for v in variants if v.get("type") == "object" and "properties" in v]
    arrays = [v for v in variants if v.get("type") == "array"]
    if objects:
        names = list(dict.fromkeys(n for o in objects for n in o["properties"]))
        for name in names:
            having = [o for o in objects if name in o["properties"]]
            needed = required and len(having) == len(objects)
            needed = needed and all(name in o.get("required", ()) for o in having)
            sub = [s for o in having for s in _variants(o["properties"][name], defs)]
            _walk(sub, f"{path}{name}.", needed, defs, out)
    elif arrays:
        array = arrays[0]
        prefix = array.get("prefixItems")
        minimum = int(array.get("minItems", 0))
        if prefix:
            items = list(prefix)
        else:
            top = array.get("maxItems")
            count = top if top is not None and top <= _MAX_ARRAY_COLUMNS else max(minimum, 1)
            items = [array["items"]] * count
        for i, item in enumerate(items):
            _walk(_variants(item, defs), f"{path}{i}.", required and i < minimum, defs, out)
    else:
        leaf = _leaf(variants, path.rstrip("."))
        out.append(
            SheetField(
                path=leaf.path,
                type=leaf.type,
                required=required,
                choices=leaf.choices,
                minimum=leaf.minimum,
                maximum=leaf.maximum,
            )
        )


_FIELDS: dict[str, tuple[SheetField, ...]] = {}


def sheet_fields(kind: str) -> tuple[SheetField, ...]:
    """Return the columns of an event kind's sheet, in the model's field order.

    List fields get one group of columns per item: both spouses, up to two
    parents, one contribution item (add ``items.1.…`` columns for more).

    Raises:
        KeyError: ``kind`` is not an event kind.

    Examples:
        >>> [(f.path, f.type, f.required) for f in sheet_fields("marriage_registered")][:2]
        [('spouses.0.full_name', 'text', True), ('spouses.0.sex', 'enum', False)]
        >>> sheet_fields("marriage_registered")[5].heading
        'Người kết hôn 1 - Địa chỉ'
        >>> next(f.choices for f in sheet_fields("service_failure") if f.path == "failure")
        ('sai_sot', 'thai_do', 'nhung_nhieu', 'lo_hen')
    """
    if kind not in _FIELDS:
        schema = event_json_schema(kind)
        defs: Mapping[str, Any] = schema.get("$defs", {})
        out: list[SheetField] = []
        _walk([schema], "", True, defs, out)
        _FIELDS[kind] = tuple(f for f in out if f.path != "kind")
    return _FIELDS[kind]


def _field_for(kind: str, column: str) -> SheetField | None:
    return _INDEX.setdefault(kind, {f.path: f for f in sheet_fields(kind)}).get(column)


_INDEX: dict[str, dict[str, SheetField]] = {}

# Vietnamese headings: a full path (indexes left out) wins over the last part.
_PARTS = {
    "applicant": "Công dân",
    "spouses": "Người kết hôn",
    "child": "Trẻ được khai sinh",
    "parents": "Cha/mẹ",
    "elder": "Người cao tuổi",
    "deceased": "Người từ trần",
    "addressee": "Người nhận thư",
    "citizen": "Công dân",
    "donor": "Người đóng góp",
    "items": "Khoản đóng góp",
    "head": "Chủ hộ",
    "representative": "Người đại diện",
    "sender": "Người gửi",
}
_LEAVES = {
    "full_name": "Họ và tên",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "birth_year": "Năm sinh",
    "honorific": "Cách xưng hô",
    "address": "Địa chỉ",
    "phone": "Số điện thoại",
    "religion": "Tôn giáo",
    "deceased.status": "Diện người có công",
    "status": "Tình trạng giải quyết",
    "name": "Tên",
    "type": "Loại",
    "amount": "Số tiền (đồng)",
    "area_m2": "Diện tích (m²)",
    "land_type": "Loại đất",
    "value": "Giá trị (đồng)",
    "days": "Số ngày công",
    "items.description": "Mô tả",
    "description": "Sự việc",
    "registered_on": "Ngày đăng ký",
    "certificate_no": "Số giấy chứng nhận, trích lục",
    "residence": "Nơi cư trú",
    "year": "Năm mừng thọ",
    "occasion": "Dịp mừng thọ",
    "celebrated_on": "Ngày tổ chức",
    "died_on": "Ngày mất",
    "died_at": "Giờ mất",
    "place_of_death": "Nơi mất",
    "circumstances": "Hoàn cảnh qua đời",
    "relationship": "Quan hệ với người mất",
    "age_style": "Cách tính tuổi",
    "lunar_date": "Ghi ngày âm lịch",
    "religious_closing": "Câu niệm tôn giáo ở cuối thư",
    "procedure": "Thủ tục hành chính",
    "dossier_code": "Mã hồ sơ",
    "receipt_no": "Số giấy tiếp nhận hồ sơ",
    "received_on": "Ngày tiếp nhận",
    "due_on": "Ngày hẹn trả kết quả",
    "new_due_on": "Ngày hẹn trả lại",
    "reason": "Lý do chậm",
    "channel": "Hình thức",
    "failure": "Loại sai sót",
    "occurred_on": "Ngày xảy ra",
    "remedy": "Biện pháp khắc phục",
    "reissued": "Giấy tờ cấp lại (công dân đến nhận)",
    "feedback_type": "Loại ý kiến",
    "subject": "Nội dung",
    "result": "Kết quả",
    "case_type": "Loại vụ việc",
    "case": "Vụ việc",
    "started_on": "Ngày bắt đầu",
    "resolved_on": "Ngày giải quyết xong",
    "project": "Công trình",
    "location": "Địa điểm",
    "contributed_on": "Ngày đóng góp",
}


def _heading(path: str) -> str:
    parts = path.split(".")
    names = [p for p in parts if not p.isdigit()]
    leaf = _LEAVES.get(".".join(names)) or _LEAVES.get(f"{names[0]}.{names[-1]}")
    leaf = leaf or _LEAVES.get(names[-1], names[-1])
    words: list[str] = []
    for part in parts[:-1]:
        if part.isdigit():
            words[-1] = f"{words[-1]} {int(part) + 1}"
        else:
            words.append(_PARTS.get(part, part))
    return " - ".join([*words, leaf])


_FORMATS = {"date": "dd/mm/yyyy", "time": "hh:mm", "integer": "0", "number": "General"}

_TYPE_VI: dict[FieldType, str] = {
    "text": "văn bản",
    "enum": "một trong các mã",
    "date": "ngày (dd/mm/yyyy)",
    "time": "giờ (hh:mm)",
    "integer": "số nguyên",
    "number": "số",
}


def _note(f: SheetField) -> str:
    lines = [f.path, f"Kiểu: {_TYPE_VI[f.type]}", "Bắt buộc" if f.required else "Không bắt buộc"]
    if f.choices:
        lines.append("Mã: " + ", ".join(f.choices))
    if f.minimum is not None and f.maximum is not None:
        lines.append(f"Từ {f.minimum} đến {f.maximum}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- writing


def blank_sheet(kind: str, *, rows: int = 1000) -> bytes:
    """Return a blank .xlsx list for an event kind, ready for a clerk to fill.

    Args:
        kind: The event kind, e.g. ``"dossier_delayed"``.
        rows: How many rows get the drop-down lists and validation (from row 3).

    Returns:
        The workbook's bytes: one sheet "Danh sách", Vietnamese headings on row 1,
        field paths on row 2, a note on each heading (path, type, required).

    Raises:
        KeyError: ``kind`` is not an event kind.
        MissingDependencyError: openpyxl is not installed.

    Examples:
        >>> blank_sheet("birth_registered")[:2]
        b'PK'
    """
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = sheet_fields(kind)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Danh sách"
    book.defined_names[KIND_NAME] = DefinedName(KIND_NAME, attr_text=f'"{kind}"')
    last = rows + 2
    first_date = f"DATE({FIRST_DATE.year},{FIRST_DATE.month},{FIRST_DATE.day})"
    last_date = f"DATE({LAST_DATE.year},{LAST_DATE.month},{LAST_DATE.day})"
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        head = ws.cell(row=1, column=col, value=f.heading)
        head.font = Font(bold=True, color="B00000" if f.required else None)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        head.fill = PatternFill("solid", fgColor="FFF2CC" if f.required else "EEEEEE")
        comment = Comment(_note(f), "camon-xinloi")
        comment.width, comment.height = 260, 120
        head.comment = comment
        key = ws.cell(row=2, column=col, value=f.path)
        key.font = Font(size=8, color="808080")
        ws.column_dimensions[letter].width = max(14, min(40, len(f.heading) + 2))
        cells = f"{letter}3:{letter}{last}"
        rule: DataValidation | None = None
        if f.type == "enum":
            rule = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"')
            rule.error = "Chọn một mã trong danh sách: " + ", ".join(f.choices)
        elif f.type == "date":
            rule = DataValidation(
                type="date", operator="between", formula1=first_date, formula2=last_date
            )
            rule.error = "Nhập một ngày, ví dụ 05/03/2026"
        elif f.type == "integer" and f.minimum is not None and f.maximum is not None:
            rule = DataValidation(
                type="whole", operator="between", formula1=str(f.minimum), formula2=str(f.maximum)
            )
            rule.error = f"Nhập một số nguyên từ {f.minimum} đến {f.maximum}"
        if rule is not None:
            rule.allow_blank = True
            rule.showErrorMessage = True
            rule.errorTitle = f.heading[:32]
            ws.add_data_validation(rule)
            rule.add(cells)
        # the column's format applies to what the clerk types; "@" (Text) keeps "0912…"
        ws.column_dimensions[letter].number_format = _FORMATS.get(f.type, "@")
    ws.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class SheetRow:
    """One data row of a sheet, its cells coerced to the kind's field types.

    Attributes:
        line: The row number Excel shows.
        cells: Column path → value (str, int, or an ISO date/time string); empty cells left out.
        error: Why the row cannot be used, naming sheet, cell and field; or None.
        field: The field the error is about, or None.
    """

    line: int
    cells: dict[str, Any]
    error: str | None = None
    field: str | None = None


@dataclass
class SheetTable:
    """A sheet's header and its rows, read one at a time.

    Attributes:
        source: ``"file.xlsx, sheet 'Danh sách'"``, for messages.
        sheet: The sheet's name.
        columns: The header's field paths, in column order (empty headings left out).
        rows: The data rows; blank rows are skipped.
    """

    source: str
    sheet: str
    columns: list[str]
    rows: Iterator[SheetRow] = field(repr=False)


def _refuse_non_xlsx(raw: bytes, label: str) -> None:
    if raw.startswith(_CFB_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise BatchInputError(
                f"{label} is password-protected; remove the password in Excel"
                " (File > Info > Protect Workbook > Encrypt with Password) and save it again"
            )
        raise BatchInputError(
            f"{label} is an Excel 97-2003 workbook (.xls); open it in Excel or LibreOffice"
            " and save it as .xlsx (Excel Workbook)"
        )
    if not raw.startswith(_ZIP_MAGIC):
        head = raw[:4096]
        if head.startswith(b"%PDF"):
            what = "it is a PDF"
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
            what = "it looks like a text (CSV) file renamed; give it the .csv suffix"
        else:
            what = "save it as .xlsx (Excel Workbook)"
        raise BatchInputError(f"{label} is not an .xlsx workbook; {what}")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            largest = max((i for i in archive.infolist()), key=lambda i: i.file_size, default=None)
    except zipfile.BadZipFile as exc:
        raise BatchInputError(f"{label} is not a readable .xlsx workbook ({exc})") from exc
    if largest is not None and largest.file_size > MAX_PART_BYTES:
        raise BatchInputError(
            f"{label}: its part {largest.filename} unpacks to {largest.file_size:,} bytes, more"
            f" than {MAX_PART_BYTES:,}; split the list into smaller workbooks"
        )


def _sheet_xml(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive path of a worksheet's XML, from the workbook's relationships."""
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        (s.get(f"{ns_rel}id") for s in book.iter(f"{ns_main}sheet") if s.get("name") == sheet_name),
        None,
    )
    for rel in rels:
        if rel.get("Id") == rid:
            target = str(rel.get("Target"))
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _scan(raw: bytes, sheet_name: str) -> tuple[bool, list[str]]:
    """Whether the sheet has formulas, and its merged ranges (read from the XML)."""
    formulas = False
    merges: list[str] = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        name = _sheet_xml(archive, sheet_name)
        if name is None or name not in archive.namelist():
            return False, []
        tail = b""
        with archive.open(name) as stream:
            while chunk := stream.read(1 << 20):
                block = tail + chunk
                formulas = formulas or _FORMULA.search(block) is not None
                merges.extend(m.decode() for m in _MERGE.findall(block))
                tail = block[-256:]  # a tag cut by the chunk boundary is found next time
    return formulas, list(dict.fromkeys(merges))


def _open(raw: bytes, label: str, *, data_only: bool) -> Any:
    openpyxl = _openpyxl()
    try:
        with warnings.catch_warnings():  # openpyxl warns about parts it does not read
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        kind = "an OpenDocument spreadsheet" if b"opendocument.spreadsheet" in raw[:200] else None
        what = (
            f"is {kind}; save it as .xlsx" if kind else f"is not a readable .xlsx workbook ({exc})"
        )
        raise BatchInputError(f"{label} {what}") from exc


def read_sheet(
    raw: bytes, label: str, *, sheet: str | None = None, kind: str | None = None
) -> SheetTable:
    """Open one sheet of an .xlsx workbook and read its rows lazily, coerced by the schema.

    Args:
        raw: The workbook's bytes.
        label: The file name used in messages.
        sheet: The sheet's name; the first sheet when None.
        kind: The event kind of rows without a ``kind`` cell; else the kind stored by
            :func:`blank_sheet`; else a ``kind`` column is needed.

    Returns:
        The header's paths and an iterator over the data rows.

    Raises:
        BatchInputError: The file is not a readable .xlsx, the sheet is missing or
            empty, has merged cells or formulas without a computed value, or no
            kind can be known; the message names the file and the sheet.
        MissingDependencyError: openpyxl is not installed.
    """
    _refuse_non_xlsx(raw, label)
    book = _open(raw, label, data_only=True)
    names = list(book.sheetnames)
    if not names:
        raise BatchInputError(f"{label} has no sheets")
    name = names[0] if sheet is None else sheet
    if name not in names:
        raise BatchInputError(
            f"{label} has no sheet {name!r}; its sheets: {', '.join(map(repr, names))}"
        )
    where = f"{label}, sheet {name!r}"
    try:
        formulas, merges = _scan(raw, name)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise BatchInputError(f"{where} cannot be read: {exc}") from exc
    if merges:
        raise BatchInputError(
            f"{where} has merged cells ({', '.join(merges[:5])}); unmerge them so that each"
            " column has its own heading and each row its own values"
        )
    stored = book.defined_names.get(KIND_NAME)
    default = kind or (str(stored.attr_text).strip('"') if stored is not None else None)
    if default is not None and default not in event_kinds():
        raise BatchInputError(f"{where}: unknown event kind {default!r}")
    values = book[name].iter_rows()
    cached = _open(raw, label, data_only=False)[name].iter_rows() if formulas else None
    lines = _Lines(values, cached, where)
    header, first = _header(lines, where)
    columns = [c for c in header if c]
    check_header(header, where, default, _letter)
    reader = _RowReader(header, default, name, book.epoch)
    return SheetTable(source=where, sheet=name, columns=columns, rows=reader.rows(first, lines))


class _Lines:
    """The sheet's rows as (Excel row number, cells), refusing formulas without a value."""

    def __init__(self, values: Iterator[Any], formulas: Iterator[Any] | None, where: str) -> None:
        self._values = values
        self._formulas = formulas
        self._where = where

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        return self

    def __next__(self) -> tuple[int, list[Any]]:
        cells = next(self._values)
        row = next(self._formulas) if self._formulas is not None else None
        for i, cell in enumerate(cells):
            source = row[i] if row is not None and i < len(row) else None
            if source is not None and source.data_type == "f" and cell.value is None:
                raise BatchInputError(
                    f"{self._where}: cell {source.coordinate} has a formula ({source.value})"
                    " without a computed value (the file was not saved by a spreadsheet"
                    " program); open it in Excel or LibreOffice and save it again"
                )
        number = next((c.row for c in cells if getattr(c, "row", None)), 0)
        return number, list(cells)


def _header(lines: _Lines, where: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Find the header: row 1, or row 2 under Vietnamese headings. Return it and rows read ahead."""
    ahead: list[tuple[int, list[Any]]] = []
    for number, cells in lines:
        if any(c.value not in (None, "") for c in cells):
            ahead.append((number, cells))
        if len(ahead) == 2:
            break
    if not ahead:
        raise BatchInputError(f"{where} is empty; expected a header row")
    texts = [[_header_text(c.value) for c in cells] for _, cells in ahead]
    if len(texts) == 2 and not _all_paths(texts[0]) and _all_paths(texts[1]):
        return texts[1], []
    return texts[0], ahead[1:]


def _header_text(value: Any) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


def _all_paths(texts: Sequence[str]) -> bool:
    present = [t for t in texts if t]
    return bool(present) and all(_PATH.fullmatch(t) for t in present)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


class _CellError(ValueError):
    pass


class _RowReader:
    def __init__(self, header: list[str], kind: str | None, sheet: str, epoch: dt.datetime) -> None:
        self.header = header
        self.kind = kind
        self.sheet = sheet
        self.epoch = epoch
        self.kind_at = header.index("kind") if "kind" in header else None
        self.known = frozenset(event_kinds())

    def rows(
        self, ahead: list[tuple[int, list[Any]]], lines: Iterator[tuple[int, list[Any]]]
    ) -> Iterator[SheetRow]:
        for number, cells in [*ahead, *lines]:
            if all(
                c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells
            ):
                continue
            yield self.row(number, cells)

    def row(self, number: int, cells: Sequence[Any]) -> SheetRow:
        kind = self.kind
        if self.kind_at is not None and self.kind_at < len(cells):
            value = cells[self.kind_at].value
            if value not in (None, "") and str(value).strip():
                kind = str(value).strip()
        flat: dict[str, Any] = {}
        for i, column in enumerate(self.header):
            if not column or i >= len(cells) or cells[i].value is None:
                continue
            cell = cells[i]
            spec = _field_for(kind, column) if kind in self.known else None
            try:
                value = _coerce(cell.value, cell.number_format, spec, self.epoch)
            except _CellError as exc:
                letter = _letter(i)
                return SheetRow(
                    line=number,
                    cells={},
                    error=f"sheet {self.sheet!r}, row {number}, column {letter} ({letter}{number}),"
                    f" field {column}: {exc}",
                    field=column,
                )
            if value != "":
                flat[column] = value
        if kind is not None:
            flat["kind"] = kind
        return SheetRow(line=number, cells=flat)


# --------------------------------------------------------------------------- coercion


def _shown(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return repr(value)


def _whole(value: float) -> int | None:
    return int(value) if float(value).is_integer() else None


def _coerce(
    value: Any, number_format: str | None, spec: SheetField | None, epoch: dt.datetime
) -> Any:
    kind: FieldType = spec.type if spec is not None else "text"
    if isinstance(value, bool):
        raise _CellError(f"{value} is a yes/no value; expected {_TYPE_EN[kind]}")
    if isinstance(value, str):
        return _from_text(unicodedata.normalize("NFC", value).strip(), spec, kind)
    if kind in ("text", "enum"):
        text = _number_as_text(value, number_format)
        return _from_text(text, spec, kind)
    if kind == "date":
        return _as_date(value, epoch).isoformat()
    if kind == "time":
        return _as_time(value).isoformat(timespec="minutes")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise _CellError(f"{_shown(value)} is a date or time; expected {_TYPE_EN[kind]}")
    if kind == "integer":
        whole = _whole(value)
        if whole is None:
            raise _CellError(f"{value!r} is not a whole number")
        return whole
    whole = _whole(value)
    return whole if whole is not None else str(Decimal(repr(value)))


_TYPE_EN: dict[FieldType, str] = {
    "text": "text",
    "enum": "one of the codes",
    "date": "a date",
    "time": "a time of day",
    "integer": "a whole number",
    "number": "a number",
}


def _number_as_text(value: Any, number_format: str | None) -> str:
    """The text a clerk sees in a numeric cell of a text field, for the formats we can show."""
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise _CellError(
            f"Excel stored {_shown(value)} as a date or time in a text field; give the column"
            " the Text format and type it again"
        )
    fmt = (number_format or "General").strip()
    whole = _whole(value)
    if fmt in ("General", "@"):
        return str(whole) if whole is not None else repr(value)
    if _ZEROS.fullmatch(fmt) and whole is not None and whole >= 0:
        return str(whole).zfill(len(fmt))
    raise _CellError(
        f"the number {value!r} is shown with the format {fmt!r}; give the column the Text"
        " format and type the value as it should be printed"
    )


def _from_text(text: str, spec: SheetField | None, kind: FieldType) -> Any:
    if text == "" or spec is None or kind == "text":
        return text
    if kind == "enum":
        if text not in spec.choices:
            raise _CellError(f"{text!r} is not one of {', '.join(spec.choices)}")
        return text
    if kind == "date":
        return _date_from_text(text).isoformat()
    if kind == "time":
        try:
            return dt.time.fromisoformat(text).isoformat(timespec="minutes")
        except ValueError:
            raise _CellError(f"{text!r} is not a time of day such as 14:30") from None
    if kind == "integer":
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        raise _CellError(f"{text!r} is not a whole number")
    try:
        return str(Decimal(text.replace(",", ".")))
    except ArithmeticError:
        raise _CellError(f"{text!r} is not a number") from None


def _date_from_text(text: str) -> dt.date:
    match = _DAY_FIRST.fullmatch(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _CellError(f"{text!r} is not a date such as 05/03/2026 or 2026-03-05") from None


def _as_date(value: Any, epoch: dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise _CellError(f"{_shown(value)} has a time of day; expected a date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        whole = _whole(value)
        if whole is None or not 1 <= whole <= 2_958_465:
            raise _CellError(f"{value!r} is not an Excel date serial number")
        from openpyxl.utils.datetime import from_excel

        return from_excel(whole, epoch).date()  # type: ignore[no-any-return]
    raise _CellError(f"{_shown(value)} is not a date")


def _as_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, dt.timedelta) and value < dt.timedelta(days=1):
        return (dt.datetime.min + value).time()
    if isinstance(value, (int, float)) and 0 <= value < 1:
        seconds = round(value * 86400)
        return (dt.datetime.min + dt.timedelta(seconds=seconds)).time()
    raise _CellError(f"{_shown(value)} is not a time of day")
