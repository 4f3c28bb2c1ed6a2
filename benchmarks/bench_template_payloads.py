"""Time and peak memory of each hostile template payload (tests/data/template_payloads.toml).

Each must end in a TemplateRenderError well under a second, without building a large
value. For scale, the same run composes one ordinary letter, and the ratio is printed
(the machine may be loaded: compare ratios, not seconds).

Run with ``python benchmarks/bench_template_payloads.py`` from the repository root.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import resource
import sys
import time
import tomllib
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import camon_xinloi as cx
    from camon_xinloi.testing import example_event, example_issuer
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(ROOT / "src"))
    import camon_xinloi as cx
    from camon_xinloi.testing import example_event, example_issuer

ON = dt.date(2026, 3, 5)


def _compose(source: str) -> None:
    template = cx.Template.from_string(
        source, kind="marriage_registered", title="THƯ", recipients=["x"], id="nhap/do"
    )
    cx.compose(template, example_event("chuc_mung/ket_hon"), issuer=example_issuer(), on=ON)


def main() -> None:
    payloads = tomllib.loads((ROOT / "tests/data/template_payloads.toml").read_text())["payload"]
    start = time.perf_counter()
    cx.compose("chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"), issuer=example_issuer())
    letter = time.perf_counter() - start
    print(f"{'one ordinary letter':<56} {letter * 1000:8.1f} ms")
    worst = 0.0
    for payload in payloads:
        if payload.get("target", "letter") != "letter":
            continue
        start = time.perf_counter()
        with contextlib.suppress(cx.TemplateRenderError):
            _compose(payload["source"])
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        with contextlib.suppress(cx.TemplateRenderError):
            _compose(payload["source"])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        worst = max(worst, elapsed)
        print(f"{payload['family']:<56} {elapsed * 1000:8.1f} ms  peak {peak / 2**20:6.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"slowest payload: {worst * 1000:.0f} ms = {worst / letter:.0f} ordinary letters;"
        f" process max RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
