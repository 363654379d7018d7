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
from typing import Any

from exports.verify_checks import (
    carries_signature_traces,
    certificate_time_problem,
    later_change_problem,
    printable,
)
from models.errors import UserError
from models.storage.files import check_input_file

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
        changed_later: Content this signature does not allow was changed after it.
        certificate_problem: The signer's certificate was or is outside its validity.
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
    changed_later: bool = False
    certificate_problem: str | None = None
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
        modified_after_signing: Something was appended after a signature.
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


def _carries_manifest(reader: Any) -> bool:  # PdfFileReader
    """True when the file embeds our manifest and does not call itself a draft."""
    # deferred: start-up time (loaded only when this export runs)
    from exports.signing import MANIFEST_NAME

    try:
        info = reader.trailer_view.get("/Info")
        title = str(info.get_object().get("/Title", "")) if info is not None else ""
        if title.startswith("DRAFT"):
            return False
        tree = reader.root["/Names"]["/EmbeddedFiles"]
        stack, seen = [tree.get_object()], 0
        while stack and seen < 1000:
            node, seen = stack.pop(), seen + 1
            names = node.get("/Names")
            if names is not None and MANIFEST_NAME in [str(n) for n in names.get_object()[::2]]:
                return True
            stack.extend(kid.get_object() for kid in node.get("/Kids", []))
    except Exception:  # any damage just means "no manifest found"
        return False
    return False


def verify_pack(path: Path, trust_cert: Path | None = None) -> VerificationReport:
    """Verify every signature in ``path`` offline and return the report.

    A file that starts as a PDF but cannot be read, or that hides a signature dictionary or
    our manifest without a signature that verifies, is reported as tampered (exit 1), not as
    unsigned: only a readable file with no trace of a signature is "UNSIGNED" (exit 2).

    Args:
        path: The PDF to check.
        trust_cert: A certificate to trust (PEM or DER), or None to skip the trust check.

    Raises:
        UserError: The file or the certificate cannot be read, or the file is not a PDF.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko_certvalidator import ValidationContext

    path = Path(path)
    check_input_file(path, MAX_PACK_BYTES)
    trust = _load_trust(trust_cert)
    data = path.read_bytes()
    if not data.lstrip()[:5] == b"%PDF-":
        raise UserError(f"{printable(path.name)}: not a PDF file")
    report = VerificationReport(path=path, trusted=None if trust_cert is None else False)
    # pyHanko raises many kinds of error on a damaged file (PdfReadError, ValueError,
    # KeyError, misc. parsing errors); each only means the file cannot be checked.
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        signature_fields = {str(name) for name, _value, _ref in enumerate_sig_fields(reader)}
    except Exception as error:
        return _damaged(report, f"the file is damaged and cannot be read ({printable(error, 120)})")
    if not embedded:
        if carries_signature_traces(data):
            return _damaged(report, "the file holds a signature that no longer verifies")
        if _carries_manifest(reader):
            return _damaged(
                report, "the pack's signature was removed (its manifest is still there)"
            )
        report.summary = [f"{printable(path.name)}: UNSIGNED: the file carries no signature"]
        report.exit_code = EXIT_UNSIGNED
        return report
    context = ValidationContext(
        trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail"
    )
    for signature in embedded:
        report.signatures.append(
            _check(signature, context, trust_cert is not None, signature_fields)
        )
    _conclude(report, trust_cert is not None)
    return report


def _check(
    signature: Any, context: Any, check_trust: bool, signature_fields: set[str]
) -> SignatureFinding:  # EmbeddedPdfSignature, ValidationContext
    """Judge one ``EmbeddedPdfSignature`` on its own bytes and on what changed after it."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    finding = SignatureFinding(field=printable(signature.field_name, 80))
    # A mutated CMS (unknown digest OID, malformed /M date…) can raise almost anything from
    # pyHanko or asn1crypto; whatever it is, this signature does not verify.
    try:
        status = validate_pdf_signature(
            signature,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(key_usage=set()),
        )
        finding.intact = bool(status.intact)
        finding.valid = bool(status.valid)
        finding.trusted = bool(status.trusted) if check_trust else None
        finding.signer = printable(_signer_name(status.signing_cert))
        finding.signing_time = status.signer_reported_dt
        stamp = status.timestamp_validity
        if stamp is not None:
            finding.timestamp = stamp.timestamp
            finding.timestamp_authority = printable(_signer_name(stamp.signing_cert))
            finding.timestamp_valid = bool(stamp.intact and stamp.valid)
            finding.timestamp_trusted = bool(stamp.trusted)
        finding.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        level = status.modification_level
        finding.modification = level.name.lower().replace("_", " ") if level is not None else None
        later_change = later_change_problem(status, signature_fields)
        expiry = certificate_time_problem(status.signing_cert, finding.signing_time)
    except Exception as error:
        finding.problem = f"the signature cannot be checked ({printable(error, 120)})"
        finding.intact = finding.valid = False
        return finding
    if not finding.intact:
        finding.problem = "the signed bytes were changed after signing"
    elif not finding.valid:
        finding.problem = "the signature does not verify"
    elif status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        finding.problem = "the signature does not cover a whole revision of the file"
    elif later_change:
        finding.changed_later = True
        finding.problem = later_change
    finding.certificate_problem = expiry
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


