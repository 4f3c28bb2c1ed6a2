"""Signing and verifying a letter, next to pyHanko's own bare signing of the same file.

    python benchmarks/bench_sign.py [--count 30]

Cases, all on the example letter rendered once (PDF/A-2b, empty fields), in one run:

* ``pyhanko bare``: pyHanko alone: its ``SimpleSigner`` (same key) and ``PdfSigner.sign_pdf``
  into the ``ChuKy`` field with its default (text) appearance;
* ``sign_pdf pkcs12``: ``camon_xinloi.sign.sign_pdf`` as the person, PKCS#12 key (typst
  appearance, box and order checks);
* ``sign_pdf softhsm``: the same from a SoftHSM2 token over PKCS#11 (one login for the run,
  as a portal keeps a session open);
* ``verify``: ``verify_signed`` of the letter signed by the person and the organisation,
  with the trust root and the letter;
* ``pyhanko validate``: pyHanko's own ``validate_pdf_signature`` of the two signatures,
  without diff review of revisions or the letter check.

pyHanko's ``SimpleSigner`` parses the key for every signature, twice when it has to
estimate the signature's size first; ``sign_pdf`` parses a PKCS#12 key once and reserves
the room, which more than pays for drawing the appearance with typst.

Numbers are printed, never asserted; compare the ratios within one run (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.sign import SigningKey, load_pkcs12, open_pkcs11, sign_pdf, verify_signed
from camon_xinloi.sign.throwaway import (
    TEST_PASSPHRASE,
    TestPki,
    make_test_pki,
    sample_seal_png,
    sample_signature_png,
)
from camon_xinloi.testing import example_letter

VIETNAM = dt.timezone(dt.timedelta(hours=7))
SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
)


def _rates(count: int, cases: dict[str, Callable[[int], object]]) -> dict[str, float]:
    """Run the cases round-robin (one of each per round), so load spikes hit all alike."""
    for work in cases.values():
        work(0)  # warm-up: imports, typst compiler, caches
    spent = dict.fromkeys(cases, 0.0)
    for i in range(count):
        for name, work in cases.items():
            begin = time.perf_counter()
            work(i + 1)
            spent[name] += time.perf_counter() - begin
    rates = {}
    for name, elapsed in spent.items():
        rates[name] = count / elapsed
        print(f"{name:20} {rates[name]:8.1f} /s   ({1000 * elapsed / count:6.1f} ms each)")
    return rates


@contextmanager
def _softhsm(pki: TestPki) -> Iterator[SigningKey | None]:
    module = next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)
    if module is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        print("softhsm: not installed (apt-get install softhsm2 opensc); case left out")
        yield None
        return
    from cryptography.hazmat.primitives import serialization

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "tokens").mkdir()
        conf = root / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {root / 'tokens'}\nlog.level = ERROR\n")
        os.environ["SOFTHSM2_CONF"] = str(conf)
        pin = "246810"
        run: Callable[..., Any] = lambda *a: subprocess.run(a, check=True, capture_output=True)  # noqa: E731
        run("softhsm2-util", "--init-token", "--free", "--label", "bench", "--pin", pin,
            "--so-pin", "13579135")  # fmt: skip
        (root / "k.pem").write_bytes(pki.key_pem("person"))
        run("softhsm2-util", "--import", str(root / "k.pem"), "--token", "bench", "--label",
            "person", "--id", "01", "--pin", pin)  # fmt: skip
        der = pki.person_certificate.public_bytes(serialization.Encoding.DER)
        (root / "c.der").write_bytes(der)
        run("pkcs11-tool", "--module", module, "--token-label", "bench", "--login", "--pin", pin,
            "--write-object", str(root / "c.der"), "--type", "cert", "--id", "01",
            "--label", "person")  # fmt: skip
        with open_pkcs11(module, pin=pin, token="bench") as key:
            yield key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=30)
    count = parser.parse_args().count

    pki = make_test_pki()
    person = load_pkcs12(pki.person_p12, TEST_PASSPHRASE)
    organisation = load_pkcs12(pki.organisation_p12, TEST_PASSPHRASE)
    letter = example_letter()
    pdf, _ = PdfRenderer().render_with_boxes(letter, standard="a-2b", signature_fields=True)
    signature, seal = sample_signature_png(), sample_seal_png()
    start = dt.datetime(2026, 3, 5, 9, 0, tzinfo=VIETNAM)

    def at(i: int) -> dt.datetime:  # a different time each run: no two outputs alike
        return start + dt.timedelta(seconds=i)

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    # pyHanko's own SimpleSigner on the same key and certificates.
    loaded: Any = person.signer
    plain = signers.SimpleSigner(
        signing_cert=person.certificate,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )

    def bare(_: int) -> bytes:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(
            field_name="ChuKy", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES
        )
        out = BytesIO()
        signers.PdfSigner(meta, plain).sign_pdf(writer, output=out)
        return out.getvalue()

    signed = sign_pdf(
        sign_pdf(pdf, person, image=signature, signed_at=start),
        organisation,
        image=seal,
        role="organisation",
        letter=letter,
        signed_at=start + dt.timedelta(minutes=30),
    )
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from camon_xinloi.sign.throwaway import _asn1_cert

    def bare_validate(_: int) -> None:
        context = ValidationContext(trust_roots=[_asn1_cert(pki.ca_certificate)])
        reader = PdfFileReader(BytesIO(signed))
        for sig in reader.embedded_signatures:
            validate_pdf_signature(sig, context, skip_diff=True)

    print(f"{count} runs each, round-robin; the letter is {len(pdf) / 1024:.0f} KiB")
    with _softhsm(pki) as token:
        cases: dict[str, Callable[[int], object]] = {
            "pyhanko bare": bare,
            "sign_pdf pkcs12": lambda i: sign_pdf(pdf, person, image=signature, signed_at=at(i)),
        }
        if token is not None:
            cases["sign_pdf softhsm"] = lambda i: sign_pdf(
                pdf, token, image=signature, signed_at=at(i)
            )
        cases["verify"] = lambda _: verify_signed(signed, letter=letter, trust_roots=[pki.ca_pem])
        cases["pyhanko validate"] = bare_validate
        rates = _rates(count, cases)
    print(f"sign_pdf pkcs12 takes {rates['pyhanko bare'] / rates['sign_pdf pkcs12']:.2f}x "
          "the time of bare pyHanko signing")  # fmt: skip
    print(f"verify takes {rates['pyhanko validate'] / rates['verify']:.2f}x "
          "the time of bare pyHanko validation")  # fmt: skip


if __name__ == "__main__":
    main()
