"""Render many letters at once: per-row errors, a report, files written atomically.

(The report's types and its file live in :mod:`camon_xinloi.batch_report`.)

:func:`render_many` takes events (models, dicts, or the rows of
:func:`camon_xinloi.batch_input.read_rows`), picks a template for each from its
kind (or uses the one given), composes and renders, and returns a
:class:`BatchReport` listing every input row as rendered, skipped or failed.

* Rows that fail (a field that does not validate, a template error) are
  collected with the row number, the field path and the message; the rest of
  the batch goes on (``on_error="raise"`` stops at the first one instead).
* With ``out``, each letter is written to a file (write then rename: never a
  partial file); a file that already exists is skipped unless ``force``.
  Without ``out``, the bytes are in the report items (``item.data``).
* ``combine=True`` makes one PDF or DOCX of all letters.
* ``executor`` is any :class:`concurrent.futures.Executor`. Work is sent in
  chunks of plain data (event JSON, issuer dump), so a process pool, Dask's
  ``Client.get_executor()`` or a Ray pool work unchanged; each worker process
  builds its renderers once. Files are written by the calling process, so
  workers on other machines need no access to ``out``.
* Ctrl-C stops the batch: only complete files stay on disk, and
  :class:`BatchInterrupted` (a :class:`KeyboardInterrupt`) carries the report
  of what was done.

File names come from ``name_pattern`` (default
``"{kind}-{row:05d}-{recipient}{suffix}"``); ``{recipient}`` is the first
person named in the event, made safe by :func:`slugify`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import re
import string
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ValidationError

from camon_xinloi.batch_input import InputData, InputRow
from camon_xinloi.batch_report import BatchItem, BatchReport, FieldError, ItemStatus, ReportFile
from camon_xinloi.catalogue import Catalogue, Template
from camon_xinloi.catalogue import catalogue as default_catalogue
from camon_xinloi.compose import compose
from camon_xinloi.errors import (
    BatchError,
    BatchInterrupted,
    CamonXinloiError,
    TemplateNotFoundError,
)
from camon_xinloi.events import Event, Person, parse_event, validation_problems
from camon_xinloi.files import write_atomic
from camon_xinloi.issuer import Issuer
from camon_xinloi.letter import Letter
from camon_xinloi.render import available_formats, get_renderer, supports_batch

__all__ = [
    "DEFAULT_NAME_PATTERN",
    "BatchError",
    "BatchInterrupted",
    "BatchItem",
    "BatchReport",
    "FieldError",
    "ItemStatus",
    "render_many",
    "slugify",
]

DEFAULT_NAME_PATTERN = "{kind}-{row:05d}-{recipient}{suffix}"
"""The default output file name: ``marriage_registered-00001-Lê_Trung_Dũng.pdf``."""

_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT}
_RESERVED = "<>:\"/\\|?*#%&{}$!'`@=+;,[]"
_WINDOWS_DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


# --------------------------------------------------------------------------- names


def slugify(text: str, *, max_length: int = 60) -> str:
    """Make a readable, filesystem-safe name part: Vietnamese letters kept (NFC).

    Path separators, characters reserved on Windows or special in shells, control
    characters and runs of spaces become one ``_``; the result is at most
    ``max_length`` characters, never empty, never a Windows device name.

    Examples:
        >>> slugify("Nguyễn Thị Ánh  Tuyết")
        'Nguyễn_Thị_Ánh_Tuyết'
        >>> slugify("../a/b: <c>")
        'a_b_c'
        >>> slugify("CON")
        'CON_'
        >>> slugify("   ")
        'khong_ten'
    """
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for ch in text:
        bad = ch in _RESERVED or ch.isspace() or unicodedata.category(ch)[0] in "CZ"
        out.append("_" if bad else ch)
    slug = "".join(out)
    while "__" in slug:
        slug = slug.replace("__", "_")
    slug = slug.strip("._-")[:max_length].rstrip("._-")
    if not slug:
        return "khong_ten"
    if slug.split(".")[0].upper() in _WINDOWS_DEVICES:
        slug += "_"
    return slug


def _first_person(value: Any) -> Person | None:
    if isinstance(value, Person):
        return value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found = _first_person(getattr(value, name))
            if found is not None:
                return found
    elif isinstance(value, (tuple, list)):
        for item in value:
            found = _first_person(item)
            if found is not None:
                return found
    return None


def _recipient(event: Event) -> str | None:
    person = _first_person(event)
    return person.full_name if person is not None else None


def _file_name(
    pattern: str, *, kind: str, row: int, recipient: str | None, suffix: str, template: str
) -> str:
    return pattern.format(
        kind=kind,
        row=row,
        recipient=slugify(recipient or ""),
        suffix=suffix,
        template=template.replace("/", "-"),
    )


_PATTERN_FIELDS = ("kind", "row", "recipient", "template", "suffix")
_PATTERN_SPEC = re.compile(r"[<>^=]?0?[0-9]{0,2}[ds]?")
_NAME_MAX_BYTES = 255  # one path component, on every common file system


def _check_pattern(pattern: str, suffix: str) -> None:
    """Refuse a name pattern that cannot make file names: one clear BatchError, before any row."""
    shown = repr(pattern if len(pattern) <= 80 else pattern[:80] + "…")

    def bad(why: str) -> BatchError:
        return BatchError(
            f"name_pattern {shown} is not valid: {why}; use the fields {{kind}}, {{row}},"
            " {recipient}, {template} and {suffix}, e.g. '{row:05d}-{recipient}{suffix}'"
        )

    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None]
        specs = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(pattern) if f]
    except ValueError as exc:
        raise bad(str(exc)) from exc
    for name in fields:
        if name not in _PATTERN_FIELDS:
            raise bad(f"unknown field {{{name}}}" if name else "a field without a name")
    for name, spec, conversion in specs:
        if conversion is not None or not _PATTERN_SPEC.fullmatch(spec or ""):
            raise bad(f"field {{{name}}} has an unsupported format {spec or conversion!r}")
    try:
        name = _file_name(pattern, kind="k", row=1, recipient="A", suffix=suffix, template="f/t")
    except ValueError as exc:  # e.g. {recipient:05d}: a number format for text
        raise bad(str(exc)) from exc
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or not parts:
        raise BatchError(f"name_pattern {shown} must give a relative path inside the output")
    if any(len(part.encode("utf-8")) > _NAME_MAX_BYTES - 100 for part in parts):
        raise bad("its fixed text leaves no room for the names in a file name")


# --------------------------------------------------------------------------- worker side


@dataclass(frozen=True)
class _Job:
    """What every chunk shares; plain, picklable data only."""

    fmt: str
    issuer_json: str
    template: str | Template | None
    catalogue: Catalogue | None
    on: dt.date | None
    draft: bool
    options: tuple[tuple[str, Any], ...]
    want: Literal["bytes", "letter"]


@dataclass(frozen=True)
class _Result:
    row: int
    payload: bytes | str | None
    error: str | None
    errors: tuple[FieldError, ...] = ()


@lru_cache(maxsize=8)
def _issuer(issuer_json: str) -> Issuer:
    return Issuer.model_validate_json(issuer_json)


def _field_errors(exc: ValidationError) -> tuple[FieldError, ...]:
    return tuple(
        FieldError(path or "(root)", message) for path, message in validation_problems(exc)
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{e.field}: {e.message}" for e in _field_errors(exc))
    if isinstance(exc, (CamonXinloiError, ValueError, LookupError, TypeError)):
        return str(exc).strip("'\"") if isinstance(exc, KeyError) else str(exc)
    return f"{type(exc).__name__}: {exc}"


def _compose_step(job: _Job, event_json: str) -> Letter:
    """Step "compose": the row's event (as JSON) and the job's template and issuer → a Letter."""
    event = parse_event(event_json)
    cat = job.catalogue or default_catalogue()
    spec = job.template if job.template is not None else cat.for_event(event)
    return compose(
        spec,
        event,
        issuer=_issuer(job.issuer_json),
        on=job.on,
        draft=job.draft,
        catalogue=cat,
    )


def _render_step(job: _Job, letter: Letter) -> bytes:
    """Step "render": a Letter → the bytes of the job's format, with the job's options."""
    return get_renderer(job.fmt).render(letter, **dict(job.options))


def _render_one(job: _Job, row: int, event_json: str) -> _Result:
    try:
        letter = _compose_step(job, event_json)
        if job.want == "letter":
            return _Result(row, letter.model_dump_json(), None)
        return _Result(row, _render_step(job, letter), None)
    except ValidationError as exc:
        return _Result(row, None, _describe(exc), _field_errors(exc))
    except Exception as exc:  # one bad row must not stop the batch
        return _Result(row, None, _describe(exc))


def _render_chunk(job: _Job, chunk: Sequence[tuple[int, str]]) -> list[_Result]:
    """Compose and render a chunk of rows; runs in a worker. Never raises for one row."""
    return [_render_one(job, row, event_json) for row, event_json in chunk]


# --------------------------------------------------------------------------- progress


class _Progress:
    """A one-line progress display on a terminal: count, rate and ETA; quiet otherwise."""

    def __init__(self, enabled: bool, total: int | None, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _isatty(self.stream)
        self.total = total
        self.count = 0
        self.start = time.monotonic()
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.count == self.total):
            self._last = now
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now if now is not None else time.monotonic()) - self.start, 1e-9)
        rate = self.count / elapsed
        if self.total:
            text = f"{self.count}/{self.total} letters  {rate:.1f}/s"
            if rate > 0 and self.count < self.total:
                text += f"  ETA {_clock((self.total - self.count) / rate)}"
            return text
        return f"{self.count} letters  {rate:.1f}/s"

    def close(self) -> None:
        if self.enabled and self.count:
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


# --------------------------------------------------------------------------- main side


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".camon-xinloi-probe-", dir=folder)
        os.close(fd)
        Path(probe).unlink()
    except OSError as exc:
        raise BatchError(
            f"output folder {str(folder)!r} is not writable: {exc.strerror or exc};"
            " choose another output folder"
        ) from exc


def _rows(
    events: Iterable[Event | Mapping[str, Any] | InputRow | str | bytes],
) -> Iterator[InputRow | tuple[int, Event | Mapping[str, Any] | str | bytes]]:
    for number, value in enumerate(events, start=1):
        yield value if isinstance(value, InputRow) else (number, value)


@dataclass(frozen=True)
class _Row:
    """What is known about one input row; every :class:`BatchItem` is made by :meth:`item`."""

    row: int
    line: int | None = None
    kind: str | None = None
    recipient: str | None = None
    template: str | None = None
    path: Path | None = None
    event_json: str = field(default="", repr=False)
    replaces: int | None = None
    """The inode of the file at ``path`` when the row was read (``force``), or None."""

    def item(
        self,
        status: ItemStatus,
        *,
        error: str | None = None,
        errors: tuple[FieldError, ...] = (),
        path: str | None = None,
        data: bytes | None = None,
    ) -> BatchItem:
        return BatchItem(
            row=self.row,
            status=status,
            path=path,
            error=error,
            errors=errors,
            kind=self.kind,
            template=self.template,
            recipient=self.recipient,
            line=self.line,
            data=data,
        )


@dataclass(frozen=True)
class _Plan:
    """The checked options of one :func:`render_many` call."""

    job: _Job
    suffix: str
    batch_render: Callable[..., bytes] | None
    out_dir: Path | None
    combined_path: Path | None
    name_pattern: str
    force: bool
    template: str | Template | None
    catalogue: Catalogue | None
    executor: Executor | None
    chunk_size: int
    on_error: Literal["collect", "raise"]


class _BatchRun:
    """One batch: the rows flow through named steps, each a method testable alone.

    ``read`` (an input → a row ready to render, or its final item), then
    ``compose`` and ``render`` (in a worker: :func:`_compose_step`,
    :func:`_render_step`), ``write`` (the bytes → a file, or kept), and
    ``report`` (the item → the report, in row order, and the report file).
    ``run`` drives them, serially or through the executor, and handles Ctrl-C.
    """

    def __init__(
        self,
        plan: _Plan,
        rep: BatchReport,
        *,
        report_file: ReportFile | None = None,
        progress: _Progress | None = None,
        keep_items: bool = True,
    ) -> None:
        self.plan = plan
        self.rep = rep
        self.report_file = report_file
        self.progress = progress if progress is not None else _Progress(False, None)
        self.keep_items = keep_items
        self.skip_all = (
            plan.combined_path is not None and plan.combined_path.exists() and not plan.force
        )
        self.pending: dict[int, _Row] = {}
        self.letters: dict[int, Letter] = {}
        self.claimed: dict[bytes, int] = {}  # output name digest → row (small per row)
        self.finished: dict[int, BatchItem] = {}
        self.order: deque[int] = deque()
        self.last_row = 0
        self.chunk: list[tuple[int, str]] = []
        self.inflight: deque[Future[list[_Result]]] = deque()
        self.max_inflight = 4 * (os.cpu_count() or 2)

    # ----------------------------------------------------------------- step 1: read

    def read(self, source: InputRow | tuple[int, Any]) -> _Row | BatchItem:
        """Turn one input into a row to render, or into its final item (failed or skipped)."""
        if isinstance(source, InputRow):
            row, line, raw = source.row, source.line, source.data
        else:
            (row, raw), line = source, None
        if row <= self.last_row:
            raise BatchError(
                f"row number {row} comes after row {self.last_row}; row numbers must increase"
            )
        self.last_row = row
        if isinstance(source, InputRow) and source.error is not None:
            kind = raw.get("kind")
            unread = _Row(row, line, kind if isinstance(kind, str) else None)
            where = f" (column {source.field!r})" if source.field else ""
            errs = (FieldError(source.field, source.error),) if source.field else ()
            return unread.item("failed", error=source.error + where, errors=errs)
        if self.rep.aborted is not None:
            return _Row(row, line).item(
                "failed", error=f"not rendered: batch stopped ({self.rep.aborted})"
            )
        try:
            event = raw if isinstance(raw, Event) else parse_event(raw)
        except ValidationError as exc:
            kind = raw.get("kind") if isinstance(raw, Mapping) else None
            parsed = _Row(row, line, kind if isinstance(kind, str) else None)
            return parsed.item("failed", error=_describe(exc), errors=_field_errors(exc))
        known = _Row(row, line, event.kind, _recipient(event))
        template = self.plan.template
        if isinstance(template, Template):
            template_id = template.id
        elif template is not None:
            template_id = template
        else:
            try:
                template_id = (self.plan.catalogue or default_catalogue()).for_event(event).id
            except CamonXinloiError as exc:
                return known.item(
                    "failed",
                    error=(
                        f"no template for event kind {event.kind!r}; pass template="
                        if isinstance(exc, TemplateNotFoundError)
                        else str(exc)  # a template's applies_when failed
                    ),
                )
        known = replace(known, template=template_id, event_json=event.model_dump_json())
        if self.skip_all:
            return known.item("skipped", path=str(self.plan.combined_path))
        if self.plan.out_dir is None:
            return known
        return self._with_path(known, self.plan.out_dir)

    def _with_path(self, known: _Row, out_dir: Path) -> _Row | BatchItem:
        """Give the row its output file, unless the name is taken, unusable or exists."""
        path = out_dir / _file_name(
            self.plan.name_pattern,
            kind=known.kind or "",
            row=known.row,
            recipient=known.recipient,
            suffix=self.plan.suffix,
            template=known.template or "",
        )
        digest = hashlib.blake2b(os.fsencode(path), digest_size=16).digest()
        other = self.claimed.setdefault(digest, known.row)
        if other != known.row:
            return known.item(
                "failed",
                error=f"output name {path.name!r} is also row {other}'s;"
                " put {row} in the name pattern",
            )
        try:
            existing = _inode(path)
        except OSError as exc:  # a name too long for the file system, ...
            return known.item(
                "failed", error=f"cannot use the file name {path.name!r}: {exc.strerror or exc}"
            )
        if existing is not None and not self.plan.force:
            return known.item("skipped", path=str(path))
        return replace(known, path=path, replaces=existing)

    # ----------------------------------------------------------------- step 4: write

    def write(self, row: _Row, result: _Result) -> BatchItem:
        """Turn a worker's result into the row's item: the file written, or the bytes kept."""
        if result.error is not None or result.payload is None:
            return row.item("failed", error=result.error, errors=result.errors)
        if isinstance(result.payload, str):  # a letter, for the combined document
            self.letters[row.row] = Letter.model_validate_json(result.payload)
            return row.item("rendered")
        if row.path is None:
            return row.item("rendered", data=result.payload)
        try:
            row.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(row.path, result.payload)
        except OSError as exc:
            message = f"cannot write {str(row.path)!r}: {exc.strerror or exc}"
            if exc.errno in _FATAL_ERRNOS and self.rep.aborted is None:
                self.rep.aborted = message
            return row.item("failed", error=message)
        return row.item("rendered", path=str(row.path))

    # ----------------------------------------------------------------- step 5: report

    def report(self, item: BatchItem) -> None:
        """Record a row's item; items reach the report (and its file) in row order."""
        self.finished[item.row] = item
        self.progress.advance()
        if self.plan.batch_render is None:  # a combined document holds its rows until made
            self._flush_in_order()
        if item.status == "failed" and self.plan.on_error == "raise":
            raise BatchError(f"row {item.row}: {item.error}", item=item)

    def _flush_in_order(self) -> None:
        while self.order and self.order[0] in self.finished:
            self._emit(self.finished.pop(self.order.popleft()))

    def _emit(self, item: BatchItem) -> None:
        self.rep.add(item, keep=self.keep_items or item.status == "failed")
        if self.report_file is not None:
            self.report_file.add(item)

    # ----------------------------------------------------------------- driving

    def admit(self, source: InputRow | tuple[int, Any]) -> None:
        """Read one input and send it on: to the report at once, or to be rendered."""
        outcome = self.read(source)
        self.order.append(outcome.row)
        if isinstance(outcome, BatchItem):
            self.report(outcome)
            return
        self.pending[outcome.row] = outcome
        self.chunk.append((outcome.row, outcome.event_json))
        if len(self.chunk) >= (self.plan.chunk_size if self.plan.executor is not None else 1):
            self.flush()

    def flush(self) -> None:
        """Send the rows collected so far to be composed and rendered."""
        if not self.chunk:
            return
        work, self.chunk = self.chunk, []
        if self.plan.executor is None:
            self._receive(_render_chunk(self.plan.job, work))
            return
        self.inflight.append(self.plan.executor.submit(_render_chunk, self.plan.job, work))
        self.drain(self.max_inflight)

    def drain(self, block_until: int) -> None:
        """Collect finished chunks; wait while more than ``block_until`` are in flight."""
        while self.inflight and (len(self.inflight) > block_until or self.inflight[0].done()):
            self._receive(self.inflight.popleft().result())

    def _receive(self, results: Iterable[_Result]) -> None:
        for result in results:
            # The row leaves ``pending`` only once its item is kept: Ctrl-C at any point
            # leaves it in one of the two (close_pending looks at the disk for it).
            item = self.write(self.pending[result.row], result)
            self.finished[item.row] = item
            del self.pending[result.row]
            self.report(item)

    def combine(self) -> None:
        """Make the combined document of every rendered letter, in row order."""
        if not self.letters or self.plan.batch_render is None:
            return
        path = self.plan.combined_path
        ordered = [self.letters[row] for row in sorted(self.letters)]
        try:
            data = self.plan.batch_render(ordered, **dict(self.plan.job.options))
            if path is not None:
                write_atomic(path, data)
        except (CamonXinloiError, OSError) as exc:
            message = f"combined {self.plan.job.fmt} failed: {_describe(exc)}"
            self._fail_letters(message)
            self.rep.aborted = message
            return
        for row in self.letters:
            self.finished[row] = replace(
                self.finished[row], path=str(path) if path is not None else None
            )
        if path is None:
            self.rep.data = data

    def _fail_letters(self, message: str) -> None:
        for row in self.letters:
            if self.finished[row].status == "rendered":
                self.finished[row] = replace(self.finished[row], status="failed", error=message)

    def close_pending(self, reason: str) -> None:
        """Give every row still in flight its final item: not rendered, and why."""
        for future in self.inflight:
            future.cancel()
        self.inflight.clear()
        self.chunk.clear()
        for row in list(self.pending.values()):
            if row.path is not None and _written(row.path, row.replaces):
                # Stopped between renaming the file into place and recording it.
                self.finished[row.row] = row.item("rendered", path=str(row.path))
            else:
                self.finished[row.row] = row.item("failed", error=f"not rendered: {reason}")
        self.pending.clear()

    def finish(self, started: float) -> BatchReport:
        """Put the last items in the report, in row order, and write the report file."""
        self.letters.clear()
        self._flush_in_order()
        for row in sorted(self.finished):  # behind a row that Ctrl-C caught half-admitted
            self._emit(self.finished.pop(row))
        self.rep.elapsed = time.monotonic() - started
        if self.report_file is not None:
            try:
                self.report_file.finish(self.rep)
            except OSError as exc:  # a full disk: the summary still says how far it got
                why = f"report not written: {exc.strerror or exc}"
                self.rep.aborted = f"{self.rep.aborted}; {why}" if self.rep.aborted else why
        return self.rep

    def run(self, events: Iterable[Any]) -> BatchReport:
        """Drive every row through the steps; Ctrl-C raises :class:`BatchInterrupted`."""
        started = time.monotonic()
        try:
            try:
                for source in _rows(events):
                    self.admit(source)
                self.flush()
                self.drain(0)
                self.combine()
            except KeyboardInterrupt as exc:
                why = str(exc) or "Ctrl-C"
                self.rep.interrupted = True
                self.close_pending(f"interrupted ({why})")
                if self.letters:
                    self._fail_letters(f"not written: interrupted ({why})")
                self.finish(started)
                raise BatchInterrupted(self.rep) from exc
            except BaseException:
                self.close_pending("batch stopped by an error")
                raise
        finally:
            self.progress.close()
        return self.finish(started)


