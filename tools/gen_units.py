#!/usr/bin/env python3
"""Generate the register of commune-level units shipped in ``src/camon_xinloi/data/``.

Two files are written, both gzip'd UTF-8 TSV with ``#`` header lines:

* ``units_2025.tsv.gz``: every xã, phường and đặc khu in force since 1 July 2025
  (3,321 units): code, unit type, name, province, and why Decree 30 wants the
  full name in the date line ("number", "person", "event" or empty).
* ``successors_2025.tsv.gz``: every pre-reform xã, phường and thị trấn (and the
  island districts without communes), with its district and province, and the
  code(s) of the new unit(s) it went into.

Source: the PyPI package ``vietnamadminunits`` (MIT licence, Copyright (c) 2025
Tran Ngoc Minh Hieu; https://github.com/tranngocminhhieu/vietnamadminunits). Only
its data files are read (``data/dataset.db`` with the standard library's sqlite3,
``data/converter_2025.json``); its code is not imported. Install it without its
dependencies (one of them, unidecode, is GPL), in the development venv only::

    .venv/bin/python -m pip install --no-deps 'vietnamadminunits==1.0.4'

Usage::

    python tools/gen_units.py            # write both files and the summary, print a report
    python tools/gen_units.py --check    # exit 1 if the shipped files differ from a rebuild

Units named after a historical person or event come from the reviewed list
``tools/units_named_after.toml`` beside this script (one entry per unit, with
its source); names with a digit are detected here.

The code is original work written for this project.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import sqlite3
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "camon_xinloi" / "data"
UNITS_FILE = DATA / "units_2025.tsv.gz"
SUCCESSORS_FILE = DATA / "successors_2025.tsv.gz"
SUMMARY_FILE = ROOT / "tests" / "data" / "units_2025_summary.json"
NAMED_AFTER_FILE = Path(__file__).resolve().parent / "units_named_after.toml"

SOURCE_VERSION = "1.0.4"
VALID_FROM = "2025-07-01"

UNIT_TYPES = {"Xã": "xã", "Phường": "phường", "Đặc khu": "đặc khu"}
OLD_UNIT_TYPES = ("xã", "phường", "thị trấn")

TYPE_FIXES = {"10543": "Phường", "11848": "Xã", "31213": "Phường", "31299": "Xã"}
"""Units whose ``wardType`` column contradicts their full name in the source.

The full name ("Phường Việt Hòa", code 10543) agrees with the Công văn
1027/CTK-CSCL list; the ``wardType`` column of these four rows is swapped.
"""


def source_dir() -> Path:
    """Return the folder of the installed ``vietnamadminunits`` package, without importing it."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            "vietnamadminunits is not installed; run:\n"
            "  .venv/bin/python -m pip install --no-deps 'vietnamadminunits==1.0.4'"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    dist = next(folder.parent.glob("vietnamadminunits-*.dist-info"), None)
    if dist is None or dist.name != f"vietnamadminunits-{SOURCE_VERSION}.dist-info":
        sys.exit(f"expected vietnamadminunits {SOURCE_VERSION}, found {dist and dist.name}")
    return folder


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def load_named_after() -> dict[str, tuple[str, str]]:
    """Read the reviewed list: code -> (kind, name), checking every entry has a source."""
    data = tomllib.loads(NAMED_AFTER_FILE.read_text(encoding="utf-8"))
    result: dict[str, tuple[str, str]] = {}
    for entry in data["unit"]:
        code, kind, name = entry["code"], entry["kind"], nfc(entry["name"])
        if kind not in ("person", "event"):
            sys.exit(f"{NAMED_AFTER_FILE.name}: {code}: kind must be person or event")
        if not entry.get("source", "").startswith("https://"):
            sys.exit(f"{NAMED_AFTER_FILE.name}: {code}: every entry needs a source URL")
        if code in result:
            sys.exit(f"{NAMED_AFTER_FILE.name}: {code} is listed twice")
        result[code] = (kind, name)
    return result


