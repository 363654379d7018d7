"""Grade auto-fill against a labelled question file: ``python -m bench.holdout FILE [FILE…]``.

Each line of a file is ``{"id", "question", "verdict", "must_contain"}``. Fully correct = the
verdict is right and every ``must_contain`` substring is in the answer (case-insensitive), the
bar of tests/test_autofill_quality.py. Prints the share fully correct, the confident answers
where ``unknown`` is expected, and one line per miss, each marked by kind:

- ``CONFIDENT-WRONG``: yes/no/partial where the label says unknown;
- ``wrong-decided``: a decided verdict other than the label's;
- ``missed``: unknown where the label decides;
- ``facts``: the verdict is right but a required fact is missing from the text.
"""

import json
import sys
import tempfile
from pathlib import Path


def _kind(expected: str, got: str) -> str:
    if expected == got:
        return "facts"
    if expected == "unknown":
        return "CONFIDENT-WRONG"
    if got == "unknown":
        return "missed"
    return "wrong-decided"


def grade(
    path: Path, kb: Path | None = None, vendor: str = "openai-api"
) -> tuple[int, int, int, list[str]]:
    """Return (fully correct, total, confident where unknown expected, miss lines) for a file.

    Args:
        path: The labelled questions.
        kb: A knowledge-base file to import first (another vendor's), or None for the seed.
        vendor: The vendor the questions are put to.
    """
    from models.bootstrap import open_database
    from models.kb.import_export import import_knowledge_base_file
    from questionnaires.autofill import autofill
    from questionnaires.questions import Question

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    with tempfile.TemporaryDirectory() as temporary:
        database = open_database(Path(temporary))
        if kb is not None:
            import_knowledge_base_file(database, kb)
        answers = autofill(database, vendor, [Question(row["id"], row["question"]) for row in rows])
        database.close()
    correct = 0
    confident = 0
    misses = []
    for row, answer in zip(rows, answers, strict=True):
        text = answer.text.lower()
        facts = all(fact.lower() in text for fact in row["must_contain"])
        if answer.verdict == row["verdict"] and facts:
            correct += 1
            continue
        kind = _kind(row["verdict"], answer.verdict)
        confident += kind == "CONFIDENT-WRONG"
        misses.append(
            f"  {row['id']} {kind}: expected {row['verdict']}, got {answer.verdict} "
            f"({answer.match.get('rule')}) {row['question'][:90]}"
        )
    return correct, len(rows), confident, misses


def main(argv: list[str] | None = None) -> int:
    """Grade every file named on the command line; return 2 when none is given.

    ``--kb FILE --vendor SLUG`` first imports another vendor's knowledge base and puts the
    questions to that vendor.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    kb: Path | None = None
    vendor = "openai-api"
    if "--kb" in args:
        at = args.index("--kb")
        kb = Path(args[at + 1])
        del args[at : at + 2]
    if "--vendor" in args:
        at = args.index("--vendor")
        vendor = args[at + 1]
        del args[at : at + 2]
    paths = [Path(item) for item in args]
    if not paths:
        print(
            "usage: python -m bench.holdout [--kb FILE --vendor SLUG] FILE [FILE…]", file=sys.stderr
        )
        return 2
    for path in paths:
        correct, total, confident, misses = grade(path, kb, vendor)
        print(
            f"{path.name}: {correct}/{total} fully correct ({correct / total:.1%}); "
            f"confident where unknown expected: {confident}"
        )
        for line in misses:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
