"""Answers as JSON in the DESIGN.md schema, and the pack's embedded manifest.

``answers_json(content)`` returns the shape ``ddq answer --json`` prints::

    {"vendor": "openai-api", "answers": [
      {"id": "Q1", "question": "…", "verdict": "partial", "answer": "…", "confidence": 0.82,
       "citations": [{"claim": "hipaa-baa", "url": "https://…", "as_of": "2026-07-05"}],
       "flags": ["…"]}]}

with, beside those keys, what the review added: ``section``, ``reference``, ``state``,
``reviewer`` and (when the reviewer changed it) ``proposed`` (what auto-fill said), plus a
top-level ``review`` object. ``manifest(content, …)`` extends it with every cited claim's
status, as-of date, flags and evidence (URL, SHA-256 of the snapshot, last checked); the
pack embeds it as ``manifest.json``. ``write_answers_json(database, review_id, path)`` writes
the answers file atomically.
"""

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from exports.pack_data import AnswerRecord, ReviewContent, load_review_content
from models.storage.database import Database
from models.storage.files import atomic_write_text

MANIFEST_FORMAT = "ddq-pack-manifest/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def answer_json(answer: AnswerRecord) -> dict[str, Any]:
    """Return one answer in the DESIGN.md shape (plus review fields)."""
    data: dict[str, Any] = {
        "id": answer.qid,
        "question": answer.question,
        "verdict": answer.verdict,
        "answer": answer.text,
        "confidence": round(answer.confidence, 3),
        "citations": [dict(citation) for citation in answer.citations],
        "flags": list(answer.flags),
        "section": answer.section,
        "reference": answer.reference,
        "state": answer.state,
        "reviewer": answer.reviewer,
    }
    if answer.flag_reason:
        data["flag_reason"] = answer.flag_reason
    if answer.edited:
        data["proposed"] = {"verdict": answer.proposed_verdict, "answer": answer.proposed_text}
    return data


def review_json(content: ReviewContent) -> dict[str, Any]:
    """Return the review's identifying facts."""
    return {
        "id": content.review_id,
        "title": content.title,
        "template": content.template_id,
        "source_file": content.source_name,
        "reviewer": content.reviewer,
        "organisation": content.organisation,
        "created_at": _iso(content.created_at),
        "finished_at": _iso(content.finished_at),
        "knowledge_base_as_of": _iso(content.knowledge_base_as_of),
        "verdicts": content.verdict_counts(),
    }


def answers_json(content: ReviewContent) -> dict[str, Any]:
    """Return the answers document (DESIGN.md schema)."""
    return {
        "vendor": content.vendor_slug,
        "review": review_json(content),
        "answers": [answer_json(answer) for answer in content.answers],
    }


def manifest(content: ReviewContent, generated_at: datetime, signer: str | None) -> dict[str, Any]:
    """Return the manifest embedded in the pack: answers, cited claims and evidence hashes.

    Args:
        content: The review.
        generated_at: When the pack was built.
        signer: The signer's name, or None for an unsigned draft.
    """
    claims = {}
    for claim in content.cited_claims():
        claims[claim.key] = {
            "title": claim.title,
            "status": claim.status,
            "as_of": _iso(claim.as_of),
            "flags": claim.flags(generated_at.date()),
            "watch_out": claim.watch_out,
            "superseded_by": claim.superseded_by,
            "sources": [source.to_json() for source in claim.sources],
            "evidence": [
                {
                    "url": item.url,
                    "kind": item.kind,
                    "access": item.access,
                    "last_checked": _iso(item.last_checked),
                    "sha256": item.sha256,
                    "changed": item.changed,
                }
                for item in claim.evidence
            ],
        }
    answers = []
    for answer in content.answers:
        data = answer_json(answer)
        data["claims"] = [key for key in answer.cited_claims if key in claims]
        answers.append(data)
    return {
        "format": MANIFEST_FORMAT,
        "generated_at": _iso(generated_at),
        "signed_by": signer,
        "vendor": {
            "slug": content.vendor_slug,
            "name": content.vendor_name,
            "product": content.vendor_product,
        },
        "review": review_json(content),
        "answers": answers,
        "claims": claims,
        "audit_events": len(content.audit),
    }


def write_answers_json(database: Database, review_id: int, path: Path) -> int:
    """Write the review's answers as JSON to ``path`` atomically; return the answer count."""
    content = load_review_content(database, review_id)
    text = json.dumps(answers_json(content), indent=2, ensure_ascii=False) + "\n"
    atomic_write_text(Path(path), text)
    return len(content.answers)
