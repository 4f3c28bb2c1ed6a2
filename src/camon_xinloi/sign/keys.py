"""Signing keys: a PKCS#12 file, or a PKCS#11 token (USB token, HSM).

A :class:`SigningKey` is a certificate and the means to sign with its private
key. The PIN or passphrase goes straight to the token or the PKCS#12 parser
and is not kept, logged or put into an error message; a PKCS#12 key stays in
memory only as long as the :class:`SigningKey` does, and a token session is
closed when the ``with`` block of :func:`open_pkcs11` ends.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from camon_xinloi.errors import SigningError
from camon_xinloi.sign._deps import require
from camon_xinloi.sign._files import read_input

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import Signer

__all__ = ["SigningKey", "load_pkcs12", "open_pkcs11"]

MAX_PKCS12_BYTES = 1024 * 1024
"""Largest PKCS#12 file read (a key with its chain is a few KiB)."""


@dataclass(frozen=True, eq=False)
class SigningKey:
    """A certificate and a way to sign with its key; pass it to :func:`sign_pdf`.

    Make one with :func:`load_pkcs12` or :func:`open_pkcs11`. The repr shows
    the certificate only, never key material.

    Attributes:
        signer: The pyHanko signer behind it.
        source: Where the key lives, for messages ("PKCS#12 file …", "PKCS#11 token …").
    """

    signer: Signer = field(repr=False)
    source: str

    @property
    def certificate(self) -> asn1_x509.Certificate:
        """The signer's certificate (asn1crypto)."""
        cert = self.signer.signing_cert
        if cert is None:  # pragma: no cover - both loaders set it
            raise SigningError(f"{self.source} has no certificate")
        return cert

    @property
    def subject(self) -> str:
        """The certificate's subject, human-readable (``Common Name: …, Organization: …``)."""
        return str(self.certificate.subject.human_friendly)

    @property
    def serial_number(self) -> int:
        """The certificate's serial number."""
        return int(self.certificate.serial_number)

    @property
    def common_name(self) -> str:
        """The subject's common name (CN), or the whole subject when it has none."""
        native = self.certificate.subject.native
        return str(native.get("common_name") or self.subject)

    @property
    def organisation(self) -> str | None:
        """The subject's organisation (O), if any."""
        value = self.certificate.subject.native.get("organization_name")
        return str(value) if value else None

    def check_valid_at(self, when: dt.datetime) -> None:
        """Raise :class:`SigningError` unless the certificate is valid at ``when``."""
        validity = self.certificate["tbs_certificate"]["validity"]
        not_before = validity["not_before"].native
        not_after = validity["not_after"].native
        if when < not_before:
            raise SigningError(
                f"the certificate of {self.source} ({self.common_name}) is not valid yet: "
                f"valid from {not_before.isoformat()}, signing time {when.isoformat()}"
            )
        if when > not_after:
            raise SigningError(
                f"the certificate of {self.source} ({self.common_name}) expired on "
                f"{not_after.isoformat()} (signing time {when.isoformat()}); renew it"
            )


def load_pkcs12(
    source: bytes | str | os.PathLike[str], passphrase: str | bytes | None
) -> SigningKey:
    """Read a key and its certificate chain from a PKCS#12 file (``.p12``, ``.pfx``).

    Args:
        source: The file's bytes or its path.
        passphrase: The file's passphrase (None when it has none). It is used
            to decrypt the file and not kept.

    Raises:
        SigningError: The file cannot be read, the passphrase is wrong, or
            the file holds no key or no certificate.
        MissingDependencyError: The ``sign`` extra is not installed.

    Examples:
        >>> from camon_xinloi.sign.throwaway import TEST_PASSPHRASE, make_test_pki
        >>> key = load_pkcs12(make_test_pki().person_p12, TEST_PASSPHRASE)
        >>> key
        SigningKey(source='the PKCS#12 file')
        >>> key.common_name, hex(key.serial_number)
        ('Trần Văn Minh', '0x1001')
        >>> load_pkcs12(make_test_pki().person_p12, "guess")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.SigningError: cannot open the PKCS#12 file: wrong passphrase, ...
    """
    require()
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from camon_xinloi.sign._engine import LoadedKeySigner

    data, where = read_input(source, "PKCS#12 file", MAX_PKCS12_BYTES)
    secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise SigningError(
            f"cannot open {where}: wrong passphrase, or not a PKCS#12 file"
        ) from None  # the parser's message may echo input; say what matters
    del secret
    if key is None or cert is None:
        raise SigningError(f"{where} holds no private key and certificate to sign with")
    der = serialization.Encoding.DER
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register_multiple([asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain])
    signer = LoadedKeySigner(
        key=key,
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=registry,
    )
    return SigningKey(signer=signer, source=where)


