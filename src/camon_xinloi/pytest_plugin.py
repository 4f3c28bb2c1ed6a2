"""The pytest plugin of camon_xinloi (entry point ``pytest11``), for downstream tests."""

from __future__ import annotations
