"""DOCX speed: our renderer next to plain docxtpl, on the same letter, in one run.

Each measurement runs in a fresh process so that its peak RSS is its own::

    PYTHONPATH=src python benchmarks/bench_docx.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER_TEMPLATE = ROOT / "examples" / "user_letterhead.docx"


def _timed(work: Callable[[], object], seconds: float) -> tuple[float, float]:
    work()  # warm up: imports, caches
    count = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        work()
        count += 1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return count / elapsed, peak_mib


def _timed_count(work: Callable[[], object], count: int) -> tuple[float, float]:
    """Run ``work`` ``count`` times after one warm-up; return (per second, peak RSS MiB)."""
    work()
    start = time.perf_counter()
    for _ in range(count):
        work()
    elapsed = time.perf_counter() - start
    return count / elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _case(name: str, seconds: float) -> tuple[float, float]:
    from camon_xinloi.render.docx import DocxRenderer, letter_context
    from camon_xinloi.testing import example_letter

    letter = example_letter()
    renderer = DocxRenderer()
    if name == "ours: house letterhead":
        return _timed(lambda: renderer.render(letter), seconds)
    if name == "ours: user template (docxtpl)":
        return _timed(lambda: renderer.render(letter, template=USER_TEMPLATE), seconds)
    if name == "plain docxtpl, same template":
        from docxtpl import DocxTemplate

        def plain() -> bytes:
            template = DocxTemplate(USER_TEMPLATE)
            template.render(letter_context(letter), autoescape=True)
            out = io.BytesIO()
            template.save(out)
            return out.getvalue()

        return _timed(plain, seconds)
    raise ValueError(name)


CASES = ("ours: house letterhead", "ours: user template (docxtpl)", "plain docxtpl, same template")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3.0, help="time per case")
    args = parser.parse_args()
    print(f"{'case':34} {'letters/s':>10} {'peak RSS':>10}")
    for name in CASES:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            rate, peak = pool.submit(_case, name, args.seconds).result()
        print(f"{name:34} {rate:10.0f} {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
