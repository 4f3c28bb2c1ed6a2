"""The ``camon-xinloi sheet KIND -o FILE.xlsx`` subcommand: a blank Excel list to fill."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from camon_xinloi.batch_input import BatchInputError
from camon_xinloi.events import event_kinds
from camon_xinloi.files import write_atomic

__all__ = ["add_sheet", "cmd_sheet"]


def add_sheet(sub: Any) -> None:
    """Register the ``sheet`` subcommand on an ``add_subparsers()`` object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "sheet",
        help="write a blank .xlsx list for an event kind (needs the 'xlsx' extra)",
        description="Write a blank Excel workbook for KIND: one column per field, Vietnamese"
        " headings, field paths on row 2, notes with type and whether required, drop-down"
        " lists and date checks. Fill it in and give it to 'render-many'.",
    )
    p.add_argument("kind", metavar="KIND", help="an event kind, e.g. dossier_delayed")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    p.set_defaults(func=cmd_sheet)


def cmd_sheet(args: argparse.Namespace) -> int:
    """Run ``sheet``; usage errors raise (the caller prints them and exits 2)."""
    from camon_xinloi.sheets import blank_sheet  # the optional 'xlsx' extra

    if args.kind not in event_kinds():
        raise BatchInputError(
            f"unknown event kind {args.kind!r}; known: {', '.join(event_kinds())}"
        )
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise BatchInputError(f"{args.output!r}: the output must end in .xlsx")
    if out.exists() and not args.force:
        raise BatchInputError(f"{args.output!r} exists; use --force to overwrite it")
    write_atomic(out, blank_sheet(args.kind))
    print(
        f"wrote {out}: fill in rows from 3, then: camon-xinloi render-many {out}", file=sys.stderr
    )
    return 0
