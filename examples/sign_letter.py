"""Sign a letter digitally in its own boxes, then verify it before sending (the ``sign`` extra).

The whole e-office flow of docs/e-office.md, "Signing and verifying":

1. draft (number and date left for the e-office system);
2. the system gives the number and the date: compose the issued letter;
3. render the PDF to sign (PDF/A-2b, empty ``ChuKy``/``ConDau`` fields);
4. the chairperson signs in the signer box (PKCS#12 file here; a USB token
   or an HSM through PKCS#11 in real life);
5. the People's Committee signs in the seal box, after the person;
6. verify: every signature, nothing added after, and that it is this letter;
7. send the signed file as it is (never rewrite it).

The keys are THROW-AWAY test keys (camon_xinloi.sign.throwaway): the result
shows the flow and is not legally valid. A real letter needs certificates
from a licensed Vietnamese CA (see docs/e-office.md).

Writes into the folder given as the first argument (default ``signing-out``):
``thu.pdf`` (unsigned), ``thu.boxes.json``, ``thu.letter.json``,
``thu.ky.pdf`` (person), ``thu.ky.dau.pdf`` (person and organisation),
``thu.verify.json`` (the report).

Run: ``python examples/sign_letter.py [OUT_DIR]`` (needs
``pip install 'camon-xinloi[sign]'``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import camon_xinloi as cx
from camon_xinloi.events import parse_event
from camon_xinloi.render.pdf import PdfRenderer
from camon_xinloi.sign import load_pkcs12, sign_pdf, verify_signed
from camon_xinloi.sign.throwaway import (
    TEST_PASSPHRASE,
    make_test_pki,
    sample_seal_png,
    sample_signature_png,
)

HERE = Path(__file__).resolve().parent
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def main(out: Path) -> bool:
    out.mkdir(parents=True, exist_ok=True)
    issuer = cx.Issuer.from_toml(HERE / "ubnd.toml")
    event = parse_event((HERE / "ket_hon.json").read_bytes())

    # 1. The draft goes to the e-office system (see examples/e_office.py) ...
    draft = cx.compose("chuc_mung/ket_hon", event, issuer=issuer, draft=True)
    print("draft:", draft.number_line)
    # 2. ... which gives number 12 on 05/3/2026: the issued letter carries them.
    letter = cx.compose(
        "chuc_mung/ket_hon", event, issuer=issuer, number=12, on=dt.date(2026, 3, 5)
    )

    # 3. The PDF to sign, with its boxes; keep the letter as JSON for verifying later.
    pdf, boxes = PdfRenderer().render_with_boxes(letter, standard="a-2b", signature_fields=True)
    (out / "thu.pdf").write_bytes(pdf)
    (out / "thu.boxes.json").write_text(
        json.dumps({box.kind: box.as_dict() for box in boxes}, indent=2) + "\n", encoding="utf-8"
    )
    (out / "thu.letter.json").write_text(letter.model_dump_json(indent=2), encoding="utf-8")

    # Throw-away keys and images; a real portal loads the signer's own.
    pki = make_test_pki()
    person = load_pkcs12(pki.person_p12, TEST_PASSPHRASE)
    organisation = load_pkcs12(pki.organisation_p12, TEST_PASSPHRASE)

    # 4. The person signs first, in the signer box (B-T: with a timestamp authority;
    #    here an in-process test authority, in real life the CA's TSA).
    signed = sign_pdf(
        pdf,
        person,
        image=sample_signature_png(),
        letter=letter,
        signed_at=dt.datetime(2026, 3, 5, 9, 30, tzinfo=VIETNAM),
        timestamper=pki.timestamper(),
    )
    (out / "thu.ky.pdf").write_bytes(signed)

    # 5. Then the organisation, in the seal box (Decree 30, Điều 32.2.d).
    sealed = sign_pdf(
        signed,
        organisation,
        image=sample_seal_png(),
        role="organisation",
        letter=letter,
        signed_at=dt.datetime(2026, 3, 5, 10, 15, tzinfo=VIETNAM),
        timestamper=pki.timestamper(),
    )
    (out / "thu.ky.dau.pdf").write_bytes(sealed)

    # 6. Verify before sending: trust only the CA you expect (here the test CA).
    report = verify_signed(sealed, letter=letter, trust_roots=[pki.ca_pem])
    (out / "thu.verify.json").write_text(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for check in report.signatures:
        print(f"{check.field:7} {check.role:12} ok={check.ok} {check.subject}")
    print("letter matches:", report.letter_matches)
    for problem in report.problems:
        print("problem:", problem)
    # 7. Send thu.ky.dau.pdf exactly as it is.
    return report.ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("signing-out")) else 1)
