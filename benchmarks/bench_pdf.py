"""Benchmark the PDF renderer against itself before issue 16 and against bare typst.

Run (from the repository root, in the project's venv)::

    python benchmarks/bench_pdf.py                  # speed, threads, memory
    python benchmarks/bench_pdf.py --no-memory      # speed only
    python benchmarks/bench_pdf.py --baseline-rev 63c6db4 --rounds 15 --per-round 24

Numbers are printed, never asserted. The machine may be shared, so every
speed figure comes from one run with the contenders **interleaved**: each is a
long-lived worker process, and round after round each renders the next
``--per-round`` distinct letters (same letters for all). The medians of the
per-round rates and of the per-round ratios are printed.

Contenders:

- ``renderer``: ``PdfRenderer().render(letter)`` of this tree.
- ``renderer before``: the same call on the source of ``--baseline-rev``
  (default ``63c6db4``, the renderer before issue 16), unpacked with
  ``git archive`` into a temporary directory and put first on ``PYTHONPATH``.
- ``typst, our layout``: typst alone, with one reused compiler, compiling
  this tree's ``letter.typ`` with the letter JSON prepared beforehand (what
  the renderer costs on top of typst).
- ``typst, minimal letter``: typst alone, reused compiler, a minimal one-page
  A4 letter of the same text (every line of the letter as a paragraph, Tinos
  14 pt), its data read from an in-memory JSON file.
- ``renderer, N threads``: this tree's renderer from ``--threads`` threads.

Memory: a combined PDF of 100, 1,000 and 10,000 letters
(``render_pdf_batch``, default chunking), each in a fresh process, with its
peak RSS; then one process renders a 1,000-letter batch and shows its RSS
before, at the peak and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "63c6db4"

MINIMAL_LETTER = b"""
#let d = json("letter.json")
#set document(title: d.title)
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm))
#set text(font: "Tinos", size: 14pt, lang: "vi")
#set par(justify: true, spacing: 6pt)
#for line in d.lines { par(line) }
"""
SOURCE_HEAD = """
#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm))
#set text(font: "Tinos", size: 14pt, lang: "vi")
#set par(justify: true, spacing: 6pt)
"""


# --------------------------------------------------------------------------- letters


def make_letters(count: int) -> list[dict[str, Any]]:
    """Distinct letters (name and number differ), as JSON for any version of the model."""
    from camon_xinloi.testing import example_letter

    base = example_letter()
    return [
        base.model_copy(
            update={"number": i % 999 + 1, "recipients": (f"Anh Nguyễn Văn Số {i}",)}
        ).model_dump(mode="json")
        for i in range(count)
    ]


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# --------------------------------------------------------------------------- workers


def _renderer_job(letters: list[Any]) -> Callable[[int, int, int], None]:
    from camon_xinloi.letter import Letter
    from camon_xinloi.render.pdf import PdfRenderer

    models = [Letter.model_validate(data) for data in letters]
    renderer = PdfRenderer()

    def run(start: int, count: int, threads: int) -> None:
        batch = [models[(start + i) % len(models)] for i in range(count)]
        if threads == 1:
            for letter in batch:
                renderer.render(letter)
            return
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(renderer.render, batch))

    return run


def _typst_job(letters: list[Any], kind: str) -> Callable[[int, int, int], None]:
    import typst

    from camon_xinloi._fonts import FONT_DIR
    from camon_xinloi.letter import Letter
    from camon_xinloi.render.pdf import _typst as prep

    minimal, source, inputs = kind.startswith("minimal"), kind == "minimal-source", kind == "inputs"
    models = [Letter.model_validate(data) for data in letters]
    layout = (REPO / "src/camon_xinloi/render/typst/letter.typ").read_bytes()
    main = MINIMAL_LETTER if minimal else layout
    root = REPO / "src/camon_xinloi/render/typst"
    compiler = typst.Compiler(root=root, font_paths=[FONT_DIR], ignore_system_fonts=True)
    when = prep.document_date(models[0], None)
    if minimal:
        documents = [
            json.dumps(
                {
                    "title": m.title,
                    "lines": [
                        *m.agency,
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                        "Độc lập - Tự do - Hạnh phúc",
                        m.number_line or "",
                        m.date_line,
                        m.title,
                        "Kính gửi: " + "; ".join(m.recipients),
                        *(p.text for p in m.body),
                        *m.signature.lines,
                        m.signature.name,
                        *m.distribution_lines,
                    ],
                },
                ensure_ascii=False,
            ).encode()
            for m in models
        ]
    else:
        documents = [prep.document_json([m], created=when, festive=False).encode() for m in models]

    def run(start: int, count: int, threads: int) -> None:
        for i in range(count):
            data = documents[(start + i) % len(documents)]
            if inputs:
                compiler.compile(
                    input=root / "letter.typ",
                    sys_inputs={"document": data.decode()},
                    format="pdf",
                    timestamp=when,
                )
                continue
            if source:
                lines = json.loads(data)["lines"]
                text = "".join(f"#par({json.dumps(line, ensure_ascii=False)})\n" for line in lines)
                compiler.compile(input=(SOURCE_HEAD + text).encode(), format="pdf", timestamp=when)
                continue
            files: Any = {"main.typ": main, "letter.json": data}  # not in the binding's stubs
            compiler.compile(input=files, format="pdf", timestamp=when)

    return run


def worker(kind: str) -> None:
    """Serve ``start count threads`` lines on stdin with the elapsed seconds on stdout."""
    import camon_xinloi

    letters = json.loads(sys.stdin.readline())
    job = _renderer_job(letters) if kind == "renderer" else _typst_job(letters, kind)
    job(0, 3, 1)  # start-up: compiler, fonts
    print(json.dumps({"ready": str(Path(camon_xinloi.__file__).parent)}), flush=True)
    for line in sys.stdin:
        start, count, threads = map(int, line.split())
        began = time.perf_counter()
        job(start, count, threads)
        print(json.dumps({"seconds": time.perf_counter() - began}), flush=True)


class Worker:
    def __init__(self, name: str, kind: str, letters: str, env: dict[str, str]) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(letters + "\n")
        self.process.stdin.flush()
        self.package = json.loads(self.process.stdout.readline())["ready"]

    def run(self, start: int, count: int, threads: int = 1) -> float:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{start} {count} {threads}\n")
        self.process.stdin.flush()
        seconds: float = json.loads(self.process.stdout.readline())["seconds"]
        return count / seconds

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


def baseline_source(rev: str, into: Path) -> Path:
    """Unpack ``src/`` and ``templates/`` of ``rev`` into ``into``; return its ``src``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "src", "templates"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def speed(args: argparse.Namespace) -> None:
    letters = json.dumps(make_letters(args.rounds * args.per_round))
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        old_src = baseline_source(args.baseline_rev, Path(tmp))
        old_env = {**env, "PYTHONPATH": os.pathsep.join([str(old_src), env.get("PYTHONPATH", "")])}
        workers = [
            Worker("renderer", "renderer", letters, env),
            Worker(f"renderer before ({args.baseline_rev})", "renderer", letters, old_env),
            Worker("typst, our layout", "layout", letters, env),
            Worker("typst, our layout, sys_inputs", "inputs", letters, env),
            Worker("typst, minimal letter", "minimal", letters, env),
            Worker("typst, minimal source", "minimal-source", letters, env),
        ]
        if not workers[1].package.startswith(tmp):
            raise SystemExit(f"the baseline worker imported {workers[1].package}, not {old_src}")
        threaded = Worker(f"renderer, {args.threads} threads", "renderer", letters, env)
        rates: dict[str, list[float]] = {w.name: [] for w in [*workers, threaded]}
        for r in range(args.rounds):
            start = r * args.per_round
            order = workers if r % 2 == 0 else workers[::-1]
            for w in order:
                rates[w.name].append(w.run(start, args.per_round))
            rates[threaded.name].append(threaded.run(start, args.per_round, args.threads))
        for w in [*workers, threaded]:
            w.close()

    print(
        f"single distinct letters/s, {args.rounds} interleaved rounds of {args.per_round}"
        f" (medians; cpus: {os.cpu_count()}, load: {os.getloadavg()[0]:.1f}):"
    )
    for name, values in rates.items():
        print(f"  {name:34} {statistics.median(values):6.1f} /s")
    new = rates["renderer"]

    def ratio(other: str) -> float:
        return statistics.median(a / b for a, b in zip(new, rates[other], strict=True))

    print("ratios (median of per-round ratios):")
    for w in workers[1:]:
        print(f"  renderer / {w.name:34} {ratio(w.name):5.2f}x")
    print(f"  {threaded.name} / renderer{'':13} {1 / ratio(threaded.name):5.2f}x")


