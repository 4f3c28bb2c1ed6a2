"""Verify a signed letter before it reaches the citizen.

:func:`verify_signed` checks every signature of a PDF with pyHanko, offline
by default, against the trust roots given; it reports who signed, when, in
which box, whether anything but signatures (and their validation data) was
added after the first signature, and, given the letter, whether the signed
content is that letter.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from camon_xinloi.errors import SigningError
from camon_xinloi.letter import Letter
from camon_xinloi.pdf_tools import SEAL_FIELD, SIGNER_FIELD
from camon_xinloi.sign._deps import require
from camon_xinloi.sign.signing import Role, open_reader, page_count, read_pdf, short_reason

if TYPE_CHECKING:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

__all__ = ["SignatureCheck", "TrustRoot", "VerificationReport", "verify_signed"]

TrustRoot = bytes | str | os.PathLike[str] | Any
"""A trust anchor: PEM or DER bytes, a path to a PEM/DER file, or a certificate object
(``cryptography`` or ``asn1crypto``)."""

_ROLES: dict[str, Role] = {SIGNER_FIELD: "person", SEAL_FIELD: "organisation"}


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of the PDF, as found and checked.

    Attributes:
        field: The signature field (``ChuKy``, ``ConDau`` or another name).
        role: ``"person"`` (``ChuKy``), ``"organisation"`` (``ConDau``),
            ``"timestamp"`` for a document timestamp, or None for another field.
        page: Page of its widget (0-based), or None when invisible.
        rect: The widget's rectangle ``(llx, lly, urx, ury)`` in points, or None.
        subject: The signer certificate's subject.
        serial_number: The certificate's serial number.
        signed_at: The time the signer claims (from the signature), or None.
        timestamp: The time of a timestamp authority's token, or None.
        intact: The signed bytes are unchanged (no byte was altered).
        valid: The cryptographic signature checks against the certificate.
        trusted: The certificate chains to one of the trust roots, and is valid.
        problems: What is wrong, in words; empty when the signature is good.
    """

    field: str
    role: str | None
    page: int | None
    rect: tuple[float, float, float, float] | None
    subject: str
    serial_number: int
    signed_at: dt.datetime | None
    timestamp: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted, and nothing else wrong."""
        return self.intact and self.valid and self.trusted and not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The check as JSON-ready data."""
        return {
            "field": self.field,
            "role": self.role,
            "page": self.page,
            "rect": list(self.rect) if self.rect else None,
            "subject": self.subject,
            "serial_number": f"{self.serial_number:x}",
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "intact": self.intact,
            "valid": self.valid,
            "trusted": self.trusted,
            "ok": self.ok,
            "problems": list(self.problems),
        }


@dataclass(frozen=True)
class VerificationReport:
    """What :func:`verify_signed` found.

    Attributes:
        signatures: Each signature, in signing order.
        later_updates: Revisions added after the first signature that are
            neither a signature nor validation data, described in words.
        letter_matches: With a letter: whether the signed content is that
            letter; None when no letter was given.
        problems: Every verdict against the file, in words (the signatures'
            problems included); empty when all is well.
    """

    signatures: tuple[SignatureCheck, ...]
    later_updates: tuple[str, ...] = ()
    letter_matches: bool | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Every signature good, nothing but signatures added, the letter (if given) matches."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "ok": self.ok,
            "signatures": [s.as_dict() for s in self.signatures],
            "later_updates": list(self.later_updates),
            "letter_matches": self.letter_matches,
            "problems": list(self.problems),
        }


