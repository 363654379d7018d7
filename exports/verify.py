"""Offline verification of a signed pack (or any PDF with PAdES/CMS signatures).

``verify_pack(path, trust_cert=None) -> VerificationReport`` checks, without any network
access, every signature in the file: is the signed range intact, is the signature
cryptographically valid, does the signer chain to ``trust_cert`` (a PEM or DER certificate:
the reviewer's own certificate or the CA that issued it), who signed and when, and whether
anything was appended after signing.

Exit codes (``VerificationReport.exit_code``, used by ``ddq verify``):

- 0: signed, intact and valid (and trusted, when a certificate to trust was given); nothing
  beyond signature-preserving updates (e.g. timestamps) was appended;
- 1: tampered or invalid: a digest mismatch, a bad signature, a signer the given certificate
  does not vouch for, changes appended after signing, or a signature too damaged to read;
- 2: unsigned (no signature at all). Unreadable input raises ``UserError`` (also exit 2).

Without ``trust_cert`` the report says the signer's identity was not checked: a valid
signature only proves the file is unchanged since someone signed it.
"""

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from models.errors import UserError
from models.files import check_input_file

MAX_PACK_BYTES = 200 * 1024 * 1024
EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNSIGNED = 2

# pyHanko logs every failed check with a traceback; the report already says what failed.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass
class SignatureFinding:
    """What verification found about one signature.

    Attributes:
        field: The signature field's name.
        intact: The signed bytes hash to the value the signature holds.
        valid: The signature over that hash verifies with the signer's key.
        trusted: The signer chains to the trusted certificate (None: not checked).
        signer: The signer's name from the certificate.
        signing_time: The time the signer's software recorded.
        covers_whole_file: The byte range runs to the end of the file.
        modification: pyHanko's modification level of later updates ("none", "form filling"…).
        problem: Why it is not valid, if it is not.
        timestamp: The time an RFC 3161 timestamp authority vouches for (None: no timestamp).
        timestamp_authority: That authority's name from its certificate.
        timestamp_valid: The timestamp token verifies against the signature.
        timestamp_trusted: The authority chains to a certificate given with ``--trust``.
    """

    field: str
    intact: bool = False
    valid: bool = False
    trusted: bool | None = None
    signer: str | None = None
    signing_time: datetime | None = None
    covers_whole_file: bool = False
    modification: str | None = None
    problem: str | None = None
    timestamp: datetime | None = None
    timestamp_authority: str | None = None
    timestamp_valid: bool = False
    timestamp_trusted: bool = False


@dataclass
class VerificationReport:
    """The verdict on a pack.

    Attributes:
        path: The file checked.
        signed: It carries at least one signature.
        intact: Every signature's signed range is unchanged.
        valid: Every signature verifies.
        trusted: Every signer chains to the trusted certificate (None: none given).
        signer: The (last) signer's name.
        signing_time: The (last) signature's signing time.
        modified_after_signing: Bytes were appended after the last signature.
        signatures: One finding per signature, in file order.
        summary: Human-readable lines, as ``ddq verify`` prints them.
        exit_code: 0 valid, 1 tampered/invalid, 2 unsigned.
    """

    path: Path
    signed: bool = False
    intact: bool = False
    valid: bool = False
    trusted: bool | None = None
    signer: str | None = None
    signing_time: datetime | None = None
    modified_after_signing: bool = False
    signatures: list[SignatureFinding] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    exit_code: int = EXIT_UNSIGNED


def _load_trust(trust_cert: Path | None) -> list:
    if trust_cert is None:
        return []
    from asn1crypto import pem, x509

    trust_cert = Path(trust_cert)
    check_input_file(trust_cert)
    data = trust_cert.read_bytes()
    certificates = []
    try:
        if pem.detect(data):
            for _kind, _headers, der in pem.unarmor(data, multiple=True):
                certificates.append(x509.Certificate.load(der))
        else:
            certificates.append(x509.Certificate.load(data))
        for certificate in certificates:
            _ = certificate.subject.human_friendly  # parse now, fail here if malformed
    except (ValueError, TypeError) as error:
        raise UserError(f"{trust_cert.name}: not a certificate ({error})") from None
    if not certificates:
        raise UserError(f"{trust_cert.name}: holds no certificate")
    return certificates


def _looks_signed(data: bytes) -> bool:
    return b"/ByteRange" in data and b"/Sig" in data


