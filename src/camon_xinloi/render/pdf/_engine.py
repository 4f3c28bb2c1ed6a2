"""Running typst: one compiler per thread, a helper process after ``fork``, memory handed back.

Internal to the PDF renderer. The layout (``letter.typ``) and the letter's JSON
go to typst as two in-memory files, ``main.typ`` and ``letter.json``: typst
keeps its caches between letters (``sys_inputs`` would rebuild its standard
library and throw every cached layout away). Only when the boxes are asked
for does the letter go through ``sys_inputs`` (see :func:`compile_here`).

- **Threads.** Each thread gets its own ``typst.Compiler`` on first use; the
  binding releases the GIL while it compiles, so threads render in parallel
  and no lock is held around a compile.
- **fork.** typst runs parts of its work on a process-wide thread pool
  (rayon). A child forked after typst ran in the parent inherits that pool
  without its threads, and its first PDF waits for them forever, even with a
  new ``Compiler``. So a process forked after typst ran sends its compiles to
  a helper process of its own (a fresh interpreter running :func:`serve_stdio`,
  started on first use, ended when the child ends); one forked before typst
  ran, or started with ``spawn``/``forkserver``, runs typst itself.
- **Memory.** typst memoizes layouts in one process-wide cache that ages out
  an entry after ten compiles in which it was not used. :func:`release_memory`
  runs a few empty compiles to age out a large document's entries, then asks
  glibc to return the freed pages (``malloc_trim``).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import json
import os
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from camon_xinloi._fonts import FONT_DIR
from camon_xinloi.errors import MissingDependencyError, RenderError

if TYPE_CHECKING:
    import typst

TYPST_DIR = Path(__file__).resolve().parent.parent / "typst"
"""The typst root: the layout lives here and typst can read nothing outside it."""
MAIN = TYPST_DIR / "letter.typ"
DATA_FILE = "letter.json"
"""The in-memory file the layout reads the letter from (``json("letter.json")``)."""
EVICTION_COMPILES = 11
"""Empty compiles that age every cached layout out (the binding evicts after 10 unused)."""

Standard = Literal["a-2b", "a-2a", "ua-1"]


@dataclass(frozen=True)
class CompileRequest:
    """One typst run: the letter JSON and how to export it."""

    document: str
    created: dt.datetime
    fmt: Literal["pdf", "png"] = "pdf"
    ppi: float | None = None
    standard: Standard | None = None
    boxes: bool = False
    tagged: bool = True


@dataclass(frozen=True)
class CompileResult:
    """What typst returned: the file, its warnings, and the ``<cx-box>`` marks when asked."""

    output: bytes
    warnings: tuple[str, ...]
    marks: str | None


class TypstFailure(Exception):
    """typst refused the document; the message is typst's own."""


# --------------------------------------------------------------------------- in this process

_layout_bytes: bytes | None = None
_threads = threading.local()
_typst_ran = False
"""Whether typst has run in this process (or in the parent it was forked from)."""
_abandoned: list[Any] = []
"""Compilers inherited through fork: never used again, never freed (their locks may be held)."""


def _layout() -> bytes:
    global _layout_bytes
    if _layout_bytes is None:
        _layout_bytes = MAIN.read_bytes()
    return _layout_bytes


def _thread_compiler() -> typst.Compiler:
    """This thread's compiler, made on first use (font loading takes a moment)."""
    global _typst_ran
    compiler: typst.Compiler | None = getattr(_threads, "compiler", None)
    if compiler is None:
        try:
            import typst
        except ImportError as exc:  # pragma: no cover - typst is a dependency
            raise MissingDependencyError(
                "the PDF renderer needs typst, a dependency of camon-xinloi;"
                " reinstall it: pip install --force-reinstall camon-xinloi"
            ) from exc
        _typst_ran = True
        compiler = typst.Compiler(root=TYPST_DIR, font_paths=[FONT_DIR], ignore_system_fonts=True)
        _threads.compiler = compiler
    return compiler


def _message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)


