"""The pack's audit trail as sentences a person reads, grouped per answer.

Each AuditEvent becomes one sentence ("Dana Reviewer changed HIPAA-1 from Partial to Yes and
edited the text, 2026-12-01 17:52 UTC"); events about the review as a whole come first, then
the events of each answer in questionnaire order. The event id stands in a narrow column so a
sentence can be traced to the database row. Paths recorded in events (the questionnaire's
location on the reviewer's laptop) are shown as file names only.
"""

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from exports.fonts import markup
from exports.pack_blocks import Heading, cells, table
from exports.pack_data import AuditRecord, ReviewContent, source_name
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import CONTENT_WIDTH, PANEL, styles

VERDICT_WORDS = {"yes": "Yes", "partial": "Partial", "no": "No", "unknown": "Unknown"}


def _verdict(value: object) -> str:
    return VERDICT_WORDS.get(str(value), str(value))


def _changes(event: AuditRecord) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = event.detail.get("before"), event.detail.get("after")
    return (
        before if isinstance(before, dict) else {},
        after if isinstance(after, dict) else {},
    )


def _edit(event: AuditRecord) -> str:
    before, after = _changes(event)
    who, qid = event.actor, event.entity_key
    parts = []
    if "verdict" in after and before.get("verdict") != after.get("verdict"):
        parts.append(
            f"changed {qid} from {_verdict(before.get('verdict'))} to {_verdict(after['verdict'])}"
        )
    if "text" in after and before.get("text") != after.get("text"):
        parts.append("edited the text" if parts else f"edited the text of {qid}")
    if not parts:
        return f"{who} edited {qid}"
    return f"{who} {' and '.join(parts)}"


def _accept(event: AuditRecord) -> str:
    _before, after = _changes(event)
    edited = " with the reviewer's changes" if after.get("state") == "edited" else ""
    return f"{event.actor} accepted {event.entity_key}{edited}"


def _flag(event: AuditRecord) -> str:
    _before, after = _changes(event)
    reason = after.get("flag_reason")
    return f"{event.actor} flagged {event.entity_key}" + (f": {reason}" if reason else "")


def _create(event: AuditRecord) -> str:
    detail = event.detail
    count = detail.get("questions")
    what = f"{count} questions" if count else "the questions"
    origin = source_name(detail.get("source_file")) or detail.get("template")
    return f"{event.actor} started the review of {what}" + (f" from {origin}" if origin else "")


def _finish(event: AuditRecord) -> str:
    counts = event.detail.get("counts") or {}
    open_parts = []
    if counts.get("not_reviewed"):
        open_parts.append(f"{counts['not_reviewed']} answers not reviewed")
    if counts.get("flagged"):
        open_parts.append(f"{counts['flagged']} flagged")
    if counts.get("accepted_unknown"):
        open_parts.append(f"{counts['accepted_unknown']} accepted as unknown")
    if open_parts:
        return f"{event.actor} marked the review finished with {', '.join(open_parts)}"
    return f"{event.actor} marked the review finished"


def _reopen(event: AuditRecord) -> str:
    reason = event.detail.get("reason")
    return f"{event.actor} reopened the review" + (f": {reason}" if reason else "")


def _export(event: AuditRecord) -> str:
    detail = event.detail
    name = source_name(detail.get("file")) or "a pack"
    how = f"signed by {detail['signer']}" if detail.get("signed") else "unsigned draft"
    digest = str(detail.get("sha256") or "")[:16]
    return f"{event.actor} exported {name} ({how}" + (f", SHA-256 {digest}…)" if digest else ")")


def _workbook(event: AuditRecord) -> str:
    name = source_name(event.detail.get("file")) or "a workbook"
    count = event.detail.get("answers")
    what = f"{count} reviewed answers" if count else "the reviewed answers"
    return f"{event.actor} wrote {what} into {name}"


def _columns(event: AuditRecord) -> str:
    verdict = event.detail.get("verdict") or "a new column"
    text = event.detail.get("text") or "a new column"
    return f"{event.actor} chose the workbook columns: verdict in {verdict}, answer in {text}"


SENTENCES: dict[str, Callable[[AuditRecord], str]] = {
    "answer.edit": _edit,
    "answer.accept": _accept,
    "answer.flag": _flag,
    "review.create": _create,
    "review.finish": _finish,
    "review.reopen": _reopen,
    "review.export": _export,
    "review.workbook": _workbook,
    "review.workbook-columns": _columns,
}


def sentence(event: AuditRecord) -> str:
    """Return one event as a sentence ending with its time in UTC."""
    build = SENTENCES.get(event.action)
    if build is not None:
        text = build(event)
    else:
        thing = f"{event.entity} {event.entity_key}".strip()
        text = f"{event.actor} recorded {event.action.replace('.', ' ')} on {thing}"
    return f"{text}, {event.at.strftime('%Y-%m-%d %H:%M UTC')}"


def grouped_events(content: ReviewContent) -> list[tuple[str, list[AuditRecord]]]:
    """Return (group title, events) pairs: the review first, then each answer in order."""
    answers = {answer.qid: answer for answer in content.answers}
    review_events = [
        event
        for event in content.audit
        if event.entity != "answer" or event.entity_key not in answers
    ]
    by_answer: dict[str, list[AuditRecord]] = {}
    for event in content.audit:
        if event.entity == "answer":
            by_answer.setdefault(event.entity_key, []).append(event)
    groups: list[tuple[str, list[AuditRecord]]] = []
    if review_events:
        groups.append(("The review", review_events))
    for qid, answer in answers.items():
        events = by_answer.get(qid, [])
        if events:
            question = answer.question if len(answer.question) <= 90 else answer.question[:89]
            groups.append((f"{qid}: {question}", events))
    return groups


def audit_trail(content: ReviewContent) -> list:
    """Return the audit-trail section of the pack."""
    s = styles()
    story: list = [Heading("Audit trail", "h1", "Audit trail", 0, keep_with_next=False)]
    if not content.audit:
        story.append(PackParagraph("No change was recorded for this review.", s["small"]))
        return story
    story.append(
        PackParagraph(
            "Every change to this review, in the order it happened (times in UTC). The event "
            "number identifies the entry in the reviewer's append-only audit log.",
            s["small"],
        )
    )
    rows: list[list[Any]] = [cells(["What happened", "Event"], "cell-head")]
    commands: list[tuple[Any, ...]] = []
    for title, events in grouped_events(content):
        commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        commands.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), PANEL))
        rows.append([PackParagraph(markup(title), s["cell-bold"]), ""])
        for event in events:
            rows.append(
                [
                    PackParagraph(markup(sentence(event)), s["cell"]),
                    PackParagraph(f"#{event.id}", s["cell-muted"]),
                ]
            )
    trail = table(rows, [CONTENT_WIDTH - 18 * mm, 18 * mm], zebra=False)
    trail.setStyle(TableStyle(commands))
    story.append(trail)
    return story
