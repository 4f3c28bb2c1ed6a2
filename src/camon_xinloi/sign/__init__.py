"""Sign a letter's PDF digitally in its own boxes, and verify a signed letter.

Needs the optional extra: ``pip install 'camon-xinloi[sign]'`` (pyHanko and
python-pkcs11). Without it, these functions raise
:class:`~camon_xinloi.errors.MissingDependencyError` naming the extra.
See ``docs/e-office.md``, "Signing and verifying".
"""

from __future__ import annotations

from camon_xinloi.sign.keys import SigningKey, load_pkcs12, open_pkcs11
from camon_xinloi.sign.signing import Level, Role, sign_pdf, timestamp_authority
from camon_xinloi.sign.verify import SignatureCheck, TrustRoot, VerificationReport, verify_signed

__all__ = [
    "Level",
    "Role",
    "SignatureCheck",
    "SigningKey",
    "TrustRoot",
    "VerificationReport",
    "load_pkcs12",
    "open_pkcs11",
    "sign_pdf",
    "timestamp_authority",
    "verify_signed",
]
