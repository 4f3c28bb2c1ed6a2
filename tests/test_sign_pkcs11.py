"""Signing from a PKCS#11 token: SoftHSM2 stands in for a USB token or an HSM.

SoftHSM2 and OpenSC's pkcs11-tool are system packages that .ci/run installs;
these tests fail, not skip, without them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from camon_xinloi.errors import SigningError
from camon_xinloi.sign import open_pkcs11, sign_pdf, verify_signed
from tests.signing import (
    PERSON_AT,
    SIGNATURE,
    assert_pdfsig_valid,
    letter,
    letter_pdf,
    organisation_signs,
    pki,
    softhsm_module,
)
from tests.system_tools import system_tool

PIN = "246810"
SO_PIN = "13579135"
TOKEN = "cx-test-token"


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, f"{args[0]} failed: {result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh SoftHSM2 token holding the person's key and certificate; yields the module."""
    module = softhsm_module()
    for tool in ("softhsm2-util", "pkcs11-tool"):
        system_tool(tool, "softhsm2 opensc")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\n",
        encoding="utf-8",
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        _run(
            "softhsm2-util", "--init-token", "--free", "--label", TOKEN,
            "--pin", PIN, "--so-pin", SO_PIN,
        )  # fmt: skip
        key = folder / "person.key.pem"
        key.write_bytes(pki().key_pem("person"))
        _run(
            "softhsm2-util", "--import", str(key), "--token", TOKEN,
            "--label", "person", "--id", "01", "--pin", PIN,
        )  # fmt: skip
        key.unlink()
        from cryptography.hazmat.primitives import serialization

        cert = folder / "person.cert.der"
        cert.write_bytes(pki().person_certificate.public_bytes(serialization.Encoding.DER))
        _run(
            "pkcs11-tool", "--module", module, "--token-label", TOKEN, "--login",
            "--pin", PIN, "--write-object", str(cert), "--type", "cert",
            "--id", "01", "--label", "person",
        )  # fmt: skip
        yield module
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def test_token_signs_then_organisation_from_pkcs12(token, tmp_path):
    pdf, _ = letter_pdf()
    with open_pkcs11(token, pin=PIN, token=TOKEN) as key:
        assert "Trần Văn Minh" in key.subject
        assert key.serial_number == 0x1001
        person = sign_pdf(pdf, key, image=SIGNATURE, signed_at=PERSON_AT)
    assert person.startswith(pdf)
    assert_pdfsig_valid(person, tmp_path, 1)
    both = organisation_signs(person, timestamper=pki().timestamper())
    assert_pdfsig_valid(both, tmp_path, 2)
    report = verify_signed(both, trust_roots=[pki().ca_pem], letter=letter())
    assert report.ok, report.problems
    assert [s.serial_number for s in report.signatures] == [0x1001, 0x1002]


def test_token_signs_the_same_document_as_the_pkcs12_file(token):
    """Same key, same time: everything up to the CMS blob is identical (the CMS differs
    only in the certificates each source embeds: the PKCS#12 file carries the CA too)."""
    from tests.signing import person_signed

    pdf, _ = letter_pdf()
    with open_pkcs11(token, pin=PIN, token=TOKEN, key_label="person") as key:
        from_token = sign_pdf(pdf, key, image=SIGNATURE, signed_at=PERSON_AT)
    from_file = person_signed()
    contents = from_file.index(b"/Contents <", len(pdf))
    assert from_token[:contents] == from_file[:contents]


def test_token_by_slot(token):
    import pkcs11

    lib = pkcs11.lib(token)
    labels = [slot.get_token().label for slot in lib.get_slots(token_present=True)]
    with open_pkcs11(token, pin=PIN, slot=labels.index(TOKEN)) as key:
        assert key.serial_number == 0x1001


def test_wrong_pin(token):
    with (
        pytest.raises(SigningError, match="wrong PIN") as info,
        open_pkcs11(token, pin="000000", token=TOKEN),
    ):
        pass
    assert "000000" not in str(info.value)


def test_unknown_token(token):
    with (
        pytest.raises(SigningError, match="cannot open PKCS#11 token 'no-such-token'"),
        open_pkcs11(token, pin=PIN, token="no-such-token"),
    ):
        pass


def test_unknown_key_label(token):
    with (
        pytest.raises(SigningError, match="no certificate and key labelled 'nobody'"),
        open_pkcs11(token, pin=PIN, token=TOKEN, key_label="nobody"),
    ):
        pass


def test_token_and_slot_are_exclusive(token):
    with (
        pytest.raises(SigningError, match="either the token's label or its slot"),
        open_pkcs11(token, pin=PIN),
    ):
        pass


def test_module_that_is_not_a_pkcs11_library(tmp_path, token):
    fake = tmp_path / "fake.so"
    fake.write_bytes(b"not a library")
    with pytest.raises(SigningError, match="cannot open"), open_pkcs11(fake, pin=PIN, token=TOKEN):
        pass


def test_softhsm_is_installed():
    assert Path(softhsm_module()).is_file()


def test_cli_signs_from_the_token(token, tmp_path, monkeypatch, capsys):
    from camon_xinloi.cli import main
    from camon_xinloi.cli_sign import PIN_ENV

    pdf, _ = letter_pdf()
    source, out, image = tmp_path / "thu.pdf", tmp_path / "thu.ky.pdf", tmp_path / "ky.png"
    source.write_bytes(pdf)
    image.write_bytes(SIGNATURE)
    monkeypatch.setenv(PIN_ENV, PIN)
    code = main(
        ["sign", str(source), "--pkcs11", token, "--token", TOKEN, "--image", str(image),
         "-o", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert_pdfsig_valid(out.read_bytes(), tmp_path, 1)
    assert source.read_bytes() == pdf
    monkeypatch.setenv(PIN_ENV, "999999")
    code = main(
        ["sign", str(source), "--pkcs11", token, "--token", TOKEN, "--image", str(image),
         "-o", str(tmp_path / "other.pdf")]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "wrong PIN" in err
    assert "999999" not in err
