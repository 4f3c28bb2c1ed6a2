"""Shared pieces of the signing tests: the throw-away PKI, letters, pdfsig, SoftHSM2."""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path
from typing import Any

from camon_xinloi.letter import Letter
from camon_xinloi.pdf_tools import SignatureBox
from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.render.pdf._engine import Standard
from camon_xinloi.sign import SigningKey, load_pkcs12, sign_pdf
from camon_xinloi.sign.throwaway import (
    TEST_PASSPHRASE,
    TestPki,
    make_test_pki,
    sample_seal_png,
    sample_signature_png,
)
from camon_xinloi.testing import example_letter
from tests.system_tools import system_file, system_tool

VN = dt.timezone(dt.timedelta(hours=7))
PERSON_AT = dt.datetime(2026, 3, 5, 9, 30, tzinfo=VN)
ORGANISATION_AT = dt.datetime(2026, 3, 5, 10, 15, tzinfo=VN)
SIGNATURE = sample_signature_png()
SEAL = sample_seal_png()
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


def pki() -> TestPki:
    return make_test_pki()


def person_key() -> SigningKey:
    return load_pkcs12(pki().person_p12, TEST_PASSPHRASE)


def organisation_key() -> SigningKey:
    return load_pkcs12(pki().organisation_p12, TEST_PASSPHRASE)


def letter() -> Letter:
    return example_letter()


@functools.cache
def letter_pdf(
    *, standard: Standard | None = "a-2b", fields: bool = True
) -> tuple[bytes, tuple[SignatureBox, ...]]:
    pdf, boxes = PdfRenderer().render_with_boxes(
        letter(),
        standard=standard,
        signature_fields=fields,
    )
    return pdf, tuple(boxes)


@functools.cache
def person_signed() -> bytes:
    pdf, _ = letter_pdf()
    return sign_pdf(pdf, person_key(), image=SIGNATURE, signed_at=PERSON_AT)


def organisation_signs(pdf: bytes, **options: Any) -> bytes:
    """The organisation signs ``pdf`` (already signed by the person) in its seal box."""
    options.setdefault("signed_at", ORGANISATION_AT)
    return sign_pdf(
        pdf, organisation_key(), image=SEAL, role="organisation", letter=letter(), **options
    )


@functools.cache
def both_signed() -> bytes:
    return organisation_signs(person_signed())


def pdfsig(pdf: bytes, tmp_path: Path) -> list[str]:
    """poppler's verdict on each signature (certificate trust not checked: -nocert)."""
    tool = system_tool("pdfsig", "poppler-utils")
    path = tmp_path / "pdfsig-input.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [tool, "-nocert", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    return re.findall(r"Signature Validation: (.+)", result.stdout)


def assert_pdfsig_valid(pdf: bytes, tmp_path: Path, count: int) -> None:
    verdicts = pdfsig(pdf, tmp_path)
    assert verdicts == ["Signature is Valid."] * count, verdicts


def softhsm_module() -> str:
    return system_file(SOFTHSM_MODULES, "SoftHSM2 (libsofthsm2.so)", "softhsm2 opensc")
