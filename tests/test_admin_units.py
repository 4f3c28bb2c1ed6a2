from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camon_xinloi import admin_units
from camon_xinloi.admin_units import AdminUnit, find, get, search, successor, units
from camon_xinloi.errors import (
    AmbiguousUnitError,
    RegisterDataError,
    UnitMismatchError,
    UnitNotFoundError,
)

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = json.loads((ROOT / "tests" / "data" / "units_2025_summary.json").read_text("utf-8"))
NAMED_AFTER = tomllib.loads((ROOT / "tools" / "units_named_after.toml").read_text("utf-8"))
ALL = units()


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# --- the data --------------------------------------------------------------------


def test_counts_match_the_reform_figures():
    # domain.md §7: 3,321 units = 2,621 xã + 687 phường + 13 đặc khu, in 34 provinces.
    assert len(ALL) == 3321
    assert Counter(u.unit_type for u in ALL) == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert len(admin_units.provinces()) == 34
    by_province = Counter(u.province for u in ALL)
    assert by_province["Thành phố Hà Nội"] == 126
    assert by_province["Thành phố Hồ Chí Minh"] == 168
    assert admin_units.valid_from().isoformat() == "2025-07-01"


def test_counts_match_the_source_summary():
    # The summary is written by tools/gen_units.py from the source (vietnamadminunits).
    assert SUMMARY["units"] == len(ALL)
    assert SUMMARY["valid_from"] == admin_units.valid_from().isoformat()
    assert Counter(u.unit_type for u in ALL) == SUMMARY["by_type"]
    assert Counter(u.province for u in ALL) == SUMMARY["by_province"]
    assert Counter(u.named_after or "-" for u in ALL) == SUMMARY["by_named_after"]
    table = admin_units._successors().rows
    assert len(table) == SUMMARY["old_units"]
    assert sum(1 for _, codes in table if len(codes) > 1) == SUMMARY["old_units_split"]


def test_codes_are_unique_five_digits_and_sorted():
    codes = [u.code for u in ALL]
    assert len(set(codes)) == len(codes) == SUMMARY["distinct_codes"]
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    assert codes == sorted(codes)


def test_the_thirteen_special_zones():
    # domain.md §7 names them.
    zones = {u.name for u in ALL if u.unit_type == "đặc khu"}
    assert zones == {
        "Vân Đồn", "Cô Tô", "Cát Hải", "Bạch Long Vĩ", "Cồn Cỏ", "Hoàng Sa", "Lý Sơn",
        "Trường Sa", "Phú Quý", "Côn Đảo", "Kiên Hải", "Phú Quốc", "Thổ Châu",
    }  # fmt: skip


def test_text_is_nfc_and_printable():
    for unit in ALL:
        for text in (unit.name, unit.province):
            assert text == unicodedata.normalize("NFC", text) == text.strip()
            assert all(ch.isprintable() for ch in text)


def test_numbered_units_of_domain_md_are_flagged():
    # domain.md §1.4: numbered units that still exist after the merger.
    for name in ("1 Bảo Lộc", "2 Bảo Lộc", "3 Bảo Lộc", "Hà Giang 1", "Hà Giang 2",
                 "Móng Cái 3", "A Lưới 5", "Sơn Kim 2", "Đam Rông 1", "Phú Hòa 2"):  # fmt: skip
        (unit,) = [u for u in ALL if u.name == name]
        assert unit.named_after == "number"
    assert all((u.named_after == "number") == any(c.isdigit() for c in u.name) for u in ALL)


def test_reviewed_list_of_persons_and_events_is_in_the_data():
    entries = NAMED_AFTER["unit"]
    assert len({e["code"] for e in entries}) == len(entries)
    for entry in entries:
        unit = get(entry["code"])
        assert unit.name == entry["name"]
        assert unit.named_after == entry["kind"] in ("person", "event")
        assert entry["source"].startswith("https://")
        assert entry["refers_to"]
    flagged = {u.code for u in ALL if u.named_after in ("person", "event")}
    assert flagged == {e["code"] for e in entries}
    # The cases of the issue and of domain.md.
    for name, kind in (("Trần Hưng Đạo", "person"), ("Điện Biên Phủ", "event"),
                       ("Quang Trung", "person"), ("Lê Lợi", "person")):  # fmt: skip
        assert {u.named_after for u in ALL if u.name == name} == {kind}


def test_wheel_budget_of_the_data_files():
    data = ROOT / "src" / "camon_xinloi" / "data"
    assert sum(p.stat().st_size for p in data.glob("*.gz")) <= 200_000


