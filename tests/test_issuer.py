from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from camon_xinloi import InvalidIssuerError, Issuer, Signatory


def make(name: str, unit_type: str = "phường", **kw: object) -> Issuer:
    return Issuer.model_validate(
        {
            "unit_type": unit_type,
            "name": name,
            "province": "tỉnh Lâm Đồng",
            "signatory": {"full_name": "Lê Văn Tám"},
            **kw,
        }
    )


@pytest.mark.parametrize(
    ("name", "unit_type", "full", "place"),
    [
        ("Xuân Phú", "xã", None, "Xuân Phú"),
        ("15", "phường", None, "Phường 15"),
        ("1 Bảo Lộc", "phường", None, "Phường 1 Bảo Lộc"),
        ("A Lưới 2", "xã", None, "Xã A Lưới 2"),
        ("Trần Hưng Đạo", "phường", True, "Phường Trần Hưng Đạo"),
        ("Phú Quốc", "đặc khu", None, "Phú Quốc"),
    ],
)
def test_place_name_rule_of_decree_30(name, unit_type, full, place):
    assert make(name, unit_type, full_place_name=full).place_name == place


def test_agency_lines_and_committee_in_text():
    issuer = make("Trần Hưng Đạo", full_place_name=True)
    assert issuer.agency_lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG TRẦN HƯNG ĐẠO")
    assert issuer.committee == "Ủy ban nhân dân Phường Trần Hưng Đạo"
    assert make("Xuân Phú", "xã").committee == "Ủy ban nhân dân xã Xuân Phú"


@pytest.mark.parametrize(
    ("kwargs", "lines"),
    [
        ({}, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        (
            {"title": "Phó Chủ tịch", "mode": "KT"},
            ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        ),
        ({"on_behalf_of": None}, ("CHỦ TỊCH",)),
        ({"acting": True}, ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")),
    ],
)
def test_signature_block_lines(kwargs, lines):
    assert Signatory(full_name="lê văn tám", **kwargs).block_lines == lines


def test_signatory_name_is_normalised():
    assert Signatory(full_name="  LÊ  văn TÁM ").full_name == "Lê Văn Tám"


def test_from_toml(tmp_path: Path):
    path = tmp_path / "ubnd.toml"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\n',
        encoding="utf-8",
    )
    assert Issuer.from_toml(path).place_name == "Xuân Phú"


def test_from_toml_errors_name_the_file_and_field(tmp_path: Path):
    path = tmp_path / "ubnd.toml"
    path.write_text('unit_type = "huyện"\nname = "X"\nprovince = "Y"\n', encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match=r"ubnd\.toml.*unit_type.*signatory"):
        Issuer.from_toml(path)
    with pytest.raises(InvalidIssuerError, match="cannot read"):
        Issuer.from_toml(tmp_path / "missing.toml")
    path.write_text("not = [toml", encoding="utf-8")
    with pytest.raises(InvalidIssuerError, match="not valid TOML"):
        Issuer.from_toml(path)


# --------------------------------------------------------------------------- Decree 30, Điều 13


def test_a_deputy_without_a_mode_signs_kt() -> None:
    """Never "TM. ỦY BAN NHÂN DÂN / PHÓ CHỦ TỊCH": a deputy signs for the head."""
    deputy = Signatory(full_name="Lê Văn Tám", title="Phó Chủ tịch")
    assert deputy.block_lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    own = Signatory(full_name="Lê Văn Tám", title="phó chủ tịch", on_behalf_of=None)
    assert own.block_lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(
    ("mode", "lines"),
    [
        ("KT.", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        ("kt", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        (" KT. ", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ],
)
def test_modes_with_the_decrees_dot(mode: str, lines: tuple[str, ...]) -> None:
    signatory = Signatory(full_name="A B", title="Phó Chủ tịch", mode=mode)  # type: ignore[arg-type]
    assert signatory.block_lines == lines


def test_tl_tuq_q_and_tm_written_as_the_decree_writes_them() -> None:
    tl = Signatory(full_name="A B", title="Chánh Văn phòng", mode="TL.")
    assert tl.block_lines == ("TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG")
    assert Signatory(full_name="A B", title="Trưởng phòng", mode="TUQ.").mode == "TUQ"
    acting = Signatory(full_name="A B", mode="Q.")
    assert acting.acting
    assert acting.block_lines == ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH")
    tm = Signatory(full_name="A B", on_behalf_of="TM. Ủy ban nhân dân")
    assert tm.block_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "Ủy viên"}, "no mode is given"),
        ({"title": "Chủ tịch", "mode": "KT."}, "the head"),
        ({"mode": "TM."}, "not a signing mode"),
        ({"mode": "XYZ"}, "mode"),
        ({"mode": "Q.", "acting": False}, "acting is false"),
    ],
)
def test_forms_decree_30_does_not_allow_are_refused(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Signatory(full_name="A B", **kwargs)  # type: ignore[arg-type]


def test_an_issuer_file_with_a_deputy_and_no_mode_signs_kt(tmp_path: Path) -> None:
    path = tmp_path / "ubnd.toml"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\ntitle = "Phó Chủ tịch"\n',
        encoding="utf-8",
    )
    assert Issuer.from_toml(path).signatory.block_lines[1] == "KT. CHỦ TỊCH"
    path.write_text(
        'unit_type = "xã"\nname = "Xuân Phú"\nprovince = "tỉnh Đồng Nai"\n'
        '[signatory]\nfull_name = "Lê Thị Hoa"\ntitle = "Ủy viên"\n',
        encoding="utf-8",
    )
    with pytest.raises(InvalidIssuerError, match="Ủy viên"):
        Issuer.from_toml(path)
