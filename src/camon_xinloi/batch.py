"""Render many letters at once: per-row errors, a report, files written atomically.

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
import json
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ValidationError

from camon_xinloi.batch_input import InputData, InputRow
from camon_xinloi.catalogue import Catalogue, Template
from camon_xinloi.catalogue import catalogue as default_catalogue
from camon_xinloi.compose import compose
from camon_xinloi.errors import CamonXinloiError, TemplateNotFoundError
from camon_xinloi.events import Event, Person, parse_event, validation_problems
from camon_xinloi.files import write_atomic
from camon_xinloi.issuer import Issuer
from camon_xinloi.letter import Letter
from camon_xinloi.render import get_renderer

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

ItemStatus = Literal["rendered", "skipped", "failed"]
COMBINED_FORMATS = ("pdf", "docx")
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


class BatchError(CamonXinloiError):
    """A batch cannot run (output not writable, bad options), or a row failed with on_error="raise".

    Attributes:
        item: The failed row's report item, when the error is about one row.
    """

    def __init__(self, message: str, *, item: BatchItem | None = None) -> None:
        super().__init__(message)
        self.item = item


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a batch; ``.report`` says what was done. Only complete files remain."""

    def __init__(self, report: BatchReport) -> None:
        super().__init__(f"batch interrupted after {report.done} of the rows")
        self.report = report


@dataclass(frozen=True)
class FieldError:
    """One problem in one row: the field path ("spouses.0.full_name") and the message."""

    field: str
    message: str


@dataclass
class BatchItem:
    """The outcome for one input row.

    Attributes:
        row: The input row number (from 1, or the input's own numbering).
        status: "rendered", "skipped" (the file exists) or "failed".
        path: The output file, when written or skipped.
        error: Why it failed, on one line.
        errors: The field-level problems, for validation errors.
        kind: The event kind, when known.
        template: The template id, when known.
        recipient: The first person named in the event, when known.
        line: The input line where the row starts, when known.
        data: The rendered bytes when no ``out`` was given (not in the JSON report).
    """

    row: int
    status: ItemStatus
    path: str | None = None
    error: str | None = None
    errors: tuple[FieldError, ...] = ()
    kind: str | None = None
    template: str | None = None
    recipient: str | None = None
    line: int | None = None
    data: bytes | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the item as JSON-ready data (without ``data``)."""
        return {
            "row": self.row,
            "line": self.line,
            "status": self.status,
            "kind": self.kind,
            "template": self.template,
            "recipient": self.recipient,
            "path": self.path,
            "error": self.error,
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
        }


@dataclass
class BatchReport:
    """What a batch did, row by row.

    Attributes:
        items: One item per input row, in row order.
        format: The output format.
        out: The output folder (or combined file), or None for in-memory results.
        combined: The combined file's path, or its bytes' holder item, with ``combine=True``.
        warnings: Notes that did not stop any row (duplicate input rows, ...).
        interrupted: True when Ctrl-C stopped the batch.
        aborted: Why the batch stopped early (disk full, ...), or None.
        elapsed: Seconds spent.
        data: The combined document's bytes when ``combine=True`` and no ``out``.
    """

    items: list[BatchItem] = field(default_factory=list)
    format: str = ""
    out: str | None = None
    combined: str | None = None
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False
    aborted: str | None = None
    elapsed: float = 0.0
    data: bytes | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """True when every row was rendered or skipped and the batch ran to the end."""
        return not self.interrupted and self.aborted is None and not self.failed

    @property
    def failed(self) -> list[BatchItem]:
        """The failed rows."""
        return [i for i in self.items if i.status == "failed"]

    @property
    def rendered(self) -> list[BatchItem]:
        """The rendered rows."""
        return [i for i in self.items if i.status == "rendered"]

    @property
    def skipped(self) -> list[BatchItem]:
        """The rows skipped because their file exists."""
        return [i for i in self.items if i.status == "skipped"]

    @property
    def done(self) -> int:
        """How many rows were rendered or skipped."""
        return sum(1 for i in self.items if i.status != "failed")

    def counts(self) -> dict[str, int]:
        """Return the number of rows per status."""
        return {
            "rendered": len(self.rendered),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
        }

    def summary(self) -> str:
        """Return a one-line summary, e.g. ``"3 rendered, 0 skipped, 1 failed"``."""
        text = ", ".join(f"{n} {status}" for status, n in self.counts().items())
        if self.interrupted:
            text += " (interrupted)"
        if self.aborted:
            text += f" (stopped: {self.aborted})"
        return text

    def to_json(self) -> str:
        """Return the report as a JSON document (UTF-8 text, Vietnamese kept readable)."""
        doc = {
            "format": self.format,
            "out": self.out,
            "combined": self.combined,
            "ok": self.ok,
            "interrupted": self.interrupted,
            "aborted": self.aborted,
            "elapsed_seconds": round(self.elapsed, 3),
            "counts": self.counts(),
            "warnings": self.warnings,
            "items": [i.to_dict() for i in self.items],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: str | Path) -> Path:
        """Write :meth:`to_json` to ``path`` atomically (creating its folder) and return it."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(target, self.to_json().encode("utf-8"))


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