def compile_here(request: CompileRequest) -> CompileResult:
    """Run typst in this process, on this thread's compiler.

    Raises:
        TypstFailure: typst could not lay the document out.
    """
    compiler = _thread_compiler()
    common: dict[str, Any] = {
        "format": request.fmt,
        "ppi": request.ppi,
        "pdf_standards": [request.standard] if request.standard else [],
        "timestamp": request.created,
        "pdf_tags": request.tagged,
    }
    try:
        if request.boxes:
            # The binding's query re-reads the files of the last compile from disk, where
            # in-memory files are not: the layout is read from its file and the letter
            # from sys.inputs (slower: new inputs rebuild typst's library).
            # Set before the call: the inputs stay even if typst then fails.
            _threads.inputs_set = True
            output, warnings = compiler.compile_with_warnings(
                input=MAIN, sys_inputs={"document": request.document}, **common
            )
            # Same compiler, same inputs: typst answers from its caches.
            marks = compiler.query("<cx-box>", field="value")
        else:
            files: Any = {"main.typ": _layout(), DATA_FILE: request.document.encode("utf-8")}
            # The layout prefers sys.inputs: clear those a boxes compile left (only then,
            # as clearing rebuilds the library), and forget them once a compile succeeded.
            inputs = None if getattr(_threads, "inputs_set", False) else ...
            output, warnings = compiler.compile_with_warnings(
                input=files,  # the binding takes a dict of in-memory files (not in its stubs)
                sys_inputs=inputs,
                **common,
            )
            _threads.inputs_set = False
            marks = None
    except Exception as exc:
        raise TypstFailure(_message(exc)) from exc
    if isinstance(output, list):
        output = output[0]
    if not isinstance(output, bytes):  # pragma: no cover - typst returns bytes
        raise TypstFailure("typst returned no output")
    return CompileResult(output, tuple(_message(w) for w in warnings), marks)


def standalone_here(source: str, inputs: dict[str, str], created: dt.datetime) -> bytes:
    """Compile a small self-contained typst source (bundled fonts only, untagged PDF).

    Raises:
        TypstFailure: typst refused the source.
    """
    global _typst_ran
    import typst

    _typst_ran = True
    compile_: Any = typst.compile  # its stub ties the font paths' type to the input's
    try:
        pdf: bytes = compile_(
            source.encode("utf-8"),
            font_paths=[FONT_DIR],
            ignore_system_fonts=True,
            sys_inputs=inputs,
            timestamp=created,
            pdf_tags=False,
        )
    except Exception as exc:
        raise TypstFailure(_message(exc)) from exc
    return pdf


def _trim_malloc() -> None:
    """Ask glibc to give freed heap pages back to the system (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # musl or no libc: nothing to trim
        return


def release_here() -> None:
    """Age typst's layout cache out with empty compiles, then trim the C heap."""
    if _typst_ran:
        compiler = _thread_compiler()
        for _ in range(EVICTION_COMPILES):
            compiler.compile(input=b"", format="svg")
    _trim_malloc()


# --------------------------------------------------------------------------- after fork


_HELPER_MAIN = "from camon_xinloi.render.pdf._engine import serve_stdio; serve_stdio()"


class _HelperProcess:
    """A typst process of our own, for a process forked after typst ran in its parent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # The helper imports this very copy of camon_xinloi, wherever it came from.
        package_root = str(Path(__file__).resolve().parents[3])
        path = os.environ.get("PYTHONPATH")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([package_root, *([path] if path else [])]),
        }
        self._process = subprocess.Popen(
            [sys.executable, "-c", _HELPER_MAIN],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def call(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        with self._lock:
            stdin, stdout = self._process.stdin, self._process.stdout
            assert stdin is not None
            assert stdout is not None
            try:
                _write_frame(stdin, json.dumps(request).encode("utf-8"), b"")
                header, payload = _read_frame(stdout)
            except (OSError, EOFError) as exc:
                raise RenderError(
                    f"the typst helper process ended unexpectedly ({exc}); see its error output"
                ) from exc
        return json.loads(header), payload

    def close(self) -> None:
        """End the helper (it may be dead already) and reap it."""
        self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # unflushed bytes to a dead process
                    stream.close()


_helper: _HelperProcess | None = None
_helper_lock = threading.Lock()
_delegate = False
"""True in a process forked after typst ran: typst's thread pool is gone, use a helper."""


