"""What a batch did, row by row: the items, the report, and the report file written as it goes.

:class:`BatchReport` is what :func:`camon_xinloi.batch.render_many` returns;
:class:`ReportFile` writes the same JSON document to disk item by item, so a
batch of any length does not hold its report in memory.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from camon_xinloi.errors import BatchError
from camon_xinloi.files import write_atomic

__all__ = ["BatchItem", "BatchReport", "FieldError", "ItemStatus", "ReportFile"]

ItemStatus = Literal["rendered", "skipped", "failed"]


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
        items: One item per input row, in row order (with ``keep_items=False``,
            only the failed rows; the report file has them all).
        format: The output format.
        out: The output folder (or combined file), or None for in-memory results.
        combined: The combined file's path, or its bytes' holder item, with ``combine=True``.
        warnings: Notes that did not stop any row (duplicate input rows, ...).
        interrupted: True when Ctrl-C (or SIGTERM in the CLI) stopped the batch.
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
    _not_kept: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def add(self, item: BatchItem, *, keep: bool = True) -> None:
        """Append an item; with ``keep=False`` it is only counted (not held in memory)."""
        if keep:
            self.items.append(item)
        else:
            self._not_kept[item.status] = self._not_kept.get(item.status, 0) + 1

    @property
    def ok(self) -> bool:
        """True when every row was rendered or skipped and the batch ran to the end."""
        return not self.interrupted and self.aborted is None and not self.counts()["failed"]

    @property
    def failed(self) -> list[BatchItem]:
        """The failed rows."""
        return [i for i in self.items if i.status == "failed"]

    @property
    def rendered(self) -> list[BatchItem]:
        """The rendered rows (those kept in ``items``)."""
        return [i for i in self.items if i.status == "rendered"]

    @property
    def skipped(self) -> list[BatchItem]:
        """The rows skipped because their file exists (those kept in ``items``)."""
        return [i for i in self.items if i.status == "skipped"]

    @property
    def done(self) -> int:
        """How many rows were rendered or skipped."""
        counts = self.counts()
        return counts["rendered"] + counts["skipped"]

    def counts(self) -> dict[str, int]:
        """Return the number of rows per status (counting rows not kept in ``items`` too)."""
        counts = dict.fromkeys(("rendered", "skipped", "failed"), 0)
        for item in self.items:
            counts[item.status] += 1
        for status, n in self._not_kept.items():
            counts[status] += n
        return counts

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
        return "".join(self._json_parts(_item_blocks(self.items)))

    def write(self, path: str | Path) -> Path:
        """Write :meth:`to_json` to ``path`` atomically (creating its folder) and return it."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(target, self.to_json().encode("utf-8"))

    def _json_parts(self, item_blocks: Iterable[str]) -> Iterator[str]:
        """The JSON document in pieces: head, the items' blocks (joined by the caller), tail."""
        head = {
            "format": self.format,
            "out": self.out,
            "combined": self.combined,
            "ok": self.ok,
            "interrupted": self.interrupted,
            "aborted": self.aborted,
            "elapsed_seconds": round(self.elapsed, 3),
            "counts": self.counts(),
            "warnings": self.warnings,
        }
        yield json.dumps(head, ensure_ascii=False, indent=2)[: -len("\n}")]
        yield ',\n  "items": ['
        empty = True
        for block in item_blocks:
            empty = False
            yield block
        yield "]\n}\n" if empty else "\n  ]\n}\n"


def _item_block(item: BatchItem, *, first: bool) -> str:
    """One item as it appears in the report's ``items`` list (indented, comma first)."""
    text = json.dumps(item.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    return ("\n    " if first else ",\n    ") + text


def _item_blocks(items: Iterable[BatchItem]) -> Iterator[str]:
    for i, item in enumerate(items):
        yield _item_block(item, first=i == 0)


class ReportFile:
    """The JSON report, written as the batch goes, so memory does not grow with the rows.

    Items are appended to a spool file next to the report as they are done; at the
    end the report is assembled from it (head, items, tail) and renamed into place,
    and the spool file is removed. Creating the spool file is the check that the
    report can be written at all, before any letter is rendered.

    Raises:
        BatchError: The report cannot be written there (a folder, not writable).

    Examples:
        >>> import json, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.json"
        >>> rf = ReportFile(path)
        >>> rf.add(BatchItem(row=1, status="rendered"))
        >>> rf.finish(BatchReport(items=[BatchItem(row=1, status="rendered")]))
        >>> json.loads(path.read_text("utf-8"))["counts"]["rendered"]
        1
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            if path.is_dir():
                raise BatchError(f"cannot write the report {str(path)!r}: it is a folder")
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, spool = tempfile.mkstemp(
                prefix=f".{path.name[:60]}.", suffix=".items.part", dir=path.parent
            )
        except OSError as exc:
            raise BatchError(
                f"cannot write the report {str(path)!r}: folder {str(path.parent)!r} is not"
                f" writable ({exc.strerror or exc}); choose another report path"
            ) from exc
        self.spool = Path(spool)
        try:
            self._handle = os.fdopen(fd, "w", encoding="utf-8")
        except BaseException:
            self.spool.unlink(missing_ok=True)
            raise
        self._count = 0

    def add(self, item: BatchItem) -> None:
        """Append one item (items must come in the order the report lists them)."""
        self._handle.write(_item_block(item, first=self._count == 0))
        self._count += 1

    def finish(self, rep: BatchReport) -> None:
        """Write the report: ``rep``'s head and counts, the items added; remove the spool."""
        try:
            self._handle.close()
            write_atomic(
                self.path, (part.encode("utf-8") for part in rep._json_parts(self._spooled()))
            )
        finally:
            self.spool.unlink(missing_ok=True)

    def discard(self) -> None:
        """Remove the spool file without writing the report (safe to call twice)."""
        self._handle.close()
        self.spool.unlink(missing_ok=True)

    def _spooled(self) -> Iterator[str]:
        with self.spool.open(encoding="utf-8") as handle:
            while block := handle.read(1 << 16):
                yield block
