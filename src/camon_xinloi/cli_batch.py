"""The ``camon-xinloi render-many`` subcommand: a month of letters in one command.

Exit status:

* 0: every row was rendered (or skipped because its file exists);
* 1: some rows failed (each is named on standard error and in the report);
* 2: a usage error (one line, no traceback), or the batch stopped early
  because the disk is full or read-only (the summary says how far it got);
* 130: interrupted with Ctrl-C (SIGINT); 143: stopped with SIGTERM. The report
  is still written, temporary files are removed and worker processes ended.

While the batch stops, further SIGINT/SIGTERM are ignored, so pressing Ctrl-C
twice never leaves a half-finished cleanup (and never hangs: stopping is
bounded, workers that do not end in time are killed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from camon_xinloi.batch import BatchReport, render_many
from camon_xinloi.batch_input import read_rows
from camon_xinloi.errors import BatchInputError, BatchInterrupted
from camon_xinloi.issuer import Issuer

__all__ = ["EXIT_INTERRUPTED", "EXIT_TERMINATED", "add_render_many", "cmd_render_many"]

EXIT_INTERRUPTED = 128 + signal.SIGINT
"""Exit status after Ctrl-C (SIGINT): 130."""

EXIT_TERMINATED = 128 + signal.SIGTERM
"""Exit status after SIGTERM: 143."""

_WORKER_GRACE_SECONDS = 10.0
"""How long a stopping batch lets each worker finish the chunk it holds."""


def add_render_many(sub: Any) -> None:
    """Register the ``render-many`` subcommand on an ``add_subparsers()`` object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "render-many",
        help="render a letter for every row of a CSV, JSON Lines, JSON or .xlsx file",
        description="Render a letter for every row of INPUT. A CSV column 'kind' picks the"
        " event; dotted column names (spouses.0.full_name) build nested fields. Exit status:"
        " 0 all done, 1 some rows failed, 2 usage error or disk full, 130 Ctrl-C, 143 SIGTERM.",
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
    extra: dict[str, Any] = {}
    if args.name_pattern:
        extra["name_pattern"] = args.name_pattern
    with _stop_on_signals() as stopped_by:
        try:
            with _worker_pool(args.jobs) as executor:
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
                    keep_items=False,
                    **extra,
                )
        except BatchInterrupted as exc:
            _print_summary(exc.report, report_path)
            return EXIT_TERMINATED if stopped_by() == signal.SIGTERM else EXIT_INTERRUPTED
        _print_summary(report, report_path)
    if report.aborted is not None:
        print(f"camon-xinloi: error: batch stopped: {report.aborted}", file=sys.stderr)
        return 2
    return 0 if report.ok else 1


@contextmanager
def _stop_on_signals() -> Iterator[Callable[[], int | None]]:
    """Turn SIGINT and SIGTERM into one KeyboardInterrupt; ignore them while stopping.

    Yields a function returning the signal that stopped the batch (or None).
    """
    received: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        # Stopping: a second Ctrl-C must not break the cleanup. SIG_IGN, not a Python
        # function: Python resets those to the default while it exits, and a signal
        # arriving then would kill the process (status -2) after all.
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        received.append(signum)
        raise KeyboardInterrupt("SIGTERM" if signum == signal.SIGTERM else "Ctrl-C")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield lambda: received[0] if received else None
    finally:
        if not received:  # once stopping, stay deaf to signals until the process exits
            for sig, old in previous.items():
                signal.signal(sig, old)


def _worker_signals() -> None:
    """Worker initializer: the parent decides what Ctrl-C does; SIGTERM just ends a worker.

    (A forked worker would otherwise inherit the parent's handlers, and print a
    traceback of its own.)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _worker_pool(jobs: int) -> Iterator[Executor | None]:
    """A process pool for ``--jobs``; on any stop, its workers are ended, not waited for."""
    if jobs <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(jobs, initializer=_worker_signals)
    try:
        yield pool
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool soon: cancel queued work, let each worker end its chunk, then terminate.

    Killing a worker while it sends a result would leave the pool's result pipe
    with half a message, and the interpreter would wait for it forever at exit;
    so workers get a grace period to finish the chunk they hold (their results
    are dropped), and only those still running after it are terminated.
    """
    processes = list(getattr(pool, "_processes", {}).values())  # no public way to reach them
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _WORKER_GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.terminate()
            process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join()


def _print_summary(report: BatchReport, report_path: Path) -> None:
    for warning in report.warnings:
        print(f"camon-xinloi: warning: {warning}", file=sys.stderr)
    for item in report.failed[:20]:
        where = f" (line {item.line})" if item.line else ""
        print(f"camon-xinloi: row {item.row}{where}: {item.error}", file=sys.stderr)
    failed = report.counts()["failed"]
    if failed > 20:
        print(f"camon-xinloi: … and {failed - 20} more failed rows", file=sys.stderr)
    print(f"{report.summary()}; report: {report_path}", file=sys.stderr)