def _inode(path: Path) -> int | None:
    """The file's inode, or None when there is no file (other OS errors propagate)."""
    try:
        return path.stat().st_ino
    except (FileNotFoundError, NotADirectoryError):
        return None


def _written(path: Path, replaces: int | None) -> bool:
    """Whether this batch put a (complete: renamed into place) file at ``path``."""
    try:
        now = _inode(path)
    except OSError:
        return False
    return now is not None and now != replaces


def _plan(
    fmt: str,
    *,
    issuer: Issuer,
    template: str | Template | None,
    out: str | Path | None,
    combine: bool,
    executor: Executor | None,
    on_error: str,
    on: dt.date | None,
    draft: bool,
    name_pattern: str,
    force: bool,
    catalogue: Catalogue | None,
    options: Mapping[str, Any] | None,
    chunk_size: int,
) -> _Plan:
    """Check render_many's options (before any row is read) and return the plan."""
    if on_error not in ("collect", "raise"):
        raise BatchError(f"on_error must be 'collect' or 'raise', not {on_error!r}")
    if chunk_size < 1:
        raise BatchError(f"chunk_size must be at least 1, not {chunk_size!r}")
    renderer = get_renderer(fmt)
    batch_render: Callable[..., bytes] | None = None
    if combine:
        if not supports_batch(renderer):
            raise BatchError(
                f"combine=True needs a format that puts many letters in one file"
                f" ({', '.join(_batch_formats())}), not {fmt!r}"
            )
        batch_render = renderer.render_batch
    out_dir: Path | None = None
    combined_path: Path | None = None
    if out is not None:
        target = Path(out)
        if combine:
            combined_path = (
                target
                if target.suffix.lower() == renderer.suffix
                else target / f"letters{renderer.suffix}"
            )
            _check_writable(combined_path.parent)
        else:
            out_dir = target
            _check_writable(out_dir)
    _check_pattern(name_pattern, renderer.suffix)
    if isinstance(template, str):
        (catalogue or default_catalogue()).get(template)  # unknown ids fail up front
    job = _Job(
        fmt=fmt,
        issuer_json=issuer.model_dump_json(),
        template=template,
        catalogue=catalogue,
        on=on,
        draft=draft,
        options=tuple(sorted((options or {}).items())),
        want="letter" if combine else "bytes",
    )
    return _Plan(
        job=job,
        suffix=renderer.suffix,
        batch_render=batch_render,
        out_dir=out_dir,
        combined_path=combined_path,
        name_pattern=name_pattern,
        force=force,
        template=template,
        catalogue=catalogue,
        executor=executor,
        chunk_size=chunk_size,
        on_error=on_error,  # type: ignore[arg-type]
    )


