"""``ddq verify`` on damaged signed packs: truncated or bit-flipped, the answer is "tampered" (1)
or "not a signed pack" (2) in at most one line — never a traceback, never "valid" for a changed
signed range. Bytes merely appended may stay valid, but the report says they were appended."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers.cli_runner import run_ddq
from tests.helpers.fuzz import fuzz_settings

PASSPHRASE = "fuzzing the verifier 2026"


@pytest.fixture(scope="module")
def signed_pack(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A pack signed with a freshly created identity (made once for the module)."""
    import os

    folder = tmp_path_factory.mktemp("signed")
    saved = os.environ.get("DDQ_DATA_DIR")
    os.environ["DDQ_DATA_DIR"] = str(folder / "data")
    os.environ["DDQ_FUZZ_PASSPHRASE"] = PASSPHRASE
    try:
        created = run_ddq(
            ["identity", "create", "--name", "Vera Fier", "--passphrase-env", "DDQ_FUZZ_PASSPHRASE"]
        )
        assert created.code == 0, created.stderr
        pack = folder / "pack.pdf"
        exported = run_ddq(
            ["export", "--vendor", "openai-api", "--template", "gdpr", "--out", str(pack),
             "--passphrase-env", "DDQ_FUZZ_PASSPHRASE"]
        )  # fmt: skip
        assert exported.code == 0, exported.stderr
        assert run_ddq(["verify", str(pack)]).code == 0
        return pack.read_bytes()
    finally:
        os.environ.pop("DDQ_FUZZ_PASSPHRASE", None)
        if saved is None:
            os.environ.pop("DDQ_DATA_DIR", None)
        else:
            os.environ["DDQ_DATA_DIR"] = saved


def test_damaged_packs_are_never_valid_and_never_a_traceback(
    signed_pack: bytes, tmp_path: Path
) -> None:
    size = len(signed_pack)

    @fuzz_settings(100)
    @given(
        cut=st.one_of(st.none(), st.integers(0, size - 1)),
        flips=st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 255)), max_size=3),
        appended=st.sampled_from([b"", b"\n", b"%%EOF\n", b"1 0 obj\n<< /Type /Page >>\nendobj\n"]),
    )
    def run(cut: int | None, flips: list[tuple[int, int]], appended: bytes) -> None:
        data = bytearray(signed_pack if cut is None else signed_pack[:cut])
        for offset, value in flips:
            if offset < len(data):
                data[offset] = value
        data += appended
        path = tmp_path / "pack.pdf"
        path.write_bytes(bytes(data))
        result = run_ddq(["verify", str(path)])
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") <= 1, result.stderr
        if bytes(data) == signed_pack:
            assert result.code == 0
        elif bytes(data[:size]) == signed_pack:
            # Bytes after the signed range change nothing a reader sees (pyHanko: modification
            # "none"); still valid, but the report must say something was appended.
            assert result.code in (0, 1, 2), result.stdout
            if result.code == 0:
                assert "appended after the last signature" in result.stdout
        else:
            assert result.code in (1, 2), (result.code, result.stdout)

    run()


CMS_MUTATIONS = (
    "digest-oid",
    "digest-set-oid",
    "signature-oid",
    "drop-signed-attrs",
    "drop-message-digest",
    "signing-time",
    "no-certificates",
    "garbage-certificate",
    "serial",
    "version",
    "signature-value",
    "content-type",
)
UNSIGNED_PARTS = {"digest-set-oid", "version"}
BAD_DATES = (b"(D:2026)", b"(D:99999999999999)", b"(D:20261301246161+99'99')", b"(x)", b"<>", b"7")


