from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff!)",
    )


class Golden:
    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, relative: str, actual: str) -> None:
        path = GOLDEN / relative
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        assert path.exists(), f"no golden file {relative}; run pytest --update-golden and review"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{relative} differs from the golden file"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(bool(request.config.getoption("--update-golden")))
