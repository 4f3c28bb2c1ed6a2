"""The documentation site's sources: every page, every module, every template image.

The site itself is built with warnings as errors by ``.ci/run`` (the ``docs``
extra); these tests need no Sphinx and check what the build would silently
leave out.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from camon_xinloi.catalogue import catalogue

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "camon_xinloi"


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def conf() -> ModuleType:
    return load(DOCS / "conf.py", "docs_conf")


def toctrees(page: str) -> list[str]:
    return re.findall(r"^```\{toctree\}\n(.*?)^```", page, re.S | re.M)


def test_every_page_is_in_the_site(conf: ModuleType):
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    globbed = [t for t in toctrees(index) if ":glob:" in t]
    assert len(globbed) == 1
    assert re.search(r"^\*$", globbed[0], re.M), "the guides toctree must glob every page"
    pages = sorted(p.name for p in DOCS.glob("*.md"))
    assert {"templates.md", "batch.md", "zalo.md", "catalogue.md"} <= set(pages)
    excluded = [p for p in pages for pattern in conf.exclude_patterns if p == pattern]
    assert excluded == []


def test_the_readme_is_the_front_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "```{include} ../README.md" in index


def test_every_module_has_a_reference_page(conf: ModuleType, tmp_path: Path):
    conf.write_reference(folder=tmp_path)
    on_disk = {"camon_xinloi"}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if not any(p.startswith("_") for p in parts):
            on_disk.add(".".join(parts))
    pages = {p.stem for p in tmp_path.glob("*.md")} - {"index"}
    assert pages == on_disk
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert all(f"\n{name}\n" in index for name in on_disk)


def test_reference_pages_document_own_names_only(conf: ModuleType, tmp_path: Path):
    conf.write_reference(folder=tmp_path)
    zalo = (tmp_path / "camon_xinloi.zalo.md").read_text(encoding="utf-8")
    assert ".. automodule:: camon_xinloi.zalo" in zalo
    assert "zns_payload" in zalo
    assert "ZNS_LIMITS" in zalo
    top = (tmp_path / "camon_xinloi.md").read_text(encoding="utf-8")
    # re-exports are documented where they are defined
    assert ":members: __version__\n" in top
    vi = (tmp_path / "camon_xinloi.vi.md").read_text(encoding="utf-8")
    assert ":members:" not in vi
    names = (tmp_path / "camon_xinloi.vi.names.md").read_text(encoding="utf-8")
    assert "normalize_name" in names


def test_markdown_tables_and_fences_in_docstrings_become_literal_blocks(conf: ModuleType):
    lines = ["Intro.", "", "| a | b |", "|---|---|", "| 1 | 2 |", "After.", "```", "x = 1", "```"]
    conf.markdown_in_docstrings(None, "module", "m", None, None, lines)
    assert lines == [
        "Intro.",
        "",
        "::",
        "",
        "    | a | b |",
        "    |---|---|",
        "    | 1 | 2 |",
        "",
        "After.",
        "::",
        "",
        "    x = 1",
        "",
    ]


def test_every_template_has_its_page_one_image():
    tool = load(ROOT / "tools" / "gen_catalogue_docs.py", "gen_catalogue_docs")
    assert tool.missing_images() == [], "run: PYTHONPATH=src python tools/gen_catalogue_docs.py"
    page = (DOCS / "catalogue.md").read_text(encoding="utf-8")
    for template in catalogue().list():
        image = tool.image_path(template.id)
        assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert f"]({image.relative_to(DOCS).as_posix()})" in page