def _mutate_cms(der: bytes, mutation: str, seed: int) -> bytes:
    """Re-encode the signature's CMS with one structural change (asn1crypto, not bytes)."""
    from asn1crypto import cms

    info = cms.ContentInfo.load(der)
    signed = info["content"]
    signer = signed["signer_infos"][0]
    odd_oid = f"1.2.{seed % 997}.{seed}"
    if mutation == "digest-oid":
        signer["digest_algorithm"] = {"algorithm": odd_oid}
    elif mutation == "digest-set-oid":
        signed["digest_algorithms"] = [{"algorithm": odd_oid}]
    elif mutation == "signature-oid":
        signer["signature_algorithm"] = {"algorithm": odd_oid}
    elif mutation == "drop-signed-attrs":
        signer["signed_attrs"] = cms.CMSAttributes([])
    elif mutation == "drop-message-digest":
        attributes = [a for a in signer["signed_attrs"] if a["type"].native != "message_digest"]
        signer["signed_attrs"] = cms.CMSAttributes(attributes)
    elif mutation == "signing-time":
        attributes = [a for a in signer["signed_attrs"] if a["type"].native != "signing_time"]
        attributes.append(
            cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": "991301"})]})
            if seed % 2
            else cms.CMSAttribute.load(
                b"\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x09\x05\x31\x00"
            )
        )
        signer["signed_attrs"] = cms.CMSAttributes(attributes)
    elif mutation == "no-certificates":
        signed["certificates"] = cms.CertificateSet([])
    elif mutation == "garbage-certificate":
        signed["certificates"] = cms.CertificateSet.load(b"\x31\x03\x02\x01" + bytes([seed % 256]))
    elif mutation == "serial":
        issuer_and_serial = signer["sid"].chosen
        issuer_and_serial["serial_number"] = seed
        signer["sid"] = cms.SignerIdentifier(
            name="issuer_and_serial_number", value=issuer_and_serial
        )
    elif mutation == "version":
        signer["version"] = "v" + str(seed % 6)
    elif mutation == "signature-value":
        signer["signature"] = bytes([seed % 256]) * (1 + seed % 400)
    elif mutation == "content-type":
        signed["encap_content_info"]["content_type"] = odd_oid
    # Re-assign up the tree so every enclosing structure is re-encoded (force=True would
    # re-encode everything from native values, which some of pyHanko's attributes do not allow).
    signed["signer_infos"] = cms.SignerInfos([signer])
    info["content"] = signed
    return info.dump()


def test_structural_cms_and_date_mutations_are_one_line_and_never_valid(
    signed_pack: bytes, tmp_path: Path
) -> None:
    start = signed_pack.index(b"/Contents <") + len(b"/Contents <")
    end = signed_pack.index(b">", start)
    reserved = end - start
    from asn1crypto import cms

    # The reserved space is zero-padded; strict=False ignores the padding after the DER.
    blob = bytes.fromhex(signed_pack[start:end].decode())
    original = cms.ContentInfo.load(blob, strict=False).dump()
    tried = []

    @fuzz_settings(120)
    @given(
        mutation=st.sampled_from((*CMS_MUTATIONS, "date")),
        seed=st.integers(0, 2**31),
        cut=st.one_of(st.none(), st.integers(1, 200)),
    )
    def run(mutation: str, seed: int, cut: int | None) -> None:
        data = bytearray(signed_pack)
        if mutation == "date":
            # pyHanko writes the colon as an octal escape: (D\0722026…).
            match = re.search(rb"/M \(D(?::|\\072)[^)]*\)", data)
            if match is None:
                return
            # Padded to the same length when it fits, so the file's offsets still hold and the
            # verifier reads the date, not a broken cross-reference table.
            bad = (b"/M " + BAD_DATES[seed % len(BAD_DATES)]).ljust(match.end() - match.start())
            data[match.start() : match.end()] = bad
        else:
            try:
                mutated = _mutate_cms(original, mutation, seed)
            except (ValueError, TypeError, KeyError):
                return  # asn1crypto refused to build it: nothing to feed the verifier
            if cut and not mutated[-cut:].strip(b"\x00"):
                # Cutting zero bytes changes nothing once the reserved space is zero-padded
                # again (a signature whose DER ends in 0x00): the file is the uncut one.
                cut = None
            if cut:
                mutated = mutated[:-cut]
            hexed = mutated.hex().upper().encode()[:reserved]
            data[start:end] = hexed.ljust(reserved, b"0")
        tried.append(mutation)
        path = tmp_path / "pack.pdf"
        path.write_bytes(bytes(data))
        result = run_ddq(["verify", str(path)])
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") <= 1, result.stderr
        if mutation in UNSIGNED_PARTS and not cut:
            # Fields outside what the signature covers: changing them may leave it valid.
            assert result.code in (0, 1), (mutation, result.code, result.stdout)
        else:
            assert result.code == 1, (mutation, result.code, result.stdout, result.stderr)

    run()
    assert len(tried) >= 100, len(tried)
    assert "date" in tried  # the signing time was found and mutated
