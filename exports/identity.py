"""Reviewer identities: the key and certificate a pack is signed with.

One identity is configured per data directory, in ``<data dir>/identity/``:

- ``reviewer.p12``: the private key and certificate as PKCS#12, encrypted with the
  reviewer's passphrase (AES-256 with PBKDF2, cryptography's best available), mode 0600;
- ``reviewer-certificate.pem``: the public certificate only, to hand to whoever verifies a
  pack (``ddq verify pack.pdf --trust reviewer-certificate.pem``).

API:

- :func:`create_identity` makes a new key pair and a self-signed certificate;
- :func:`import_identity` adopts an existing PKCS#12 (e.g. issued by the firm's CA) after
  checking the passphrase opens it; the file is copied as it is, still encrypted;
- :func:`configured_identity` describes the configured identity (no passphrase needed);
- :func:`open_identity` decrypts a PKCS#12 into a :class:`SigningIdentity` for signing.

The passphrase is only ever held in memory: it is never written to disk, the database, a
log or the PDF, and the key is never written unencrypted. Writes are atomic.
"""

import os
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from models.errors import UserError
from models.storage.files import atomic_output, check_input_file

IDENTITY_FOLDER = "identity"
KEY_FILE = "reviewer.p12"
CERTIFICATE_FILE = "reviewer-certificate.pem"
MIN_PASSPHRASE_LENGTH = 8
KEY_BITS = 3072
VALID_DAYS = 3 * 365
# RFC 5280's upper bounds (ub-common-name, ub-organization-name, ub-emailaddress-length).
NAME_LIMITS = {"name": 64, "organisation": 64, "email": 255}


@dataclass(frozen=True)
class Identity:
    """A reviewer identity as people see it (nothing secret).

    Attributes:
        name: The certificate's common name.
        organisation: The certificate's organisation, or "".
        email: The certificate's e-mail address, or "".
        fingerprint: SHA-256 of the certificate, colon-separated hex.
        not_before: Start of validity (UTC).
        not_after: End of validity (UTC).
        self_signed: True when the certificate signs itself (a created identity).
        key_path: The encrypted PKCS#12 file.
        certificate_path: The public certificate (PEM) to give verifiers.
    """

    name: str
    organisation: str
    email: str
    fingerprint: str
    not_before: datetime
    not_after: datetime
    self_signed: bool
    key_path: Path
    certificate_path: Path


@dataclass(frozen=True)
class SigningIdentity:
    """A decrypted identity, ready to sign. It lives in memory only.

    Attributes:
        certificate: The signing certificate.
        extra_certificates: Chain certificates carried in the PKCS#12.
        signer: The pyHanko signer holding the decrypted key (never written anywhere).
    """

    certificate: x509.Certificate
    extra_certificates: tuple[x509.Certificate, ...]
    signer: Any = field(repr=False, compare=False)

    def __repr__(self) -> str:
        return f"SigningIdentity({_name(self.certificate)!r})"

    @property
    def name(self) -> str:
        """The signer's name from the certificate."""
        return _name(self.certificate)

    @property
    def organisation(self) -> str:
        """The organisation on the certificate, or ""."""
        return _attribute(self.certificate, NameOID.ORGANIZATION_NAME)

    @property
    def fingerprint(self) -> str:
        """SHA-256 fingerprint of the certificate."""
        return fingerprint(self.certificate)


def identity_folder(data_dir: Path) -> Path:
    """Return the folder that holds the configured identity."""
    return Path(data_dir) / IDENTITY_FOLDER


