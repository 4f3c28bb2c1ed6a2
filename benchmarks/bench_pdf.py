"""Benchmark the PDF renderer: single letters per second, peak memory, a 1,000-letter batch.

Run: ``python benchmarks/bench_pdf.py [--single N] [--batch N]``. Numbers are
printed, never asserted. The baseline is typst itself compiling the same
layout (our overhead is the glyph check and the JSON data).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from camon_xinloi.letter import Letter
from camon_xinloi.render.pdf import PdfRenderer, render_pdf_batch
from camon_xinloi.testing import example_letter


def _letters(n: int) -> list[Letter]:
    base = example_letter()
    return [
        base.model_copy(update={"number": i % 99 + 1, "recipients": (f"Anh Nguyễn Văn Số {i}",)})
        for i in range(n)
    ]


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--single", type=int, default=300, help="letters rendered one by one")
    parser.add_argument("--batch", type=int, default=1000, help="letters in one batch PDF")
    args = parser.parse_args()

    renderer = PdfRenderer()
    letters = _letters(args.single)
    start = time.perf_counter()
    renderer.render(letters[0])
    first = time.perf_counter() - start
    print(f"first render (compiler start-up, fonts): {first * 1000:.0f} ms")

    start = time.perf_counter()
    size = 0
    for letter in letters:
        size += len(renderer.render(letter))
    elapsed = time.perf_counter() - start
    print(
        f"single: {args.single} letters in {elapsed:.2f} s = {args.single / elapsed:.0f} PDFs/s, "
        f"{size / args.single / 1024:.1f} KiB each"
    )
    print(f"peak RSS after single renders: {_peak_rss_mib():.0f} MiB")

    print(f"batch of {args.batch} letters, each variant in a fresh process:")
    for name, options in BATCH_VARIANTS:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            elapsed, size, peak = pool.submit(_batch, args.batch, options).result()
        print(
            f"  {name:28} {elapsed:6.2f} s ({args.batch / elapsed:4.0f} letters/s), "
            f"{size / 1024 / 1024:5.2f} MiB, peak RSS {peak:5.0f} MiB"
        )


BATCH_VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("one document, tagged", {}),
    ("one document, untagged", {"tagged": False}),
    ("chunks of 100, tagged", {"chunk_size": 100}),
    ("chunks of 100, untagged", {"chunk_size": 100, "tagged": False}),
)


def _batch(count: int, options: dict[str, Any]) -> tuple[float, int, float]:
    letters = _letters(count)
    start = time.perf_counter()
    pdf = render_pdf_batch(letters, **options)
    return time.perf_counter() - start, len(pdf), _peak_rss_mib()


if __name__ == "__main__":
    main()
