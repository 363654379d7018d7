"""The suite needs nothing beside the repository: a fresh clone on its own passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, OUTSIDE_READS, PROJECT_ROOT

VSAQ_FILES = (
    "infrastructure.json",
    "physical_and_datacenter.json",
    "security_privacy_programs.json",
    "webapp.json",
)


def test_opening_a_file_beside_the_repository_is_recorded() -> None:
    # The audit hook is driven with the events an open and a listing raise, so this test
    # itself touches nothing beside the repository.
    beside = os.path.join(OUTSIDE_READS.parent, "shared", "reference", "no-such-file.json")
    OUTSIDE_READS.hook("open", (beside, "r", 0))
    OUTSIDE_READS.hook("os.listdir", (os.path.join(OUTSIDE_READS.parent, "shared"),))
    OUTSIDE_READS.hook("open", (3, "r", 0))  # a file descriptor names no path
    recorded = OUTSIDE_READS.take()  # taken here, so this test itself does not fail
    assert beside in recorded
    assert len(recorded) == 2


def test_reads_inside_the_repository_and_temporary_folders_are_not_recorded(
    tmp_path: Path,
) -> None:
    (tmp_path / "scratch.txt").write_text("scratch")
    (DATA_DIR / "vsaq" / "NOTICE").read_text()
    os.listdir(tmp_path)
    assert OUTSIDE_READS.take() == []


# A clone inside the temporary directory (/tmp/fresh) has its siblings exempt, as pytest's
# own tmp_path lives there too; ../shared never is.
SIBLINGS_WATCHED = not any(
    OUTSIDE_READS.parent == folder or OUTSIDE_READS.parent.startswith(folder + os.sep)
    for folder in OUTSIDE_READS.exempt
)


@pytest.mark.parametrize(
    ("path", "outside"),
    [
        ("shared/reference/vsaq/webapp.json", True),
        ("another-worktree/tests/data/x.json", SIBLINGS_WATCHED),
        ("shared", True),
    ],
)
def test_what_counts_as_beside_the_repository(path: str, outside: bool) -> None:
    assert OUTSIDE_READS.is_outside(os.path.join(OUTSIDE_READS.parent, path)) is outside
    assert not OUTSIDE_READS.is_outside(os.path.join(OUTSIDE_READS.repository, path))
    assert not OUTSIDE_READS.is_outside(sys.prefix)


def test_the_vsaq_copies_and_their_notice_are_in_the_repository() -> None:
    folder = DATA_DIR / "vsaq"
    notice = (folder / "NOTICE").read_text()
    assert "Apache License" in notice and "Version 2.0" in notice
    for name in VSAQ_FILES:
        assert name in notice
        assert "// Copyright 2016 Google Inc." in (folder / name).read_text()[:200]


def test_every_data_file_the_tests_use_is_tracked_by_git() -> None:
    """An untracked file in tests/data passes here and is missing from a fresh clone."""
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "tests/data"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout: {listed.stderr.strip()}")
    assert listed.stdout.split() == []
