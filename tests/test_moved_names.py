"""Names that moved in the render/pdf_tools split keep working, with a DeprecationWarning."""

from __future__ import annotations

import importlib

import pytest

from camon_xinloi import _fonts, pdf_tools
from camon_xinloi.render.pdf import _geometry, _glyphs

MOVED = [
    ("camon_xinloi.render.pdf", "add_signature_fields", pdf_tools.add_signature_fields),
    ("camon_xinloi.render.pdf", "FONT_DIR", _fonts.FONT_DIR),
    ("camon_xinloi.render.pdf", "font_codepoints", _fonts.font_codepoints),
    ("camon_xinloi.render.pdf", "check_glyphs", _glyphs.check_glyphs),
    ("camon_xinloi.render.pdf", "png_info", _geometry.png_info),
    ("camon_xinloi.render.pdf", "PngInfo", _geometry.PngInfo),
]


@pytest.mark.parametrize(("module", "name", "now"), MOVED)
def test_old_import_path_warns_and_gives_the_same_object(
    module: str, name: str, now: object
) -> None:
    old = importlib.import_module(module)
    assert name not in old.__all__
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{name} is deprecated"):
        assert getattr(old, name) is now


def test_example_form_is_deprecated_and_still_the_repository_form() -> None:
    assert "EXAMPLE_FORM" not in pdf_tools.__all__
    with pytest.warns(DeprecationWarning, match="EXAMPLE_FORM is deprecated"):
        path = pdf_tools.EXAMPLE_FORM
    assert path.name == "phieu_xin_loi_form.pdf"
    assert path.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("module", ["camon_xinloi.render.pdf", "camon_xinloi.pdf_tools"])
def test_unknown_names_still_raise_attribute_error(module: str) -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = importlib.import_module(module).nothing_here


def test_docx_template_check_moved_to_lint() -> None:
    from camon_xinloi import lint
    from camon_xinloi.render import docx

    for name in ("Problem", "check_docx_template"):
        assert name not in docx.__all__
        with pytest.warns(DeprecationWarning, match=rf"render\.docx\.{name} is deprecated"):
            assert getattr(docx, name) is getattr(lint, name)