def verify_pack(path: Path, trust_cert: Path | None = None) -> VerificationReport:
    """Verify every signature in ``path`` offline and return the report.

    Args:
        path: The PDF to check.
        trust_cert: A certificate to trust (PEM or DER), or None to skip the trust check.

    Raises:
        UserError: The file or the certificate cannot be read, or the file is not a PDF.
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    path = Path(path)
    check_input_file(path, MAX_PACK_BYTES)
    trust = _load_trust(trust_cert)
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"%PDF-":
        raise UserError(f"{path.name}: not a PDF file")
    report = VerificationReport(path=path, trusted=None if trust_cert is None else False)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        if _looks_signed(data):
            return _damaged(report, f"the signed file cannot be read any more ({error})")
        raise UserError(f"{path.name}: not a readable PDF ({error})") from None
    if not embedded:
        report.summary = [f"{path.name}: UNSIGNED: the file carries no signature"]
        report.exit_code = EXIT_UNSIGNED
        return report
    context = ValidationContext(
        trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail"
    )
    for signature in embedded:
        report.signatures.append(_check(signature, context, trust_cert is not None))
    _conclude(report, trust_cert is not None)
    return report


def _check(signature, context, check_trust: bool) -> SignatureFinding:  # EmbeddedPdfSignature
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    finding = SignatureFinding(field=str(signature.field_name))
    try:
        status = validate_pdf_signature(
            signature,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(key_usage=set()),
        )
    except (SignatureValidationError, ValueError, KeyError, TypeError) as error:
        finding.problem = f"the signature cannot be checked ({error})"
        return finding
    finding.intact = bool(status.intact)
    finding.valid = bool(status.valid)
    finding.trusted = bool(status.trusted) if check_trust else None
    certificate = status.signing_cert
    finding.signer = _signer_name(certificate)
    finding.signing_time = status.signer_reported_dt
    stamp = status.timestamp_validity
    if stamp is not None:
        finding.timestamp = stamp.timestamp
        finding.timestamp_authority = _signer_name(stamp.signing_cert)
        finding.timestamp_valid = bool(stamp.intact and stamp.valid)
        finding.timestamp_trusted = bool(stamp.trusted)
    finding.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    finding.modification = level.name.lower().replace("_", " ") if level is not None else None
    if not finding.intact:
        finding.problem = "the signed bytes were changed after signing"
    elif not finding.valid:
        finding.problem = "the signature does not verify"
    elif status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        finding.problem = "the signature does not cover a whole revision of the file"
    return finding


def _timestamp_line(finding: SignatureFinding) -> str:
    if finding.timestamp is None:
        return "timestamp: none: the signing time is the signer's own clock"
    state = "valid" if finding.timestamp_valid else "DOES NOT VERIFY"
    trust = (
        "authority trusted"
        if finding.timestamp_trusted
        else "authority not among the --trust certificates"
    )
    return (
        f"timestamp: {finding.timestamp.isoformat()} by {finding.timestamp_authority} "
        f"(RFC 3161, {state}; {trust})"
    )


def _signer_name(certificate) -> str:  # asn1crypto x509.Certificate
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def _damaged(report: VerificationReport, problem: str) -> VerificationReport:
    report.signed = True
    report.summary = [f"{report.path.name}: TAMPERED: {problem}"]
    report.exit_code = EXIT_INVALID
    return report


def _conclude(report: VerificationReport, check_trust: bool) -> None:
    findings = report.signatures
    last = findings[-1]
    report.signed = True
    report.intact = all(f.intact for f in findings)
    report.valid = all(f.valid and f.problem is None for f in findings)
    report.trusted = all(bool(f.trusted) for f in findings) if check_trust else None
    report.signer = last.signer
    report.signing_time = last.signing_time
    report.modified_after_signing = not last.covers_whole_file
    harmless = last.modification in ("none", "lta updates")
    lines = []
    for finding in findings:
        when = finding.signing_time.isoformat() if finding.signing_time else "unknown time"
        lines.append(f"signature {finding.field}: signed by {finding.signer} at {when}")
        lines.append(f"  intact: {'yes' if finding.intact else 'NO'}")
        lines.append(f"  valid: {'yes' if finding.valid else 'NO'}")
        if check_trust:
            lines.append(f"  trusted: {'yes' if finding.trusted else 'NO'}")
        else:
            lines.append("  trusted: not checked (pass --trust CERT.pem to check the signer)")
        lines.append(f"  {_timestamp_line(finding)}")
        if finding.problem:
            lines.append(f"  problem: {finding.problem}")
    if report.modified_after_signing:
        lines.append(
            "changed after signing: an update was appended after the last signature "
            f"(modification: {last.modification or 'unknown'})"
        )
    else:
        lines.append("changed after signing: no, the signature covers the whole file")
    if not report.intact or not report.valid:
        verdict, report.exit_code = "TAMPERED OR INVALID", EXIT_INVALID
    elif check_trust and not report.trusted:
        verdict, report.exit_code = (
            "NOT TRUSTED: the signer does not chain to --trust",
            EXIT_INVALID,
        )
    elif report.modified_after_signing and not harmless:
        verdict, report.exit_code = "CHANGED AFTER SIGNING", EXIT_INVALID
    else:
        verdict, report.exit_code = "VALID", EXIT_VALID
    report.summary = [f"{report.path.name}: {verdict}", *lines]
