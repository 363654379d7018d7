"""Loading questionnaire templates (``ddq-template/1`` files in ``resources/templates``)."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, delete, select

from models.errors import UserError
from models.storage.database import UnitOfWork
from models.storage.files import read_json_file
from models.storage.tables import Template, TemplateQuestion


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TemplateQuestionDoc(_Strict):
    id: str = Field(min_length=1, max_length=120)
    section: str = ""
    reference: str = ""
    text: str = Field(min_length=1)
    answer_type: Literal["yes-no", "text"] = "yes-no"
    claims: list[str] = Field(default_factory=list)
    polarity: Literal["direct", "inverse"] = "direct"
    request: str = ""


class TemplateDoc(_Strict):
    format: Literal["ddq-template/1"]
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    framework: str = ""
    version: str = ""
    description: str = ""
    questions: list[TemplateQuestionDoc]


def load_template_file(path: Path) -> TemplateDoc:
    """Read and validate one template file.

    Raises:
        UserError: The file is unreadable or not a valid template.
    """
    try:
        document = TemplateDoc.model_validate(read_json_file(path))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        raise UserError(f"{path.name}: {where}: {first['msg']}") from None
    ids = [question.id for question in document.questions]
    if len(ids) != len(set(ids)):
        raise UserError(f"{path.name}: question ids are not unique")
    return document


def store_template(unit: UnitOfWork, document: TemplateDoc) -> None:
    """Insert or replace a template and its questions inside the caller's transaction."""
    session = unit.session
    template = session.get(Template, document.id)
    if template is None:
        template = Template(id=document.id, title=document.title)
    template.title = document.title
    template.framework = document.framework
    template.version = document.version
    template.description = document.description
    session.add(template)
    session.flush()
    session.exec(delete(TemplateQuestion).where(col(TemplateQuestion.template_id) == document.id))
    for position, question in enumerate(document.questions):
        session.add(
            TemplateQuestion(
                template_id=document.id,
                qid=question.id,
                position=position,
                section=question.section,
                reference=question.reference,
                text=question.text,
                answer_type=question.answer_type,
                claim_keys=list(question.claims),
                polarity=question.polarity,
                request=question.request,
            )
        )
    session.flush()


def list_templates(session: Session) -> list[tuple[Template, int]]:
    """Return every template with its question count, ordered by id."""
    templates = session.exec(select(Template).order_by(Template.id)).all()
    result = []
    for template in templates:
        count = len(
            session.exec(
                select(TemplateQuestion.id).where(TemplateQuestion.template_id == template.id)
            ).all()
        )
        result.append((template, count))
    return result
