"""Shared hypothesis settings and strategies for the hostile-input tests.

Runs are derandomized (the same examples every run, so a red suite is reproducible) and
bounded: a few dozen to two hundred examples per property, no per-example deadline (the tests
time each run themselves), no example database written into the project.
"""

import os

from hypothesis import HealthCheck, Verbosity, settings
from hypothesis import strategies as st


def fuzz_settings(max_examples: int) -> settings:
    """Return bounded, reproducible settings for a property with ``max_examples`` runs."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        # DDQ_FUZZ_VERBOSE=1 prints every example ("Trying example"), to count what ran.
        verbosity=Verbosity.verbose if os.environ.get("DDQ_FUZZ_VERBOSE") else Verbosity.normal,
    )


HOSTILE_SNIPPETS = (
    "",
    " ",
    "-",
    "--",
    '"',
    "'",
    "*",
    "NEAR(",
    "hipaa-baa",
    "<b>bold</b>",
    '<a href="javascript:alert(1)">click</a>',
    "&amp; & &lt;",
    "<para>",
    "]]><![CDATA[",
    "\u202eevil\u202c",
    "\u0645\u0631\u062d\u0628\u0627",
    "e\u0301",
    "\U0001f600",
    "\ufeff",
    "%s %d {0} {}",
    "\\",
    "../../etc/passwd",
    "a " * 3000,
    "x" * 20_000,
)

# Command-line arguments cannot contain NUL (exec passes C strings); everything else can,
# including bytes that are not UTF-8 (Python hands them over surrogate-escaped).
argument_text = st.one_of(
    st.sampled_from(HOSTILE_SNIPPETS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80),
    st.binary(max_size=40).map(lambda raw: os.fsdecode(raw.replace(b"\x00", b""))),
)

# A file name in the current folder: no separator, so fuzzing never writes outside tmp_path.
file_name = argument_text.map(lambda text: text.replace("/", "_")[:200]).filter(
    lambda name: name not in ("", ".", "..")
)

# Any text a user or an imported file could put in a field, NUL and control characters too.
field_text = st.one_of(
    st.sampled_from(HOSTILE_SNIPPETS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=300),
)
