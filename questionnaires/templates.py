"""Questionnaire templates as questions to auto-fill, and the list ``ddq templates`` prints."""

from dataclasses import dataclass

from sqlmodel import select

from models.database import Database
from models.errors import UserError
from models.tables import Template, TemplateQuestion
from models.templates_io import list_templates as _list_templates
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
    with database.session() as session:
        return [
            TemplateSummary(
                template.id,
                template.title,
                template.framework,
                template.version,
                template.description,
                count,
            )
            for template, count in _list_templates(session)
        ]


def template_questions(database: Database, template_id: str) -> list[Question]:
    """Return a template's questions in order, each with its claim mapping and polarity.

    Raises:
        UserError: No template has that id (the message lists the known ones).
    """
    with database.session() as session:
        template = session.get(Template, template_id)
        if template is None:
            known = ", ".join(session.exec(select(Template.id).order_by(Template.id)).all())
            raise UserError(f"unknown template {template_id!r} (known: {known or 'none'})")
        rows = session.exec(
            select(TemplateQuestion)
            .where(TemplateQuestion.template_id == template_id)
            .order_by(TemplateQuestion.position)
        ).all()
        return [
            Question(
                qid=row.qid,
                text=row.text,
                section=row.section,
                reference=row.reference,
                location={"template": template_id, "position": row.position},
                answer_type=row.answer_type,
                claim_keys=list(row.claim_keys or []),
                polarity=row.polarity,
                request=row.request,
            )
            for row in rows
        ]
