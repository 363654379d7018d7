"""Index ``claim.superseded_by_id``: search ranks current claims first and every claim record
lists the claims it supersedes, both lookups by this column, which were full table scans.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claim_superseded_by_id", "claim", ["superseded_by_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_superseded_by_id", table_name="claim")