def fingerprint(certificate: x509.Certificate) -> str:
    """Return the certificate's SHA-256 fingerprint as colon-separated upper-case hex."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _name(certificate: x509.Certificate) -> str:
    return _attribute(certificate, NameOID.COMMON_NAME) or certificate.subject.rfc4514_string()


def _describe(certificate: x509.Certificate, key_path: Path, certificate_path: Path) -> Identity:
    return Identity(
        name=_name(certificate),
        organisation=_attribute(certificate, NameOID.ORGANIZATION_NAME),
        email=_attribute(certificate, NameOID.EMAIL_ADDRESS),
        fingerprint=fingerprint(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        self_signed=certificate.issuer == certificate.subject,
        key_path=key_path,
        certificate_path=certificate_path,
    )


def _check_name_part(label: str, value: str) -> str:
    """Return ``value`` with spaces collapsed, or refuse control characters and overlong text.

    A name is printed by ``ddq verify`` and drawn on the signature stamp: a newline or a
    terminal escape sequence in it could forge report lines.
    """
    if any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in value):
        raise UserError(f"--{label}: control characters are not allowed in a certificate name")
    value = " ".join(value.split())
    limit = NAME_LIMITS[label]
    if len(value) > limit:
        raise UserError(f"--{label}: {len(value)} characters; a certificate allows at most {limit}")
    size = len(value.encode("utf-8"))
    if label == "name" and size > limit:
        # The certificate's common name is limited in UTF-8 bytes (cryptography checks so):
        # 22 Chinese characters are 66 bytes.
        raise UserError(
            f"--{label}: {size} bytes in UTF-8 ({len(value)} characters); a certificate "
            f"allows at most {limit} bytes"
        )
    return value


def _check_passphrase(passphrase: str) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UserError(f"the passphrase must have at least {MIN_PASSPHRASE_LENGTH} characters")
    return passphrase.encode("utf-8")


def configured_identity(data_dir: Path) -> Identity | None:
    """Describe the identity configured in ``data_dir``, or None when there is none.

    Raises:
        UserError: The certificate file is unreadable.
    """
    folder = identity_folder(data_dir)
    key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
    if not key_path.exists() or not certificate_path.exists():
        return None
    try:
        certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
    except (OSError, ValueError) as error:
        raise UserError(f"{certificate_path}: not a readable certificate ({error})") from None
    return _describe(certificate, key_path, certificate_path)


def _refuse_to_replace(data_dir: Path, replace: bool) -> None:
    existing = configured_identity(data_dir)
    if existing is not None and not replace:
        raise UserError(
            f"an identity is already configured ({existing.name}); pass --replace to replace it"
        )


def _store(data_dir: Path, pkcs12_data: bytes, certificate: x509.Certificate) -> Identity:
    folder = identity_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_path, certificate_path = folder / KEY_FILE, folder / CERTIFICATE_FILE
    with atomic_output(key_path) as temporary:
        os.chmod(temporary, 0o600)
        temporary.write_bytes(pkcs12_data)
    with atomic_output(certificate_path) as temporary:
        temporary.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return _describe(certificate, key_path, certificate_path)


def create_identity(
    data_dir: Path,
    name: str,
    passphrase: str,
    *,
    organisation: str = "",
    email: str = "",
    replace: bool = False,
    now: datetime | None = None,
) -> Identity:
    """Create a key pair and a self-signed signing certificate, stored encrypted.

    Args:
        data_dir: The data directory.
        name: The reviewer's name (the certificate's common name).
        passphrase: Encrypts the key; at least 8 characters.
        organisation: The reviewer's organisation, if any.
        email: The reviewer's e-mail address, if any.
        replace: Replace an identity that is already configured.
        now: The start of validity (default: now).

    Raises:
        UserError: Empty name, a name with control characters or longer than a certificate
            allows, short passphrase, or an identity exists and not ``replace``.
    """
    name = _check_name_part("name", name)
    organisation = _check_name_part("organisation", organisation)
    email = _check_name_part("email", email)
    if not name:
        raise UserError("the identity needs a name (--name)")
    secret = _check_passphrase(passphrase)
    _refuse_to_replace(data_dir, replace)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation.strip():
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.strip()))
    if email.strip():
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email.strip()))
    subject = x509.Name(attributes)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    pkcs12_data = pkcs12.serialize_key_and_certificates(
        name.encode("utf-8"),
        key,
        certificate,
        None,
        serialization.BestAvailableEncryption(secret),
    )
    return _store(data_dir, pkcs12_data, certificate)


def _read_pkcs12(key_path: Path, passphrase: str) -> tuple[bytes, Any, x509.Certificate, list]:
    key_path = Path(key_path)
    check_input_file(key_path)
    data = key_path.read_bytes()
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") or None
        )
    except ValueError:
        raise UserError(
            f"{key_path.name}: wrong passphrase, or not a PKCS#12 identity file"
        ) from None
    if key is None or certificate is None:
        raise UserError(f"{key_path.name}: holds no private key and certificate")
    return data, key, certificate, list(extra)


def open_identity(key_path: Path, passphrase: str) -> SigningIdentity:
    """Decrypt a PKCS#12 file into a signer held in memory.

    Raises:
        UserError: The file is missing, not PKCS#12, holds no key, or the passphrase is wrong.
    """
    # deferred: start-up time (pyHanko and its helpers load on first signing)
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from exports.key_signer import LoadedKeySigner

    _data, key, certificate, extra = _read_pkcs12(key_path, passphrase)

    def convert(item: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(item.public_bytes(serialization.Encoding.DER))

    # The key crosses to pyHanko in memory; it is never serialised unencrypted to disk.
    signer = LoadedKeySigner(
        private_key=key,
        signing_cert=convert(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([convert(c) for c in extra]),
    )
    return SigningIdentity(certificate, tuple(extra), signer)


def import_identity(
    data_dir: Path, key_path: Path, passphrase: str, *, replace: bool = False
) -> Identity:
    """Adopt a PKCS#12 file as the configured identity (copied as it is, still encrypted).

    Raises:
        UserError: The file cannot be opened with the passphrase, or an identity exists.
    """
    data, _key, certificate, _extra = _read_pkcs12(key_path, passphrase)
    if not passphrase:
        raise UserError(
            f"{Path(key_path).name}: the identity file is not passphrase-protected; "
            "protect it with a passphrase before importing it"
        )
    _refuse_to_replace(data_dir, replace)
    return _store(data_dir, data, certificate)
