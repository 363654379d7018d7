"""Judgements ``exports.verify`` makes about one signature, and safe printing of what it found.

- :func:`printable` escapes text taken from the file (a signer's name, a field name, an error
  message) so newlines, terminal escape sequences or bidi overrides cannot forge report lines.
- :func:`later_change_problem` reads pyHanko's own modification analysis of the revisions after
  a signature (its ``diff_result`` / ``ModificationLevel`` and ``docmdp_ok``): only later
  signatures, document timestamps and DSS updates leave a signature unbroken.
- :func:`certificate_time_problem` says when the signer's certificate was not valid at the
  signing time or is not valid now.
- :func:`carries_signature_traces` tells a stripped or damaged signed pack from a draft.
"""

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any

# Bytes that only a signature dictionary (or a signature field) puts in a file.
_SIGNATURE_TRACES = (b"/ByteRange", b"/Type /Sig", b"/Type/Sig", b"/FT /Sig", b"/FT/Sig")
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
MAX_PRINTED = 200


def printable(text: object, limit: int = MAX_PRINTED) -> str:
    """Return ``text`` safe to print on a terminal: controls escaped, length bounded.

    Control and format characters (newline, ESC, bidi overrides…) become ``\\xNN`` /
    ``\\uNNNN`` escapes, so text from a file can never start a new report line or recolour it.
    """
    out = []
    for character in str(text):
        if unicodedata.category(character) in _ESCAPED_CATEGORIES:
            code = ord(character)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(character)
    result = "".join(out)
    return result if len(result) <= limit else result[: limit - 1] + "…"


def later_change_problem(
    status: Any, signature_fields: set[str]
) -> str | None:  # PdfSignatureStatus
    """Say what was changed after this signature that it does not allow, or None.

    pyHanko compares the signed revision with every later one. ``LTA_UPDATES`` (DSS, document
    timestamps) and ``NONE`` are harmless; ``FORM_FILLING`` is harmless only when every field
    that changed is a signature field (a later signature); anything else, or a DocMDP
    violation, breaks the signature.

    Args:
        status: pyHanko's status for the signature.
        signature_fields: Names of the file's signature fields.
    """
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification

    diff = status.diff_result
    if isinstance(diff, SuspiciousModification):
        return f"the file was changed after this signature ({printable(diff, 120)})"
    level = status.modification_level
    if status.docmdp_ok is False:
        return "the file was changed after this signature beyond what the signature permits"
    if level is None or level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return None
    if level == ModificationLevel.FORM_FILLING:
        changed = set(getattr(diff, "changed_form_fields", set()) or set())
        others = sorted(name for name in changed if name.split(".")[-1] not in signature_fields)
        if not others:
            return None
        return "form fields were filled in after this signature: " + ", ".join(
            printable(name, 60) for name in others
        )
    return f"the file was changed after this signature ({level.name.lower().replace('_', ' ')})"


def certificate_time_problem(certificate: Any, signing_time: datetime | None) -> str | None:
    """Say when the signer's certificate is outside its validity period, or None.

    Args:
        certificate: The signer's asn1crypto certificate.
        signing_time: When the signer says it signed (None: unknown).
    """
    validity = certificate["tbs_certificate"]["validity"]
    not_before = validity["not_before"].native
    not_after = validity["not_after"].native
    now = datetime.now(UTC)
    if signing_time is not None and signing_time.tzinfo is None:
        signing_time = signing_time.replace(tzinfo=UTC)
    for moment, label in ((signing_time, "at the signing time"), (now, "now")):
        if moment is None:
            continue
        if moment < not_before:
            return (
                f"the signer's certificate is not yet valid {label} "
                f"(valid from {not_before:%Y-%m-%d})"
            )
        if moment > not_after:
            return (
                f"the signer's certificate has expired {label} (valid until {not_after:%Y-%m-%d})"
            )
    return None


def carries_signature_traces(data: bytes) -> bool:
    """True when the raw bytes hold a signature dictionary or signature field anywhere.

    A revision that dropped ``/AcroForm``, an update without ``/Prev`` or a rewritten
    cross-reference hides the signature from a reader, but its dictionary is still there.
    """
    return any(trace in data for trace in _SIGNATURE_TRACES) or bool(
        re.search(rb"/SubFilter\s*/(adbe\.pkcs7|ETSI\.CAdES)", data)
    )
