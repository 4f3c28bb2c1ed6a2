"""Benchmark the register of units: loading it once, then look-ups by code and by name.

Run with ``python benchmarks/bench_units.py`` from the repository root (``src`` is
added to ``sys.path`` when the package is not installed). The machine is shared, so
compare the figures of one run with each other, not with a fixed threshold.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

try:
    from camon_xinloi import admin_units
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from camon_xinloi import admin_units
import contextlib

from camon_xinloi.errors import AmbiguousUnitError, UnitNotFoundError

N = 20_000


def _per_call(label: str, work: Callable[[], int]) -> float:
    start = time.perf_counter()
    count = work()
    elapsed = time.perf_counter() - start
    micros = elapsed / count * 1e6
    print(f"{label:<44} {micros:>10.1f} µs/call  ({count:,} in {elapsed:.3f} s)")
    return micros


def main() -> None:
    start = time.perf_counter()
    admin_units.valid_from()
    elapsed = time.perf_counter() - start
    print(f"{'load the register (first use)':<44} {elapsed * 1e3:>10.1f} ms")
    start = time.perf_counter()
    admin_units.successor("27007")
    elapsed = time.perf_counter() - start
    print(f"{'load the successor table (first use)':<44} {elapsed * 1e3:>10.1f} ms")

    rng = random.Random(2025)
    sample = [rng.choice(admin_units.units()) for _ in range(N)]

    def by_code() -> int:
        for unit in sample:
            admin_units.get(unit.code)
        return len(sample)

    def by_full_name_and_province() -> int:
        for unit in sample:
            admin_units.find(unit.full_name, province=unit.province)
        return len(sample)

    def by_unmarked_lower_case_name() -> int:
        queries = [(admin_units._fold(u.name), u.province, u.unit_type) for u in sample]
        count = 0
        for text, province, unit_type in queries:
            with contextlib.suppress(AmbiguousUnitError):
                admin_units.find(text, province=province, unit_type=unit_type)
            count += 1
        return count

    def successor_by_name() -> int:
        for _ in range(N // 10):
            admin_units.successor("Phường 11", district="Quận Tân Bình", province="Hồ Chí Minh")
        return N // 10

    def unknown_name_with_suggestions() -> int:
        for _ in range(50):
            with contextlib.suppress(UnitNotFoundError):
                admin_units.find("Bay Hein")
        return 50

    _per_call("get(code)", by_code)
    _per_call("find(full name, province=...)", by_full_name_and_province)
    _per_call("find(unmarked name, province, unit_type)", by_unmarked_lower_case_name)
    _per_call("successor(name, district, province)", successor_by_name)
    _per_call("find(unknown name): error with 3 suggestions", unknown_name_with_suggestions)


if __name__ == "__main__":
    main()
