"""Real parallel runs: render_many on worker processes, every byte equal to a serial run.

Worker processes are started with "spawn" (Dask's default for its workers, and
given explicitly to ProcessPoolExecutor): forking a process that has already
rendered a PDF can deadlock on typst's threads, and a spawned worker also shows
that everything a chunk needs travels by pickle.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import pytest

from camon_xinloi.batch import BatchReport, render_many
from camon_xinloi.testing import event_data, example_issuer

pytestmark = pytest.mark.slow

ON = dt.date(2026, 3, 5)
KINDS = (
    "marriage_registered",
    "birth_registered",
    "longevity_celebrated",
    "death_registered",
    "dossier_delayed",
    "service_failure",
    "feedback_received",
    "contribution_received",
    "case_resolved",
)
CHEAP = 200  # text, HTML and DOCX letters per format
PDF = 24


def rows(n: int) -> list[dict[str, Any]]:
    return [event_data(KINDS[i % len(KINDS)], seed=i) for i in range(n)]


def run(fmt: str, n: int, executor: Executor | None) -> BatchReport:
    report = render_many(
        rows(n), fmt, issuer=example_issuer(), on=ON, executor=executor, chunk_size=8
    )
    assert report.ok, [(i.row, i.error) for i in report.failed]
    return report


def assert_same(serial: BatchReport, parallel: BatchReport) -> None:
    assert len(parallel.items) == len(serial.items)
    for a, b in zip(serial.items, parallel.items, strict=True):
        assert (a.row, a.kind, a.template, a.status) == (b.row, b.kind, b.template, b.status)
        assert a.data, a.row
        assert a.data == b.data, f"row {a.row} ({a.kind}) differs from the serial run"


FORMATS = [("text", CHEAP), ("html", CHEAP), ("docx", CHEAP), ("pdf", PDF)]


@pytest.fixture(scope="module")
def serial() -> dict[str, BatchReport]:
    return {fmt: run(fmt, n, None) for fmt, n in FORMATS}


def test_process_pool_matches_serial(serial: dict[str, BatchReport]):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        for fmt, n in FORMATS:
            assert_same(serial[fmt], run(fmt, n, pool))


def test_dask_local_cluster_matches_serial(serial: dict[str, BatchReport]):
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        executor = client.get_executor()
        for fmt, n in FORMATS:
            assert_same(serial[fmt], run(fmt, n, executor))
        # both worker processes unpickled and ran the batch's chunk function
        loaded = client.run(lambda: "camon_xinloi.batch" in sys.modules)
        assert list(loaded.values()) == [True, True]
