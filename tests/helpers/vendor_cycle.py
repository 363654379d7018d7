"""A second vendor for the end-to-end tests of issue 13: its claims file, a small PDF it
"sent", and the filled-in response sheet (good rows and bad ones)."""

import hashlib
import json
from pathlib import Path

import openpyxl

VENDOR = "acme-cloud"
VENDOR_NAME = "Acme"
PRODUCT = "Acme Cloud"
RISK_QID = "HIPAA-164.308-a1iiA"
SANCTIONS_QID = "HIPAA-164.308-a1iiC"
LOGS_QID = "HIPAA-164.308-a1iiD"
PLAN_QID = "HIPAA-164.308-a1iiB"
ENCRYPTION_QID = "HIPAA-164.312-a2iv"

CLAIMS = {
    "sources": [
        {
            "key": "acme-security-2026",
            "title": "Acme security overview",
            "url": "https://acme.example/security",
            "published": "2026-10-01",
        }
    ],
    "claims": [
        {
            "key": "encryption-at-rest",
            "title": "Encryption at rest",
            "statement": "Customer data is encrypted at rest with AES-256.",
            "status": "yes",
            "sources": ["acme-security-2026"],
            "keywords": ["encryption", "at rest"],
        }
    ],
}

NEWER = {
    "sources": [
        {"key": "acme-security-2026-11", "title": "Acme overview", "published": "2026-11-15"}
    ],
    "claims": [
        {
            "key": "encryption-at-rest-2026-11",
            "title": "Encryption at rest",
            "statement": "Customer data is encrypted at rest with AES-256; keys rotate yearly.",
            "status": "yes",
            "sources": ["acme-security-2026-11"],
            "keywords": ["encryption", "at rest"],
        }
    ],
}


def write_claims(folder: Path, document: dict = CLAIMS, name: str = "claims.json") -> Path:
    """Write a claims file for ``ddq kb add``."""
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def write_pdf(path: Path, text: str) -> str:
    """Write a one-page PDF saying ``text``; return its SHA-256."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 720, text)
    page.save()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill_response(sheet: Path, out: Path, document: str) -> None:
    """Fill the request sheet as the vendor would: two good rows, three bad ones."""
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook["Requests"]
    where = {rows.cell(row, 2).value: row for row in range(2, rows.max_row + 1)}

    def answer(qid: str, word: str, text: str, doc: str | None = None) -> None:
        row = where[qid]
        rows.cell(row, 5, word)
        rows.cell(row, 6, text)
        rows.cell(row, 7, doc)

    answer(RISK_QID, "Yes", "Acme completes a HIPAA risk analysis every year.", document)
    answer(SANCTIONS_QID, "No", "Acme has no written sanctions policy.")
    answer(LOGS_QID, "Maybe", "We review logs sometimes.")
    answer(PLAN_QID, "Yes", "Tracked.", "missing.pdf")
    extra = rows.max_row + 1
    rows.cell(extra, 2, "NOPE-1")
    rows.cell(extra, 5, "Yes")
    workbook.save(out)


def embedded_files(pack: Path) -> dict[str, bytes]:
    """Return every file embedded in a PDF pack, by name."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with pack.open("rb") as handle:
        reader = PdfFileReader(handle)
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        files = {}
        for index in range(0, len(names), 2):
            spec = names[index + 1].get_object()
            files[str(names[index])] = spec["/EF"]["/F"].get_object().data
    return files
