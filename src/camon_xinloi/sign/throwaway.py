"""Throw-away certificates for tests, examples and demos: never for a real letter.

:func:`make_test_pki` builds a small certificate hierarchy in memory with
``cryptography``: a root CA, a person's and an organisation's signing
certificate (each also as a PKCS#12 file), a timestamp authority and a CRL.
The RSA keys come from a seed, so the same seed gives the same certificates
and, with a fixed signing time, byte-identical signed PDFs. A signature made
with them proves nothing: anyone can rebuild the keys from the seed.

Examples:
    >>> pki = make_test_pki()
    >>> pki.person_certificate.subject.rfc4514_string()
    'C=VN,O=UBND phường Bến Thành,CN=Trần Văn Minh'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from camon_xinloi.sign._deps import require

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.sign.timestamps import TimeStamper
    from pyhanko_certvalidator import ValidationContext

__all__ = [
    "TEST_PASSPHRASE",
    "TestPki",
    "make_test_pki",
    "sample_seal_png",
    "sample_signature_png",
    "seeded_rsa_key",
]

TEST_PASSPHRASE = "cx-test"
"""The passphrase of the test PKCS#12 files."""
NOT_BEFORE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2045, 1, 1, tzinfo=dt.UTC)
"""The test certificates' validity: wide, so goldens keep verifying for years."""
ORGANISATION = "UBND phường Bến Thành"
PERSON = "Trần Văn Minh"


_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % d for d in range(3, int(p**0.5) + 1, 2))]
_SMALL_PRODUCT = functools.reduce(lambda a, b: a * b, _SMALL_PRIMES)


def _is_probable_prime(n: int, rng: random.Random, rounds: int) -> bool:
    """Miller-Rabin with ``rounds`` random bases (``n`` odd, free of small factors)."""
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(rng: random.Random, bits: int) -> int:
    while True:
        candidate = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if math.gcd(candidate, _SMALL_PRODUCT) != 1 or candidate % 65537 == 1:
            continue
        if _is_probable_prime(candidate, rng, 1) and _is_probable_prime(candidate, rng, 16):
            return candidate


