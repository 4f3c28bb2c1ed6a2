"""The ``camon-xinloi sign`` and ``camon-xinloi verify`` subcommands (the ``sign`` extra).

``sign`` exits 0 when the signed PDF was written, 2 on any error (one line on
standard error; the input file is never modified and no output is left).

``verify`` exits 0 when every signature is intact, valid and trusted, nothing
but signatures was added after the first one, and (with ``--letter``) the
signed content is that letter; 1 when the file was checked and a verdict is
against it (each printed on standard error); 2 when it cannot be checked
(not a PDF, no signature at all, an unreadable file).

The PIN or passphrase is never a command-line argument (other users can read
those): it comes from the environment variable named by ``--pin-env``
(default ``CAMON_XINLOI_PIN``), or from a prompt on the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from camon_xinloi.errors import SigningError
from camon_xinloi.files import write_atomic
from camon_xinloi.letter import Letter

__all__ = ["PIN_ENV", "add_sign_commands", "cmd_sign", "cmd_verify"]

PIN_ENV = "CAMON_XINLOI_PIN"
"""The default environment variable holding the PIN or the PKCS#12 passphrase."""


def add_sign_commands(sub: Any) -> None:
    """Register ``sign`` and ``verify`` on an ``add_subparsers()`` object."""
    s: argparse.ArgumentParser = sub.add_parser(
        "sign",
        help="sign a letter's PDF in its signer or seal box (needs the 'sign' extra)",
        description="Sign IN.pdf with a PKCS#12 file or a PKCS#11 token; PAdES B-B, or B-T"
        " with --tsa. The PIN comes from $CAMON_XINLOI_PIN (see --pin-env) or a prompt.",
    )
    s.add_argument("input", metavar="IN.pdf", help="the PDF rendered by camon-xinloi")
    key = s.add_mutually_exclusive_group(required=True)
    key.add_argument("--p12", metavar="FILE", help="PKCS#12 file (.p12/.pfx) with key and chain")
    key.add_argument("--pkcs11", metavar="MODULE", help="the token's PKCS#11 module (.so/.dll)")
    s.add_argument("--token", metavar="LABEL", help="the PKCS#11 token's label")
    s.add_argument("--slot", type=int, help="the PKCS#11 slot number (instead of --token)")
    s.add_argument("--key-label", help="the certificate/key label, if the token holds several")
    s.add_argument("--letter", metavar="LETTER.json", help="the letter the PDF was made from")
    s.add_argument("--boxes", metavar="BOXES.json", help="the boxes of render_with_boxes")
    s.add_argument("--image", required=True, help="signature (person) or seal (organisation) PNG")
    s.add_argument("--role", choices=("person", "organisation"), default="person")
    s.add_argument("--organisation", help="organisation name shown by its signature")
    s.add_argument("--tsa", metavar="URL", help="timestamp authority: PAdES B-T instead of B-B")
    s.add_argument("--signed-at", help="signing time, ISO 8601 (default: now; naive = +07:00)")
    s.add_argument("--pin-env", default=PIN_ENV, help=f"variable holding the PIN ({PIN_ENV})")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="the signed PDF")
    s.set_defaults(func=cmd_sign)

    v: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="verify a signed letter (signatures, later changes, the letter; 'sign' extra)",
        description="Exit 0: all good; 1: a verdict against the file; 2: cannot verify.",
    )
    v.add_argument("input", metavar="SIGNED.pdf")
    v.add_argument("--letter", metavar="LETTER.json", help="the letter the PDF should be")
    v.add_argument(
        "--trust", metavar="CA.pem", action="append", default=[], help="trusted CA (repeatable)"
    )
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.set_defaults(func=cmd_verify)


def _letter(path: str | None) -> Letter | None:
    if path is None:
        return None
    try:
        return Letter.model_validate_json(Path(path).read_bytes())
    except OSError as exc:
        raise SigningError(f"cannot read letter file {path!r}: {exc.strerror or exc}") from exc
    except ValidationError as exc:
        raise SigningError(f"{path}: not a letter JSON ({exc.error_count()} problem(s))") from exc


def _boxes(path: str | None) -> list[Any] | None:
    if path is None:
        return None
    from camon_xinloi.pdf_tools import SignatureBox

    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        items = list(raw.values()) if isinstance(raw, dict) else list(raw)
        return [
            SignatureBox(
                item["kind"],
                int(item["page"]),
                float(item["llx"]),
                float(item["lly"]),
                float(item["urx"]),
                float(item["ury"]),
            )
            for item in items
        ]
    except OSError as exc:
        raise SigningError(f"cannot read boxes file {path!r}: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SigningError(
            f"{path}: not a boxes file (a list or a kind → box object with kind, page, "
            "llx, lly, urx, ury)"
        ) from exc


def _secret(env: str, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise SigningError(f"no {what}: set the environment variable {env}, or run in a terminal")
    return getpass.getpass(f"{what}: ")


def _signed_at(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise SigningError(f"--signed-at {text!r} is not an ISO 8601 time") from exc


@contextmanager
def _key(args: argparse.Namespace) -> Iterator[Any]:
    from camon_xinloi.sign import load_pkcs12, open_pkcs11

    if args.p12:
        if args.token is not None or args.slot is not None or args.key_label is not None:
            raise SigningError("--token, --slot and --key-label go with --pkcs11, not --p12")
        yield load_pkcs12(args.p12, _secret(args.pin_env, "PKCS#12 passphrase") or None)
        return
    if (args.token is None) == (args.slot is None):
        raise SigningError("with --pkcs11, give --token LABEL or --slot N")
    with open_pkcs11(
        args.pkcs11,
        pin=_secret(args.pin_env, "token PIN"),
        token=args.token,
        slot=args.slot,
        key_label=args.key_label,
    ) as key:
        yield key


def cmd_sign(args: argparse.Namespace) -> int:
    """Run ``sign``; errors raise (the caller prints them and exits 2)."""
    from camon_xinloi.sign import sign_pdf, timestamp_authority

    source, target = Path(args.input), Path(args.output)
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise SigningError("-o is the input file; a signed copy goes to a new file")
    if not target.parent.is_dir():
        raise SigningError(f"cannot write {str(target)!r}: its folder does not exist")
    letter, boxes = _letter(args.letter), _boxes(args.boxes)
    when = _signed_at(args.signed_at)
    stamper = timestamp_authority(args.tsa) if args.tsa else None
    data = source.read_bytes()
    with _key(args) as key:
        signed = sign_pdf(
            data,
            key,
            image=args.image,
            role=args.role,
            letter=letter,
            boxes=boxes,
            signed_at=when,
            organisation=args.organisation,
            timestamper=stamper,
        )
    write_atomic(target, signed)
    print(target)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Run ``verify``: 0 good, 1 a verdict against the file; errors raise (exit 2)."""
    from camon_xinloi.sign import verify_signed

    # pyHanko logs each untrusted path with a traceback; the report says it in one line.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    report = verify_signed(args.input, letter=_letter(args.letter), trust_roots=args.trust)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for check in report.signatures:
            state = "ok" if check.ok else "BAD"
            when = check.signed_at.isoformat() if check.signed_at else "time unknown"
            print(
                f"{state}  {check.field} ({check.role or 'other'}): {check.subject}, "
                f"serial {check.serial_number:x}, {when}"
            )
        if report.letter_matches is not None:
            print(f"letter: {'matches' if report.letter_matches else 'DIFFERS'}")
    for problem in report.problems:
        print(f"camon-xinloi: verify: {problem}", file=sys.stderr)
    return 0 if report.ok else 1
