"""The ``camon-xinloi`` command.

User mistakes (a bad event file, an unknown template, an invalid issuer) print
one line on standard error and exit with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from camon_xinloi.catalogue import catalogue
from camon_xinloi.compose import compose
from camon_xinloi.errors import CamonXinloiError
from camon_xinloi.events import Event, parse_event
from camon_xinloi.files import write_atomic
from camon_xinloi.issuer import Issuer
from camon_xinloi.render import get_renderer
from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer

__all__ = ["main"]

DEMO_FORMATS = ("text", "html", "docx", "pdf")


class UsageError(Exception):
    """A mistake in the command line or its input files."""


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
    parts = [
        f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}" for err in exc.errors()
    ]
    return f"{source}: " + "; ".join(parts)


def _load_event(path: Path) -> Event:
    try:
        return parse_event(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"cannot read event file {str(path)!r}: {exc.strerror}") from exc
    except ValidationError as exc:
        raise UsageError(validation_message(exc, source=str(path))) from exc


def _cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    issuer = example_issuer()
    for spec in catalogue().list():
        if spec.example is None:
            continue
        letter = compose(spec.id, example_event(spec.id), issuer=issuer, on=EXAMPLE_DATE, number=5)
        for fmt in DEMO_FORMATS:
            renderer = get_renderer(fmt)
            target = out / f"{spec.id.replace('/', '-')}{renderer.suffix}"
            write_atomic(target, renderer.render(letter))
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
    data = renderer.render(letter)
    if args.output:
        write_atomic(Path(args.output), data)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    rend.add_argument("--format", default="text", help="text, sms, html, docx or pdf")
    rend.add_argument("-o", "--output", help="output file (stdout for text formats)")
    rend.add_argument("--date", help="issue date, YYYY-MM-DD (default: today)")
    rend.add_argument("--number", type=int, help="document number")
    rend.add_argument(
        "--draft", action="store_true", help="leave number and date for the e-office system"
    )
    rend.set_defaults(func=_cmd_render)

    from camon_xinloi.cli_batch import add_render_many

    add_render_many(sub)
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
    return status


if __name__ == "__main__":
    sys.exit(main())