def _check_pattern(pattern: str, suffix: str) -> None:
    try:
        name = _file_name(pattern, kind="k", row=1, recipient="A", suffix=suffix, template="f/t")
    except (KeyError, IndexError, ValueError) as exc:
        raise BatchError(
            f"name_pattern {pattern!r} is not valid ({exc!r}); use the fields"
            " {kind}, {row}, {recipient}, {template} and {suffix}"
        ) from exc
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or not parts:
        raise BatchError(f"name_pattern {pattern!r} must give a relative path inside the output")


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
    template: str | None
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


def _render_one(job: _Job, row: int, event_json: str) -> _Result:
    template_id: str | None = None
    try:
        event = parse_event(event_json)
        cat = job.catalogue or default_catalogue()
        spec = job.template if job.template is not None else cat.for_event(event)
        template_id = spec.id if isinstance(spec, Template) else spec
        letter = compose(
            spec,
            event,
            issuer=_issuer(job.issuer_json),
            on=job.on,
            draft=job.draft,
            catalogue=cat,
        )
        if job.want == "letter":
            return _Result(row, template_id, letter.model_dump_json(), None)
        data = get_renderer(job.fmt).render(letter, **dict(job.options))
        return _Result(row, template_id, data, None)
    except ValidationError as exc:
        return _Result(row, template_id, None, _describe(exc), _field_errors(exc))
    except Exception as exc:  # one bad row must not stop the batch
        return _Result(row, template_id, None, _describe(exc))


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


