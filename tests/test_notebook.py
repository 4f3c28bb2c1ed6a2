"""Run examples/draft_template.ipynb: every code cell, in order, with plain exec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "draft_template.ipynb"


def _cells() -> list[dict[str, Any]]:
    data = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells: list[dict[str, Any]] = data["cells"]
    return cells


def test_outputs_are_stripped():
    for cell in _cells():
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for i, cell in enumerate(_cells()):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        exec(compile(source, f"{NOTEBOOK.name}[{i}]", "exec"), namespace)
    letter = namespace["letter"]
    assert letter._repr_html_().startswith("<!DOCTYPE html>")
    assert (tmp_path / "mau_thu_cua_phuong" / "cam_on" / "nao_vet_kenh" / "meta.toml").is_file()
    assert namespace["reloaded"].version == "0.2"
