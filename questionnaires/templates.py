"""Questionnaire templates as questions to auto-fill, and the list ``ddq templates`` prints.

Read with plain sqlite3 (``Database.read``) so the command line never loads the ORM here.
"""

import json
import re
from dataclasses import dataclass, replace

from models.errors import UserError
from models.storage.database import Database
from questionnaires.questions import Question


@dataclass(frozen=True)
class TemplateSummary:
    """One template as listed: id, title, framework, version and how many questions."""

    id: str
    title: str
    framework: str
    version: str
    description: str
    questions: int

    def to_json(self) -> dict[str, object]:
        """Return plain JSON types."""
        return {
            "id": self.id,
            "title": self.title,
            "framework": self.framework,
            "version": self.version,
            "description": self.description,
            "questions": self.questions,
        }


def list_templates(database: Database) -> list[TemplateSummary]:
    """Return every template with its question count, ordered by id."""
    with database.read() as connection:
        rows = connection.execute(
            "SELECT template.*, (SELECT COUNT(*) FROM templatequestion "
            "WHERE templatequestion.template_id = template.id) AS questions "
            "FROM template ORDER BY template.id"
        ).fetchall()
    return [
        TemplateSummary(
            row["id"],
            row["title"],
            row["framework"],
            row["version"],
            row["description"],
            row["questions"],
        )
        for row in rows
    ]


def template_questions(database: Database, template_id: str) -> list[Question]:
    """Return a template's questions in order, each with its claim mapping and polarity.

    Raises:
        UserError: No template has that id (the message lists the known ones).
    """
    with database.read() as connection:
        known = [row[0] for row in connection.execute("SELECT id FROM template ORDER BY id")]
        if template_id not in known:
            raise UserError(
                f"unknown template {template_id!r} (known: {', '.join(known) or 'none'})"
            )
        rows = connection.execute(
            "SELECT * FROM templatequestion WHERE template_id = ? ORDER BY position",
            (template_id,),
        ).fetchall()
    return [
        Question(
            qid=row["qid"],
            text=row["text"],
            section=row["section"],
            reference=row["reference"],
            location={"template": template_id, "position": row["position"]},
            answer_type=row["answer_type"],
            claim_keys=list(json.loads(row["claim_keys"] or "[]")),
            polarity=row["polarity"],
            request=row["request"],
        )
        for row in rows
    ]


_PORTAL_ROUTE = re.compile(r"\b(?:through|via|from) the trust portal\b")
_PORTAL_ACCOUNT = re.compile(r"\bRegister a trust-portal account and download\b")


def vendor_wording(
    database: Database, vendor_slug: str, questions: list[Question]
) -> list[Question]:
    """Return template questions whose requests fit this vendor.

    Templates are written for a vendor with a trust portal ("through the trust portal"). A
    vendor without one is asked directly, by name, so no request sends the reviewer to a
    portal the vendor does not have.
    """
    with database.read() as connection:
        row = connection.execute(
            "SELECT name, trust_portal_url FROM vendor WHERE slug = ?", (vendor_slug,)
        ).fetchone()
    if row is None or row[1]:
        return questions
    name = row[0]

    def reworded(text: str) -> str:
        text = _PORTAL_ACCOUNT.sub(f"Ask {name} for", text)
        return _PORTAL_ROUTE.sub(f"from {name}", text)

    return [
        replace(question, request=reworded(question.request)) if question.request else question
        for question in questions
    ]
