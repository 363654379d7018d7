"""Row versions: every row a reviewer edits carries an integer ``version``, and every audit
event the database role that wrote it.

``version`` starts at 1 (existing rows get 1) and goes up by one with every change the ORM
writes (``version_id_col`` in ``models.storage.tables``): a change made from an older version
is refused instead of silently overwriting someone else's (``models.storage.versions``).
The rows are the vendor, its claims, their evidence and annotations, the review and its
answers. ``auditevent.database_role`` is the role the writing connection ran as, where the
backend has roles (PostgreSQL's ``current_user``); SQLite has none, so it stays NULL there.

Plain ``ADD COLUMN`` on the way up (a batch copy of ``claim`` would drop its FTS triggers);
on the way down ``DROP COLUMN`` in place (``recreate="never"``, SQLite 3.35+) for the same
reason.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VERSIONED_TABLES = ("vendor", "claim", "evidence", "annotation", "review", "answer")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("auditevent", sa.Column("database_role", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auditevent", recreate="never") as batch:
        batch.drop_column("database_role")
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("version")