def read_units(db: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """The post-reform units: (code, unit type, name, province), sorted by code."""
    rows = db.execute(
        "SELECT DISTINCT wardCode, ward, wardShort, wardType, province FROM admin_units"
    ).fetchall()
    units = []
    for code, full, short, ward_type, province in rows:
        full, short, province = nfc(full), nfc(short), nfc(province)
        word = TYPE_FIXES.get(code, ward_type)
        if full != f"{word} {short}":
            sys.exit(f"unit {code}: full name {full!r} does not match type {word!r}")
        units.append((code, UNIT_TYPES[word], short, province))
    units.sort()
    return units


def place_name_reason(code: str, name: str, named_after: dict[str, tuple[str, str]]) -> str:
    """Why Decree 30 (Phụ lục I, II.4) wants the full name in the date line, or ""."""
    if any(ch.isdigit() for ch in name):
        return "number"
    return named_after[code][0] if code in named_after else ""


def write_tsv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    text = io.StringIO()
    for line in header:
        text.write(f"# {line}\n")
    for row in rows:
        if any("\t" in cell or "\n" in cell for cell in row):
            sys.exit(f"{path.name}: a cell holds a tab or newline: {row!r}")
        text.write("\t".join(row) + "\n")
    # mtime=0 and no file name: the same input gives the same bytes.
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def build_units(db: sqlite3.Connection) -> tuple[bytes, list[tuple[str, str, str, str, str]]]:
    named_after = load_named_after()
    units = read_units(db)
    by_code = {u[0]: u for u in units}
    for code, (_kind, name) in named_after.items():
        if code not in by_code or by_code[code][2] != name:
            found = by_code[code][2] if code in by_code else "nothing"
            sys.exit(f"{NAMED_AFTER_FILE.name}: {code} is {found!r} in the source, not {name!r}")
    rows = [(*u, place_name_reason(u[0], u[2], named_after)) for u in units]
    header = [
        "camon_xinloi register of commune-level units (xã, phường, đặc khu)",
        f"valid_from\t{VALID_FROM}",
        f"source\tvietnamadminunits {SOURCE_VERSION} (MIT, (c) 2025 Tran Ngoc Minh Hieu)",
        "columns\tcode\tunit_type\tname\tprovince\tnamed_after",
    ]
    return write_tsv(UNITS_FILE, header, rows), rows


def _split_old_name(full: str, code: str) -> tuple[str, str]:
    """ "Thị Trấn Ái Tử" -> ("thị trấn", "Ái Tử"); "Phường 15" -> ("phường", "15")."""
    for word in OLD_UNIT_TYPES:
        if full.lower().startswith(word + " "):
            return word, full[len(word) + 1 :]
    sys.exit(f"old unit {code}: {full!r} has no unit type")


def build_successors(db: sqlite3.Connection, source: Path) -> tuple[bytes, int, int]:
    """The old-unit -> new-unit(s) table from the source's converter data."""
    new_code = {
        (prov_key, ward_key): code
        for prov_key, ward_key, code in db.execute(
            "SELECT DISTINCT provinceKey, wardKey, wardCode FROM admin_units"
        )
    }
    if len(new_code) != 3321:
        sys.exit(f"new units are not unique by (provinceKey, wardKey): {len(new_code)}")
    converter = json.loads((source / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    targets: dict[str, set[str]] = {}

    def add(old_key: str, prov_key: str, ward_key: str) -> None:
        # Keys are the name without diacritics, except where two names would collide
        # ("xãcẩmgiang", "xãcẩmgiàng" in Hải Phòng): matched exactly.
        code = new_code.get((prov_key, ward_key))
        if code is None:
            sys.exit(f"converter names an unknown new unit {prov_key}/{ward_key}")
        targets.setdefault(old_key, set()).add(code)

    for prov_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                add(old_key, prov_key, ward_key)
    for prov_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for new in news:
                add(old_key, prov_key, new["newWardKey"])
    legacy = db.execute(
        "SELECT DISTINCT wardCode, ward, district, province,"
        " provinceKey, districtKey, wardKey FROM admin_units_legacy"
    ).fetchall()
    rows = []
    used = set()
    for code, full, district, province, pkey, dkey, wkey in legacy:
        old_key = f"{pkey}_{dkey}_{wkey or ''}"
        if old_key not in targets:
            sys.exit(f"no successor for old unit {old_key}")
        used.add(old_key)
        if wkey is None:  # an island district without communes became a đặc khu
            row = ("", "huyện", nfc(district).removeprefix("Huyện "), "", nfc(province))
        else:
            # The full name is read, not wardType/wardShort: 46 rows disagree with it
            # ("Phường 5" typed "Xã", "Yên Viên (Thị trấn)", "Thị Trấn Ái Tử").
            word, name = _split_old_name(nfc(full), code)
            row = (code, word, name, nfc(district), nfc(province))
        rows.append((*row, ",".join(sorted(targets[old_key]))))
    if unknown := set(targets) - used:
        sys.exit(f"converter maps old units missing from the legacy table: {sorted(unknown)[:5]}")
    rows.sort(key=lambda r: (r[4], r[3], r[0], r[2]))
    header = [
        "camon_xinloi successors: pre-reform commune-level units -> units since 1 July 2025",
        f"valid_from\t{VALID_FROM}",
        f"source\tvietnamadminunits {SOURCE_VERSION} (MIT, (c) 2025 Tran Ngoc Minh Hieu)",
        "columns\told_code\told_type\told_name\tdistrict\tprovince\tnew_codes",
    ]
    split = sum(1 for r in rows if "," in r[5])
    return write_tsv(SUCCESSORS_FILE, header, rows), len(rows), split


def summary(rows: Sequence[tuple[str, str, str, str, str]], successors: int, split: int) -> str:
    """Counts per unit type and province: the figures the tests hold the shipped file to."""
    data = {
        "source": f"vietnamadminunits {SOURCE_VERSION}",
        "valid_from": VALID_FROM,
        "units": len(rows),
        "distinct_codes": len({r[0] for r in rows}),
        "by_type": dict(sorted(Counter(r[1] for r in rows).items())),
        "by_province": dict(sorted(Counter(r[3] for r in rows).items())),
        "by_named_after": dict(sorted(Counter(r[4] or "-" for r in rows).items())),
        "old_units": successors,
        "old_units_split": split,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare with the shipped files")
    args = parser.parse_args(argv)
    source = source_dir()
    with sqlite3.connect(f"file:{source / 'data' / 'dataset.db'}?mode=ro", uri=True) as db:
        units_gz, rows = build_units(db)
        succ_gz, n_old, n_split = build_successors(db, source)
    summary_text = summary(rows, n_old, n_split)
    outputs = ((UNITS_FILE, units_gz), (SUCCESSORS_FILE, succ_gz))
    if args.check:
        stale = [p for p, data in outputs if not p.exists() or p.read_bytes() != data]
        if not SUMMARY_FILE.exists() or SUMMARY_FILE.read_text(encoding="utf-8") != summary_text:
            stale.append(SUMMARY_FILE)
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    DATA.mkdir(parents=True, exist_ok=True)
    for path, data in outputs:
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data):,} bytes")
    SUMMARY_FILE.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY_FILE.write_text(summary_text, encoding="utf-8")
    print(summary_text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
