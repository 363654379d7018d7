"""Local evidence files: documents a vendor sent, kept in the snapshot store and never fetched.

``evidence.origin`` is ``web`` for links a refresh checks and ``local`` for files a reviewer
attached (their ``url`` is ``local:sha256:<hex>``); ``received_at`` is when the file was
attached and ``file_name`` the name it had.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "evidence", sa.Column("origin", sa.String(), nullable=False, server_default="web")
    )
    op.add_column("evidence", sa.Column("received_at", sa.DateTime(), nullable=True))
    op.add_column("evidence", sa.Column("file_name", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("file_name")
        batch.drop_column("received_at")
        batch.drop_column("origin")
