"""Phrasings: question wordings a reviewer tied to the claims that answer them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phrasing",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "vendor_slug",
            sa.String(),
            sa.ForeignKey("vendor.slug", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("claim_keys", sa.JSON(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("vendor_slug", "text", name="uq_phrasing_vendor_text"),
    )
    op.create_index("ix_phrasing_vendor_slug", "phrasing", ["vendor_slug"])


def downgrade() -> None:
    op.drop_index("ix_phrasing_vendor_slug", table_name="phrasing")
    op.drop_table("phrasing")
