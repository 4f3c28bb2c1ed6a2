"""The pytest plugin of camon_xinloi (entry point ``pytest11``), for downstream tests.

Fixtures:

* ``cx_issuer``: the :class:`~camon_xinloi.Issuer` of the project's tests, from
  the ini option ``cx_issuer`` (a TOML file, relative to the rootdir), else
  :func:`camon_xinloi.testing.example_issuer`.
* ``cx_catalogue``: the built-in templates, stacked under the folder named by the
  ini option ``cx_templates`` when it is set.
* ``cx_golden``: compares a letter (a Letter, rendered bytes or text) with a
  golden file under ``tests/golden/`` (ini option ``cx_golden_dir``). Run
  ``pytest --cx-update-golden`` to write the goldens, then review the diff.

Nothing heavy is imported until a fixture is used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from camon_xinloi.catalogue import Catalogue
    from camon_xinloi.issuer import Issuer
    from camon_xinloi.letter import Letter

__all__ = ["CxGolden"]


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--cx-update-golden`` and the ini options of the fixtures."""
    group = parser.getgroup("camon_xinloi", "camon_xinloi letters")
    group.addoption(
        "--cx-update-golden",
        action="store_true",
        default=False,
        help="camon_xinloi: rewrite golden letters from the current output (review the diff)",
    )
    parser.addini("cx_issuer", "camon_xinloi: issuer TOML file for the cx_issuer fixture")
    parser.addini("cx_templates", "camon_xinloi: template folder stacked over the built-ins")
    parser.addini("cx_golden_dir", "camon_xinloi: folder of golden letters", default="tests/golden")


def _ini_path(config: pytest.Config, name: str) -> Path | None:
    value = config.getini(name)
    if not value:
        return None
    path = Path(str(value))
    return path if path.is_absolute() else Path(config.rootpath) / path


class CxGolden:
    """Compare letters with golden files; ``update=True`` rewrites them instead."""

    def __init__(self, directory: Path, *, update: bool, default_name: str) -> None:
        self.directory = directory
        self.update = update
        self.default_name = default_name

    def path(self, name: str | None = None, *, suffix: str = ".txt") -> Path:
        """Return the golden file for ``name`` (the test's name by default)."""
        stem = name or self.default_name
        return self.directory / (stem if Path(stem).suffix else stem + suffix)

    def check(self, actual: Letter | bytes | str, name: str | None = None) -> None:
        """Compare the letter's text with the golden file ``name``.txt (a diff on failure)."""
        from camon_xinloi.testing import assert_letter_equal, letter_text

        self._compare(self.path(name), letter_text(actual), assert_letter_equal)

    def check_parts(self, actual: Letter | bytes | str, name: str | None = None) -> None:
        """Compare the letter's parts (header, date, body, ...) with ``name``.json."""
        from camon_xinloi.testing import letter_parts

        parts = letter_parts(actual).as_dict()
        text = json.dumps(parts, ensure_ascii=False, indent=2) + "\n"

        def compare(expected: str, got: str) -> None:
            import difflib

            if expected != got:
                diff = "\n".join(
                    difflib.unified_diff(
                        expected.splitlines(), got.splitlines(), "golden", "actual", lineterm=""
                    )
                )
                raise AssertionError(f"letter parts differ:\n{diff}")

        self._compare(self.path(name, suffix=".json"), text, compare)

    def _compare(self, path: Path, text: str, compare: Callable[[str, str], None]) -> None:
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            pytest.fail(
                f"no golden file {path}; run pytest --cx-update-golden and review it",
                pytrace=False,
            )
        expected = path.read_text(encoding="utf-8")
        compare(expected, text)


@pytest.fixture
def cx_issuer(pytestconfig: pytest.Config) -> Issuer:
    """The issuer for letters in tests (ini ``cx_issuer``, else the example issuer)."""
    path = _ini_path(pytestconfig, "cx_issuer")
    if path is None:
        from camon_xinloi.testing import example_issuer

        return example_issuer()
    from camon_xinloi.issuer import Issuer

    return Issuer.from_toml(path)


@pytest.fixture
def cx_catalogue(pytestconfig: pytest.Config) -> Catalogue:
    """The template catalogue (ini ``cx_templates`` stacked over the built-ins)."""
    from camon_xinloi.catalogue import Catalogue, catalogue

    path = _ini_path(pytestconfig, "cx_templates")
    return catalogue() if path is None else Catalogue.from_directory(path)


@pytest.fixture
def cx_golden(request: pytest.FixtureRequest) -> CxGolden:
    """Compare letters with golden files; ``pytest --cx-update-golden`` rewrites them."""
    config = request.config
    directory = _ini_path(config, "cx_golden_dir") or Path(config.rootpath) / "tests" / "golden"
    name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
    return CxGolden(
        directory, update=bool(config.getoption("--cx-update-golden")), default_name=name
    )
