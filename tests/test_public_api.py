from __future__ import annotations

import camon_xinloi as cx
import camon_xinloi.vi as vi


def test_all_is_sorted_and_complete():
    assert cx.__all__ == sorted(cx.__all__)
    for name in cx.__all__:
        assert hasattr(cx, name), name
    public = {
        name
        for name, value in vars(cx).items()
        if not name.startswith("_")
        and type(value).__name__ not in ("module", "_Feature")  # submodules, __future__
    }
    assert public <= set(cx.__all__)


def test_vi_all_is_sorted_and_complete():
    assert vi.__all__ == sorted(vi.__all__)
    for name in vi.__all__:
        assert callable(getattr(vi, name)) or isinstance(getattr(vi, name), type), name