@dataclass
class _Pending:
    row: int
    line: int | None
    kind: str
    recipient: str | None
    path: Path | None

    def item(
        self,
        status: ItemStatus,
        *,
        template: str | None = None,
        path: str | None = None,
        error: str | None = None,
        errors: tuple[FieldError, ...] = (),
        data: bytes | None = None,
    ) -> BatchItem:
        return BatchItem(
            row=self.row,
            status=status,
            path=path,
            error=error,
            errors=errors,
            kind=self.kind,
            template=template,
            recipient=self.recipient,
            line=self.line,
            data=data,
        )


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
        report: Also write the JSON report here (even when interrupted).

    Returns:
        The :class:`BatchReport`, one item per row.

    Raises:
        BatchError: The output is not writable or an option is wrong (before any
            row is rendered), or a row failed with ``on_error="raise"``.
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
    if on_error not in ("collect", "raise"):
        raise BatchError(f"on_error must be 'collect' or 'raise', not {on_error!r}")
    if chunk_size < 1:
        raise BatchError(f"chunk_size must be at least 1, not {chunk_size!r}")
    renderer = get_renderer(fmt)
    if combine and fmt not in COMBINED_FORMATS:
        raise BatchError(f"combine=True makes one pdf or docx file, not {fmt!r}")
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

    started = time.monotonic()
    rep = BatchReport(
        format=fmt,
        out=str(out) if out is not None else None,
        combined=str(combined_path) if combined_path is not None else None,
    )
    if isinstance(events, InputData):
        rep.warnings.extend(events.warnings)
    total = len(events) if isinstance(events, (Sequence, InputData)) else None
    bar = _Progress(progress, total)
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
    skip_all = combined_path is not None and combined_path.exists() and not force
    items: dict[int, BatchItem] = {}
    pending: dict[int, _Pending] = {}
    letters: dict[int, Letter] = {}
    claimed: dict[Path, int] = {}
    inflight: deque[Future[list[_Result]]] = deque()
    max_inflight = 4 * (os.cpu_count() or 2)
    chunk: list[tuple[int, str]] = []

    def fail(item: BatchItem, exc: BaseException | None = None) -> None:
        items[item.row] = item
        bar.advance()
        if on_error == "raise":
            raise BatchError(f"row {item.row}: {item.error}", item=item) from exc

    def finish(result: _Result) -> None:
        p = pending.pop(result.row)
        tid = result.template
        if result.error is not None or result.payload is None:
            fail(p.item("failed", template=tid, error=result.error, errors=result.errors))
            return
        if isinstance(result.payload, str):
            letters[p.row] = Letter.model_validate_json(result.payload)
            items[p.row] = p.item("rendered", template=tid)
            bar.advance()
            return
        if p.path is None:
            items[p.row] = p.item("rendered", template=tid, data=result.payload)
            bar.advance()
            return
        try:
            p.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(p.path, result.payload)
        except OSError as exc:
            message = f"cannot write {str(p.path)!r}: {exc.strerror or exc}"
            if exc.errno in _FATAL_ERRNOS and rep.aborted is None:
                rep.aborted = message
            fail(p.item("failed", template=tid, error=message), exc)
            return
        items[p.row] = p.item("rendered", template=tid, path=str(p.path))
        bar.advance()

    def drain(block_until: int) -> None:
        while inflight and (len(inflight) > block_until or inflight[0].done()):
            for result in inflight.popleft().result():
                finish(result)

    def flush() -> None:
        nonlocal chunk
        if not chunk:
            return
        work, chunk = chunk, []
        if executor is None:
            for result in _render_chunk(job, work):
                finish(result)
            return
        inflight.append(executor.submit(_render_chunk, job, work))
        drain(max_inflight)

    def admit(source: InputRow | tuple[int, Any]) -> None:
        if isinstance(source, InputRow):
            row, line, raw = source.row, source.line, source.data
            if source.error is not None:
                where = f" (column {source.field!r})" if source.field else ""
                errs = (FieldError(source.field, source.error),) if source.field else ()
                fail(
                    BatchItem(
                        row=row,
                        status="failed",
                        line=line,
                        kind=raw.get("kind") if isinstance(raw.get("kind"), str) else None,
                        error=source.error + where,
                        errors=errs,
                    )
                )
                return
        else:
            (row, raw), line = source, None
        if rep.aborted is not None:
            fail(
                BatchItem(
                    row=row,
                    status="failed",
                    line=line,
                    error=f"not rendered: batch stopped ({rep.aborted})",
                )
            )
            return
        if row in items or row in pending:
            raise BatchError(f"row number {row} appears twice in the input")
        try:
            event = raw if isinstance(raw, Event) else parse_event(raw)
        except ValidationError as exc:
            kind = raw.get("kind") if isinstance(raw, Mapping) else None
            fail(
                BatchItem(
                    row=row,
                    status="failed",
                    line=line,
                    kind=kind if isinstance(kind, str) else None,
                    error=_describe(exc),
                    errors=_field_errors(exc),
                ),
                exc,
            )
            return
        recipient = _recipient(event)
        if isinstance(template, Template):
            template_id = template.id
        elif template is not None:
            template_id = template
        else:
            try:
                template_id = (catalogue or default_catalogue()).for_event(event).id
            except CamonXinloiError as exc:
                fail(
                    BatchItem(
                        row=row,
                        status="failed",
                        line=line,
                        kind=event.kind,
                        recipient=recipient,
                        error=(
                            f"no template for event kind {event.kind!r}; pass template="
                            if isinstance(exc, TemplateNotFoundError)
                            else str(exc)  # a template's applies_when failed
                        ),
                    ),
                    exc,
                )
                return
        path: Path | None = None

        def skip(existing: Path | None) -> None:
            items[row] = BatchItem(
                row=row,
                status="skipped",
                line=line,
                kind=event.kind,
                template=template_id,
                recipient=recipient,
                path=str(existing),
            )
            bar.advance()

        if skip_all:
            skip(combined_path)
            return
        if out_dir is not None:
            path = out_dir / _file_name(
                name_pattern,
                kind=event.kind,
                row=row,
                recipient=recipient,
                suffix=renderer.suffix,
                template=template_id,
            )
            other = claimed.setdefault(path, row)
            if other != row:
                fail(
                    BatchItem(
                        row=row,
                        status="failed",
                        line=line,
                        kind=event.kind,
                        recipient=recipient,
                        error=f"output name {path.name!r} is also row {other}'s;"
                        " put {row} in the name pattern",
                    )
                )
                return
            if path.exists() and not force:
                skip(path)
                return
        pending[row] = _Pending(row, line, event.kind, recipient, path)
        chunk.append((row, event.model_dump_json()))
        if len(chunk) >= (chunk_size if executor is not None else 1):
            flush()

    def close_pending(reason: str) -> None:
        for future in inflight:
            future.cancel()
        inflight.clear()
        for p in list(pending.values()):
            items[p.row] = BatchItem(
                row=p.row,
                status="failed",
                line=p.line,
                kind=p.kind,
                recipient=p.recipient,
                error=f"not rendered: {reason}",
            )
        pending.clear()

    try:
        try:
            for source in _rows(events):
                admit(source)
            flush()
            drain(0)
            if combine:
                _combine(rep, letters, items, fmt, combined_path, dict(job.options))
        except KeyboardInterrupt:
            rep.interrupted = True
            close_pending("interrupted (Ctrl-C)")
            for row in letters:
                if items[row].status == "rendered" and items[row].path is None:
                    items[row] = _with_status(
                        items[row], "failed", "not written: interrupted (Ctrl-C)"
                    )
            raise
        except BaseException:
            close_pending("batch stopped by an error")
            raise
    except KeyboardInterrupt as exc:
        _finish(rep, items, started, report)
        raise BatchInterrupted(rep) from exc
    finally:
        bar.close()
    _finish(rep, items, started, report)
    return rep


