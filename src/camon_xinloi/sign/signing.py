"""Sign a letter's PDF into its own boxes: PAdES baseline signatures with pyHanko.

Each signature is an incremental update: the bytes before it are kept, so
the person's signature stays valid when the organisation signs after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Sequence
from io import BytesIO
from typing import TYPE_CHECKING, Literal

from camon_xinloi.errors import CamonXinloiError, RenderError, SigningError
from camon_xinloi.letter import Letter
from camon_xinloi.pdf_tools import SEAL_FIELD, SIGNER_FIELD, SignatureBox
from camon_xinloi.record import record_organ_name
from camon_xinloi.render.pdf import SEAL_SIZE_MM, signature_boxes
from camon_xinloi.render.pdf._geometry import ImageSource
from camon_xinloi.sign._deps import require
from camon_xinloi.sign._files import read_input
from camon_xinloi.sign.appearance import appearance_pdf, organisation_lines
from camon_xinloi.sign.keys import SigningKey

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.timestamps import TimeStamper
    from pyhanko_certvalidator import ValidationContext

__all__ = ["FIELDS", "VIETNAM_TZ", "Level", "Role", "sign_pdf", "timestamp_authority"]

Role = Literal["person", "organisation"]
Level = Literal["B-B", "B-T", "B-LT", "B-LTA"]
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7))
"""Signing times are shown in Vietnam time, +07:00 (Phụ lục I II.8)."""
FIELDS: dict[Role, str] = {"person": SIGNER_FIELD, "organisation": SEAL_FIELD}
"""The signature field each role signs into."""
_BOX_KIND = {"person": "signer", "organisation": "seal"}
MAX_PDF_BYTES = 64 * 1024 * 1024
"""Largest PDF read for signing or verifying (a letter is well under 1 MiB)."""
SIGNATURE_BYTES = 32 * 1024
"""Room reserved for the CMS signature (certificates, timestamp token)."""


def read_pdf(pdf: bytes | str | os.PathLike[str], what: str = "PDF") -> bytes:
    """Return the PDF's bytes (read from a path), checking that it looks like a PDF.

    Raises:
        SigningError: The file cannot be read, is too large, or is not a PDF.
    """
    data, where = read_input(pdf, what, MAX_PDF_BYTES)
    if not data.lstrip()[:5] == b"%PDF-":
        raise SigningError(f"{where} is not a PDF file (it starts with {data[:8]!r})")
    return data


def open_reader(data: bytes, what: str = "the PDF") -> PdfFileReader:
    """Parse a PDF with pyHanko's reader, as one clear error if it is damaged."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        _ = reader.root
    except Exception as exc:
        raise SigningError(f"cannot read {what}: {exc}; is it a whole PDF file?") from exc
    if reader.encrypted:
        raise SigningError(f"{what} is encrypted; letters are signed unencrypted")
    return reader


_PDFA_PART = re.compile(rb"pdfaid:part(?:>|=\")\s*(\d)")


def pdfa_part(reader: PdfFileReader) -> int | None:
    """The PDF/A part the document claims in its XMP metadata (1, 2, 3), or None."""
    metadata = reader.root.get("/Metadata")
    if metadata is None:
        return None
    match = _PDFA_PART.search(metadata.get_object().data)
    return int(match.group(1)) if match else None


def signed_fields(reader: PdfFileReader) -> list[str]:
    """Names of the signature fields that hold a signature, in signing order."""
    return [sig.field_name for sig in reader.embedded_regular_signatures]


def _boxes(
    data: bytes,
    letter: Letter | None,
    boxes: Sequence[SignatureBox] | None,
    seal_size_mm: float,
) -> list[SignatureBox]:
    if letter is not None and boxes is not None:
        raise SigningError("give the letter or the boxes, not both")
    if boxes is not None:
        return list(boxes)
    try:
        return signature_boxes(data, letter, seal_size_mm=seal_size_mm)
    except RenderError as exc:
        if letter is None:
            raise SigningError(
                "the PDF has no ChuKy/ConDau signature fields, so where to sign is unknown; "
                "pass the letter it was made from (letter=…), or its boxes from "
                "PdfRenderer().render_with_boxes (boxes=…)"
            ) from exc
        raise SigningError(str(exc)) from exc


def _check_order(role: Role, signed: Sequence[str]) -> None:
    """Decree 30, Điều 32.2.d: the person signs first, then the organisation, once each."""
    field = FIELDS[role]
    if field in signed:
        raise SigningError(f"the PDF is already signed in {field} ({role}); sign a fresh copy")
    if role == "person" and SEAL_FIELD in signed:
        raise SigningError(
            "the organisation has already signed; the person signs first (Decree 30, "
            "Điều 32.2.d), so start again from the unsigned PDF"
        )
    if role == "organisation" and SIGNER_FIELD not in signed:
        raise SigningError(
            "the person has not signed yet; the organisation signs after the person "
            "(Decree 30, Điều 32.2.d)"
        )


