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
