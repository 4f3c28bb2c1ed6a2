"""Benchmark solar <-> lunar conversion.

Run with ``python benchmarks/bench_lunar.py`` from the repository root (``src`` is
added to ``sys.path`` when the package is not installed).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

try:
    from camon_xinloi.vi import lunar
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from camon_xinloi.vi import lunar

N = 200_000


def _rate(label: str, work: Callable[[], int]) -> float:
    start = time.perf_counter()
    count = work()
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"{label:<34} {rate:>12,.0f} conversions/s  ({count:,} in {elapsed:.3f} s)")
    return rate


def main() -> None:
    rng = random.Random(1968)
    span = (lunar.MAX_DATE - lunar.MIN_DATE).days
    solar = [lunar.MIN_DATE + timedelta(days=rng.randrange(span + 1)) for _ in range(N)]
    lunar_dates = [lunar.to_lunar(d) for d in solar[:1000]]  # also builds the cache
    args = [(x.day, x.month, x.year, x.leap) for x in lunar_dates] * (N // 1000)

    def solar_to_lunar() -> int:
        to_lunar = lunar.to_lunar
        for d in solar:
            to_lunar(d)
        return len(solar)

    def lunar_to_solar() -> int:
        from_lunar = lunar.from_lunar
        for day, month, year, leap in args:
            from_lunar(day, month, year, leap)
        return len(args)

    def format_numeric() -> int:
        format_lunar = lunar.format_lunar
        for d in solar[:50_000]:
            format_lunar(d)
        return 50_000

    lunar._calendar.cache_clear()
    start = time.perf_counter()
    lunar.to_lunar(date(2024, 2, 10))
    print(f"first call (builds the month index):  {1000 * (time.perf_counter() - start):.2f} ms")
    _rate("to_lunar (solar -> lunar)", solar_to_lunar)
    _rate("from_lunar (lunar -> solar)", lunar_to_solar)
    _rate("format_lunar (numeric)", format_numeric)


if __name__ == "__main__":
    main()
