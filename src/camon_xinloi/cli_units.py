"""The ``camon-xinloi units`` and ``camon-xinloi issuer`` subcommands: the register at the prompt.

``units search TEXT [--province P]`` prints the matching units with their codes;
``issuer init --unit CODE`` writes a starter ``ubnd.toml`` whose unit comes from the
register, with placeholders for the signatory, address and notation. Unknown or
ambiguous units are one-line errors (exit status 2), raised for ``cli.main`` to print.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from camon_xinloi import admin_units
from camon_xinloi.admin_units import AdminUnit
from camon_xinloi.files import write_atomic

__all__ = ["add_issuer", "add_units", "starter_issuer_toml"]


class CliUnitsError(ValueError):
    """A mistake on the command line of ``units`` or ``issuer`` (printed on one line)."""


def add_units(sub: Any) -> None:
    """Register the ``units`` subcommand on an ``add_subparsers()`` object."""
    units: argparse.ArgumentParser = sub.add_parser(
        "units", help="search the register of the 3,321 xã, phường and đặc khu"
    )
    actions = units.add_subparsers(dest="units_command", required=True)
    search = actions.add_parser(
        "search",
        help="units whose code or name matches TEXT (diacritics and case ignored)",
    )
    search.add_argument("text", metavar="TEXT", help='a code or a name, e.g. "bay hien"')
    search.add_argument("--province", help="only this province, e.g. 'Hồ Chí Minh'")
    search.add_argument("--limit", type=int, default=20, help="at most this many (default 20)")
    search.set_defaults(func=cmd_units_search)


def add_issuer(sub: Any) -> None:
    """Register the ``issuer`` subcommand on an ``add_subparsers()`` object."""
    issuer: argparse.ArgumentParser = sub.add_parser("issuer", help="issuer (ubnd.toml) files")
    actions = issuer.add_subparsers(dest="issuer_command", required=True)
    init = actions.add_parser("init", help="write a starter ubnd.toml for a unit of the register")
    init.add_argument("--unit", required=True, help="the unit's code (or name), e.g. 26983")
    init.add_argument("--province", help="the province, when the name is not unique")
    init.add_argument("-o", "--output", default="ubnd.toml", help="file (default: ubnd.toml)")
    init.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    init.set_defaults(func=cmd_issuer_init)


def _row(unit: AdminUnit) -> tuple[str, str, str]:
    return (unit.code, unit.full_name, unit.province)


def cmd_units_search(args: argparse.Namespace) -> int:
    """Print the matching units, one per line: code, full name, province."""
    if args.limit < 1:
        raise CliUnitsError(f"--limit must be at least 1, not {args.limit}")
    if not args.text.strip():
        raise CliUnitsError("give a code or a name to search for")
    found = admin_units.search(args.text, province=args.province, limit=args.limit)
    if not found:
        print(f"no unit matches {args.text!r}")
        return 1
    rows = [_row(u) for u in found]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for code, name, province in rows:
        print(f"{code:<{widths[0]}}  {name:<{widths[1]}}  {province}")
    return 0


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def starter_issuer_toml(unit: AdminUnit) -> str:
    """The text of a starter ``ubnd.toml`` for a unit: register facts plus placeholders.

    The signatory's name is a placeholder that cannot load (a name has no "<"), so a
    letter cannot go out before the clerk fills it in.

    Examples:
        >>> text = starter_issuer_toml(admin_units.get("26983"))
        >>> print(text.splitlines()[2])
        unit = "26983"  # Phường Bảy Hiền, Thành phố Hồ Chí Minh
    """
    place_rule = (
        "# Dòng địa danh ghi tên đầy đủ (Nghị định 30, Phụ lục I, II.4): "
        f"{unit.full_name}, ngày ...\n"
        if unit.full_place_name
        else f"# Dòng địa danh: {unit.name}, ngày ... (full_place_name = true để ghi tên đầy đủ)\n"
    )
    in_text = unit.name_in_text
    return (
        f"# Đơn vị gửi thư: Ủy ban nhân dân {in_text}, {unit.province_in_text}.\n"
        "# Loại, tên và tỉnh lấy từ sổ đăng ký đơn vị hành chính (từ "
        f"{admin_units.valid_from():%d/%m/%Y}). Điền các chỗ <...>.\n"
        f"unit = {_quote(unit.code)}  # {unit.full_name}, {unit.province}\n"
        f"{place_rule}"
        f"address = {_quote(f'<số nhà, đường>, {in_text}, {unit.province_in_text}')}\n"
        'phone = "<điện thoại>"\n'
        'email = "<thư điện tử>"\n'
        'notation = "UBND-<ký hiệu>"  # ký hiệu sau số văn bản, ví dụ UBND-VX\n'
        'distribution = ["Lưu: VT"]\n'
        "\n"
        "[signatory]\n"
        'full_name = "<Họ và tên người ký>"\n'
        'title = "Chủ tịch"  # hoặc "Phó Chủ tịch" với mode = "KT"\n'
    )


def cmd_issuer_init(args: argparse.Namespace) -> int:
    """Write the starter file; refuse to overwrite one that exists unless --force."""
    unit = admin_units.find(args.unit, province=args.province)
    path = Path(args.output)
    if path.exists() and not args.force:
        raise CliUnitsError(f"{str(path)!r} exists; give --force to overwrite it")
    if not path.parent.is_dir():
        raise CliUnitsError(
            f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist"
        )
    write_atomic(path, starter_issuer_toml(unit).encode("utf-8"))
    print(f"{path}: {unit}; fill in the <...> placeholders")
    return 0
