from __future__ import annotations

import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from camon_xinloi.catalogue import catalogue
from camon_xinloi.events import Event, Person, event_kinds
from camon_xinloi.render import render
from camon_xinloi.testing import (
    EXAMPLE_DATE,
    LetterParts,
    assert_letter_equal,
    docx_text,
    events,
    example_issuer,
    example_letter,
    hostile_names,
    hostile_text,
    letter_parts,
    letter_text,
    make_event,
    make_events,
    pdf_text,
)
from camon_xinloi.text import clean_text

ALL_TEMPLATES = catalogue().ids()


@pytest.mark.parametrize("kind", event_kinds())
def test_factory_for_every_kind(kind):
    first, other = make_event(kind, seed=1), make_event(kind, seed=2)
    assert first.kind == kind
    assert first != other  # the seed varies the data
    assert make_event(kind, seed=1) == first  # and is reproducible


def test_factory_overrides_merge_into_nested_models():
    event = make_event("death_registered", addressee={"full_name": "đào thị yến"})
    assert event.addressee.full_name == "Đào Thị Yến"  # type: ignore[attr-defined]
    assert event.addressee.sex is not None  # type: ignore[attr-defined]


def test_factory_addresses_follow_the_2025_reform():
    for event in make_events(40):
        text = event.model_dump_json()
        assert "huyện" not in text
        assert "quận" not in text


def test_make_events_cycles_kinds():
    assert [e.kind for e in make_events(len(event_kinds()) + 1)][-1] == event_kinds()[0]


@settings(max_examples=60, deadline=None)
@given(hostile_text())
def test_hostile_text_is_valid_text(text):
    assert clean_text(text.strip()) == unicodedata.normalize("NFC", text.strip())


@settings(max_examples=60, deadline=None)
@given(hostile_names())
def test_hostile_names_are_valid_names(name):
    assert Person(full_name=name).full_name


@pytest.mark.parametrize("kind", event_kinds())
def test_events_strategy_gives_valid_events_of_the_kind(kind):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(events(kind))
    def check(event: Event) -> None:
        assert event.kind == kind
        assert type(event).model_validate(event.model_dump()) == event

    check()


@settings(max_examples=30, deadline=None)
@given(events())
def test_events_of_any_kind(event):
    assert event.kind in event_kinds()


@settings(max_examples=20, deadline=None)
@given(events("marriage_registered"))
def test_hostile_names_appear_unchanged_in_text(event):
    from camon_xinloi.compose import compose

    letter = compose("chuc_mung/ket_hon", event, issuer=example_issuer(), on=EXAMPLE_DATE)
    text = render(letter, "text").decode("utf-8")
    for spouse in event.spouses:
        assert spouse.full_name in text


@pytest.mark.parametrize("template_id", ALL_TEMPLATES)
def test_letter_parts_agree_across_formats(template_id):
    letter = example_letter(template_id)
    expected = letter_parts(letter)
    assert isinstance(expected, LetterParts)
    assert expected.body[-1].endswith("./.")
    for fmt in ("text", "docx", "pdf"):
        assert letter_parts(render(letter, fmt)) == expected, fmt


def test_letter_parts_fields():
    parts = letter_parts(render(example_letter(), "pdf"))
    assert parts.header == (
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG 1 BẢO LỘC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    )
    assert parts.number_line == "Số: 05/UBND-VX"
    assert parts.date_line == "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026"
    assert parts.title == "THƯ CHÚC MỪNG"
    assert parts.salutation == "Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Huệ"
    assert parts.signature == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert parts.name == "Trần Văn Minh"
    assert parts.distribution == ("- Như trên;", "- Lưu: VT, VX.")


def test_draft_parts():
    parts = letter_parts(render(example_letter(draft=True), "text"))
    assert parts.number_line == "Số: /UBND-VX"
    assert parts.date_line == "Phường 1 Bảo Lộc, ngày tháng năm 2026"


def test_docx_and_pdf_text_are_nfc_in_reading_order():
    letter = example_letter()
    for text in (docx_text(render(letter, "docx")), pdf_text(render(letter, "pdf"))):
        assert text == unicodedata.normalize("NFC", text)
        assert text.index("ỦY BAN NHÂN DÂN") < text.index("THƯ CHÚC MỪNG") < text.index("Kính gửi")
        assert text.index("Kính gửi") < text.index("Trân trọng./.") < text.index("Trần Văn Minh")


def test_letter_text_sniffs_formats():
    letter = example_letter()
    assert letter_text(letter) == letter.text
    assert letter_text(render(letter, "text")) == render(letter, "text").decode()
    assert "THƯ CHÚC MỪNG" in letter_text(render(letter, "pdf"))
    assert "THƯ CHÚC MỪNG" in letter_text(render(letter, "docx"))
    html = b"<!DOCTYPE html><html><head><style>p{}</style></head><body><p>A &amp; B</p></body>"
    assert letter_text(html) == "A & B"


def test_assert_letter_equal_shows_a_diff():
    a = example_letter()
    assert_letter_equal(a, render(a, "text"))
    b = example_letter("chuc_mung/khai_sinh")
    with pytest.raises(AssertionError) as info:
        assert_letter_equal(a, b)
    message = str(info.value)
    assert "--- expected" in message
    assert "+++ actual" in message
    assert "-Kính gửi: Anh Lê Trung Dũng" in message


def test_import_without_hypothesis():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import camon_xinloi.testing as t\n"
        "t.make_event('case_resolved')\n"
        "try:\n    t.events()\nexcept ImportError as e:\n    print('ok', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith("ok")
    assert "camon-xinloi[test]" in done.stdout


def test_plugin_golden_fixture_in_a_downstream_project(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\ncx_golden_dir = golden\n", "utf-8")
    (tmp_path / "test_x.py").write_text(
        textwrap.dedent(
            """
            from camon_xinloi.testing import example_letter

            def test_letter(cx_golden, cx_issuer, cx_catalogue):
                assert cx_issuer.place_name == "Phường 1 Bảo Lộc"
                assert "chuc_mung/ket_hon" in cx_catalogue
                cx_golden.check(example_letter())
                cx_golden.check_parts(example_letter())
            """
        ),
        "utf-8",
    )

    def pytest_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )

    missing = pytest_run()
    assert missing.returncode == 1
    assert "--cx-update-golden" in missing.stdout
    assert pytest_run("--cx-update-golden").returncode == 0
    golden = tmp_path / "golden" / "test_letter.txt"
    assert golden.read_text("utf-8") == example_letter().text
    assert (tmp_path / "golden" / "test_letter.json").exists()
    assert pytest_run().returncode == 0
    golden.write_text(golden.read_text("utf-8").replace("Huệ", "Hoa"), "utf-8")
    failed = pytest_run()
    assert failed.returncode == 1
    assert "-Kính gửi: Anh Lê Trung Dũng và chị Vũ Thị Hoa" in failed.stdout


def test_downstream_example_layout():
    root = Path(__file__).parent.parent / "examples" / "downstream"
    assert (root / "pytest.ini").exists()
    assert (root / "tests" / "golden" / "ket_hon.txt").exists()