@contextmanager
def open_pkcs11(
    module: str | os.PathLike[str],
    *,
    pin: str,
    token: str | None = None,
    slot: int | None = None,
    key_label: str | None = None,
) -> Iterator[SigningKey]:
    """Log in to a PKCS#11 token and yield a :class:`SigningKey`; log out at the end.

    Vietnamese CA USB tokens and most HSMs come with a PKCS#11 module (a
    ``.so`` or ``.dll``). The PIN goes to the token's login and is not kept.

    Args:
        module: Path of the token's PKCS#11 module.
        pin: The user PIN.
        token: The token's label; or give ``slot``.
        slot: The slot's position in the module's list of slots (0 for the
            first, as pyHanko counts them); or give ``token``.
        key_label: The label of the certificate and key to use; needed only
            when the token holds more than one certificate.

    Raises:
        SigningError: No such module, token or key, or a wrong PIN.
        MissingDependencyError: The ``sign`` extra is not installed.

    Examples:
        >>> with open_pkcs11("/no/such/module.so", pin="123456", token="UBND") as key:
        ...     pass
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.SigningError: PKCS#11 module '/no/such/module.so' does not exist; ...

        With a real token (see ``tests/test_sign_pkcs11.py`` for SoftHSM2)::

            with open_pkcs11("/usr/lib/libtoken.so", pin=pin, token="UBND") as key:
                signed = sign_pdf(pdf, key, image="chu_ky.png", letter=letter)
    """
    require()
    require("pkcs11")
    import pkcs11
    from pkcs11 import exceptions as p11_errors
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    path = Path(module)
    if not path.is_file():
        raise SigningError(
            f"PKCS#11 module {str(path)!r} does not exist; give the path of the token's "
            "driver library (.so/.dll) from its vendor"
        )
    if (token is None) == (slot is None):
        raise SigningError("give either the token's label or its slot number, not both or none")
    where = f"PKCS#11 token {token!r}" if token is not None else f"PKCS#11 slot {slot}"
    try:
        session = open_pkcs11_session(
            str(path),
            slot_no=slot,
            token_criteria=TokenCriteria(label=token) if token is not None else None,
            user_pin=pin,
        )
    except (p11_errors.PinIncorrect, p11_errors.PinInvalid, p11_errors.PinLenRange):
        raise SigningError(f"wrong PIN for {where}") from None
    except p11_errors.PinLocked:
        raise SigningError(f"the PIN of {where} is locked; unlock it with the SO PIN") from None
    except (p11_errors.PKCS11Error, OSError, RuntimeError) as exc:
        raise SigningError(f"cannot open {where} with module {str(path)!r}: {exc!r}") from None
    except Exception as exc:  # pyHanko's "no token found" and module loading errors
        raise SigningError(f"cannot open {where} with module {str(path)!r}: {exc}") from None
    try:
        label = key_label or _only_certificate_label(session, pkcs11, where)
        try:
            signer = PKCS11Signer(session, cert_label=label, key_label=label)
            _ = signer.signing_cert  # loads the certificate now, so errors surface here
        except Exception as exc:
            raise SigningError(f"{where} has no certificate and key labelled {label!r}") from exc
        yield SigningKey(signer=signer, source=where)
    finally:
        session.close()


def _only_certificate_label(session: Any, pkcs11: Any, where: str) -> str:
    labels = sorted(
        str(obj[pkcs11.Attribute.LABEL])
        for obj in session.get_objects({pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE})
    )
    if len(labels) != 1:
        found = ", ".join(repr(label) for label in labels) or "none"
        raise SigningError(
            f"{where} holds {len(labels)} certificates ({found}); choose one with key_label"
        )
    return labels[0]