def _after_fork_in_child() -> None:
    global _threads, _helper, _helper_lock, _delegate
    if _typst_ran:
        _delegate = True
    compiler = getattr(_threads, "compiler", None)
    if compiler is not None:
        _abandoned.append(compiler)
    _threads = threading.local()
    _helper = None  # the parent's helper and its pipes stay the parent's
    _helper_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _helper_process() -> _HelperProcess:
    global _helper
    with _helper_lock:
        if _helper is None:
            _helper = _HelperProcess()
        return _helper


def _call_helper(request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Ask the helper; one that died is forgotten, and the next call starts a new one."""
    global _helper
    helper = _helper_process()
    try:
        return helper.call(request)
    except RenderError:
        with _helper_lock:
            if _helper is helper:
                _helper = None
        helper.close()
        raise


def _request_json(request: CompileRequest) -> dict[str, Any]:
    return {
        "op": "compile",
        "document": request.document,
        "created": request.created.isoformat(),
        "fmt": request.fmt,
        "ppi": request.ppi,
        "standard": request.standard,
        "boxes": request.boxes,
        "tagged": request.tagged,
    }


def _request_from_json(data: dict[str, Any]) -> CompileRequest:
    return CompileRequest(
        document=data["document"],
        created=dt.datetime.fromisoformat(data["created"]),
        fmt=data["fmt"],
        ppi=data["ppi"],
        standard=data["standard"],
        boxes=data["boxes"],
        tagged=data["tagged"],
    )


# --------------------------------------------------------------------------- entry points


def run_typst(request: CompileRequest) -> CompileResult:
    """Compile in this process, or in the helper process after an unsafe fork.

    Raises:
        TypstFailure: typst could not lay the document out.
        RenderError: the helper process died.
    """
    if not _delegate:
        return compile_here(request)
    header, payload = _call_helper(_request_json(request))
    if not header["ok"]:
        raise TypstFailure(header["error"])
    return CompileResult(payload, tuple(header["warnings"]), header["marks"])


def compile_standalone(source: str, inputs: dict[str, str], *, created: dt.datetime) -> bytes:
    """:func:`standalone_here`, or the same in the helper process after an unsafe fork.

    Raises:
        TypstFailure: typst refused the source.
        RenderError: the helper process died.
    """
    if not _delegate:
        return standalone_here(source, inputs, created)
    request = {
        "op": "standalone",
        "source": source,
        "inputs": inputs,
        "created": created.isoformat(),
    }
    header, payload = _call_helper(request)
    if not header["ok"]:
        raise TypstFailure(header["error"])
    return payload


def release_memory() -> None:
    """Hand typst's cached layouts and the freed heap back (after a large document)."""
    if _delegate:
        if _helper is not None:
            _call_helper({"op": "release"})
        return
    release_here()


# --------------------------------------------------------------------------- helper side

_FRAME = struct.Struct(">II")


def _write_frame(stream: IO[bytes], header: bytes, payload: bytes) -> None:
    stream.write(_FRAME.pack(len(header), len(payload)) + header + payload)
    stream.flush()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the other end closed the pipe")
    return data


def _read_frame(stream: IO[bytes]) -> tuple[bytes, bytes]:
    header_size, payload_size = _FRAME.unpack(_read_exactly(stream, _FRAME.size))
    return _read_exactly(stream, header_size), _read_exactly(stream, payload_size)


def _serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer compile and release requests until the other end closes the pipe."""
    while True:
        try:
            header, _ = _read_frame(requests)
        except EOFError:
            return
        data = json.loads(header)
        payload = b""
        if data["op"] == "release":
            release_here()
            reply: dict[str, Any] = {"ok": True}
        elif data["op"] == "standalone":
            try:
                payload = standalone_here(
                    data["source"], data["inputs"], dt.datetime.fromisoformat(data["created"])
                )
            except TypstFailure as exc:
                reply = {"ok": False, "error": str(exc)}
            else:
                reply = {"ok": True}
        else:
            try:
                result = compile_here(_request_from_json(data))
            except TypstFailure as exc:
                reply = {"ok": False, "error": str(exc)}
            else:
                reply = {"ok": True, "warnings": list(result.warnings), "marks": result.marks}
                payload = result.output
        _write_frame(replies, json.dumps(reply).encode("utf-8"), payload)


def serve_stdio() -> None:  # pragma: no cover - runs in the helper process, tested through fork
    """The helper process's main loop: requests on stdin, replies on stdout."""
    _serve(sys.stdin.buffer, sys.stdout.buffer)
