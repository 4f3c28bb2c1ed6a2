"""The ``camon-xinloi`` command.

User mistakes (a bad event file, an unknown template, an invalid issuer) print
one line on standard error and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from camon_xinloi.catalogue import FAMILIES, Catalogue, catalogue
from camon_xinloi.compose import compose
from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import (
    Event,
    event_json_schema,
    parse_event,
    validation_problems,
)
from camon_xinloi.files import write_atomic
from camon_xinloi.issuer import Issuer
from camon_xinloi.lint import Problem, check_docx_template, check_templates
from camon_xinloi.render import get_renderer
from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer

__all__ = ["main"]

DEMO_FORMATS = ("text", "html", "docx", "pdf")


def _positive_int(text: str) -> int:
    """An argparse type: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


class UsageError(Exception):
    """A mistake in the command line or its input files."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def validation_message(exc: ValidationError, *, source: str) -> str:
    """Summarise a pydantic error on one line: each field path and its message.

    Examples:
        >>> from camon_xinloi.events import Person
        >>> try:
        ...     Person(full_name="")
        ... except ValidationError as exc:
        ...     print(validation_message(exc, source="event.json"))
        event.json: full_name: Value should have at least 1 item after validation, not 0
    """
    # A problem with the kind names the kind in its message already.
    parts = [
        message if path in ("", "kind") else f"{path}: {message}"
        for path, message in validation_problems(exc)
    ]
    return f"{source}: " + "; ".join(parts)


def _write(path: Path, data: bytes, what: str) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UsageError(f"cannot write {what} {str(path)!r}: {exc.strerror or exc}") from exc


def _check_folder(path: Path, what: str) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(
            f"cannot write {what} {str(path)!r}: folder {str(folder)!r} does not exist"
        )


def _load_event(path: Path) -> Event:
    try:
        return parse_event(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read event file {str(path)!r}: {exc.strerror}") from exc
    except ValidationError as exc:
        raise UsageError(validation_message(exc, source=str(path))) from exc


def _cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create folder {str(out)!r}: {exc.strerror or exc}") from exc
    issuer = example_issuer()
    for spec in catalogue().list():
        if spec.example is None:
            continue
        letter = compose(spec.id, example_event(spec.id), issuer=issuer, on=EXAMPLE_DATE, number=5)
        for fmt in DEMO_FORMATS:
            renderer = get_renderer(fmt)
            target = out / f"{spec.id.replace('/', '-')}{renderer.suffix}"
            _write(target, renderer.render(letter), "file")
            print(target)
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    event = _load_event(Path(args.event))
    issuer = Issuer.from_toml(args.issuer)
    try:
        on = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise UsageError(f"--date {args.date!r} is not a date in the form YYYY-MM-DD") from exc
    letter = compose(
        args.template, event, issuer=issuer, on=on, number=args.number, draft=args.draft
    )
    renderer = get_renderer(args.format)
    textual = renderer.media_type.startswith("text/")
    if not args.output and not textual:
        raise UsageError(f"the {args.format} format is binary; give an output file with -o")
    for path, what in ((args.output, "output file"), (args.record, "record")):
        if path:  # before rendering: no output without its record, or the reverse
            _check_folder(Path(path), what)
    data = renderer.render(letter)
    record = None
    if args.record:  # checked (RecordError) before any file is written
        pages = _pdf_pages(data) if args.format == "pdf" else None
        record = letter.record(pages=pages).model_dump_json(indent=2) + "\n"
    if args.output:
        _write(Path(args.output), data, "output file")
    else:
        sys.stdout.write(data.decode("utf-8"))
    if record is not None:
        _write(Path(args.record), record.encode("utf-8"), "record")
    return 0


def _pdf_pages(pdf: bytes) -> int:
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


def _cmd_templates(args: argparse.Namespace) -> int:
    cat = Catalogue.from_directory(args.dir) if args.dir else catalogue()
    rows = [("id", "title", "kind", "version")]
    rows += [(t.id, t.title, t.kind, t.version) for t in cat.list(family=args.family)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join([*(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)), row[3]])
        )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.path) if args.path else None
    if path is not None and not path.exists():
        raise UsageError(f"{str(path)!r} does not exist; give a template folder or a .docx file")
    problems: list[Problem]
    if path is not None and path.suffix.lower() == ".docx":
        problems = check_docx_template(path)
        what = str(path)
    else:
        problems = check_templates(path)
        what = f"templates in {str(path) if path else 'the built-in catalogue'}"
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {what}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    try:
        schema = event_json_schema(args.kind)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="camon-xinloi",
        description="Letters from commune People's Committees to citizens.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="render every example letter in every format")
    demo.add_argument("--out", default="camon-xinloi-demo", help="output folder")
    demo.set_defaults(func=_cmd_demo)

    rend = sub.add_parser("render", help="render one letter from an event file")
    rend.add_argument("template", help="template id, e.g. chuc_mung/ket_hon")
    rend.add_argument("event", help="event JSON file")
    rend.add_argument("--issuer", required=True, help="issuer TOML file")
    rend.add_argument(
        "--format", default="text", help="text (default), sms, html, docx, pdf or png"
    )
    rend.add_argument("-o", "--output", help="output file (stdout for text formats)")
    rend.add_argument("--date", help="issue date, YYYY-MM-DD (default: today)")
    rend.add_argument("--number", type=_positive_int, help="document number (1, 2, …)")
    rend.add_argument(
        "--draft", action="store_true", help="leave number and date for the e-office system"
    )
    rend.add_argument(
        "--record", metavar="FILE", help="also write the Phụ lục VI record (JSON) for e-office"
    )
    rend.set_defaults(func=_cmd_render)

    tpl = sub.add_parser("templates", help="list the templates: id, title, event kind, version")
    tpl.add_argument("--family", choices=FAMILIES, help="only one family of templates")
    tpl.add_argument("--dir", help="a user template folder stacked over the built-ins")
    tpl.set_defaults(func=_cmd_templates)

    chk = sub.add_parser(
        "check", help="lint templates (metadata, variables, example, every format, NFC)"
    )
    chk.add_argument(
        "path", nargs="?", help="a template folder tree, one template folder, or a .docx template"
    )
    chk.set_defaults(func=_cmd_check)

    sch = sub.add_parser("schema", help="print the JSON Schema of the events (or of one kind)")
    sch.add_argument("kind", nargs="?", help="an event kind, e.g. death_registered")
    sch.set_defaults(func=_cmd_schema)

    from camon_xinloi.cli_batch import add_render_many
    from camon_xinloi.cli_sheet import add_sheet
    from camon_xinloi.cli_sign import add_sign_commands
    from camon_xinloi.cli_units import add_issuer, add_units

    add_render_many(sub)
    add_sheet(sub)
    add_sign_commands(sub)
    add_units(sub)
    add_issuer(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Examples:
        >>> main(["render", "chuc_mung/ket_hn", "x.json", "--issuer", "u.toml"])
        2
    """
    args = _parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except (UsageError, CamonXinloiError, ValueError) as exc:
        print(f"camon-xinloi: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file we did not expect to fail: still one line
        where = f" {str(exc.filename)!r}" if exc.filename else ""
        print(f"camon-xinloi: error:{where} {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C before any work was done: nothing to report
        print("camon-xinloi: interrupted", file=sys.stderr)
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
