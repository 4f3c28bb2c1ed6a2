"""The docs cover the public API and the catalogue, and their examples run.

Convention for ```python blocks in README.md and docs/*.md: every block runs,
unless the line just before its opening fence is ``<!-- no-run -->`` (for
blocks that need a server, a cluster or files only the reader has). The
runnable blocks of one page run in order in one namespace, like the cells of
a notebook, in a temporary copy of ``examples/`` (so ``ubnd.toml``,
``ket_hon.json`` and ``user_letterhead.docx`` are at hand). A block that starts
with ``>>>`` is run as a doctest.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import camon_xinloi
import camon_xinloi.vi
from camon_xinloi.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NO_RUN = "<!-- no-run -->"
FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    code: str
    run: bool


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        line = text.count("\n", 0, match.start()) + 2  # the first line of code
        found.append(Block(page, line, match.group(1), before.strip() != NO_RUN))
    return found


def docs_text() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in PAGES)


def load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (i) every public name is mentioned, as code, somewhere in the docs


@pytest.mark.parametrize(
    ("module", "name"),
    [(m.__name__, n) for m in (camon_xinloi, camon_xinloi.vi) for n in m.__all__],
)
def test_public_name_is_documented(module: str, name: str):
    pattern = re.compile(rf"`(?:[\w.]+\.)?{re.escape(name)}\b[^`\n]*`")
    assert pattern.search(docs_text()), (
        f"{module}.{name} is not mentioned in README.md or docs/*.md; add it to docs/api.md"
    )


# (ii) every template id is in the docs; the generated catalogue table is fresh


@pytest.mark.parametrize("template_id", [t.id for t in catalogue().list()])
def test_template_id_is_documented(template_id: str):
    assert f"`{template_id}`" in docs_text()


def test_catalogue_table_is_fresh():
    tool = load_tool("gen_catalogue_docs")
    current = tool.PAGE.read_text(encoding="utf-8")
    assert current == tool.updated_page(current), (
        "docs/catalogue.md is stale; run: PYTHONPATH=src python tools/gen_catalogue_docs.py"
    )


# (iii) the examples run


def test_convention_is_applied():
    """The no-run marker is used, and only for blocks that need something external."""
    skipped = [b for page in PAGES for b in blocks(page) if not b.run]
    assert skipped, "no block is marked no-run: has the convention changed?"
    runnable = [b for page in PAGES for b in blocks(page) if b.run]
    for block in runnable:
        for needs in ("dask", "ray.init", "uvicorn", "Client("):
            assert needs not in block.code, f"{block.page.name}:{block.line} needs {needs}"


@pytest.mark.parametrize(
    "page", [p for p in PAGES if any(b.run for b in blocks(p))], ids=lambda p: p.name
)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    work = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", work, ignore=shutil.ignore_patterns("downstream"))
    monkeypatch.chdir(work)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for block in blocks(page):
        if not block.run:
            continue
        where = f"{page.relative_to(ROOT)}:{block.line}"
        if block.code.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(
                block.code, namespace, where, str(page), block.line
            )
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test)
            assert runner.failures == 0, f"doctest failed in {where}"
        else:
            exec(compile(block.code, where, "exec"), namespace)
