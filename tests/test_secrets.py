"""After a full signed export, the passphrase and the private key appear nowhere: not in the data
directory (database, identity folder, anything else), not in the pack, the XLSX or JSON exports,
and not in anything a command printed — wrong-passphrase errors included."""

import re
import zipfile
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

PASSPHRASE = "Corr3ct-h\u00f6rse-battery-st\u00e4ple-7f3a9"
WRONG_PASSPHRASE = "Wr0ng-guess-of-the-passphrase-c41d"
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _secret_forms(text: str) -> list[bytes]:
    return [text.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


def _key_forms(p12: Path) -> list[bytes]:
    """The private key as bytes anything could have leaked: DER, PEM and its numbers."""
    key, _certificate, _chain = pkcs12.load_key_and_certificates(
        p12.read_bytes(), PASSPHRASE.encode()
    )
    assert isinstance(key, rsa.RSAPrivateKey)
    forms = [
        key.private_bytes(serialization.Encoding.DER, private_format, serialization.NoEncryption())
        for private_format in (
            serialization.PrivateFormat.PKCS8,
            serialization.PrivateFormat.TraditionalOpenSSL,
        )
    ]
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    body = b"".join(pem.splitlines()[1:-1])
    forms.extend(body[start : start + 64] for start in range(0, len(body) - 64, 512))
    numbers = key.private_numbers()
    for value in (numbers.d, numbers.p, numbers.q):
        forms.append(value.to_bytes((value.bit_length() + 7) // 8, "big"))
        forms.append(f"{value:x}".encode())
        forms.append(str(value).encode())
    return forms


def _readable_layers(data: bytes) -> list[bytes]:
    """The bytes, plus every Flate stream inside them (PDF) and every zip member (XLSX)."""
    layers = [data]
    for match in STREAM.finditer(data):
        try:
            layers.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    if data.startswith(b"PK\x03\x04"):
        import io

        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            layers.extend(archive.read(name) for name in archive.namelist())
    return layers


def _leaks(data: bytes, needles: list[bytes]) -> list[int]:
    return [
        index
        for index, needle in enumerate(needles)
        if any(needle in layer for layer in _readable_layers(data))
    ]


@pytest.mark.slow
def test_no_passphrase_or_private_key_anywhere_after_a_signed_export(
    data_dir: Path, tmp_path: Path, ddq
) -> None:
    env = {"DDQ_TEST_PASSPHRASE": PASSPHRASE, "DDQ_TEST_WRONG": WRONG_PASSPHRASE}
    outputs: list[str] = []

    def run(*args: str, expect: int = 0) -> None:
        result = ddq(*args, env=env)
        outputs.extend([result.stdout, result.stderr])
        assert result.code == expect, (args, result.stdout, result.stderr)

    run(
        "identity", "create", "--name", "Ada Auditor", "--organisation", "Audit LLP",
        "--email", "ada@example.com", "--passphrase-env", "DDQ_TEST_PASSPHRASE",
    )  # fmt: skip
    pack = tmp_path / "pack.pdf"
    run(
        "export", "--vendor", "openai-api", "--template", "soc2", "--out", str(pack),
        "--reviewer", "Ada Auditor", "--passphrase-env", "DDQ_TEST_PASSPHRASE",
    )  # fmt: skip
    run("verify", str(pack))
    run("export", "--review", "1", "--out", str(tmp_path / "answers.xlsx"))
    run("export", "--review", "1", "--out", str(tmp_path / "answers.json"))
    run("identity", "show", "--json")
    refused = tmp_path / "refused.pdf"
    run(
        "export", "--review", "1", "--out", str(refused),
        "--passphrase-env", "DDQ_TEST_WRONG", expect=2,
    )  # fmt: skip
    assert not refused.exists()
    key_file = data_dir / "identity" / "reviewer.p12"
    run(
        "identity", "import", str(key_file), "--replace",
        "--passphrase-env", "DDQ_TEST_WRONG", expect=2,
    )  # fmt: skip
    run("kb", "list")

    secrets = _secret_forms(PASSPHRASE) + _secret_forms(WRONG_PASSPHRASE)
    key_forms = _key_forms(key_file)
    needles = secrets + key_forms
    scanned = [path for path in data_dir.rglob("*") if path.is_file()]
    scanned += [pack, tmp_path / "answers.xlsx", tmp_path / "answers.json"]
    assert any(path.name.startswith("ddq.sqlite3") for path in scanned)
    assert key_file in scanned  # the encrypted key file holds neither in the clear
    for path in scanned:
        assert _leaks(path.read_bytes(), needles) == [], path
    printed = "\n".join(outputs).encode("utf-8", errors="surrogateescape")
    assert _leaks(printed, needles) == []
    # The scan can see what it looks for: the pack's own text is found through its streams.
    assert _leaks(pack.read_bytes(), [b"Ada Auditor"]) == [0]


def test_the_scan_finds_a_key_hidden_in_a_compressed_stream_or_a_zip() -> None:
    """The detector the test above relies on is not blind to compression."""
    import io

    secret = _secret_forms(PASSPHRASE)
    hidden_pdf = b"%PDF-1.7\n1 0 obj\nstream\n" + zlib.compress(secret[1]) + b"\nendstream\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", secret[0])
    assert _leaks(hidden_pdf, secret) == [1]
    assert _leaks(buffer.getvalue(), secret) == [0]
