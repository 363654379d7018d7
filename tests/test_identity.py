"""Reviewer identities: creation rules, replacement, and what is stored on disk."""

from pathlib import Path

import pytest

from exports.identity import (
    configured_identity,
    create_identity,
    import_identity,
    open_identity,
)
from models.errors import UserError


def test_no_identity_until_one_is_created(tmp_path: Path) -> None:
    assert configured_identity(tmp_path) is None


def test_creation_refuses_a_short_passphrase_or_an_empty_name(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="at least 8 characters"):
        create_identity(tmp_path, "Jane", "short")
    with pytest.raises(UserError, match="needs a name"):
        create_identity(tmp_path, "   ", "long enough passphrase")
    assert not (tmp_path / "identity").exists()


def test_an_identity_is_replaced_only_when_asked(tmp_path: Path) -> None:
    first = create_identity(tmp_path, "Jane Doe", "long enough passphrase", email="j@example.com")
    assert first.self_signed and first.email == "j@example.com"
    assert first.certificate_path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    with pytest.raises(UserError, match="--replace"):
        create_identity(tmp_path, "Someone Else", "long enough passphrase")
    second = create_identity(tmp_path, "Someone Else", "another passphrase", replace=True)
    assert configured_identity(tmp_path).fingerprint == second.fingerprint != first.fingerprint
    with pytest.raises(UserError, match="wrong passphrase"):
        open_identity(second.key_path, "long enough passphrase")
    assert open_identity(second.key_path, "another passphrase").name == "Someone Else"
    assert "another passphrase" not in repr(open_identity(second.key_path, "another passphrase"))


def test_import_refuses_what_is_not_an_identity(tmp_path: Path) -> None:
    not_p12 = tmp_path / "notes.p12"
    not_p12.write_bytes(b"this is not PKCS#12")
    with pytest.raises(UserError, match="not a PKCS#12"):
        import_identity(tmp_path / "data", not_p12, "whatever passphrase")
    with pytest.raises(UserError, match="no such file"):
        import_identity(tmp_path / "data", tmp_path / "missing.p12", "whatever passphrase")
    assert configured_identity(tmp_path / "data") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Eve\n  intact: yes", "control characters"),
        ("name", "Eve \x1b[32mVALID\x1b[0m", "control characters"),
        ("name", "Eve\u202egnp.exe", "control characters"),
        ("name", "E" * 65, "at most 64"),
        ("name", "\u00e9" * 33, "66 bytes in UTF-8 (33 characters)"),
        ("name", "\u65e5" * 22, "at most 64 bytes"),
        ("organisation", "Acme\r\nvalid: yes", "control characters"),
        ("organisation", "O" * 65, "at most 64"),
        ("email", "e\x07@example.com", "control characters"),
        ("email", "e" * 250 + "@example.com", "at most 255"),
    ],
)
def test_identity_names_with_controls_or_too_long_are_refused_in_one_line(
    ddq, data_dir: Path, field: str, value: str, message: str
) -> None:
    arguments = {"name": "Jane Doe", "organisation": "", "email": ""} | {field: value}
    result = ddq(
        "identity", "create", "--name", arguments["name"], "--organisation",
        arguments["organisation"], "--email", arguments["email"], "--passphrase-env", "P",
        env={"P": "long enough passphrase"},
    )  # fmt: skip
    assert result.code == 2, result.stderr
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert not (data_dir / "identity" / "reviewer.p12").exists()


def test_a_64_character_name_is_accepted(tmp_path: Path) -> None:
    identity = create_identity(tmp_path, "N" * 64, "long enough passphrase")
    assert identity.name == "N" * 64


def test_a_name_of_64_utf8_bytes_is_accepted(tmp_path: Path) -> None:
    name = "\u65e5" * 21 + "x"
    identity = create_identity(tmp_path, name, "long enough passphrase")
    assert identity.name == name


def test_random_names_are_certified_or_refused_in_one_line(tmp_path: Path, monkeypatch) -> None:
    """Any name (control characters, any script, any length) is either in the certificate
    as given, spaces collapsed, or one UserError line; never a ValueError from cryptography
    (22 Han characters are 66 UTF-8 bytes, past the common name's 64)."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.helpers.fuzz import field_text, fuzz_settings

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    monkeypatch.setattr(rsa, "generate_private_key", lambda **_kwargs: key)  # speed
    han = st.text(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=15, max_size=64
    )

    @fuzz_settings(60)
    @given(name=st.one_of(field_text, han))
    def run(name: str) -> None:
        try:
            identity = create_identity(
                tmp_path / "data", name, "long enough passphrase", replace=True
            )
        except UserError as error:
            assert "\n" not in str(error)
            return
        assert identity.name == " ".join(name.split())

    run()
