"""Names that leave a module keep working for one release, with a ``DeprecationWarning``.

A module lists its departed names and answers for them from its ``__getattr__``::

    _DEPRECATED = {
        "add_signature_fields": moved_to("camon_xinloi.pdf_tools"),
        "FONT_DIR": internal("camon_xinloi._fonts"),
        "lint_formats": internal("camon_xinloi.lint", renamed="_lint_formats"),
    }

    def __getattr__(name: str) -> Any:
        return deprecated_attribute(__name__, name, _DEPRECATED)
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

_NEXT_RELEASE = "the old path goes in the next release"


class Departed(NamedTuple):
    """Why a name is deprecated and where its value is now."""

    advice: str
    """The second half of the warning, after "X is deprecated: "."""
    load: Callable[[str], Any]
    """Called with the name; returns the value the old path still gives."""


def _from(module: str, renamed: str | None) -> Callable[[str], Any]:
    return lambda name: getattr(importlib.import_module(module), renamed or name)


def moved_to(module: str, *, renamed: str | None = None) -> Departed:
    """A public name that now lives in ``module`` (under the name ``renamed``, if given)."""
    return Departed(f"import it from {module}; {_NEXT_RELEASE}", _from(module, renamed))


def internal(module: str, *, renamed: str | None = None) -> Departed:
    """A name that was public by accident; ``module`` holds it now (as ``renamed``, if given)."""
    advice = "it is internal and leaves the public API in the next release"
    return Departed(advice, _from(module, renamed))


def deprecated_attribute(module: str, name: str, departed: Mapping[str, Departed]) -> Any:
    """Return the value of a departed name with a warning, or raise ``AttributeError``.

    Meant to be called from a module's ``__getattr__`` (so the warning points at
    the line that used the old name).

    Examples:
        >>> import pytest
        >>> names = {"OLD": Departed("use NEW", lambda name: 42)}
        >>> with pytest.warns(DeprecationWarning, match="m.OLD is deprecated: use NEW"):
        ...     deprecated_attribute("m", "OLD", names)
        42
        >>> deprecated_attribute("m", "other", names)
        Traceback (most recent call last):
        ...
        AttributeError: module 'm' has no attribute 'other'
    """
    entry = departed.get(name)
    if entry is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warnings.warn(
        f"{module}.{name} is deprecated: {entry.advice}", DeprecationWarning, stacklevel=3
    )
    return entry.load(name)
