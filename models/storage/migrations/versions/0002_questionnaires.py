"""Questionnaires: templates and their questions, reviews and their answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "template",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("framework", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
    )
    op.create_table(
        "templatequestion",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "template_id",
            sa.String(),
            sa.ForeignKey("template.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("qid", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("answer_type", sa.String(), nullable=False),
        sa.Column("claim_keys", sa.JSON(), nullable=False),
        sa.Column("polarity", sa.String(), nullable=False),
        sa.Column("request", sa.String(), nullable=False),
        sa.UniqueConstraint("template_id", "qid", name="uq_template_question"),
    )
    op.create_index("ix_templatequestion_template_id", "templatequestion", ["template_id"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "vendor_id",
            sa.Integer(),
            sa.ForeignKey("vendor.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column(
            "template_id",
            sa.String(),
            sa.ForeignKey("template.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("source_file", sa.String(), nullable=True),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("organisation", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("current_position", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_review_vendor_id", "review", ["vendor_id"])
    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "review_id",
            sa.Integer(),
            sa.ForeignKey("review.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("qid", sa.String(), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("question", sa.String(), nullable=False),
        sa.Column("location", sa.JSON(), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("citations", sa.JSON(), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("match", sa.JSON(), nullable=False),
        sa.Column("proposed_verdict", sa.String(), nullable=False),
        sa.Column("proposed_text", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("flag_reason", sa.String(), nullable=True),
        sa.Column("reviewer", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_answer_review_position", "answer", ["review_id", "position"])


def downgrade() -> None:
    for table in ("answer", "review", "templatequestion", "template"):
        op.drop_table(table)
