"""Sphinx configuration: the Markdown pages of docs/ (MyST) and an API reference from docstrings.

Build with ``.venv/bin/sphinx-build -W -b html docs docs/_build/html`` (the ``docs`` extra).
The pages are every ``docs/*.md`` (a glob in index.md, so new pages join by themselves);
the API reference (``docs/reference/``) is written at build time, one page per module
of the package, so new modules join by themselves too.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import camon_xinloi

DOCS = Path(__file__).resolve().parent
REFERENCE = DOCS / "reference"

project = "camon_xinloi"
author = "camon_xinloi developers"
copyright = "2026, camon_xinloi developers"
release = camon_xinloi.__version__
language = "en"

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # "Attributes:" as fields: no second entry beside autodoc's own
autodoc_member_order = "bysource"
autodoc_typehints = "description"
html_theme = "furo"
html_title = "camon_xinloi"


def modules() -> list[str]:
    """The package and every public module under it."""
    found = [
        m.name
        for m in pkgutil.walk_packages(camon_xinloi.__path__, "camon_xinloi.")
        if not any(part.startswith("_") for part in m.name.split("."))
    ]
    return ["camon_xinloi", *sorted(found)]


def _own_members(name: str) -> list[str]:
    """The names of ``__all__`` that the module defines itself (not re-exports)."""
    module = importlib.import_module(name)
    source = inspect.getsource(module)
    defined: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.add(node.target.id)
    return [n for n in getattr(module, "__all__", ()) if n in defined]


def write_reference(_app: Any = None, folder: Path = REFERENCE) -> None:
    """Write one page per module into docs/reference/, and an index of them."""
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.md"):
        stale.unlink()
    names = modules()
    for name in names:
        members = _own_members(name)
        option = f"   :members: {', '.join(members)}\n" if members else ""
        (folder / f"{name}.md").write_text(
            f"# `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n{option}```\n",
            encoding="utf-8",
        )
    toc = "\n".join(names)
    (folder / "index.md").write_text(
        "# API reference\n\nGenerated from the docstrings (Google style), one page per module."
        " [api.md](../api.md) is the one-line overview.\n\n"
        f"```{{toctree}}\n:maxdepth: 1\n\n{toc}\n```\n",
        encoding="utf-8",
    )


def markdown_in_docstrings(
    _app: Any, _what: str, _name: str, _obj: Any, _options: Any, lines: list[str]
) -> None:
    """Show the Markdown tables and fences some docstrings use as literal blocks.

    The docstrings are read in the terminal (``help()``) and in the source, where a
    Markdown table reads best; reStructuredText would take its ``|`` for substitutions.
    """
    out: list[str] = []
    fenced = False
    for line in lines:
        bare = line.strip()
        if bare.startswith("```"):
            fenced = not fenced
            out.extend(["::", ""] if fenced else [""])
            continue
        if fenced:
            out.append("    " + line)
        elif bare.startswith("|") and bare.endswith("|"):
            if not out or not out[-1].startswith("    |"):
                out.extend(["::", ""])
            out.append("    " + line)
        else:
            if out and out[-1].startswith("    |") and bare:
                out.append("")
            out.append(line)
    lines[:] = out


def setup(app: Any) -> None:
    """Write the reference pages before Sphinx reads the sources; read Markdown bits."""
    app.connect("builder-inited", write_reference)
    app.connect("autodoc-process-docstring", markdown_in_docstrings)
