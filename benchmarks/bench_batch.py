"""Benchmark render_many: speed (one process vs --jobs 2) and memory against the row count.

Run: python benchmarks/bench_batch.py [--count 3000] [--format pdf] [--jobs 2]
     python benchmarks/bench_batch.py --memory [--counts 10000,100000] [--format text]

The first prints letters per second and peak memory (ru_maxrss of this process
and of its children, i.e. the worker processes). ``--memory`` renders a JSON
Lines file of N rows as ``render-many`` does (rows streamed from the file, the
report written as the batch goes, ``keep_items=False``) and, for comparison, as
a list of rows held in memory with every item kept; it prints the peak RSS of
each and the growth per row. Each run is a fresh subprocess so the numbers of
one do not leak into the other. Not asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

KINDS = [
    # About a district's year: mostly congratulations, then condolences, a few others.
    *["marriage_registered"] * 3,
    *["birth_registered"] * 3,
    *["longevity_celebrated"] * 2,
    *["death_registered"] * 2,
    "dossier_delayed",
    "contribution_received",
]


def run_once(count: int, fmt: str, jobs: int) -> dict[str, float]:
    import datetime as dt

    from camon_xinloi.batch import render_many
    from camon_xinloi.testing import example_issuer, make_events

    events = make_events(count, kinds=KINDS)
    executor: Executor | None = ProcessPoolExecutor(jobs) if jobs > 1 else None
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        try:
            report = render_many(
                events,
                fmt,
                issuer=example_issuer(),
                out=out,
                on=dt.date(2026, 3, 5),
                executor=executor,
                chunk_size=32,
            )
        finally:
            if executor is not None:
                executor.shutdown()
        elapsed = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"benchmark batch failed: {report.summary()}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "count": count,
        "jobs": jobs,
        "seconds": elapsed,
        "letters_per_second": count / elapsed,
        "peak_rss_mib_main": own,
        "peak_rss_mib_worker": children,
    }


def write_input(path: str, count: int) -> None:
    """Write ``count`` distinct rows of the benchmark's mix as JSON Lines."""
    from camon_xinloi.testing import event_data

    with Path(path).open("w", encoding="utf-8") as handle:
        for i in range(count):
            row = event_data(KINDS[i % len(KINDS)], seed=i)
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def memory_once(input_path: str, fmt: str, mode: str) -> dict[str, float]:
    import datetime as dt

    from camon_xinloi.batch import render_many
    from camon_xinloi.batch_input import read_rows
    from camon_xinloi.testing import example_issuer

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        if mode == "streamed":
            rows = read_rows(input_path)
            report = render_many(
                rows, fmt, issuer=example_issuer(), out=out, on=dt.date(2026, 3, 5),
                report=f"{out}/report.json", keep_items=False,
            )  # fmt: skip
        else:
            rows_list = list(read_rows(input_path))
            report = render_many(
                rows_list, fmt, issuer=example_issuer(), out=out, on=dt.date(2026, 3, 5),
                report=f"{out}/report.json",
            )  # fmt: skip
        elapsed = time.perf_counter() - start
        counts = report.counts()
    return {
        "rendered": counts["rendered"],
        "failed": counts["failed"],
        "seconds": elapsed,
        "rss_before_mib": before,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def memory_benchmark(counts: list[int], fmt: str) -> None:
    print(f"render_many memory, {fmt}: peak RSS against the number of rows")
    results: dict[tuple[str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            path = f"{tmp}/in-{count}.jsonl"
            write_input(path, count)
            for mode in ("streamed", "in-memory"):
                done = subprocess.run(
                    [sys.executable, __file__, "--format", fmt, "--memory-child", mode, path],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                r = json.loads(done.stdout.strip().splitlines()[-1])
                results[mode, count] = r
                print(
                    f"  {count:>7} rows, {mode:>9}: peak RSS {r['peak_rss_mib']:.0f} MiB"
                    f" (after imports {r['rss_before_mib']:.0f} MiB), {r['seconds']:.0f} s,"
                    f" {r['rendered']:.0f} rendered, {r['failed']:.0f} failed",
                    flush=True,
                )
    small, large = min(counts), max(counts)
    if small != large:
        for mode in ("streamed", "in-memory"):
            grow = results[mode, large]["peak_rss_mib"] - results[mode, small]["peak_rss_mib"]
            per_row = grow * 1024 * 1024 / (large - small)
            print(f"  {mode}: +{grow:.0f} MiB from {small} to {large} rows ({per_row:.0f} B/row)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--format", default="pdf")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--memory", action="store_true", help="peak memory against row count")
    parser.add_argument("--counts", default="10000,100000", help="row counts for --memory")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_once(args.count, args.format, args.child)))
        return
    if args.memory_child is not None:
        mode, path = args.memory_child
        print(json.dumps(memory_once(path, args.format, mode)))
        return
    if args.memory:
        memory_benchmark([int(c) for c in args.counts.split(",")], args.format)
        return
    print(f"render_many: {args.count} mixed letters to {args.format}")
    for jobs in (1, args.jobs):
        done = subprocess.run(
            [sys.executable, __file__, "--count", str(args.count), "--format", args.format,
             "--child", str(jobs)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"  jobs={jobs}: {r['seconds']:.1f} s, {r['letters_per_second']:.1f} letters/s,"
            f" peak RSS main {r['peak_rss_mib_main']:.0f} MiB,"
            f" largest worker {r['peak_rss_mib_worker']:.0f} MiB"
        )


if __name__ == "__main__":
    main()
