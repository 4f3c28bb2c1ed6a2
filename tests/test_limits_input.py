"""Text has limits; ids, numbers and dates are checked (issue 18, point 4)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

import camon_xinloi as cx
from camon_xinloi.catalogue import Catalogue, Template, check_template_id
from camon_xinloi.cli import main
from camon_xinloi.events import Person, event_json_schema, validation_problems
from camon_xinloi.testing import example_event, example_issuer
from camon_xinloi.text import LONG_TEXT_MAX, NAME_MAX, SHORT_TEXT_MAX, TEXT_MAX


def _problems(exc: ValidationError) -> dict[str, str]:
    return dict(validation_problems(exc))


def test_a_5_mb_one_word_name_is_refused_naming_field_and_limit():
    with pytest.raises(ValidationError) as info:
        cx.parse_event(
            {
                "kind": "marriage_registered",
                "registered_on": "2026-03-05",
                "spouses": [{"full_name": "x" * 5_000_000}, {"full_name": "Vũ Thị Huệ"}],
            }
        )
    problems = _problems(info.value)
    assert "spouses.0.full_name" in problems
    assert f"at most {NAME_MAX}" in problems["spouses.0.full_name"]


@pytest.mark.parametrize(
    ("field", "limit"),
    [("full_name", NAME_MAX), ("address", TEXT_MAX), ("phone", SHORT_TEXT_MAX)],
)
def test_each_person_field_has_its_limit(field: str, limit: int):
    base = {"full_name": "Lê Thị Hoa"}
    Person.model_validate({**base, field: "a" * limit})
    with pytest.raises(ValidationError, match=f"at most {limit}"):
        Person.model_validate({**base, field: "a" * (limit + 1)})


def test_the_limit_counts_nfc_characters_so_nfd_input_is_not_refused():
    name = "Nguyễn Thị Ánh Tuyết " * 4  # 88 characters in NFC
    nfd = unicodedata.normalize("NFD", name.strip())
    assert len(nfd) > NAME_MAX >= len(name.strip())
    assert Person(full_name=nfd).full_name == unicodedata.normalize("NFC", name.strip())


def test_free_text_has_the_long_limit():
    event = example_event("xin_loi/sai_sot")
    data = event.model_dump(mode="json")
    data["description"] = "chữ " * (LONG_TEXT_MAX // 4)
    cx.parse_event(data)
    data["description"] = "chữ " * (LONG_TEXT_MAX // 4 + 1) + "x"
    with pytest.raises(ValidationError) as info:
        cx.parse_event(data)
    assert f"at most {LONG_TEXT_MAX}" in _problems(info.value)["description"]


def test_issuer_fields_have_limits():
    data = example_issuer().model_dump(mode="json")
    with pytest.raises(cx.InvalidIssuerError, match=rf"signatory\.full_name: .*at most {NAME_MAX}"):
        cx.Issuer.from_dict({**data, "signatory": {"full_name": "x" * 1000}})
    with pytest.raises(cx.InvalidIssuerError, match="distribution"):
        cx.Issuer.from_dict({**data, "distribution": ["Lưu: VT"] * 21})


def test_limits_are_in_the_json_schema():
    schema = event_json_schema("marriage_registered")
    person = schema["$defs"]["Person"]["properties"]
    assert person["full_name"]["maxLength"] == NAME_MAX


@pytest.mark.parametrize(
    "template_id",
    [
        "../x",
        "nhap/..",
        "nhap/../../etc",
        "/etc/passwd",
        "nhap",
        "a/b/c",
        "nhap/.an",
        "nhap/a\\b",
        "c:/x",
        "nhap/",
        "nhap/a b",
        "nhap/x\x00",
    ],
)
def test_unsafe_template_ids_are_refused(template_id: str, tmp_path: Path):
    with pytest.raises(cx.CatalogueError, match="must be '<family>/<name>'"):
        check_template_id(template_id)
    with pytest.raises(cx.CatalogueError):
        Template.from_string(
            "x", kind="marriage_registered", title="T", recipients=["x"], id=template_id
        )
    assert list(tmp_path.iterdir()) == []


def test_template_save_stays_in_its_folder(tmp_path: Path):
    template = Template.from_string(
        "x", kind="marriage_registered", title="T", recipients=["x"], id="nhap/thu_1.2-b"
    )
    folder = template.save(tmp_path / "mau")
    assert folder == tmp_path / "mau" / "nhap" / "thu_1.2-b"
    assert Catalogue.from_directory(tmp_path / "mau").get("nhap/thu_1.2-b").body == "x"
    assert check_template_id("cảm_ơn/góp_ý") == "cảm_ơn/góp_ý"


def test_a_folder_with_an_unsafe_name_is_a_catalogue_error(tmp_path: Path):
    folder = tmp_path / "mau" / "nhap" / "a b"
    folder.mkdir(parents=True)
    (folder / "meta.toml").write_text(
        'kind = "marriage_registered"\nversion = "1"\ntitle = "T"\nrecipients = ["x"]\n',
        encoding="utf-8",
    )
    (folder / "body.j2").write_text("x", encoding="utf-8")
    with pytest.raises(cx.CatalogueError, match="'nhap/a b'"):
        Catalogue.from_directory(tmp_path / "mau")


@pytest.mark.parametrize("number", [0, -1, True])
def test_the_number_must_be_positive(number: int):
    with pytest.raises(ValueError, match="positive"):
        cx.compose(
            "chuc_mung/ket_hon",
            example_event("chuc_mung/ket_hon"),
            issuer=example_issuer(),
            on=dt.date(2026, 3, 5),
            number=number,
        )


@pytest.mark.parametrize("on", [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2101, 1, 1)])
def test_the_issue_date_must_be_in_range(on: dt.date):
    with pytest.raises(ValueError, match="outside the supported range"):
        cx.compose(
            "chuc_mung/ket_hon", example_event("chuc_mung/ket_hon"), issuer=example_issuer(), on=on
        )


@pytest.mark.parametrize("number", ["0", "-3", "x"])
def test_cli_number_must_be_positive(number: str, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as info:
        main(["render", "chuc_mung/ket_hon", "e.json", "--issuer", "i.toml", "--number", number])
    assert info.value.code == 2
    assert "positive whole number" in capsys.readouterr().err
