"""The PDF renderer from many threads and from worker processes (fork, spawn, forkserver).

Threads: every thread has its own typst compiler and no lock is held around a
compile, so the output of 8 threads must be byte for byte the single-threaded
output. Processes: a pool started after the parent rendered a PDF used to hang
for ever with ``fork`` (typst's thread pool does not survive a fork); every
wait here is bounded, and a pool that does not answer is killed and fails the
test instead of hanging CI.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest

from camon_xinloi.letter import Letter
from camon_xinloi.render.pdf import PdfRenderer, PngRenderer, render_pdf_batch
from camon_xinloi.testing import example_letter

TIMEOUT = 120
"""Seconds a pool may take to start and render (a loaded CI machine); a hang is far longer."""


def _letters(count: int) -> list[Letter]:
    base = example_letter()
    return [
        base.model_copy(update={"number": i + 1, "recipients": (f"Chị Trần Thị Số {i}",)})
        for i in range(count)
    ]


def test_eight_threads_render_the_same_bytes_as_one() -> None:
    letters = _letters(24)
    renderer = PdfRenderer()
    expected = [renderer.render(letter) for letter in letters]
    boxes_expected = renderer.render_with_boxes(letters[0])
    with ThreadPoolExecutor(8) as pool:
        # Plain, boxes and PNG interleaved: each thread keeps its own compiler state.
        got = list(pool.map(renderer.render, letters * 2))
        boxed = list(pool.map(renderer.render_with_boxes, [letters[0]] * 8))
        pngs = list(pool.map(PngRenderer().render, letters[:8]))
    assert got == expected * 2
    assert boxed == [boxes_expected] * 8
    assert pngs == [PngRenderer().render(letter) for letter in letters[:8]]


def test_threads_render_batches_while_others_render_letters() -> None:
    letters = _letters(12)
    expected_batch = render_pdf_batch(letters, chunk_size=5)
    expected_one = PdfRenderer().render(letters[0])
    with ThreadPoolExecutor(4) as pool:
        batches = [pool.submit(render_pdf_batch, letters, chunk_size=5) for _ in range(2)]
        singles = [pool.submit(PdfRenderer().render, letters[0]) for _ in range(6)]
        assert [f.result(timeout=TIMEOUT) for f in batches] == [expected_batch] * 2
        assert [f.result(timeout=TIMEOUT) for f in singles] == [expected_one] * 6


def _render_in_worker(letter: Letter) -> tuple[bytes, int]:
    return PdfRenderer().render(letter), os.getpid()


def _boxes_in_worker(letter: Letter) -> tuple[bytes, list[str]]:
    pdf, boxes = PdfRenderer().render_with_boxes(letter)
    return pdf, [box.kind for box in boxes]


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


# Python 3.12+ warns that forking a process with threads (typst's pool) may deadlock: that
# deadlock is what this test guards against, so the warning is expected here.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_a_pool_started_after_the_parent_rendered_renders(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.fail(f"start method {method} is missing on this platform")
    letters = _letters(4)
    expected = [PdfRenderer().render(letter) for letter in letters]  # the parent renders first
    boxes_expected = PdfRenderer().render_with_boxes(letters[0])
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method))
    try:
        rendered = [pool.submit(_render_in_worker, letter) for letter in letters]
        boxed = pool.submit(_boxes_in_worker, letters[0])
        results = [future.result(timeout=TIMEOUT) for future in rendered]
        boxed_result = boxed.result(timeout=TIMEOUT)
    except FutureTimeout:
        _kill(pool)
        pytest.fail(f"a {method} worker did not render within {TIMEOUT} s: it hangs")
    pool.shutdown(wait=True)
    assert [pdf for pdf, _ in results] == expected
    assert all(pid != os.getpid() for _, pid in results)
    assert boxed_result == (boxes_expected[0], [box.kind for box in boxes_expected[1]])


_FORK_SCRIPT = """
import os, signal
from camon_xinloi.errors import RenderError
from camon_xinloi.render.pdf import PdfRenderer, render_pdf_batch
from camon_xinloi.render.pdf import _engine
from camon_xinloi.testing import example_letter
letter = example_letter()
expected = PdfRenderer().render(letter)
read, write = os.pipe()
pid = os.fork()
if pid == 0:
    def child():
{child}
    os.write(write, " ".join(map(str, child())).encode())
    os._exit(0)
os.close(write)  # a child that dies leaves EOF, not a hang
os.waitpid(pid, 0)
print(os.read(read, 1000).decode())
"""


def _in_forked_child(child: str) -> list[str]:
    """Run ``child`` (the body of a function returning a tuple) in a process forked by a
    fresh interpreter after it rendered ``letter`` into ``expected``; return the tuple."""
    body = textwrap.indent(textwrap.dedent(child).strip(), " " * 8)
    done = subprocess.run(
        [sys.executable, "-c", _FORK_SCRIPT.replace("{child}", body)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_forked_child_renders_and_its_helper_process_ends_with_it() -> None:
    """Plain os.fork, as a pre-forking server does; the child's helper must not outlive it."""
    ok, helper = _in_forked_child(
        """
        ok = PdfRenderer().render(letter) == expected
        ok = ok and render_pdf_batch([letter] * 3, chunk_size=2)[:5] == b"%PDF-"
        return ok, _engine._helper._process.pid if _engine._helper else 0
        """
    )
    assert ok == "True"
    assert helper != "0", "the forked child rendered in-process: typst's pool is not fork-safe"
    # The helper reads EOF when the child exits, and ends.
    for _ in range(100):
        if _gone(helper):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the helper process {helper} outlived its forked child")


def _gone(pid: str) -> bool:
    """The process has ended (no /proc entry, or a zombie waiting for its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.split(")")[-1].split()[0] == "Z"


def test_a_forked_child_recovers_when_its_helper_process_dies() -> None:
    results = _in_forked_child(
        """
        PdfRenderer().render(letter)
        first = _engine._helper._process.pid
        os.kill(first, signal.SIGKILL)
        _engine._helper._process.wait()
        try:
            PdfRenderer().render(letter)
            failed = "no error"
        except RenderError as exc:
            failed = "ended unexpectedly" in str(exc)
        again = PdfRenderer().render(letter) == expected
        return failed, again, first != _engine._helper._process.pid
        """
    )
    assert results == ["True", "True", "True"]


def test_a_forked_child_fills_a_form_like_its_parent() -> None:
    """Filling a form has typst cut a font subset: that too goes to the helper after fork."""
    form = Path(__file__).resolve().parents[1] / "examples" / "forms" / "phieu_xin_loi_form.pdf"
    results = _in_forked_child(
        f"""
        from pathlib import Path
        from camon_xinloi.pdf_tools import fill_form
        values = {{"recipients": "Ông Nguyễn Văn Ấn", "ly_do": "Hồ sơ cần xác minh thêm."}}
        return (
            fill_form(Path({str(form)!r}), values, flatten=True)[:5] == b"%PDF-",
            _engine._helper is not None,
        )
        """
    )
    assert results == ["True", "True"]
