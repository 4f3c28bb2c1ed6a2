"""pyHanko pieces the signing module builds on; imported only once the extra is known present."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.metadata.model import DocumentMetadata
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import PdfSigner, SimpleSigner
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.stamp import StaticStampStyle


class TimedPdfSigner(PdfSigner):
    """pyHanko's ``PdfSigner`` with the signing time given instead of read from the clock."""

    def __init__(self, *args: Any, signed_at: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signed_at = signed_at

    def init_signing_session(
        self, pdf_out: Any, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signed_at
        return session


class LoadedKeySigner(SimpleSigner):
    """pyHanko's ``SimpleSigner`` that keeps the private key loaded.

    ``SimpleSigner.sign_raw`` parses (and validates) the key for every
    signature, about 100 ms for RSA-2048; this signs RSA PKCS#1 v1.5 and
    ECDSA with the key parsed once, and leaves other mechanisms to pyHanko.
    """

    def __init__(self, *, key: PrivateKeyTypes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = _DIGESTS.get(digest_algorithm)
        key = self._key
        if digest is not None:
            if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
                return key.sign(data, padding.PKCS1v15(), digest)
            if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
                return key.sign(data, ec.ECDSA(digest))
        result: bytes = super().sign_raw(data, digest_algorithm)
        return result


_DIGESTS: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


class FixedClockMetadata(DocumentMetadata):
    """Document metadata whose modification date stays at a given time.

    pyHanko's writer sets ``last_modified = "now"`` just before writing (the
    ``/ModDate`` and the XMP ``ModifyDate``); this keeps the signing time
    instead, so a fixed signing time gives byte-identical files.
    """

    _modified: dt.datetime

    def __init__(self, modified: dt.datetime) -> None:
        object.__setattr__(self, "_modified", modified)
        super().__init__(last_modified=modified)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "last_modified" and value == "now":
            value = self._modified
        super().__setattr__(name, value)


class ImportedPage(PdfContent):
    """Page 1 of a PDF given as bytes, drawn as a form XObject under a fixed name.

    (pyHanko's ``ImportedPdfPage`` reads a file and names the XObject with a
    random UUID, which would make every signed file different.)
    """

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(self._pdf)))
        self.resources.xobject["/CxAppearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return b"/CxAppearance Do"


def static_style(appearance: bytes) -> StaticStampStyle:
    """A stamp style that draws the appearance PDF's page over the whole box, opaque."""
    return StaticStampStyle(
        background=ImportedPage(appearance),
        border_width=0,
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(0, 0, 0, 0),
        ),
    )
