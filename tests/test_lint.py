from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from camon_xinloi.catalogue import builtin_templates_dir
from camon_xinloi.lint import Problem, check_templates

KET_HON = builtin_templates_dir() / "chuc_mung" / "ket_hon"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    shutil.copytree(KET_HON, tmp_path / "chuc_mung" / "ket_hon")
    return tmp_path


def _folder(root: Path) -> Path:
    return root / "chuc_mung" / "ket_hon"


def test_builtin_catalogue_is_clean():
    assert check_templates() == []


def test_a_letter_the_pdf_cannot_print_is_a_finding(user_dir: Path):
    """Every example is rendered in every format: a glyph Tinos lacks fails the PDF."""
    body = _folder(user_dir) / "body.j2"
    body.write_text(body.read_text(encoding="utf-8") + "\nChúc mừng 🌸./.\n", encoding="utf-8")
    problems = [str(p) for p in check_templates(user_dir)]
    assert any("does not render as pdf" in p and "U+1F338" in p for p in problems), problems


def test_internal_names_warn():
    import camon_xinloi.lint as lint

    with pytest.warns(DeprecationWarning, match=r"lint\.lint_formats is deprecated"):
        assert lint.lint_formats() == ("text", "html", "sms", "docx", "pdf")
    with pytest.warns(DeprecationWarning, match=r"lint\.CONTEXT_VARIABLES is deprecated"):
        variables = lint.CONTEXT_VARIABLES
    assert variables == {"event", "issuer", "on"}
    assert "lint_formats" not in lint.__all__
    with pytest.raises(AttributeError):
        _ = lint.nothing_here


def test_a_copy_is_clean_as_tree_and_as_one_folder(user_dir: Path):
    assert check_templates(user_dir) == []
    assert check_templates(_folder(user_dir)) == []


def test_bad_metadata_is_reported_with_its_path(user_dir: Path):
    meta = _folder(user_dir) / "meta.toml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("marriage_registered", "wedding"),
        encoding="utf-8",
    )
    (problem,) = check_templates(user_dir)
    assert isinstance(problem, Problem)
    assert problem.path == str(_folder(user_dir))
    assert "unknown event kind 'wedding'" in problem.message
    assert str(_folder(user_dir)) in str(problem)


def test_invalid_toml(user_dir: Path):
    (_folder(user_dir) / "meta.toml").write_text("kind = \n", encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert "not valid TOML" in problem.message


def test_hostile_toml_nesting_is_a_finding_not_gigabytes(user_dir: Path):
    """tomllib keeps a tuple per prefix of a dotted key: 100,000 parts would take GBs."""
    (_folder(user_dir) / "meta.toml").write_text("a" + ".b" * 100_000 + " = 1\n", encoding="utf-8")
    problems = [str(p) for p in check_templates(user_dir)]
    assert any("meta.toml is not valid TOML" in p and "more than 16 parts" in p for p in problems)


def test_undeclared_variable(user_dir: Path):
    body = _folder(user_dir) / "body.j2"
    body.write_text("Kính gửi {{ nguoi_nhan }}.\n", encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert "unknown variable(s) nguoi_nhan" in problem.message


def test_syntax_error_names_the_line(user_dir: Path):
    (_folder(user_dir) / "body.j2").write_text("Dòng một.\n\n{% if %}\n", encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert "body.j2, line 3: syntax error" in problem.message


def test_missing_and_invalid_example(user_dir: Path):
    example = _folder(user_dir) / "example.json"
    data = json.loads(example.read_text(encoding="utf-8"))
    data["registered_on"] = "không phải ngày"
    example.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert "example.json is not a valid event" in problem.message
    assert "registered_on" in problem.message
    example.unlink()
    (problem,) = check_templates(user_dir)
    assert "no example.json" in problem.message


def test_example_of_another_kind(user_dir: Path):
    other = builtin_templates_dir() / "cam_on" / "gop_y" / "example.json"
    shutil.copy(other, _folder(user_dir) / "example.json")
    (problem,) = check_templates(user_dir)
    assert "'feedback_received' event" in problem.message


def test_example_that_does_not_compose(user_dir: Path):
    (_folder(user_dir) / "body.j2").write_text("{{ event.nothing }}\n", encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert "does not compose" in problem.message
    assert "chuc_mung/ket_hon" in problem.message


def test_text_that_is_not_nfc(user_dir: Path):
    body = _folder(user_dir) / "body.j2"
    body.write_text(unicodedata.normalize("NFD", "Chúc mừng.\n"), encoding="utf-8")
    (problem,) = check_templates(user_dir)
    assert problem.path == str(body)
    assert "NFC" in problem.message


def test_not_a_folder(tmp_path: Path):
    (problem,) = check_templates(tmp_path / "nope")
    assert "not a folder" in problem.message
    (problem,) = check_templates(tmp_path)
    assert "no template found" in problem.message
