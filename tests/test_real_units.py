"""Every example is a real unit of the register: issuers, TOML files, addresses, docs."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from camon_xinloi import Issuer, admin_units
from camon_xinloi.testing import example_issuer

ROOT = Path(__file__).resolve().parents[1]
ISSUER_FILES = sorted(
    p for p in ROOT.glob("examples/**/*.toml") if "signatory" in p.read_text("utf-8")
)
TEXT_FILES = sorted(
    [
        ROOT / "README.md",
        *ROOT.glob("docs/*.md"),
        *ROOT.glob("templates/vi/*/*/example.json"),
        *ROOT.glob("examples/**/*.json"),
        *ROOT.glob("examples/**/*.py"),
        *ROOT.glob("src/camon_xinloi/**/*.py"),
    ]
)
# "phường Bảy Hiền, Thành phố Hồ Chí Minh", "xã Hòa Vang, thành phố Đà Nẵng": an address
# of the two-level form, as examples write them.
ADDRESS = re.compile(
    r"\b(xã|phường|đặc khu) ([A-ZĐÂĂÊÔƠƯÁÀẢÃẠ0-9][^,.;\"\n()]*?), "
    r"((?:tỉnh|thành phố|Tỉnh|Thành phố) [A-ZĐ][^,.;\"\n()]*[^\s,.;\"\n()])",
    re.IGNORECASE,
)


def test_the_testing_kits_example_issuer_is_in_the_register():
    issuer = example_issuer()
    assert issuer.registered_unit() is not None
    assert issuer.registered_unit() == admin_units.find(issuer.name, province=issuer.province)


@pytest.mark.parametrize("path", ISSUER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_issuer_files_are_in_the_register(path):
    assert "check_register" not in tomllib.loads(path.read_text("utf-8"))
    assert Issuer.from_toml(path).registered_unit() is not None


def test_issuer_files_were_found():
    assert ROOT / "examples" / "ubnd.toml" in ISSUER_FILES
    assert ROOT / "examples" / "downstream" / "ubnd.toml" in ISSUER_FILES


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_addresses_in_examples_name_real_units(path):
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    for unit_type, name, province in ADDRESS.findall(text):
        if "{" in name or "<" in name or name == "X":  # a placeholder, not an example
            continue
        admin_units.find(name, province=province, unit_type=unit_type.lower())


def test_the_address_pattern_finds_what_it_must():
    found = ADDRESS.findall("khu phố 2, Phường 15, Thành phố Hồ Chí Minh; ấp 1, xã Xuân Phú,"
                            " tỉnh Đồng Nai")  # fmt: skip
    assert found == [
        ("Phường", "15", "Thành phố Hồ Chí Minh"),
        ("xã", "Xuân Phú", "tỉnh Đồng Nai"),
    ]
