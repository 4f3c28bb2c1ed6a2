"""The ``camon-xinloi render-many`` subcommand: a month of letters in one command.

Exit status: 0 when every row was rendered (or skipped because its file
exists), 1 when any row failed, 2 for a usage error (one line, no traceback),
130 when interrupted with Ctrl-C (the report is still written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from camon_xinloi.batch import BatchInterrupted, BatchReport, render_many
from camon_xinloi.batch_input import BatchInputError, read_rows
from camon_xinloi.issuer import Issuer

__all__ = ["add_render_many", "cmd_render_many"]


def add_render_many(sub: Any) -> None:
    """Register the ``render-many`` subcommand on an ``add_subparsers()`` object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "render-many",
        help="render a letter for every row of a CSV, JSON Lines, JSON or .xlsx file",
        description="Render a letter for every row of INPUT. A CSV column 'kind' picks the"
        " event; dotted column names (spouses.0.full_name) build nested fields.",
    )
    p.add_argument("input", metavar="INPUT", help="CSV, JSON Lines (.jsonl), JSON or .xlsx file")
    p.add_argument("--issuer", required=True, help="issuer TOML file")
    p.add_argument("--format", default="pdf", help="pdf, docx, html or text (default: pdf)")
    p.add_argument("--out", default="out", help="output folder, or file with --combine")
    p.add_argument("--combine", action="store_true", help="one PDF/DOCX with every letter")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    p.add_argument("--template", help="one template id for every row (default: by kind)")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")
    p.add_argument("--encoding", help="input encoding, e.g. cp1258 (default: detect UTF-8/16)")
    p.add_argument("--sheet", help="the sheet of an .xlsx INPUT (default: the first)")
    p.add_argument("--date", help="issue date, YYYY-MM-DD (default: today)")
    p.add_argument("--draft", action="store_true", help="leave number and date blank")
    p.add_argument("--name-pattern", help="file name pattern, e.g. '{row:05d}-{recipient}{suffix}'")
    p.add_argument("--report", help="JSON report path (default: OUT/report.json)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_render_many)


def _report_path(args: argparse.Namespace) -> Path:
    if args.report:
        return Path(args.report)
    out = Path(args.out)
    if args.combine and out.suffix:
        return out.parent / "report.json"
    return out / "report.json"


def cmd_render_many(args: argparse.Namespace) -> int:
    """Run ``render-many``; usage errors raise (the caller prints them and exits 2)."""
    if args.jobs < 1:
        raise BatchInputError(f"--jobs must be at least 1, not {args.jobs}")
    try:
        on = dt.date.fromisoformat(args.date) if args.date else None
    except ValueError as exc:
        raise BatchInputError(f"--date {args.date!r} is not a date in the form YYYY-MM-DD") from exc
    issuer = Issuer.from_toml(args.issuer)
    rows = read_rows(args.input, encoding=args.encoding, sheet=args.sheet)
    report_path = _report_path(args)
    try:  # an explicit --report is checked before any letter is rendered, not after
        if args.report:
            report_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchInputError(
            f"cannot write the report {str(report_path)!r}: {exc.strerror or exc};"
            " choose another --report path"
        ) from exc
    extra: dict[str, Any] = {}
    if args.name_pattern:
        extra["name_pattern"] = args.name_pattern
    executor: Executor | None = ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
    try:
        report = render_many(
            rows,
            args.format,
            issuer=issuer,
            template=args.template,
            out=args.out,
            combine=args.combine,
            executor=executor,
            progress=not args.quiet,
            on=on,
            draft=args.draft,
            force=args.force,
            report=report_path,
            **extra,
        )
    except BatchInterrupted as exc:
        _print_summary(exc.report, report_path)
        return 130
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    _print_summary(report, report_path)
    return 0 if report.ok else 1


def _print_summary(report: BatchReport, report_path: Path) -> None:
    for warning in report.warnings:
        print(f"camon-xinloi: warning: {warning}", file=sys.stderr)
    for item in report.failed[:20]:
        where = f" (line {item.line})" if item.line else ""
        print(f"camon-xinloi: row {item.row}{where}: {item.error}", file=sys.stderr)
    if len(report.failed) > 20:
        print(f"camon-xinloi: … and {len(report.failed) - 20} more failed rows", file=sys.stderr)
    print(f"{report.summary()}; report: {report_path}", file=sys.stderr)
