"""TOML from people's editors: a BOM is accepted, hostile nesting is refused quickly.

``tomllib`` recurses on nested arrays and inline tables (a ``RecursionError``)
and keeps a tuple per prefix of a dotted key, so one key of 100,000 parts
takes gigabytes. :func:`loads` refuses both before parsing, raising
``tomllib.TOMLDecodeError`` as any other TOML mistake does.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

__all__ = ["MAX_KEY_PARTS", "loads"]

MAX_KEY_PARTS = 16
"""The most parts of one dotted key or table name (``[a.b.c]`` has 3)."""

_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')
_LONG_KEY = re.compile(rf"(?<![\w-])(?:[\w-]++[ \t]*+\.[ \t]*+){{{MAX_KEY_PARTS}}}")


def loads(text: str) -> dict[str, Any]:
    r"""Parse TOML text; a leading BOM is ignored, hostile nesting is a TOMLDecodeError.

    Examples:
        >>> loads("\ufeffname = 'Xuân Phú'")
        {'name': 'Xuân Phú'}
        >>> loads("a" + ".b" * 20 + " = 1")
        Traceback (most recent call last):
        ...
        tomllib.TOMLDecodeError: a dotted key has more than 16 parts
    """
    text = text.removeprefix("\ufeff")
    if _LONG_KEY.search(_STRING.sub("s", text)):
        raise tomllib.TOMLDecodeError(f"a dotted key has more than {MAX_KEY_PARTS} parts")
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or tables are nested too deeply") from None