def _signer_name(certificate: Any) -> str:  # asn1crypto x509.Certificate
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def _damaged(report: VerificationReport, problem: str) -> VerificationReport:
    report.signed = True
    report.summary = [f"{printable(report.path.name)}: TAMPERED: {problem}"]
    report.exit_code = EXIT_INVALID
    return report


def _finding_lines(finding: SignatureFinding, check_trust: bool) -> list[str]:
    when = finding.signing_time.isoformat() if finding.signing_time else "unknown time"
    lines = [
        f"signature {finding.field}: signed by {finding.signer or 'unknown'} at {when}",
        f"  intact: {'yes' if finding.intact else 'NO'}",
        f"  valid: {'yes' if finding.valid else 'NO'}",
    ]
    if check_trust:
        lines.append(f"  trusted: {'yes' if finding.trusted else 'NO'}")
    else:
        lines.append("  trusted: not checked (pass --trust CERT.pem to check the signer)")
    lines.append(f"  {_timestamp_line(finding)}")
    if finding.certificate_problem:
        lines.append(f"  certificate: {finding.certificate_problem}")
    if finding.changed_later:
        lines.append(f"  changed after this signature: YES ({finding.modification})")
    elif finding.modification not in (None, "none"):
        lines.append("  changed after this signature: only later signatures, timestamps or DSS")
    else:
        lines.append("  changed after this signature: no")
    if finding.problem:
        lines.append(f"  problem: {finding.problem}")
    return lines


def _conclude(report: VerificationReport, check_trust: bool) -> None:
    findings = report.signatures
    last = findings[-1]
    report.signed = True
    report.intact = all(f.intact for f in findings)
    report.valid = all(f.valid and f.problem is None for f in findings)
    report.trusted = (
        all(bool(f.trusted) and f.certificate_problem is None for f in findings)
        if check_trust
        else None
    )
    report.signer = last.signer
    report.signing_time = last.signing_time
    broken = [f for f in findings if f.changed_later]
    report.modified_after_signing = bool(broken) or not last.covers_whole_file
    lines = []
    for finding in findings:
        lines.extend(_finding_lines(finding, check_trust))
    if broken:
        lines.append(
            "changed after signing: YES, a later update changed what signature "
            + ", ".join(f.field for f in broken)
            + " signed"
        )
    if not last.covers_whole_file:
        lines.append(
            "changed after signing: an update was appended after the last signature "
            f"(modification: {last.modification or 'unknown'})"
        )
    elif not broken:
        lines.append("changed after signing: no, the signature covers the whole file")
    untrusted = [f.field for f in findings if check_trust and not f.trusted]
    expired = [f.field for f in findings if f.certificate_problem]
    if broken:
        names = ", ".join(f.field for f in broken)
        verdict, report.exit_code = f"TAMPERED: changed after signature {names}", EXIT_INVALID
    elif not report.intact or not report.valid:
        verdict, report.exit_code = "TAMPERED OR INVALID", EXIT_INVALID
    elif untrusted:
        verdict, report.exit_code = (
            "NOT TRUSTED: the signer does not chain to --trust",
            EXIT_INVALID,
        )
    elif check_trust and expired:
        verdict, report.exit_code = (
            f"NOT TRUSTED: the certificate is outside its validity ({', '.join(expired)})",
            EXIT_INVALID,
        )
    else:
        verdict, report.exit_code = "VALID", EXIT_VALID
    report.summary = [f"{printable(report.path.name)}: {verdict}", *lines]