def _signing_time(signed_at: dt.datetime | None) -> dt.datetime:
    if signed_at is None:
        return dt.datetime.now(VIETNAM_TZ).replace(microsecond=0)
    if signed_at.tzinfo is None:
        return signed_at.replace(tzinfo=VIETNAM_TZ)
    return signed_at.astimezone(VIETNAM_TZ)


def _level(
    level: Level | None, timestamper: TimeStamper | None, validation: ValidationContext | None
) -> Level:
    if level is None:
        level = "B-T" if timestamper is not None else "B-B"
        if validation is not None:
            level = "B-LT"
    if level != "B-B" and timestamper is None:
        raise SigningError(f"PAdES {level} needs a timestamp authority: pass timestamper=…")
    if level in ("B-LT", "B-LTA") and validation is None:
        raise SigningError(
            f"PAdES {level} embeds validation data (certificate chain, CRL or OCSP): "
            "pass validation_context=…"
        )
    return level


def timestamp_authority(url: str, *, timeout: float = 10.0) -> TimeStamper:
    """A client of an RFC 3161 timestamp authority at ``url`` (for PAdES B-T and above).

    Licensed Vietnamese CAs run one; its address is in the CA's documentation.
    The authority is asked only when a signature is made.

    Raises:
        SigningError: ``url`` is not an http(s) URL.
        MissingDependencyError: The ``sign`` extra is not installed.

    Examples:
        >>> timestamp_authority("http://tsa.example.vn/tsa").url
        'http://tsa.example.vn/tsa'
        >>> timestamp_authority("tsa.example.vn")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.SigningError: the timestamp authority must be an http(s) URL, ...
    """
    require()
    from pyhanko.sign.timestamps import HTTPTimeStamper

    if not re.match(r"https?://[^/\s]+", url):
        raise SigningError(f"the timestamp authority must be an http(s) URL, not {url!r}")
    stamper: TimeStamper = HTTPTimeStamper(url, timeout=timeout)
    return stamper


def sign_pdf(
    pdf: bytes | str | os.PathLike[str],
    signer: SigningKey,
    *,
    image: ImageSource,
    role: Role = "person",
    letter: Letter | None = None,
    boxes: Sequence[SignatureBox] | None = None,
    signed_at: dt.datetime | None = None,
    timestamper: TimeStamper | None = None,
    validation_context: ValidationContext | None = None,
    level: Level | None = None,
    organisation: str | None = None,
    seal_size_mm: float = SEAL_SIZE_MM,
) -> bytes:
    """Sign a letter's PDF in its signer box (person) or seal box (organisation).

    The signature is PAdES baseline: B-B by default, B-T with a
    ``timestamper``, B-LT when ``validation_context`` is given too (the
    certificate chain and revocation data are embedded), B-LTA with
    ``level="B-LTA"`` (plus a document timestamp). The input is never
    modified: the signed PDF is returned, the original bytes as its prefix.

    Args:
        pdf: The PDF (bytes or path) made by :class:`PdfRenderer`, or already
            signed by the person when ``role="organisation"``.
        signer: The key (:func:`load_pkcs12`, :func:`open_pkcs11`).
        image: The person's signature image (blue) or the organisation's
            seal image (red): a transparent PNG, bytes or path. The signature
            is drawn at its real size, centred in the signer box; the seal at
            the seal box's size (``seal_size_mm``).
        role: ``"person"`` (field ``ChuKy``, first) or ``"organisation"``
            (field ``ConDau``, after the person).
        letter: The letter the PDF was made from, to compute the boxes (and
            check that the PDF is that letter).
        boxes: The boxes from :meth:`PdfRenderer.render_with_boxes`, instead
            of ``letter``. Without either, the PDF's empty ``ChuKy``/``ConDau``
            fields give them.
        signed_at: The signing time (default: now); naive means Vietnam time.
            Fix it for byte-identical output (tests, goldens).
        timestamper: A pyHanko ``TimeStamper`` for the timestamp authority.
        validation_context: A pyHanko ``ValidationContext`` holding the
            certificates and CRL/OCSP responses to embed (B-LT, B-LTA).
        level: The PAdES level, when not the one the other arguments imply.
        organisation: The organisation's name shown by its signature;
            default: the letter's issuing agency, else the certificate's
            organisation or common name.
        seal_size_mm: The seal size the PDF was rendered with (with ``letter``).

    Returns:
        The signed PDF.

    Raises:
        SigningError: The PDF is not a readable, unencrypted PDF, is PDF/A-1,
            has no boxes, is signed out of order, or the certificate is not
            valid at the signing time.
        ImageError: The image is not a transparent PNG or is larger than its box.
        MissingDependencyError: The ``sign`` extra is not installed.

    Examples:
        >>> from camon_xinloi.render.pdf import PdfRenderer
        >>> from camon_xinloi.sign import load_pkcs12
        >>> from camon_xinloi.sign.throwaway import (
        ...     TEST_PASSPHRASE, make_test_pki, sample_seal_png, sample_signature_png)
        >>> from camon_xinloi.testing import example_letter
        >>> pdf = PdfRenderer().render(example_letter(), signature_fields=True)
        >>> person = load_pkcs12(make_test_pki().person_p12, TEST_PASSPHRASE)
        >>> signed = sign_pdf(pdf, person, image=sample_signature_png())
        >>> signed.startswith(pdf)
        True
        >>> sign_pdf(pdf, person, image=sample_seal_png(), role="organisation")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.SigningError: the person has not signed yet; ...
    """
    require()
    if role not in FIELDS:
        raise SigningError(f"role must be 'person' or 'organisation', not {role!r}")
    data = read_pdf(pdf)
    try:
        reader = open_reader(data)
        if pdfa_part(reader) == 1:
            raise SigningError(
                "the PDF claims PDF/A-1, which forbids the transparency of signature and seal "
                "images; render it with standard='a-2b'"
            )
        _check_order(role, signed_fields(reader))
        chosen = _level(level, timestamper, validation_context)
        when = _signing_time(signed_at)
        signer.check_valid_at(when)
        all_boxes = _boxes(data, letter, boxes, seal_size_mm)
        kind = _BOX_KIND[role]
        box = next((b for b in all_boxes if b.kind == kind), None)
        if box is None:
            raise SigningError(f"no {kind!r} box among the boxes given; the {role} signs there")
        if box.page >= page_count(reader):
            raise SigningError(
                f"the {kind} box is on page {box.page + 1}, past the PDF's last page"
            )
        if role == "organisation":
            name = organisation or (
                record_organ_name(letter) if letter is not None else signer.organisation
            )
            lines = organisation_lines(name or signer.common_name, when)
            appearance = appearance_pdf(box, image=image, seal=True, lines=lines)
        else:
            appearance = appearance_pdf(box, image=image, seal=False)
        return _sign(
            data,
            reader,
            signer,
            role,
            box,
            appearance,
            when,
            chosen,
            timestamper,
            validation_context,
            letter,
        )
    except CamonXinloiError:
        raise
    except Exception as exc:  # a damaged PDF that pyHanko parses lazily
        raise SigningError(
            f"cannot read the PDF: {short_reason(exc)}; is it a whole PDF file?"
        ) from exc