@functools.cache
def seeded_rsa_key(seed: str, bits: int = 2048) -> rsa.RSAPrivateKey:
    """An RSA key derived from ``seed``: the same seed, the same key (tests only!).

    Examples:
        >>> seeded_rsa_key("test/person") is seeded_rsa_key("test/person")
        True
    """
    from cryptography.hazmat.primitives.asymmetric import rsa

    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    e = 65537
    p = _prime(rng, bits // 2)
    q = _prime(rng, bits // 2)
    while q == p:  # pragma: no cover - astronomically unlikely
        q = _prime(rng, bits // 2)
    n = p * q
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p=p,
        q=q,
        d=d,
        dmp1=d % (p - 1),
        dmq1=d % (q - 1),
        iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(e, n),
    )
    return numbers.private_key()


@dataclass(frozen=True)
class TestPki:
    """A throw-away CA with a person, an organisation and a timestamp authority.

    Attributes:
        ca_certificate: The root (trust anchor for :func:`verify_signed`).
        person_certificate, person_key: The person's (the chairperson's) certificate and key.
        organisation_certificate, organisation_key: The organisation's.
        tsa_certificate, tsa_key: The timestamp authority's.
        person_p12, organisation_p12: PKCS#12 files of the two signers
            (passphrase :data:`TEST_PASSPHRASE`), with the CA in the chain.
        crl: An empty CRL of the CA, for B-LT validation data.
    """

    __test__ = False  # not a pytest test class

    ca_certificate: x509.Certificate
    ca_key: rsa.RSAPrivateKey
    person_certificate: x509.Certificate
    person_key: rsa.RSAPrivateKey
    organisation_certificate: x509.Certificate
    organisation_key: rsa.RSAPrivateKey
    tsa_certificate: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    person_p12: bytes
    organisation_p12: bytes
    crl: x509.CertificateRevocationList

    @property
    def ca_pem(self) -> bytes:
        """The CA certificate in PEM, as ``camon-xinloi verify --trust`` reads it."""
        from cryptography.hazmat.primitives import serialization

        return self.ca_certificate.public_bytes(serialization.Encoding.PEM)

    def timestamper(self, at: dt.datetime | None = None) -> TimeStamper:
        """An in-process timestamp authority (pyHanko's ``DummyTimeStamper``): no network.

        Args:
            at: The time it puts in its tokens (default: the clock).
        """
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        chain = SimpleCertificateStore()  # type: ignore[no-untyped-call]
        chain.register(_asn1_cert(self.ca_certificate))
        return DummyTimeStamper(
            tsa_cert=_asn1_cert(self.tsa_certificate),
            tsa_key=_asn1_key(self.tsa_key),
            certs_to_embed=chain,
            fixed_dt=at,
        )

    def validation_context(self, at: dt.datetime | None = None) -> ValidationContext:
        """The validation data of the hierarchy (CA, CRL), offline, for B-LT/B-LTA signing."""
        from asn1crypto import crl as asn1_crl
        from cryptography.hazmat.primitives import serialization
        from pyhanko_certvalidator import ValidationContext

        der = self.crl.public_bytes(serialization.Encoding.DER)
        extra: dict[str, Any] = {"moment": at} if at is not None else {}
        return ValidationContext(
            trust_roots=[_asn1_cert(self.ca_certificate)],
            other_certs=[_asn1_cert(self.tsa_certificate)],
            crls=[asn1_crl.CertificateList.load(der)],
            allow_fetching=False,
            revocation_mode="hard-fail",
            **extra,
        )

    def certificate_pem(self, which: str) -> bytes:
        """PEM of ``"ca"``, ``"person"``, ``"organisation"`` or ``"tsa"``."""
        from cryptography.hazmat.primitives import serialization

        cert: x509.Certificate = getattr(self, f"{which}_certificate")
        return cert.public_bytes(serialization.Encoding.PEM)

    def key_pem(self, which: str) -> bytes:
        """Unencrypted PKCS#8 PEM of a key (for importing into a test token)."""
        from cryptography.hazmat.primitives import serialization

        key: rsa.RSAPrivateKey = getattr(self, f"{which}_key")
        return key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def _asn1_cert(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: rsa.RSAPrivateKey) -> Any:
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization

    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@functools.cache
def make_test_pki(
    seed: str = "camon-xinloi",
    *,
    not_before: dt.datetime = NOT_BEFORE,
    not_after: dt.datetime = NOT_AFTER,
) -> TestPki:
    """Build the throw-away hierarchy (see the module docstring); same seed, same bytes.

    Args:
        seed: Derives the CA's key and name; a different seed gives an unrelated CA
            (the signers' keys are the same in every hierarchy, their certificates not).
        not_before: Start of the signers' validity (to test not-yet-valid certificates).
        not_after: End of the signers' validity (to test expired certificates).
    """
    require()
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(common: str, org: str | None = None) -> x509.Name:
        parts = [x509.NameAttribute(NameOID.COMMON_NAME, common)]
        if org:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        parts.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"))
        return x509.Name(parts)

    ca_key = seeded_rsa_key(f"{seed}/ca")
    ca_name = name(f"Test CA {seed} (not for real use)")

    def issue(
        subject: x509.Name,
        key: rsa.RSAPrivateKey,
        serial: int,
        *,
        ca: bool = False,
        tsa: bool = False,
        start: dt.datetime = NOT_BEFORE,
        end: dt.datetime = NOT_AFTER,
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=not ca,
                    content_commitment=not ca and not tsa,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=ca,
                    crl_sign=ca,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
        )
        if not ca:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
        if tsa:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return builder.sign(ca_key, hashes.SHA256())

    ca_cert = issue(ca_name, ca_key, 1, ca=True)
    # Only the CA's key depends on the seed: the signers' keys are shared by every
    # test hierarchy, so a second CA costs one key, not four.
    person_key = seeded_rsa_key("test/person")
    org_key = seeded_rsa_key("test/organisation")
    tsa_key = seeded_rsa_key("test/tsa")
    person_cert = issue(
        name(PERSON, ORGANISATION), person_key, 0x1001, start=not_before, end=not_after
    )
    org_cert = issue(
        name(ORGANISATION, ORGANISATION), org_key, 0x1002, start=not_before, end=not_after
    )
    tsa_cert = issue(name(f"Test TSA {seed}"), tsa_key, 0x1003, tsa=True)
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_name)
        .last_update(NOT_BEFORE)
        .next_update(NOT_AFTER)
        .sign(ca_key, hashes.SHA256())
    )

    def p12(label: str, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            label.encode(),
            key,
            cert,
            [ca_cert],
            BestAvailableEncryption(TEST_PASSPHRASE.encode()),
        )

    return TestPki(
        ca_certificate=ca_cert,
        ca_key=ca_key,
        person_certificate=person_cert,
        person_key=person_key,
        organisation_certificate=org_cert,
        organisation_key=org_key,
        tsa_certificate=tsa_cert,
        tsa_key=tsa_key,
        person_p12=p12("person", person_key, person_cert),
        organisation_p12=p12("organisation", org_key, org_cert),
        crl=crl,
    )


# --------------------------------------------------------------------------- sample images


def _png(width: int, height: int, dpi: float, pixel: Any) -> bytes:
    """An 8-bit RGBA PNG with its resolution (pHYs), from ``pixel(x, y) -> (r, g, b, a)``."""
    import struct
    import zlib

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))
    per_metre = round(dpi / 0.0254)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


@functools.cache
def sample_signature_png() -> bytes:
    """A blue scribble on a transparent background, 40 x 15 mm: a stand-in signature image.

    Examples:
        >>> from camon_xinloi.render.pdf._geometry import png_info
        >>> info = png_info(sample_signature_png())
        >>> info.transparent, [round(v) for v in info.size_mm()]
        (True, [40, 15])
    """
    dpi = 200.0
    width, height = round(40 / 25.4 * dpi), round(15 / 25.4 * dpi)
    blue, clear = (20, 40, 170, 255), (0, 0, 0, 0)

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        t = x / width
        centre = height / 2 + height * 0.3 * math.sin(t * 5 * math.pi) * (1 - t * 0.5)
        return blue if abs(y - centre) < 2.5 and 0.05 < t < 0.95 else clear

    return _png(width, height, dpi, pixel)


@functools.cache
def sample_seal_png(size_mm: float = 36.0) -> bytes:
    """A red ring seal on a transparent background, ``size_mm`` across: a stand-in seal image.

    Examples:
        >>> from camon_xinloi.render.pdf._geometry import png_info
        >>> png_info(sample_seal_png()).transparent
        True
    """
    dpi = 150.0
    side = round(size_mm / 25.4 * dpi)
    red, clear = (200, 20, 20, 230), (0, 0, 0, 0)
    radius = side / 2

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        r = math.hypot(x + 0.5 - radius, y + 0.5 - radius)
        ring = radius - 4 < r < radius - 1 or radius * 0.62 < r < radius * 0.66
        star = r < radius * 0.18
        return red if ring or star else clear

    return _png(side, side, dpi, pixel)