def _certificates(roots: Iterable[TrustRoot]) -> list[Any]:
    """Trust roots as asn1crypto certificates."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    found: list[Any] = []
    for root in roots:
        if isinstance(root, asn1_x509.Certificate):
            found.append(root)
            continue
        if hasattr(root, "public_bytes"):  # a cryptography certificate
            from cryptography.hazmat.primitives import serialization

            found.append(asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER)))
            continue
        if isinstance(root, bytes):
            data, where = root, "a trust root"
        else:
            where = f"trust root file {str(root)!r}"
            try:
                data = Path(root).read_bytes()
            except OSError as exc:
                raise SigningError(f"cannot read {where}: {exc.strerror or exc}") from exc
        try:
            if pem.detect(data):
                found.extend(
                    asn1_x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True)
                )
            else:
                cert = asn1_x509.Certificate.load(data)
                _ = cert.subject  # parse now
                found.append(cert)
        except (ValueError, TypeError) as exc:
            raise SigningError(f"{where} is not a certificate (PEM or DER)") from exc
    return found


def _widget(sig: EmbeddedPdfSignature, reader: PdfFileReader) -> tuple[int | None, Any]:
    rect = sig.sig_field.get("/Rect")
    page_ref = sig.sig_field.get_value_as_reference("/P", optional=True)
    if rect is None or page_ref is None:
        return None, None
    pages = [_idnum(ref) for _, ref in _page_refs(reader)]
    page = pages.index(_idnum(page_ref)) if _idnum(page_ref) in pages else None
    box = tuple(round(float(v), 2) for v in rect)
    return page, box if any(box) else None


def _page_refs(reader: PdfFileReader) -> list[tuple[int, Any]]:
    find: Any = reader.find_page_for_modification  # untyped in pyHanko
    return [(i, find(i)[0]) for i in range(page_count(reader))]


def _idnum(ref: Any) -> int | None:
    ref = getattr(ref, "reference", ref)
    return getattr(ref, "idnum", None)


def _check_one(
    sig: EmbeddedPdfSignature, reader: PdfFileReader, context: Any, allowed: Any
) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    timestamp_only = sig.sig_object.get("/Type") == "/DocTimeStamp"
    problems: list[str] = []
    name = sig.field_name or "(unnamed)"
    if timestamp_only:
        status: Any = validate_pdf_timestamp(sig, validation_context=context)
        when = status.timestamp
        ts = when
        signed_at = None
    else:
        status = validate_pdf_signature(
            sig, signer_validation_context=context, ts_validation_context=context
        )
        signed_at = status.signer_reported_dt
        ts = status.timestamp_validity.timestamp if status.timestamp_validity else None
    cert = status.signing_cert
    if not status.intact:
        problems.append(f"signature {name}: the signed bytes were changed after signing")
    elif not status.valid:
        problems.append(f"signature {name}: the signature does not match its certificate")
    elif not status.trusted:
        problems.append(
            f"signature {name}: the signer ({cert.subject.human_friendly}) is not trusted: "
            f"{_trust_problem(status)}"
        )
    stamp = None if timestamp_only else status.timestamp_validity
    if stamp is not None and not stamp.trusted:
        problems.append(f"signature {name}: its timestamp is not from a trusted authority")
    level = status.modification_level
    if level is None or level > allowed:
        problems.append(
            f"signature {name}: the document was changed after it beyond adding signatures "
            f"({level.name if level is not None else 'unknown changes'})"
        )
    page, rect = _widget(sig, reader)
    return SignatureCheck(
        field=name,
        role="timestamp" if timestamp_only else _ROLES.get(name),
        page=page,
        rect=rect,
        subject=str(cert.subject.human_friendly),
        serial_number=int(cert.serial_number),
        signed_at=signed_at,
        timestamp=ts,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        problems=tuple(problems),
    )


def _unreadable(sig: EmbeddedPdfSignature, exc: Exception) -> SignatureCheck:
    """A signature that cannot be checked at all: it counts as broken, with the cause."""
    name = sig.field_name or "(unnamed)"
    try:
        cert = sig.signer_cert
        subject, serial = str(cert.subject.human_friendly), int(cert.serial_number)
    except Exception:
        subject, serial = "(unreadable certificate)", 0
    return SignatureCheck(
        field=name,
        role=_ROLES.get(name),
        page=None,
        rect=None,
        subject=subject,
        serial_number=serial,
        signed_at=None,
        timestamp=None,
        intact=False,
        valid=False,
        trusted=False,
        problems=(f"signature {name} cannot be checked: {short_reason(exc)}",),
    )


def _trust_problem(status: Any) -> str:
    indication = status.trust_problem_indic
    words = {
        "NO_CERTIFICATE_CHAIN_FOUND": "no chain to the given trust roots",
        "EXPIRED": "the certificate had expired",
        "NOT_YET_VALID": "the certificate was not valid yet",
        "REVOKED": "the certificate is revoked",
        "REVOKED_NO_POE": "the certificate is revoked",
        "TRY_LATER": "revocation information is missing",
        "OUT_OF_BOUNDS_NO_POE": "the certificate was not valid at the signing time",
    }
    name = getattr(indication, "name", str(indication))
    return words.get(name, name.replace("_", " ").lower())


def _later_updates(reader: PdfFileReader, sigs: Sequence[EmbeddedPdfSignature]) -> list[str]:
    """Revisions after the first signature that are neither a signature nor validation data."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    first = min(sig.signed_revision for sig in sigs)
    signed = {sig.signed_revision for sig in sigs}
    found: list[str] = []
    for revision in range(first + 1, reader.xrefs.total_revisions):
        if revision in signed:
            continue
        old = reader.get_historical_resolver(revision - 1)
        new = reader.get_historical_resolver(revision)
        touched = reader.xrefs.explicit_refs_in_revision(revision)
        dss = new.root.get("/DSS") is not None and (
            new.root.raw_get("/DSS") in touched or reader.root_ref in touched
        )
        try:
            level = DEFAULT_DIFF_POLICY.apply(old, new).modification_level
        except Exception:  # a suspicious modification
            level = ModificationLevel.OTHER
        if dss and level <= ModificationLevel.LTA_UPDATES:
            continue  # validation data (PAdES B-LT / B-LTA)
        found.append(
            f"revision {revision + 1} of {reader.xrefs.total_revisions} was added after the "
            f"first signature and is not a signature ({len(touched)} object(s) changed)"
        )
    return found


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def _letter_problems(signed_bytes: bytes, letter: Letter) -> list[str]:
    """What of the letter is missing from the text of the signed revision."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(signed_bytes))
    printed = _normal("".join(page.extract_text() for page in reader.pages))
    parts = [
        ("title", letter.title),
        ("number", letter.number_line or ""),
        ("date", letter.date_line),
        *((f"recipients[{i}]", r) for i, r in enumerate(letter.recipients)),
        *((f"body[{i}]", p.text) for i, p in enumerate(letter.body)),
        ("signer", letter.signature.name),
    ]
    problems = []
    for where, text in parts:
        if _normal(text) not in printed:
            problems.append(f"the signed PDF is not this letter: its {where} {text[:80]!r} differs")
            break
    return problems


def _signer_problems(
    sigs: Sequence[EmbeddedPdfSignature], checks: Sequence[SignatureCheck], letter: Letter
) -> list[str]:
    """The person's certificate must name the letter's signer (in its common name)."""
    for sig, check in zip(sigs, checks, strict=True):
        if check.role != "person":
            continue
        common = str(sig.signer_cert.subject.native.get("common_name") or "")
        wanted = letter.signature.name
        if _folded(wanted) not in _folded(common):
            return [
                f"wrong signer: the person's signature is by {common!r}, "
                f"but the letter is signed by {wanted!r}"
            ]
    return []


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def verify_signed(
    pdf: bytes | str | os.PathLike[str],
    *,
    letter: Letter | None = None,
    trust_roots: Iterable[TrustRoot] = (),
    allow_fetching: bool = False,
) -> VerificationReport:
    """Check every signature of a signed letter and report what a portal needs to act on.

    Offline by default: only the trust roots given and the data inside the
    PDF are used (no certificate, CRL or OCSP fetching unless
    ``allow_fetching=True``).

    Args:
        pdf: The signed PDF, bytes or path (never modified).
        letter: The letter it should be; its title, number, date,
            recipients, every paragraph and the signer's name must be in the
            signed content, and the person's certificate must name the
            letter's signer (its common name contains the name, any case).
        trust_roots: The CA certificates to trust (a licensed Vietnamese CA's
            root for real letters).
        allow_fetching: Fetch missing certificates and revocation data online.

    Returns:
        The report; ``report.ok`` is true only when every check passed.

    Raises:
        SigningError: The file is not a readable PDF, has no signature, or a
            trust root cannot be read.
        MissingDependencyError: The ``sign`` extra is not installed.

    Examples:
        >>> verify_signed(b"%PDF-1.7 not really")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.SigningError: cannot read the PDF of 19 bytes: ...
    """
    require()
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko_certvalidator import ValidationContext

    data = read_pdf(pdf)
    reader = open_reader(data)
    try:
        sigs = list(reader.embedded_signatures)
    except Exception as exc:  # a damaged object on the way to a signature
        raise SigningError(f"cannot read the PDF's signatures: {short_reason(exc)}") from None
    if not sigs:
        raise SigningError("the PDF has no digital signature; sign it first (camon-xinloi sign)")
    context = ValidationContext(
        trust_roots=_certificates(trust_roots),
        allow_fetching=allow_fetching,
        revocation_mode="soft-fail",
    )
    checks = []
    for index, sig in enumerate(sigs):
        last = index == len(sigs) - 1
        allowed = ModificationLevel.LTA_UPDATES if last else ModificationLevel.FORM_FILLING
        try:
            checks.append(_check_one(sig, reader, context, allowed))
        except Exception as exc:  # a signature too damaged for pyHanko to check
            checks.append(_unreadable(sig, exc))
    problems = [problem for check in checks for problem in check.problems]
    try:
        later = _later_updates(reader, sigs)
    except Exception as exc:
        later = [f"the revisions after the first signature cannot be read: {short_reason(exc)}"]
    problems.extend(later)
    roles = [check.role for check in checks if check.role in ("person", "organisation")]
    if roles and roles[0] != "person":
        problems.append("the organisation signed before the person (Decree 30, Điều 32.2.d)")
    matches = None
    if letter is not None:
        first = min(sigs, key=lambda sig: sig.signed_revision)
        start, length = int(first.byte_range[2]), int(first.byte_range[3])
        try:
            found = _letter_problems(data[: start + length], letter)
        except Exception as exc:
            found = [f"the signed content cannot be read as text: {short_reason(exc)}"]
        matches = not found
        problems.extend(found)
        problems.extend(_signer_problems(sigs, checks, letter))
    return VerificationReport(
        signatures=tuple(checks),
        later_updates=tuple(later),
        letter_matches=matches,
        problems=tuple(problems),
    )
