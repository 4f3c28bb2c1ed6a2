"""The optional ``sign`` extra: pyHanko (signing, validation) and python-pkcs11 (tokens)."""

from __future__ import annotations

import importlib

from camon_xinloi.errors import MissingDependencyError

EXTRA_HINT = "pip install 'camon-xinloi[sign]'"
"""How to install what signing needs."""


def require(module: str = "pyhanko") -> None:
    """Import ``module`` or raise :class:`MissingDependencyError` naming the ``sign`` extra.

    Examples:
        >>> require("pyhanko")
    """
    try:
        importlib.import_module(module)
    except ImportError as exc:
        what = (
            "PKCS#11 tokens need python-pkcs11" if module == "pkcs11" else "signing needs pyHanko"
        )
        raise MissingDependencyError(
            f"{what}, which the optional 'sign' extra installs: {EXTRA_HINT}"
        ) from exc