def _with_status(item: BatchItem, status: ItemStatus, error: str | None) -> BatchItem:
    return BatchItem(
        row=item.row,
        status=status,
        path=item.path,
        error=error,
        errors=item.errors,
        kind=item.kind,
        template=item.template,
        recipient=item.recipient,
        line=item.line,
    )


def _combine(
    rep: BatchReport,
    letters: Mapping[int, Letter],
    items: dict[int, BatchItem],
    fmt: str,
    path: Path | None,
    options: dict[str, Any],
) -> None:
    if not letters:
        return
    ordered = [letters[row] for row in sorted(letters)]
    batch_fn: Callable[..., bytes]
    if fmt == "pdf":
        from camon_xinloi.render.pdf import render_pdf_batch

        batch_fn = render_pdf_batch
    else:
        from camon_xinloi.render.docx import render_docx_batch  # type: ignore[import-not-found,unused-ignore]

        batch_fn = render_docx_batch
    try:
        data = batch_fn(ordered, **options)
        if path is not None:
            write_atomic(path, data)
    except (CamonXinloiError, ValueError, OSError) as exc:
        message = f"combined {fmt} failed: {_describe(exc)}"
        for row in letters:
            items[row] = _with_status(items[row], "failed", message)
        rep.aborted = message
        return
    for row in letters:
        items[row].path = str(path) if path is not None else None
    if path is None:
        rep.data = data


def _finish(
    rep: BatchReport,
    items: Mapping[int, BatchItem],
    started: float,
    report: str | Path | None,
) -> None:
    rep.items = [items[row] for row in sorted(items)]
    rep.elapsed = time.monotonic() - started
    if report is not None:
        rep.write(report)