def page_count(reader: PdfFileReader) -> int:
    """The number of pages, from the page tree's root."""
    return int(reader.root["/Pages"]["/Count"])


def _sign(
    data: bytes,
    reader: PdfFileReader,
    signer: SigningKey,
    role: Role,
    box: SignatureBox,
    appearance: bytes,
    when: dt.datetime,
    level: Level,
    timestamper: TimeStamper | None,
    validation: ValidationContext | None,
    letter: Letter | None,
) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata

    from camon_xinloi.sign._engine import FixedClockMetadata, TimedPdfSigner, static_style

    field = FIELDS[role]
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    # pyHanko gives every revision a random second ID and the clock's time as
    # modification date; derive the ID from the input, the time and the role,
    # and use the signing time, so a fixed signing time gives the same bytes.
    first_id = writer._document_id[0]
    seed = hashlib.sha256(data + when.isoformat().encode() + role.encode()).digest()[:16]
    writer._document_id = generic.ArrayObject([first_id, generic.ByteStringObject(seed)])
    writer._meta = FixedClockMetadata(when)
    existing = _field_names(reader)
    spec = None
    if field not in existing:
        spec = SigFieldSpec(
            sig_field_name=field,
            on_page=box.page,
            box=(round(box.llx), round(box.lly), round(box.urx), round(box.ury)),
        )
    meta = PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=signer.common_name,
        location=letter.place if letter is not None else None,
        reason="Ký số văn bản" if role == "person" else "Ký số của cơ quan, tổ chức",
        embed_validation_info=level in ("B-LT", "B-LTA"),
        validation_context=validation,
        use_pades_lta=level == "B-LTA",
    )
    pdf_signer = TimedPdfSigner(
        meta,
        signer.signer,
        signed_at=when,
        timestamper=timestamper,
        stamp_style=static_style(appearance),
        new_field_spec=spec,
    )
    out = BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_BYTES)
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(f"could not sign with {signer.source}: {short_reason(exc)}") from None
    return out.getvalue()


def short_reason(exc: BaseException) -> str:
    """A short cause for an error from pyHanko or the token, without secrets."""
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]


def _field_names(reader: PdfFileReader) -> set[str]:
    form = reader.root.get("/AcroForm")
    if form is None:
        return set()
    names: set[str] = set()
    for ref in form.get_object().get("/Fields", []):
        name = ref.get_object().get("/T")
        if name is not None:
            names.add(str(name))
    return names