def test_importing_the_library_does_not_read_the_register():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: e == 'open' and '_2025.tsv' in str(a[0])"
        " and opened.append(a[0]))\n"
        "import camon_xinloi, camon_xinloi.admin_units, camon_xinloi.issuer, camon_xinloi.cli\n"
        "assert not opened, opened\n"
        "camon_xinloi.admin_units.get('26983')\n"
        "assert len(opened) == 1, opened\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout == "ok\n", result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not gzip", "cannot read the data file"),
        (gzip.compress(b"# valid_from\t2025-07-01\n"), "holds no units"),
        (gzip.compress(b"# valid_from\t2025-07-01\n00001\tx\n"), "line 2: expected 5 columns"),
        (gzip.compress(b"00001\txa\tA\tB\t\n"), "no valid_from"),
        (gzip.compress(b"# valid_from\t2025-07-01\n1\tx\xc3\xa3\tA\tB\t\n"), "malformed unit"),
        (gzip.compress(b"# valid_from\t2025-07-01\n\xff\n"), "cannot read the data file"),
    ],
)
def test_a_broken_data_file_is_an_error_naming_it(tmp_path, content, message):
    path = tmp_path / "units_2025.tsv.gz"
    path.write_bytes(content)
    with pytest.raises(RegisterDataError, match=message) as info:
        admin_units._read_units(path)
    assert str(path) in str(info.value)
    with pytest.raises(RegisterDataError, match="cannot read"):
        admin_units._read_units(tmp_path / "missing.tsv.gz")


# --- look-up ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "26983",
        "Bảy Hiền",
        "bay hien",
        "BAY HIEN",
        "Phường Bảy Hiền",
        "phuong bay hien",
        "  phường   BẢY  hiền ",
        unicodedata.normalize("NFD", "Phường Bảy Hiền"),
    ],
)
def test_find_by_code_or_any_spelling_of_the_name(text):
    assert find(text).code == "26983"
    assert find(text, province="Thành phố Hồ Chí Minh", unit_type="phường").code == "26983"


@pytest.mark.parametrize("province", ["Hồ Chí Minh", "TP HCM", "thành phố hồ chí minh", "hcm"])
def test_province_spellings(province):
    assert find("Bảy Hiền", province=province).code == "26983"


def test_every_unit_is_found_by_code_full_name_and_bare_name():
    for unit in ALL:
        assert get(unit.code) is unit
        assert find(unit.full_name, province=unit.province) is unit
        bare = strip_marks(unit.name)
        same = [u for u in ALL if u.province == unit.province and u.unit_type == unit.unit_type
                and strip_marks(u.name) == bare]  # fmt: skip
        if len(same) > 1 and unit.name != bare and all(u.name != bare for u in same):
            with pytest.raises(AmbiguousUnitError) as info:  # differ only by their marks
                find(bare, province=unit.province, unit_type=unit.unit_type)
            assert unit in info.value.candidates
        else:  # the unit, or another whose name is exactly the unmarked text ("Thanh An")
            found = find(bare, province=unit.province, unit_type=unit.unit_type)
            assert found is unit or found.name == strip_marks(unit.name)


def test_names_that_differ_only_by_diacritics_are_ambiguous_without_them():
    with pytest.raises(AmbiguousUnitError) as info:
        find("Cam Giang", province="Hải Phòng")
    assert {str(c) for c in info.value.candidates} == {
        "Xã Cẩm Giang, Thành phố Hải Phòng (10888)",
        "Xã Cẩm Giàng, Thành phố Hải Phòng (10903)",
    }
    assert find("Cẩm Giàng", province="Hải Phòng").code == "10903"


def test_ambiguous_name_lists_every_candidate_with_province_and_code():
    with pytest.raises(AmbiguousUnitError) as info:
        find("Xuân Phú")
    message = str(info.value)
    assert "Xã Xuân Phú, Thành phố Đà Nẵng (20650)" in message
    assert "Xã Xuân Phú, Tỉnh Đồng Nai (26458)" in message
    assert "province" in message
    assert len(info.value.candidates) == 2
    assert find("Xuân Phú", province="Đồng Nai").code == "26458"


def test_unknown_name_suggests_the_three_closest():
    with pytest.raises(UnitNotFoundError, match="did you mean Phường Bảy Hiền") as info:
        find("Bay Hein")
    assert len(info.value.suggestions) == 3
    assert info.value.suggestions[0] == get("26983")
    with pytest.raises(UnitNotFoundError, match="in Thành phố Hồ Chí Minh") as info:
        find("Tan Dinhh", province="Hồ Chí Minh")
    assert get("26737") in info.value.suggestions
    assert all(u.province == "Thành phố Hồ Chí Minh" for u in info.value.suggestions)  # type: ignore[attr-defined]


