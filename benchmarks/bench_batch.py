"""Benchmark render_many: a district's year of letters to PDF, one process vs --jobs 2.

Run: python benchmarks/bench_batch.py [--count 3000] [--format pdf] [--jobs 2]

Prints letters per second and peak memory (ru_maxrss of this process and of its
children, i.e. the worker processes). Each run is a fresh subprocess so the
numbers of one do not leak into the other. Then the command line itself,
``camon-xinloi render-many --format pdf --jobs 2`` on the same letters as JSON
Lines, with its letters/s and the peak RSS (``VmHWM``) of the main process and
of each worker. Not asserted anywhere.
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


def _peak_rss_by_pid(root: int) -> dict[int, float]:
    """Peak RSS (VmHWM, MiB) of ``root`` and every process below it, from /proc."""
    found: dict[int, float] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        proc = Path(f"/proc/{pid}")
        try:
            status = (proc / "status").read_text()
            children = (proc / "task" / str(pid) / "children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                found[pid] = int(line.split()[1]) / 1024
        todo.extend(int(c) for c in children)
    return found


def run_cli(count: int, fmt: str, jobs: int) -> None:
    """Time ``camon-xinloi render-many`` on ``count`` letters; peak RSS per process."""
    from camon_xinloi.testing import make_events

    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp, "letters.jsonl")
        events = make_events(count, kinds=KINDS)
        rows.write_text(
            "".join(
                json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n" for e in events
            ),
            encoding="utf-8",
        )
        command = [
            sys.executable, "-m", "camon_xinloi.cli", "render-many", str(rows),
            "--issuer", str(repo / "examples" / "ubnd.toml"), "--format", fmt,
            "--jobs", str(jobs), "--out", str(Path(tmp, "out")), "--date", "2026-03-05",
            "--quiet",
        ]  # fmt: skip
        peaks: dict[int, float] = {}
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while process.poll() is None:
            for pid, peak in _peak_rss_by_pid(process.pid).items():
                peaks[pid] = max(peak, peaks.get(pid, 0.0))
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        summary = process.communicate()[1].decode(errors="replace").strip()
        if process.returncode != 0:
            raise SystemExit(f"render-many failed ({process.returncode}): {summary}")
        written = len(list(Path(tmp, "out").glob(f"*.{fmt}")))
    main_peak = peaks.pop(process.pid, 0.0)
    workers = ", ".join(f"{peak:.0f}" for peak in sorted(peaks.values(), reverse=True))
    print(
        f"  render-many --format {fmt} --jobs {jobs}: {written} files in {elapsed:.1f} s,"
        f" {written / elapsed:.1f} letters/s, peak RSS main {main_peak:.0f} MiB,"
        f" workers {workers or '-'} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--format", default="pdf")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_once(args.count, args.format, args.child)))
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
    if sys.platform.startswith("linux"):
        run_cli(args.count, args.format, args.jobs)


if __name__ == "__main__":
    main()
