"""docs/architecture.md stays true: every module is in its tables, and imports follow its rules."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "camon_xinloi"
PAGE = ROOT / "docs" / "architecture.md"

ALLOWED = {
    # (flow module, satellite it may import): the PDF renderer writes the record's
    # title and author into the PDF metadata, and uses pdf_tools for merging and the
    # /Sig fields; Letter.record() is a shortcut to record.py.
    ("render/pdf/", "record.py"),
    ("render/pdf/", "pdf_tools/"),
    ("letter.py", "record.py"),
}


def _entry(path: Path) -> str:
    """The name a module has in the tables: `x.py`, `pkg/`, `render/x.py`, `render/pkg/`."""
    parts = path.relative_to(PACKAGE).parts
    if len(parts) == 1:
        return parts[0]
    if parts[0] != "render":
        return f"{parts[0]}/"
    if len(parts) == 2:
        return f"render/{parts[1]}"
    return f"render/{parts[1]}/"


@functools.cache
def _modules() -> dict[str, Path]:
    return {str(p.relative_to(PACKAGE)): p for p in sorted(PACKAGE.rglob("*.py"))}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _path_of(module: str) -> Path | None:
    relative = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / relative / "__init__.py", PACKAGE / f"{relative}.py"):
        if candidate.is_file():
            return candidate
    return None


def _entry_of(module: str) -> str:
    path = _path_of(module)
    assert path is not None, module
    return _entry(path)


def _imports(path: Path) -> set[str]:
    """Every camon_xinloi module the file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("camon_xinloi"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("camon_xinloi"))
    return {m for m in found if _path_of(m) is not None}


@functools.cache
def _tables() -> dict[str, set[str]]:
    """The module names of each '## ' section's table (its "module" column)."""
    sections: dict[str, set[str]] = {}
    current, column, width = "", -1, 0
    for number, line in enumerate(PAGE.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("## "):
            current, column = line[3:], -1
        elif line.startswith("|") and current:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if column < 0:  # the header row
                column, width = cells.index("module"), len(cells)
                continue
            assert len(cells) == width, f"architecture.md:{number}: {width} columns wanted"
            sections.setdefault(current, set()).update(re.findall(r"`([^`]+)`", cells[column]))
    return sections


def _section(title: str) -> set[str]:
    (names,) = [names for heading, names in _tables().items() if heading.startswith(title)]
    return names


def _flow_and_satellites() -> tuple[set[str], set[str]]:
    return _section("The flow"), _section("Satellites")


@pytest.mark.parametrize("relative", sorted({_entry(p) for p in _modules().values()}))
def test_every_module_is_on_the_map(relative: str):
    mapped = _section("The flow") | _section("Satellites") | _section("Shared")
    assert relative in mapped, f"add `{relative}` to a table of docs/architecture.md"


def test_the_map_names_no_module_that_is_gone():
    mapped = _section("The flow") | _section("Satellites") | _section("Shared")
    assert mapped - {_entry(p) for p in _modules().values()} == set()


def test_the_flow_does_not_import_its_satellites():
    flow, satellites = _flow_and_satellites()
    wrong = []
    for path in _modules().values():
        here = _entry(path)
        if here not in flow:
            continue
        for module in _imports(path):
            target = _entry_of(module)
            if target in satellites and (here, target) not in ALLOWED:
                wrong.append(f"{here} imports {target}")
    assert wrong == []


def test_renderers_see_only_the_letter_and_compose_never_renders():
    before_the_letter = {"compose.py", "catalogue.py", "events.py", "issuer.py", "markup.py"}
    for path in _modules().values():
        here = _entry(path)
        targets = {_entry_of(m) for m in _imports(path)}
        if here.startswith("render/"):
            assert targets & before_the_letter == set(), here
        if here in before_the_letter:
            assert {t for t in targets if t.startswith("render/")} == set(), here


def test_the_import_check_sees_imports_inside_functions():
    letter = _modules()["letter.py"]
    assert "camon_xinloi.record" in _imports(letter)  # imported in Letter.record()
    assert _module_name(letter) == "camon_xinloi.letter"
