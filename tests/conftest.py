"""The project's tests use the golden fixture of its own pytest plugin (``cx_golden``).

Goldens live in ``tests/golden`` (the plugin's default). ``--update-golden``, the
project's usual spelling, is the plugin's ``--cx-update-golden``: rewrite the goldens
from the current output, then review the diff like code.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="the same as --cx-update-golden (rewrite golden files; review the diff!)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-golden"):
        config.option.cx_update_golden = True