# --------------------------------------------------------------------------- memory


def batch_child(count: int) -> None:
    """Render a combined PDF of ``count`` letters; print time, size and peak RSS."""
    from camon_xinloi.letter import Letter
    from camon_xinloi.render.pdf import render_pdf_batch

    letters = [Letter.model_validate(d) for d in make_letters(count)]
    start_rss = _rss_mib()
    began = time.perf_counter()
    pdf = render_pdf_batch(letters)
    elapsed = time.perf_counter() - began
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "mib": len(pdf) / 2**20,
                "peak": _peak_rss_mib(),
                "start": start_rss,
                "after": _rss_mib(),
            }
        ),
        flush=True,
    )


def settle_child(count: int) -> None:
    """A long-running process: RSS after one letter, at the peak of a batch, and after it."""
    from camon_xinloi.letter import Letter
    from camon_xinloi.render.pdf import PdfRenderer, render_pdf_batch

    letters = [Letter.model_validate(d) for d in make_letters(count)]
    PdfRenderer().render(letters[0])
    before = _rss_mib()
    sampled = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            sampled.append(_rss_mib())

    sampler = threading.Thread(target=sample)
    sampler.start()
    render_pdf_batch(letters)
    done.set()
    sampler.join()
    for letter in letters[:20]:  # the server goes on with single letters
        PdfRenderer().render(letter)
    print(json.dumps({"before": before, "peak": max(sampled), "after": _rss_mib()}), flush=True)


def _child(*argv: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, *argv], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def memory(args: argparse.Namespace) -> None:
    print("combined PDF (render_pdf_batch, default chunks), each in a fresh process:")
    for count in args.sizes:
        r = _child("--batch-child", str(count))
        print(
            f"  {count:6} letters: {r['seconds']:7.1f} s ({count / r['seconds']:5.0f} letters/s),"
            f" {r['mib']:6.1f} MiB PDF, peak RSS {r['peak']:5.0f} MiB"
            f" (at start {r['start']:.0f}, after {r['after']:.0f})"
        )
    r = _child("--settle-child", "1000")
    print(
        f"long-running process, 1,000-letter batch: RSS {r['before']:.0f} MiB before,"
        f" {r['peak']:.0f} MiB at the peak, {r['after']:.0f} MiB after"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline-rev", default=DEFAULT_BASELINE)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=24)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--sizes", type=lambda s: [int(n) for n in s.split(",")], default=[100, 1000, 10000]
    )
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--batch-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--settle-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
    elif args.batch_child:
        batch_child(args.batch_child)
    elif args.settle_child:
        settle_child(args.settle_child)
    else:
        if not args.no_speed:
            speed(args)
        if not args.no_memory:
            memory(args)


if __name__ == "__main__":
    main()
