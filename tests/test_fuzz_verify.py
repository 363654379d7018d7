"""``ddq verify`` on damaged signed packs: truncated or bit-flipped, the answer is "tampered" (1)
or "not a signed pack" (2) in at most one line — never a traceback, never "valid" for a changed
signed range. Bytes merely appended may stay valid, but the report says they were appended."""

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