def _batch_formats() -> list[str]:
    """The formats whose renderer can combine letters (asked only to word an error)."""
    found = []
    for name in available_formats():
        try:
            if supports_batch(get_renderer(name)):
                found.append(name)
        except (CamonXinloiError, ImportError):  # a third-party format that cannot load
            continue
    return found


def render_many(
    events: Iterable[Event | Mapping[str, Any] | InputRow | str | bytes],
    fmt: str = "pdf",
    *,
    issuer: Issuer,
    template: str | Template | None = None,
    out: str | Path | None = None,
    combine: bool = False,
    executor: Executor | None = None,
    progress: bool = False,
    on_error: Literal["collect", "raise"] = "collect",
    on: dt.date | None = None,
    draft: bool = False,
    name_pattern: str = DEFAULT_NAME_PATTERN,
    force: bool = False,
    catalogue: Catalogue | None = None,
    options: Mapping[str, Any] | None = None,
    chunk_size: int = 16,
    report: str | Path | None = None,
    keep_items: bool = True,
) -> BatchReport:
    """Compose and render many letters; return a report of every row.

    Args:
        events: Event models, dicts or JSON documents (parsed by ``kind``), or the
            rows of :func:`~camon_xinloi.batch_input.read_rows` (which keep their
            row numbers and reading errors). Rows are numbered from 1.
        fmt: The output format ("pdf", "docx", "html", "text", ...).
        issuer: The People's Committee sending the letters.
        template: One template (id or :class:`Template`) for every row; by default
            each row's event picks one (``catalogue.for_event``).
        out: A folder for one file per letter; with ``combine=True`` a file path
            (or a folder, which receives ``letters.pdf`` / ``letters.docx``).
            None keeps the bytes in the report.
        combine: Make one document (PDF or DOCX) of every letter, in row order.
        executor: Any :class:`concurrent.futures.Executor` to render in parallel.
        progress: Show count, rate and ETA on standard error when it is a terminal.
        on_error: "collect" failed rows in the report, or "raise" :class:`BatchError`
            at the first one.
        on: The letters' issue date (today by default).
        draft: Make issuance drafts (number and date left for the e-office system).
        name_pattern: The file name pattern; fields ``{kind}``, ``{row}``,
            ``{recipient}``, ``{template}``, ``{suffix}``; may contain subfolders.
        force: Overwrite existing files instead of skipping their rows.
        catalogue: Where templates are found; the built-in catalogue by default.
        options: Renderer options (e.g. ``{"festive": True}`` for PDF).
        chunk_size: Rows per task sent to the executor.
        report: Also write the JSON report here (even when interrupted), item by
            item as the batch goes; checked before any row is rendered.
        keep_items: False keeps only the failed rows in ``report.items`` (the counts
            and the ``report`` file have every row), so memory does not grow with
            the number of rows; needs ``report``.

    Returns:
        The :class:`BatchReport`, one item per row.

    Raises:
        BatchError: The output or the report is not writable or an option is
            wrong (before any row is rendered), or a row failed with
            ``on_error="raise"``.
        BatchInterrupted: Ctrl-C; ``.report`` lists what was done.

    Examples:
        >>> from camon_xinloi.testing import example_event, example_issuer
        >>> rep = render_many([example_event("chuc_mung/ket_hon"), {"kind": "nope"}],
        ...                   "text", issuer=example_issuer())
        >>> [(i.row, i.status) for i in rep.items]
        [(1, 'rendered'), (2, 'failed')]
        >>> rep.items[1].errors[0].field
        'kind'
    """
    if not keep_items and report is None:
        raise BatchError("keep_items=False needs report=, the file that lists every row")
    report_file = ReportFile(Path(report)) if report is not None else None
    try:
        plan = _plan(
            fmt,
            issuer=issuer,
            template=template,
            out=out,
            combine=combine,
            executor=executor,
            on_error=on_error,
            on=on,
            draft=draft,
            name_pattern=name_pattern,
            force=force,
            catalogue=catalogue,
            options=options,
            chunk_size=chunk_size,
        )
        rep = BatchReport(
            format=fmt,
            out=str(out) if out is not None else None,
            combined=str(plan.combined_path) if plan.combined_path is not None else None,
        )
        if isinstance(events, InputData):
            rep.warnings.extend(events.warnings)
        total = len(events) if isinstance(events, (Sequence, InputData)) else None
        run = _BatchRun(
            plan,
            rep,
            report_file=report_file,
            progress=_Progress(progress, total),
            keep_items=keep_items,
        )
        return run.run(events)
    finally:  # whatever happened, no spool file is left (after finish it is gone already)
        if report_file is not None:
            report_file.discard()