def test_a_pre_reform_name_points_to_its_successor():
    with pytest.raises(UnitNotFoundError, match=r"Phường Thịnh Liệt, Quận Hoàng Mai.* is now"):
        find("Phường Thịnh Liệt")
    with pytest.raises(UnitNotFoundError, match=r"successor\(name, district="):
        find("Phường 15", province="Hồ Chí Minh")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "Xã Bảy Hiền"}, r"Phường Bảy Hiền.*\(26983\), a phường, not a xã"),
        ({"text": "Bảy Hiền", "unit_type": "xã"}, "a phường, not a xã"),
        ({"text": "26983", "unit_type": "đặc khu"}, "a phường, not a đặc khu"),
        ({"text": "Bảy Hiền", "province": "Đồng Nai"}, "not in Tỉnh Đồng Nai: the register has"),
        ({"text": "26983", "province": "Hà Nội"}, "not in Thành phố Hà Nội"),
    ],
)
def test_type_or_province_that_does_not_match(kwargs, message):
    with pytest.raises(UnitMismatchError, match=message) as info:
        find(**kwargs)
    assert get("26983") in info.value.registered


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "99999"}, "no unit has the code '99999'"),
        ({"text": "Bảy Hiền", "province": "Atlantis"}, "unknown province 'Atlantis'"),
        (
            {"text": "Bảy Hiền", "province": "tỉnh Bình Dương"},
            r"Tỉnh Bình Dương \(before 1 July 2025\) is now part of Thành phố Hồ Chí Minh",
        ),
        ({"text": "Bảy Hiền", "unit_type": "huyện"}, "unknown unit type 'huyện'"),
    ],
)
def test_unknown_code_province_or_type(kwargs, message):
    with pytest.raises(UnitNotFoundError, match=message):
        find(**kwargs)


def test_get_refuses_what_is_not_a_code():
    with pytest.raises(UnitNotFoundError, match="a code has 5 digits"):
        get("2698")


@given(st.text(max_size=40))
def test_find_never_fails_other_than_with_a_unit_error(text):
    try:
        unit = find(text)
    except (UnitNotFoundError, AmbiguousUnitError, UnitMismatchError):
        return
    assert isinstance(unit, AdminUnit)


def test_search():
    assert [u.code for u in search("bay hien")] == ["26983"]
    found = search("Xuân Phú")
    assert {u.code for u in found[:2]} == {"20650", "26458"}  # exact names first
    assert all("xuan phu" in admin_units._fold(u.name) for u in found)
    assert [u.code for u in search("26983")] == ["26983"]
    assert search("Trần Hưng Đạo", province="Hải Phòng") == [get("10570")]
    assert len(search("Bay Hein")) == 3  # nothing contains it: the closest names
    assert len(search("xa", limit=5)) == 5


# --- successors ------------------------------------------------------------------


def test_successor_of_a_whole_unit():
    s = successor("Phường 11", district="Quận Tân Bình", province="Thành phố Hồ Chí Minh")
    assert not s.split
    assert s.unit == get("26983")
    assert str(s.old) == "Phường 11, Quận Tân Bình, Thành phố Hồ Chí Minh (old code 26983)"


def test_successor_of_a_split_unit_lists_every_candidate():
    s = successor("phuong 15", district="tan binh", province="tp hcm")
    assert s.split
    assert [u.code for u in s.candidates] == ["27004", "27007"]
    with pytest.raises(AmbiguousUnitError, match="split between 2 units") as info:
        s.unit  # noqa: B018
    assert info.value.candidates == s.candidates


def test_successor_by_old_code_and_of_island_districts():
    assert successor("27007").old.full_name == "Phường 15"
    côn_đảo = successor("huyện Côn Đảo")
    assert côn_đảo.unit.full_name == "Đặc khu Côn Đảo"
    assert côn_đảo.unit.province == "Thành phố Hồ Chí Minh"
    # The source writes "Thị Trấn Ái Tử": read as a thị trấn named "Ái Tử".
    assert successor("Thị trấn Ái Tử").old.unit_type == "thị trấn"


def test_successor_errors():
    with pytest.raises(AmbiguousUnitError, match="give the district and province") as info:
        successor("Phường 15")
    assert len(info.value.candidates) > 3
    with pytest.raises(UnitNotFoundError, match="no pre-reform unit named 'Phường 15' in Quận 99"):
        successor("Phường 15", district="Quận 99")
    with pytest.raises(UnitNotFoundError, match="close names"):
        successor("Thinh Liet x")
    with pytest.raises(UnitNotFoundError, match="had the code '99999'"):
        successor("99999")


def test_every_old_unit_has_successors_in_the_register():
    for old, codes in admin_units._successors().rows:
        assert codes, old
        assert all(get(c) for c in codes), old
