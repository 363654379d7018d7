"""Evidence pack: export+sign of 300 free-text questions against a bare reportlab+pyHanko pack
of the same questions in the same run (goal: ratio <= 1.5), and offline verification time.

The two are run in turn, nine times each, and each run's wall and CPU time is kept, so a load
that comes and goes on a shared machine weighs on both alike."""

import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.timing import median_seconds

QUESTIONS = 300
PASSPHRASE = "bench passphrase"


def _answers() -> list[dict]:
    verdicts = ("yes", "partial", "no", "unknown")
    states = ("auto", "accepted", "edited", "flagged")
    return [
        {
            "qid": f"Q{number + 1}",
            "section": f"Section {number // 25 + 1}",
            "question": f"Describe how you control area {number + 1}: who approves access, how "
            "often it is reviewed, and what evidence an auditor would see.",
            "verdict": verdicts[number % 4],
            "text": "The knowledge base records a documented control that is reviewed every "
            "year; access requires approval and is logged. Ask for the SOC 2 report for detail.",
            "confidence": 0.7,
            "citations": [{"claim": "encryption-at-rest", "as_of": "2026-07-05"}],
            "state": states[number % 4],
        }
        for number in range(QUESTIONS)
    ]


def _review(database) -> int:
    from sqlmodel import select

    from models.storage.tables import Answer, Review, Vendor

    start = datetime(2026, 7, 6, tzinfo=UTC)
    with database.write("bench") as unit:
        vendor = unit.session.exec(select(Vendor).where(Vendor.slug == "openai-api")).one()
        review = Review(vendor_id=vendor.id, title="Bench questionnaire", reviewer="Bench")
        unit.session.add(review)
        unit.session.flush()
        for position, data in enumerate(_answers()):
            unit.session.add(
                Answer(
                    review_id=review.id,
                    position=position,
                    proposed_verdict=data["verdict"],
                    proposed_text=data["text"],
                    updated_at=start + timedelta(minutes=position),
                    **data,
                )
            )
            unit.record("answer.accept", "answer", data["qid"], {}, review.id)
        return review.id


def _bare_pack(answers: list[dict], key_path: Path, out: Path) -> None:
    """The floor: the same questions and answers as plain paragraphs, signed by pyHanko."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    buffer = io.BytesIO()
    story = []
    for answer in answers:
        story.append(Paragraph(f"{answer['qid']} {answer['question']}", style))
        story.append(Paragraph(f"{answer['verdict']}: {answer['text']}", style))
    SimpleDocTemplate(buffer).build(story)
    writer = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
    simple = signers.SimpleSigner.load_pkcs12_data(
        key_path.read_bytes(), other_certs=[], passphrase=PASSPHRASE.encode()
    )
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES
    )
    with out.open("wb") as handle:
        signers.PdfSigner(metadata, signer=simple).sign_pdf(writer, output=handle)


def _alternating(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[float, float, float, float]:
    """Median wall and CPU seconds of two actions run in turn (first, second, first…).

    In turn, both run under the same load of a shared machine, so their ratio is fair; each
    run's process CPU time is taken with its wall time.
    """
    times: tuple[list[float], ...] = ([], [], [], [])
    for _ in range(repeat):
        for action, wall, cpu in ((first, times[0], times[2]), (second, times[1], times[3])):
            start, start_cpu = time.perf_counter(), time.process_time()
            action()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    ours, floor, ours_cpu, floor_cpu = (statistics.median(bucket) for bucket in times)
    return ours, floor, ours_cpu, floor_cpu


def main() -> None:
    """Print export+sign time, the bare floor, their ratio, and verify time."""
    from exports.identity import create_identity, open_identity
    from exports.pack import export_pack
    from exports.verify import verify_pack
    from models.bootstrap import open_database

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database = open_database(folder / "data")
        review_id = _review(database)
        identity = create_identity(database.data_dir, "Bench Reviewer", PASSPHRASE)
        pack, bare = folder / "pack.pdf", folder / "bare.pdf"
        answers = _answers()

        def ours_once() -> object:
            # Like `ddq export`: decrypt the identity, then lay out, sign and save the pack.
            signer = open_identity(identity.key_path, PASSPHRASE)
            return export_pack(database, review_id, pack, signer=signer)

        ours_once()  # warm fonts and imports
        _bare_pack(answers, identity.key_path, bare)
        ours, floor, ours_cpu, floor_cpu = _alternating(
            ours_once, lambda: _bare_pack(answers, identity.key_path, bare), 9
        )
        verify = median_seconds(lambda: verify_pack(pack, identity.certificate_path), 5)
        result = ours_once()
        print(
            f"export+sign {QUESTIONS} questions: {ours * 1000:.0f} ms "
            f"({result.pages} pages, {pack.stat().st_size // 1024} KiB); "
            f"bare reportlab+pyHanko: {floor * 1000:.0f} ms "
            f"({bare.stat().st_size // 1024} KiB); ratio {ours / floor:.2f} (goal <= 1.5)"
        )
        print(
            f"same, CPU time: {ours_cpu * 1000:.0f} ms vs {floor_cpu * 1000:.0f} ms; "
            f"ratio {ours_cpu / floor_cpu:.2f} (goal <= 1.5)"
        )
        print(f"verify {QUESTIONS}-question pack offline: {verify * 1000:.0f} ms")
        database.close()


if __name__ == "__main__":
    main()
